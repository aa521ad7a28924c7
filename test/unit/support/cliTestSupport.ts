// Runs the CLI in-process on a temporary repository, capturing stdout, stderr and the exit code.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/cli';
import type { Rule } from '../../../src/core/rules/rule';
import { fakeRules } from './fakeRules';
import { testWasmLocation } from './testWasm';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function temporaryRepository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rr-cli-'));
  mkdirSync(path.join(root, '.git'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

export async function runCliIn(workingDirectory: string, argv: string[], rules: readonly Rule[] = fakeRules): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    workingDirectory,
    writeStdout: (text) => {
      stdout += text;
    },
    writeStderr: (text) => {
      stderr += text;
    },
    wasm: testWasmLocation,
    toolVersion: '9.9.9-test',
    rules,
  });
  return { code, stdout, stderr };
}

// Runs the plain-Node unit suites (mocha, .mocharc.unit.json) and reads mocha's own counts from its output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { repositoryRoot } from './hostPaths';
import type { TestRunSummary } from './testProtocol';

export interface UnitRunResult {
  readonly exitCode: number;
  readonly summary: TestRunSummary;
}

export function runUnitTests(): Promise<UnitRunResult> {
  const mocha = path.join(repositoryRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mocha, '--config', '.mocharc.unit.json', '--color'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const plain = stripVTControlCharacters(output);
      const count = (label: string): number => Number(new RegExp(`(\\d+) ${label}`).exec(plain)?.[1] ?? 0);
      resolve({
        exitCode: code ?? (signal ? 1 : 0),
        summary: { passes: count('passing'), failures: count('failing'), pending: count('pending') },
      });
    });
  });
}

// Writes the runner program to a file in the extension's storage, once per version of its source, so that a task's
// command line stays short (`node <file>`): VS Code shows it back whenever a task fails.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const runnerFilePattern = /^verification-runner-[0-9a-f]{12}\.js$/;

export function ensureRunnerScript(folder: string, source: string): string {
  const name = `verification-runner-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.js`;
  const file = path.join(folder, name);
  if (existsSync(file)) return file;
  mkdirSync(folder, { recursive: true });
  // Written under another name and renamed, so that a task never starts a half-written file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, source);
  renameSync(partial, file);
  // Runners of earlier versions of the extension are no longer used.
  for (const other of readdirSync(folder)) {
    if (other !== name && runnerFilePattern.test(other)) rmSync(path.join(folder, other), { force: true });
  }
  return file;
}

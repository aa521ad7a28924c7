// The integration suites run on a temporary copy of the example workspace, never on the committed files: a test that
// edits, saves or deletes a file (or a tool that leaves caches behind) cannot change the repository.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from './hostPaths';

/** Caches tools write next to the code; not part of the example. */
const generatedFolders = new Set(['__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache']);

export interface WorkspaceCopy {
  /** Same base name as the example (`legacy-research-repo`), in a fresh temporary folder. */
  readonly folder: string;
  remove(): void;
}

export function copyOfExampleWorkspace(example: string): WorkspaceCopy {
  const parent = mkdtempSync(path.join(tmpdir(), 'refactor-runbook-tests-'));
  const folder = path.join(parent, path.basename(example));
  cpSync(example, folder, { recursive: true, filter: (source) => !generatedFolders.has(path.basename(source)) });
  // `npm start` makes legacy artifacts in the example (git-ignored): the copy starts without them, as a clone does;
  // the migration tests make their own. The script that makes them knows what they are.
  const cleaned = spawnSync(process.execPath, [path.join(repositoryRoot, 'scripts', 'make-example-artifacts.mjs'), folder, '--clean'], { encoding: 'utf8' });
  if (cleaned.status !== 0) {
    rmSync(parent, { recursive: true, force: true });
    throw new Error(`could not remove the example's legacy artifacts from the test copy: ${cleaned.stderr || cleaned.error?.message || `exit ${cleaned.status}`}`);
  }
  return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** A hash of every file's path and content under `folder` (tool caches excluded), to prove it was left as it was. */
export function folderFingerprint(folder: string): string {
  const hash = createHash('sha256');
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (generatedFolders.has(entry.name)) continue;
      const full = path.join(current, entry.name);
      hash.update(`${path.relative(folder, full)}\u0000`);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) hash.update(readFileSync(full));
    }
  };
  visit(folder);
  return hash.digest('hex');
}

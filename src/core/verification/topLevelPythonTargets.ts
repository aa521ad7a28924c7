// What pylint is pointed at: the workspace's top-level Python files and the top-level folders that hold Python code
// (src/, tests/, ...). `pylint --recursive=y .` would also lint .venv/ and every other environment in the folder.
import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { skippedFolders } from './fileGlobExpansion';

const maxEntriesPerFolder = 20_000;

function containsPython(folder: string, budget: { left: number }): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  budget.left -= entries.length;
  if (entries.some((entry) => entry.isFile() && entry.name.endsWith('.py'))) return true;
  for (const entry of entries) {
    if (budget.left <= 0) return false;
    if (entry.isDirectory() && !entry.name.startsWith('.') && !skippedFolders.has(entry.name) && containsPython(path.join(folder, entry.name), budget)) return true;
  }
  return false;
}

/** Sorted relative names: top-level `.py` files, then top-level folders with Python files somewhere inside. */
export function topLevelPythonTargets(root: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const visible = entries.filter((entry) => !entry.name.startsWith('.') && !skippedFolders.has(entry.name));
  const byName = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);
  const files = visible.filter((entry) => entry.isFile() && entry.name.endsWith('.py')).map((entry) => entry.name).sort(byName);
  const folders = visible
    .filter((entry) => entry.isDirectory() && !entry.name.endsWith('.egg-info') && containsPython(path.join(root, entry.name), { left: maxEntriesPerFolder }))
    .map((entry) => entry.name)
    .sort(byName);
  return [...files, ...folders];
}

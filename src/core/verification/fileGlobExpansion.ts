// Expands the file list of a task (e.g. the runbook's `src/training/*.py`) the way a shell would, but without one:
// minimatch decides what matches, files come out sorted by code point (the same on every machine and locale) and each
// file once. A literal name that does not exist, or a glob that matches nothing, is reported rather than dropped: the
// runbook's strictness rule (no silent gaps in what was checked).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { GLOBSTAR, Minimatch } from 'minimatch';

export interface FileExpansion {
  /** Files in order: relative (with "/") for relative patterns, absolute for absolute ones. */
  readonly files: readonly string[];
  /** Patterns (or literal names) that matched no file. */
  readonly unmatched: readonly string[];
}

// Folders a `**` never descends into: tools' caches and virtual environments hold thousands of unrelated files.
export const skippedFolders: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox']);

export const maxVisitedEntries = 200_000;

function toPosix(value: string): string {
  return value.split(path.sep).join('/');
}

function isFile(absolutePath: string): boolean {
  try {
    return statSync(absolutePath).isFile();
  } catch {
    return false;
  }
}

export function expandFilePatterns(root: string, patterns: readonly string[]): FileExpansion {
  const files: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  let visited = 0;

  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };

  for (const pattern of patterns) {
    const absolute = path.isAbsolute(pattern);
    const posixPattern = toPosix(absolute ? pattern : pattern.replace(/^\.\//, ''));
    const matcher = new Minimatch(posixPattern, { dot: false, nocomment: true, nonegate: true });
    // hasMagic() is false for braces ({a,b}.py): only a single all-literal alternative is a plain file name.
    const literalOnly = matcher.set.length === 1 && (matcher.set[0] ?? []).every((part) => typeof part === 'string');
    if (literalOnly) {
      const literal = absolute ? pattern : posixPattern;
      if (isFile(absolute ? pattern : path.join(root, posixPattern))) add(literal);
      else unmatched.push(pattern);
      continue;
    }

    const matches: string[] = [];
    for (const parts of matcher.set) {
      // Walk from the literal folder the pattern starts with, only as deep as the pattern can match.
      const literalPrefix: string[] = [];
      for (const part of parts) {
        if (typeof part !== 'string') break;
        literalPrefix.push(part);
      }
      const remaining = parts.slice(literalPrefix.length);
      if (remaining.length === 0) {
        // A fully literal alternative of a brace pattern ({a,b}.py): a file name to check, not a folder to walk.
        const literal = literalPrefix.join('/');
        if (isFile(absolute ? literal : path.join(root, literal))) matches.push(literal);
        continue;
      }
      const unlimited = remaining.includes(GLOBSTAR);
      const prefix = literalPrefix.join('/');
      const startFolder = absolute ? (prefix === '' ? '/' : prefix) : path.join(root, prefix);
      const walk = (folder: string, relative: string, depthLeft: number): void => {
        let entries;
        try {
          entries = readdirSync(folder, { withFileTypes: true });
        } catch {
          return;
        }
        visited += entries.length;
        if (visited > maxVisitedEntries) {
          throw new Error(`Expanding "${pattern}" visited more than ${maxVisitedEntries} entries under ${startFolder}; make the pattern more specific (e.g. src/**/*.py instead of **/*.py).`);
        }
        for (const entry of entries) {
          const entryRelative = relative === '' || relative.endsWith('/') ? `${relative}${entry.name}` : `${relative}/${entry.name}`;
          const entryPath = path.join(folder, entry.name);
          // Links to folders are not followed: they can form cycles.
          if (entry.isDirectory()) {
            if (depthLeft > 1 && !(unlimited && skippedFolders.has(entry.name))) walk(entryPath, entryRelative, depthLeft - 1);
          } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(entryPath))) && matcher.match(entryRelative)) {
            matches.push(entryRelative);
          }
        }
      };
      walk(startFolder, absolute && prefix === '' ? '/' : prefix, unlimited ? Number.POSITIVE_INFINITY : remaining.length);
    }
    const ordered = [...new Set(matches)].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    if (ordered.length === 0) unmatched.push(pattern);
    for (const match of ordered) add(match);
  }
  return { files, unmatched };
}

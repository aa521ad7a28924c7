// Finds the files to migrate: everything under the migration roots (the layout's legacy roots unless the project file
// names others), except the experiment root, version-control and environment folders, and folders the repository's
// .gitignore ignores (data folders). The roots are walked even when ignored: legacy artifacts usually are.
// File names are read as bytes, so a name that is not UTF-8 is reported rather than mangled.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';

export interface DiscoveredFile {
  /** Relative to the repository root, POSIX separators. */
  readonly path: string;
  readonly size: number;
}

export interface DiscoverySkip {
  readonly path: string;
  readonly reason: string;
}

export interface Discovery {
  readonly files: readonly DiscoveredFile[];
  readonly skipped: readonly DiscoverySkip[];
  /** Roots that do not exist (nothing to migrate there). */
  readonly missingRoots: readonly string[];
}

const neverWalked = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.mypy_cache', '.pytest_cache']);

/**
 * The repository's .gitignore without the lines that ignore a migration root itself (`osc_jobs/`): those say the
 * artifacts are not committed, not that they are data. What is left (`data/`, `*.cache/`) marks data folders.
 */
function gitignoreOf(repositoryRoot: string, roots: readonly string[]): ReturnType<typeof ignore> {
  const matcher = ignore();
  let text = '';
  try {
    text = readFileSync(path.join(repositoryRoot, '.gitignore'), 'utf8');
  } catch {
    // No .gitignore: nothing is ignored.
  }
  const lines = text.split(/\r?\n/).filter((line) => {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('!')) return true;
    const single = ignore().add(line);
    return !roots.some((root) => single.ignores(`${root}/`));
  });
  return matcher.add(lines.join('\n'));
}

export function discoverArtifacts(repositoryRoot: string, roots: readonly string[], experimentRoot: string): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: DiscoverySkip[] = [];
  const missingRoots: string[] = [];
  const ignored = gitignoreOf(repositoryRoot, roots);
  const walk = (relative: string, isRoot: boolean): void => {
    if (relative === experimentRoot || relative.startsWith(`${experimentRoot}/`)) {
      skipped.push({ path: relative, reason: 'is the experiment root (already migrated)' });
      return;
    }
    if (!isRoot && ignored.ignores(`${relative}/`)) {
      skipped.push({ path: relative, reason: 'is ignored by .gitignore (a data folder, not an artifact)' });
      return;
    }
    let names: Buffer[];
    try {
      names = readdirSync(path.join(repositoryRoot, relative), { encoding: 'buffer' });
    } catch (error) {
      skipped.push({ path: relative, reason: `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      return;
    }
    for (const raw of names.sort((a, b) => Buffer.compare(a, b))) {
      const name = raw.toString('utf8');
      const child = `${relative}/${name}`;
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        skipped.push({ path: child, reason: 'has a file name that is not valid UTF-8; rename it to migrate it' });
        continue;
      }
      let stat;
      try {
        stat = lstatSync(path.join(repositoryRoot, child));
      } catch (error) {
        skipped.push({ path: child, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
        continue;
      }
      if (stat.isSymbolicLink()) {
        skipped.push({ path: child, reason: 'is a symbolic link (not followed; move what it points to)' });
      } else if (stat.isDirectory()) {
        if (neverWalked.has(name)) skipped.push({ path: child, reason: 'is a version-control, cache or environment folder' });
        else walk(child, false);
      } else if (stat.isFile()) {
        files.push({ path: child, size: stat.size });
      } else {
        skipped.push({ path: child, reason: 'is not a regular file (a socket, FIFO or device)' });
      }
    }
  };
  for (const root of roots) {
    let stat;
    try {
      stat = lstatSync(path.join(repositoryRoot, root));
    } catch {
      missingRoots.push(root);
      continue;
    }
    if (!stat.isDirectory()) {
      skipped.push({ path: root, reason: 'is a migration root but not a folder' });
      continue;
    }
    walk(root, true);
  }
  return { files, skipped, missingRoots };
}

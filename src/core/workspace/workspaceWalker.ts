// Finds the files to analyse under the given paths: honours the project's include/exclude globs and .gitignore
// files, skips VCS folders, node_modules, virtualenvs and caches, survives symlink loops (real paths are tracked) and
// reports every folder it could not read. Synchronous on purpose: the CLI has nothing else to do meanwhile and the
// sync calls are markedly faster for thousands of small folders.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { languageOfPath } from '../model/fileLanguage';
import { fileKindOf, readFailureText, readRegularFileSync } from '../files/regularFile';
import { GlobSet } from './boundedGlob';

/** Folders never worth descending into: version control, dependencies, virtualenvs and tool caches. */
export const skippedFolderNames: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache']);

export interface WalkOptions {
  /** The repository root: relative paths, globs and .gitignore files are resolved from here. */
  readonly rootDirectory: string;
  /** Absolute files or folders to analyse. */
  readonly targets: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface WalkedFile {
  readonly absolutePath: string;
  /** Relative to the root, POSIX separators. */
  readonly relativePath: string;
}

export interface WalkSkip {
  /** Relative to the root, POSIX separators. */
  readonly relativePath: string;
  readonly kind: 'ignored-folder' | 'virtualenv' | 'excluded' | 'gitignored' | 'symlink-loop' | 'broken-symlink' | 'unreadable' | 'not-found' | 'unsupported-file-type' | 'not-a-regular-file' | 'outside-workspace';
  readonly detail: string;
}

export interface WalkResult {
  readonly files: readonly WalkedFile[];
  readonly skipped: readonly WalkSkip[];
}

/**
 * A folder waiting to be listed, with its relative path, its real path when it is known without asking, and the
 * .gitignore rules above it.
 */
interface PendingFolder {
  readonly folder: string;
  readonly relative: string;
  readonly real: string | undefined;
  readonly scopes: readonly GitignoreScope[];
}

interface GitignoreScope {
  /** Folder of the .gitignore, relative to the root ('' for the root). */
  readonly base: string;
  readonly rules: Ignore;
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function relativeTo(base: string, relativePath: string): string | undefined {
  if (base === '') {
    return relativePath;
  }
  return relativePath.startsWith(`${base}/`) ? relativePath.slice(base.length + 1) : undefined;
}

function isGitignored(scopes: readonly GitignoreScope[], relativePath: string, isFolder: boolean): boolean {
  let ignored = false;
  // Later (deeper) .gitignore files override earlier ones, as in git.
  for (const scope of scopes) {
    const inScope = relativeTo(scope.base, relativePath);
    if (inScope === undefined || inScope === '') {
      continue;
    }
    const result = scope.rules.test(isFolder ? `${inScope}/` : inScope);
    if (result.ignored) {
      ignored = true;
    } else if (result.unignored) {
      ignored = false;
    }
  }
  return ignored;
}

export class WorkspaceWalker {
  private readonly include: GlobSet;
  private readonly exclude: GlobSet;
  private readonly rootDirectory: string;
  private readonly files: WalkedFile[] = [];
  private readonly skipped: WalkSkip[] = [];
  private readonly visitedFolders = new Set<string>();

  constructor(private readonly options: WalkOptions) {
    this.rootDirectory = path.resolve(options.rootDirectory);
    this.include = new GlobSet(options.include);
    this.exclude = new GlobSet(options.exclude);
  }

  private relative(absolutePath: string): string {
    return toPosix(path.relative(this.rootDirectory, absolutePath));
  }

  private skip(absolutePath: string, kind: WalkSkip['kind'], detail: string, relative = this.relative(absolutePath)): void {
    this.skipped.push({ relativePath: relative || '.', kind, detail });
  }

  /** `folder`'s relative path when it is below the root, for a child named `name` (as `relative()` would give it). */
  private static childRelative(folderRelative: string, name: string): string {
    return folderRelative === '' ? name : `${folderRelative}/${name}`;
  }

  private readGitignore(folder: string, scopes: readonly GitignoreScope[], relative?: string): readonly GitignoreScope[] {
    const gitignore = path.join(folder, '.gitignore');
    let text: string;
    try {
      text = readRegularFileSync(gitignore, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.skip(gitignore, 'unreadable', `cannot read .gitignore (${readFailureText(error)}); its rules were not applied`);
      }
      return scopes;
    }
    const base = relative ?? this.relative(folder);
    if (base.startsWith('..')) {
      return scopes;
    }
    return [...scopes, { base, rules: ignore({ allowRelativePaths: true }).add(text) }];
  }

  /** .gitignore files between the root and `folder` (exclusive), for a target below the root. */
  private scopesAbove(folder: string): readonly GitignoreScope[] {
    const relative = this.relative(folder);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      return [];
    }
    let scopes: readonly GitignoreScope[] = [];
    let current = this.rootDirectory;
    for (const part of relative.split('/')) {
      scopes = this.readGitignore(current, scopes);
      current = path.join(current, part);
    }
    return scopes;
  }

  walk(): WalkResult {
    for (const target of this.options.targets) {
      const absolute = path.resolve(target);
      let stats;
      try {
        stats = statSync(absolute);
      } catch (error) {
        this.skip(absolute, 'not-found', `cannot open it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        continue;
      }
      if (!stats.isDirectory() && !stats.isFile()) {
        this.skip(absolute, 'not-a-regular-file', `it is ${fileKindOf(stats)}, not a regular file, so it is not read`);
      } else if (stats.isDirectory()) {
        const scopesAbove = this.scopesAbove(absolute);
        // A folder named explicitly is wanted even when a .gitignore above it ignores it (e.g. a Python install
        // inside a dotfiles or pyenv checkout): start afresh there, with only the .gitignore files inside it.
        const targetIgnored = isGitignored(scopesAbove, this.relative(absolute), true);
        this.walkFolder(absolute, targetIgnored ? [] : scopesAbove);
      } else if (languageOfPath(absolute) === undefined) {
        // Named explicitly, so say why nothing happens, unlike unsupported files met while walking.
        this.skip(absolute, 'unsupported-file-type', 'not a Python (.py), shell/Slurm (.sh, .sbatch, .slurm) or Markdown (.md) file');
      } else {
        // A file named explicitly is analysed even when globs or .gitignore would skip it, as ruff and eslint do.
        this.files.push({ absolutePath: absolute, relativePath: this.relative(absolute) });
      }
    }
    return { files: this.files, skipped: this.skipped };
  }

  /**
   * Whether walking the root would reach this file: the same folder, glob and .gitignore decisions as `walk()`, for
   * the editor, which is told about single files (opened, created, changed) and must agree with a full scan.
   */
  isInScope(absoluteFile: string): boolean {
    const absolute = path.resolve(absoluteFile);
    const relative = this.relative(absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) || languageOfPath(absolute) === undefined) {
      return false;
    }
    let scopes: readonly GitignoreScope[] = [];
    let folder = this.rootDirectory;
    for (const part of relative.split('/').slice(0, -1)) {
      scopes = this.readGitignore(folder, scopes);
      folder = path.join(folder, part);
      if (!this.acceptFolder(folder, part, scopes)) {
        return false;
      }
    }
    const accepted = this.files.length;
    this.acceptFile(absolute, this.readGitignore(folder, scopes));
    return this.files.length > accepted;
  }

  private walkFolder(start: string, startScopes: readonly GitignoreScope[]): void {
    // An explicit stack instead of recursion: deep trees cannot overflow the call stack. Relative paths are built
    // from the parent's (path.relative per entry was a large part of a walk), and so are real paths, except where a
    // symlink was followed: a folder that is not a link is its real parent's real path plus its name.
    const pending: PendingFolder[] = [{ folder: start, relative: this.relative(start), real: undefined, scopes: startScopes }];
    while (pending.length > 0) {
      const { folder, relative, real: knownReal, scopes: parentScopes } = pending.pop() as PendingFolder;
      let real: string;
      let entries: Dirent[];
      try {
        real = knownReal ?? realpathSync(folder);
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (error) {
        this.skip(folder, 'unreadable', `cannot list this folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`, relative);
        continue;
      }
      if (this.visitedFolders.has(real)) {
        this.skip(folder, 'symlink-loop', `already visited as ${real} (a symlink loop or a second link to it)`, relative);
        continue;
      }
      this.visitedFolders.add(real);
      // Only a listed .gitignore is read: trying every folder cost an ENOENT error per folder.
      const scopes = entries.some((entry) => entry.name === '.gitignore') ? this.readGitignore(folder, parentScopes, relative) : parentScopes;
      const subfolders: PendingFolder[] = [];
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // Below the root, children's relative paths are the folder's plus their name; elsewhere path.relative decides.
      const belowRoot = !relative.startsWith('..') && !path.isAbsolute(relative);
      // `folder` is absolute and normalised, and a name holds no separator: joining needs no path.join.
      const prefix = folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`;
      for (const entry of entries) {
        const absolute = `${prefix}${entry.name}`;
        const entryRelative = belowRoot ? WorkspaceWalker.childRelative(relative, entry.name) : this.relative(absolute);
        let isFolder = entry.isDirectory();
        let isFile = entry.isFile();
        const isLink = entry.isSymbolicLink();
        let kind: string | undefined;
        if (isLink) {
          try {
            const target = statSync(absolute);
            isFolder = target.isDirectory();
            isFile = target.isFile();
            kind = isFolder || isFile ? undefined : fileKindOf(target);
            const outside = this.outsideWorkspace(absolute);
            if (outside !== undefined) {
              this.skip(absolute, 'outside-workspace', `a symbolic link to ${outside}, outside the workspace; links that leave it are not followed`, entryRelative);
              continue;
            }
          } catch (error) {
            this.skip(absolute, 'broken-symlink', `the link target cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`, entryRelative);
            continue;
          }
        } else if (!isFolder && !isFile && languageOfPath(entry.name) !== undefined) {
          kind = entry.isFIFO() ? 'a named pipe (FIFO)' : entry.isSocket() ? 'a socket' : entry.isCharacterDevice() || entry.isBlockDevice() ? 'a device' : 'not a regular file';
        }
        if (kind !== undefined && languageOfPath(entry.name) !== undefined) {
          this.skip(absolute, 'not-a-regular-file', `it is ${kind}, not a regular file, so it is not read`, entryRelative);
          continue;
        }
        if (isFolder) {
          if (this.acceptFolder(absolute, entry.name, scopes, entryRelative)) {
            subfolders.push({ folder: absolute, relative: entryRelative, real: isLink ? undefined : `${real.endsWith(path.sep) ? real : `${real}${path.sep}`}${entry.name}`, scopes });
          }
        } else if (isFile && languageOfPath(entry.name) !== undefined) {
          this.acceptFile(absolute, scopes, entryRelative);
        }
      }
      // Reverse so folders pop in name order, keeping the file list deterministic.
      for (const subfolder of subfolders.reverse()) {
        pending.push(subfolder);
      }
    }
  }

  private rootReal: string | undefined;

  /** The real path of a link's target when it lies outside the workspace root, else undefined. */
  private outsideWorkspace(absolute: string): string | undefined {
    this.rootReal ??= realpathSync(this.rootDirectory);
    const target = realpathSync(absolute);
    const relative = path.relative(this.rootReal, target);
    return relative.startsWith('..') || path.isAbsolute(relative) ? target : undefined;
  }

  private acceptFolder(absolute: string, name: string, scopes: readonly GitignoreScope[], relative = this.relative(absolute)): boolean {
    if (skippedFolderNames.has(name)) {
      this.skip(absolute, 'ignored-folder', `${name} folders are never analysed`, relative);
      return false;
    }
    if (existsSync(path.join(absolute, 'pyvenv.cfg'))) {
      this.skip(absolute, 'virtualenv', 'contains pyvenv.cfg (a Python virtual environment)', relative);
      return false;
    }
    if (this.exclude.matchesWholeFolder(relative)) {
      this.skip(absolute, 'excluded', 'matches an exclude glob in refactor-runbook.json', relative);
      return false;
    }
    if (!this.include.isEmpty && !this.include.couldMatchInside(relative)) {
      return false;
    }
    if (isGitignored(scopes, relative, true)) {
      this.skip(absolute, 'gitignored', 'ignored by .gitignore', relative);
      return false;
    }
    return true;
  }

  private acceptFile(absolute: string, scopes: readonly GitignoreScope[], relative = this.relative(absolute)): void {
    if (this.exclude.matchesFile(relative)) {
      this.skip(absolute, 'excluded', 'matches an exclude glob in refactor-runbook.json', relative);
      return;
    }
    if (!this.include.isEmpty && !this.include.matchesFile(relative)) {
      return;
    }
    if (isGitignored(scopes, relative, false)) {
      this.skip(absolute, 'gitignored', 'ignored by .gitignore', relative);
      return;
    }
    this.files.push({ absolutePath: absolute, relativePath: relative });
  }
}

/** Walks `options.targets`; throws only when a glob is out of bounds (a configuration error). */
export function walkWorkspace(options: WalkOptions): WalkResult {
  return new WorkspaceWalker(options).walk();
}

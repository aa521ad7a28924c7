// The checklist's view of the repository: which files exist (the workspace walker, honouring .gitignore and the
// project's excludes), their text, their Python facts and their analysis findings. Everything is read on first use
// and cached until a change to that path is reported, so re-verifying after a one-file change re-reads one file.
import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import { readFailureText, readRegularFileSync } from '../files/regularFile';
import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer';
import type { FileAnalysis } from '../model/fileAnalysis';
import type { PythonParser } from '../python/pythonParser';
import { walkWorkspace } from '../workspace/workspaceWalker';
import type { WalkSkip } from '../workspace/workspaceWalker';
import { isGlobPattern, patternMatchesPath, patternTouchesPath } from './pathPatterns';
import { buildDefinitionIndex } from './pythonDefinitionIndex';
import type { DefinitionIndex } from './pythonDefinitionIndex';
import { readPythonModuleFacts } from './pythonModuleFacts';
import type { PythonModuleFacts } from './pythonModuleFacts';

export type TextRead = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'missing' } | { readonly kind: 'unreadable'; readonly detail: string };

export type FactsRead = { readonly kind: 'facts'; readonly facts: PythonModuleFacts } | { readonly kind: 'missing' } | { readonly kind: 'unreadable'; readonly detail: string };

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface FileChange {
  /** Relative to the repository root, POSIX separators. May name a folder (a deleted folder is reported once). */
  readonly path: string;
  readonly kind: FileChangeKind;
}

/** How much work the workspace did, so tests and the bench can show that a change re-reads only what it must. */
export interface WorkspaceCounters {
  walks: number;
  reads: number;
  parses: number;
  analyses: number;
}

export interface ChecklistWorkspaceOptions {
  readonly rootDirectory: string;
  /** The project's exclude globs (the checklist looks at every other file; include globs only limit findings). */
  readonly exclude: readonly string[];
  readonly maxFileSizeBytes: number;
  readonly parser: PythonParser;
  readonly analyzer: Analyzer;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

export class ChecklistWorkspace {
  readonly rootDirectory: string;
  readonly counters: WorkspaceCounters = { walks: 0, reads: 0, parses: 0, analyses: 0 };
  private files: readonly string[] | undefined;
  private walkSkips: readonly WalkSkip[] = [];
  private readonly texts = new Map<string, TextRead>();
  private readonly facts = new Map<string, FactsRead>();
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly modifiedTimes = new Map<string, number | undefined>();
  private index: DefinitionIndex | undefined;

  constructor(private readonly options: ChecklistWorkspaceOptions) {
    this.rootDirectory = path.resolve(options.rootDirectory);
  }

  get analyzer(): Analyzer {
    return this.options.analyzer;
  }

  absolutePath(relativePath: string): string {
    return path.join(this.rootDirectory, ...relativePath.split('/'));
  }

  /** Every Python, shell/Slurm and Markdown file the walker accepts, sorted. */
  listFiles(): readonly string[] {
    if (this.files === undefined) {
      this.counters.walks++;
      const walk = walkWorkspace({ rootDirectory: this.rootDirectory, targets: [this.rootDirectory], include: [], exclude: this.options.exclude });
      this.files = walk.files.map((file) => file.relativePath).sort();
      this.walkSkips = walk.skipped;
    }
    return this.files;
  }

  /** What the last walk passed over and why (unreadable folders, symlink loops…), for the log. */
  get skipped(): readonly WalkSkip[] {
    return this.walkSkips;
  }

  /**
   * Files a pattern names: a plain path is taken as is when it exists (even if .gitignore hides it from the walk),
   * a plain folder means every listed file below it, a glob is matched against the listed files.
   */
  matchFiles(pattern: string): string[] {
    if (!isGlobPattern(pattern)) {
      try {
        const stats = statSync(this.absolutePath(pattern));
        if (stats.isFile()) return [pattern];
        if (stats.isDirectory()) return this.listFiles().filter((file) => patternMatchesPath(pattern, file));
      } catch {
        // Does not exist: no file matches, and the check says so.
      }
      return [];
    }
    return this.listFiles().filter((file) => patternMatchesPath(pattern, file));
  }

  readText(relativePath: string): TextRead {
    let read = this.texts.get(relativePath);
    if (read === undefined) {
      read = this.readFromDisk(relativePath);
      this.texts.set(relativePath, read);
    }
    return read;
  }

  private readFromDisk(relativePath: string): TextRead {
    this.counters.reads++;
    const absolute = this.absolutePath(relativePath);
    let bytes: Buffer;
    try {
      const size = statSync(absolute).size;
      if (size > this.options.maxFileSizeBytes) {
        return { kind: 'unreadable', detail: `${relativePath} is ${size} bytes, over maxFileSizeBytes (${this.options.maxFileSizeBytes}) in refactor-runbook.json` };
      }
      bytes = readRegularFileSync(absolute);
    } catch (error) {
      const code = errorCode(error);
      return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', detail: `cannot read ${relativePath} (${readFailureText(error)})` };
    }
    if (bytes.includes(0)) return { kind: 'unreadable', detail: `${relativePath} is a binary file` };
    if (!isUtf8(bytes)) return { kind: 'unreadable', detail: `${relativePath} is not valid UTF-8; re-save it as UTF-8` };
    return { kind: 'text', text: bytes.toString('utf8') };
  }

  pythonFacts(relativePath: string): FactsRead {
    let read = this.facts.get(relativePath);
    if (read === undefined) {
      read = this.parseFacts(relativePath);
      this.facts.set(relativePath, read);
    }
    return read;
  }

  private parseFacts(relativePath: string): FactsRead {
    const text = this.readText(relativePath);
    if (text.kind !== 'text') return text;
    this.counters.parses++;
    let tree;
    try {
      tree = this.options.parser.parse(text.text);
    } catch (error) {
      return { kind: 'unreadable', detail: `${relativePath} could not be parsed (${error instanceof Error ? error.message : String(error)})` };
    }
    try {
      return { kind: 'facts', facts: readPythonModuleFacts(tree, relativePath) };
    } finally {
      tree.delete();
    }
  }

  /** Where classes and functions are defined across the workspace; built on first use, rebuilt after a Python change. */
  definitionIndex(): DefinitionIndex {
    this.index ??= buildDefinitionIndex(this);
    return this.index;
  }

  /** Findings of every active rule on the file (no baseline: the checklist asks whether the legacy code is gone). */
  analysis(relativePath: string): FileAnalysis | TextRead {
    const cached = this.analyses.get(relativePath);
    if (cached !== undefined) return cached;
    const text = this.readText(relativePath);
    if (text.kind !== 'text') return text;
    this.counters.analyses++;
    const analysis = this.options.analyzer.analyzeText(relativePath, text.text);
    this.analyses.set(relativePath, analysis);
    return analysis;
  }

  /** Last modification time in ms since the epoch, or undefined when the file does not exist. */
  modifiedTime(relativePath: string): number | undefined {
    if (!this.modifiedTimes.has(relativePath)) {
      let time: number | undefined;
      try {
        time = statSync(this.absolutePath(relativePath)).mtimeMs;
      } catch {
        time = undefined;
      }
      this.modifiedTimes.set(relativePath, time);
    }
    return this.modifiedTimes.get(relativePath);
  }

  /** Forgets what changed; the file list is walked again only when files were created or deleted. */
  invalidate(changes: readonly FileChange[]): void {
    for (const change of changes) {
      if (change.kind !== 'changed') this.files = undefined;
      if (change.kind !== 'changed' || change.path.endsWith('.py')) this.index = undefined;
      for (const cache of [this.texts, this.facts, this.analyses, this.modifiedTimes] as Map<string, unknown>[]) {
        if (change.kind === 'deleted') {
          for (const key of [...cache.keys()]) if (patternTouchesPath(change.path, key)) cache.delete(key);
        } else {
          cache.delete(change.path);
        }
      }
    }
  }
}

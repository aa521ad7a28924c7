// The CLI's persistent cache of per-file results, `.refactor-runbook-cache/` in the project root (like ruff's
// `.ruff_cache`). A result is reused only for the same file path with the same content (SHA-256 of its bytes) under
// the same fingerprint (tool version, the running code, every project setting, the active rules, the baseline), so a
// cached result is exactly what analysing the file again would give. One results file per fingerprint holds every
// entry: a warm run reads one file instead of one per source file, and needs neither the parser nor the workers.
// Writes go to a temporary file that is renamed over the old one, so a reader (another run at the same time) sees
// the old file or the new one, never half of one; a checksum in the first line catches any other damage, and a
// damaged file is ignored (everything is recomputed) with a note under --verbose. Concurrent runs may each write:
// the last rename wins and the other run's new entries are recomputed next time, which costs time, not results.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileAnalysis } from '../core/model/fileAnalysis';
import type { ProjectSettings } from '../core/config/projectSettings';
import type { Rule } from '../core/rules/rule';

export const cacheDirectoryName = '.refactor-runbook-cache';
/** Bumped whenever the layout of a results file changes; part of every fingerprint. */
const cacheFormat = 1;
const firstLinePrefix = `refactor-runbook result cache v${cacheFormat} sha256=`;
const resultsFilePattern = /^results-[0-9a-f]{32}\.json$/;
/** Results files of other fingerprints (older settings or versions) kept besides the current one. */
const otherResultsFilesKept = 3;
/** Entries for files this run did not visit (a check of a sub-folder) are kept up to this many. */
const unvisitedEntriesKept = 50_000;
/** A temporary file this old belongs to no running write any more. */
const abandonedTemporaryAgeMs = 10 * 60 * 1000;

export interface CacheIdentity {
  readonly toolVersion: string;
  /** A hash of the running code (the CLI bundle), so a rebuilt CLI never reuses results of another build. */
  readonly codeIdentity: string;
  readonly settings: ProjectSettings;
  readonly rules: readonly Rule[];
  readonly baselineFingerprints: readonly string[] | undefined;
}

export function cacheFingerprint(identity: CacheIdentity): string {
  const rules = identity.rules.map((rule) => ({ id: rule.id, name: rule.name, severity: rule.defaultSeverity, bySeverity: rule.defaultSeverityByLanguage, words: rule.triggerWords }));
  const baseline = identity.baselineFingerprints === undefined ? null : [...identity.baselineFingerprints].sort();
  const source = JSON.stringify([cacheFormat, identity.toolVersion, identity.codeIdentity, identity.settings, rules, baseline]);
  return createHash('sha256').update(source).digest('hex').slice(0, 32);
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** Only complete, deterministic results are stored: not skipped files (a parse timeout depends on the machine's load), not rule failures. */
export function isCacheable(analysis: FileAnalysis): boolean {
  return analysis.skipped === undefined && analysis.ruleFailures.length === 0;
}

interface CacheEntry {
  readonly hash: string;
  readonly analysis: FileAnalysis;
}

type StoredEntries = Record<string, [string, FileAnalysis]>;

function looksLikeAnalysis(value: unknown, relativePath: string): value is FileAnalysis {
  if (typeof value !== 'object' || value === null) return false;
  const analysis = value as Partial<FileAnalysis>;
  return analysis.relativePath === relativePath && Array.isArray(analysis.findings) && Array.isArray(analysis.ruleFailures) && typeof analysis.bytes === 'number' && typeof analysis.parsed === 'boolean';
}

export class ResultCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly visited = new Set<string>();
  private changed = false;

  private constructor(
    readonly directory: string,
    readonly resultsFile: string,
    private readonly note: (text: string) => void,
  ) {}

  /** Opens the cache of `rootDirectory` for `fingerprint`; a missing cache is empty, a damaged one is ignored with a note. */
  static open(rootDirectory: string, fingerprint: string, note: (text: string) => void): ResultCache {
    const directory = path.join(rootDirectory, cacheDirectoryName);
    const cache = new ResultCache(directory, path.join(directory, `results-${fingerprint}.json`), note);
    cache.load(fingerprint);
    return cache;
  }

  get isEmpty(): boolean {
    return this.entries.size === 0;
  }

  /** Whether a result is stored for this path (for some content): only then is the file worth hashing up front. */
  has(relativePath: string): boolean {
    return this.entries.has(relativePath);
  }

  /** The stored result for this path when its content hash is `hash`. */
  lookup(relativePath: string, hash: string): FileAnalysis | undefined {
    this.visited.add(relativePath);
    const entry = this.entries.get(relativePath);
    return entry !== undefined && entry.hash === hash ? entry.analysis : undefined;
  }

  /** Records a freshly computed result for the content with this hash. */
  store(relativePath: string, hash: string | undefined, analysis: FileAnalysis): void {
    this.visited.add(relativePath);
    if (hash === undefined || !isCacheable(analysis)) {
      this.changed = this.entries.delete(relativePath) || this.changed;
      return;
    }
    const previous = this.entries.get(relativePath);
    if (previous?.hash !== hash) {
      this.entries.set(relativePath, { hash, analysis });
      this.changed = true;
    }
  }

  /** Writes the results file when anything changed and prunes results files of other fingerprints. */
  save(): void {
    let unvisited = 0;
    for (const relativePath of [...this.entries.keys()]) {
      if (!this.visited.has(relativePath) && ++unvisited > unvisitedEntriesKept) {
        this.entries.delete(relativePath);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    try {
      this.prepareDirectory();
      const stored: StoredEntries = {};
      for (const [relativePath, entry] of this.entries) stored[relativePath] = [entry.hash, entry.analysis];
      const body = JSON.stringify(stored);
      const temporary = `${this.resultsFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, `${firstLinePrefix}${createHash('sha256').update(body).digest('hex')}\n${body}`);
      try {
        renameSync(temporary, this.resultsFile);
      } catch (error) {
        unlinkSync(temporary);
        throw error;
      }
      this.pruneOtherResultsFiles();
    } catch (error) {
      // The results stand without the cache; the next run recomputes what could not be stored.
      this.note(`result cache: could not write ${this.resultsFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the next run recomputes these results\n`);
    }
  }

  private load(fingerprint: string): void {
    let text: string;
    try {
      text = readFileSync(this.resultsFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.note(`result cache: cannot read ${this.resultsFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}); recomputing every result\n`);
      }
      return;
    }
    const newline = text.indexOf('\n');
    const firstLine = newline === -1 ? text : text.slice(0, newline);
    const body = newline === -1 ? '' : text.slice(newline + 1);
    if (!firstLine.startsWith(firstLinePrefix) || firstLine.slice(firstLinePrefix.length) !== createHash('sha256').update(body).digest('hex')) {
      this.note(`result cache: ignored ${this.resultsFile}: its checksum does not match its content (damaged or not written by this tool); recomputing every result, the file is rewritten\n`);
      this.changed = true;
      return;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(body);
    } catch {
      this.note(`result cache: ignored ${this.resultsFile}: not valid JSON; recomputing every result\n`);
      this.changed = true;
      return;
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      this.note(`result cache: ignored ${this.resultsFile}: not a results object; recomputing every result\n`);
      this.changed = true;
      return;
    }
    let invalid = 0;
    for (const [relativePath, value] of Object.entries(stored as Record<string, unknown>)) {
      if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && looksLikeAnalysis(value[1], relativePath)) {
        this.entries.set(relativePath, { hash: value[0], analysis: value[1] });
      } else {
        invalid++;
      }
    }
    if (invalid > 0) {
      this.note(`result cache: ignored ${invalid} malformed entr${invalid === 1 ? 'y' : 'ies'} in ${this.resultsFile} (fingerprint ${fingerprint}); those files are analysed again\n`);
      this.changed = true;
    }
  }

  /** The folder, with a .gitignore that ignores it whole and the CACHEDIR.TAG backup tools know. */
  private prepareDirectory(): void {
    if (existsSync(this.directory)) return;
    mkdirSync(this.directory, { recursive: true });
    writeFileSync(path.join(this.directory, '.gitignore'), '# Created by refactor-runbook: the result cache, safe to delete.\n*\n');
    writeFileSync(path.join(this.directory, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by refactor-runbook.\n');
  }

  private pruneOtherResultsFiles(): void {
    const names = readdirSync(this.directory);
    // Left behind by a run that was killed between writing and renaming.
    for (const name of names.filter((entry) => entry.endsWith('.tmp'))) {
      const file = path.join(this.directory, name);
      try {
        if (Date.now() - statSync(file).mtimeMs > abandonedTemporaryAgeMs) unlinkSync(file);
      } catch {
        // Renamed or removed by its run meanwhile.
      }
    }
    const others = names
      .filter((name) => resultsFilePattern.test(name) && path.join(this.directory, name) !== this.resultsFile)
      .map((name) => {
        const file = path.join(this.directory, name);
        try {
          return { file, modified: statSync(file).mtimeMs };
        } catch {
          return undefined;
        }
      })
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.modified - a.modified);
    for (const { file } of others.slice(otherResultsFilesKept)) {
      try {
        unlinkSync(file);
      } catch {
        // Another run pruned it first.
      }
    }
  }
}

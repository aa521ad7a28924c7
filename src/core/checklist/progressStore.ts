// Reads and changes the shared progress file. A change is applied to what is on disk at that moment (never to an
// older copy in memory) under a lock file, written atomically, and retried on top of the newer content when the file
// changed in the meantime, so two windows or a `git pull` merge instead of overwriting each other. A malformed file
// is never written: the change is refused with the file's problems, and the user's bytes stay exactly as they are.
import { readdir } from 'node:fs/promises';
import { readFailureText, readRegularFileSync } from '../files/regularFile';
import path from 'node:path';
import { readCurrentBytes, writeFileAtomically } from './atomicWrite';
import { withFileLock } from './fileLock';
import type { FileLockOptions, HeldLock } from './fileLock';
import type { ManualTick } from './checklistResult';
import { emptyProgress, parseProgressText, serializeProgress, ticksOf } from './progressFile';
import type { ProgressFileContent, ProgressProblem } from './progressFile';

export type ProgressState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'valid'; readonly content: ProgressFileContent; readonly text: string }
  | { readonly kind: 'malformed'; readonly problems: readonly ProgressProblem[]; readonly text: string }
  | { readonly kind: 'unreadable'; readonly detail: string };

export type ProgressChange = { readonly ok: true; readonly state: ProgressState; readonly written: boolean } | { readonly ok: false; readonly reason: string; readonly state: ProgressState };

/** How often a change is re-applied when the file keeps changing under it before giving up. */
const maxMergeAttempts = 5;
/** Reads that find the file moved aside by a writer wait 10 ms this many times before calling it missing. */
const readRetries = 100;

export function ticksOfState(state: ProgressState): ReadonlyMap<string, ManualTick> {
  return state.kind === 'valid' ? ticksOf(state.content) : new Map();
}

export function describeProblems(filePath: string, problems: readonly ProgressProblem[]): string {
  return problems.map((problem) => `${filePath}:${problem.line}:${problem.column}: ${problem.keyPath}: ${problem.message}. Fix: ${problem.fix}`).join('\n');
}

function stateOf(bytes: Buffer | null): ProgressState {
  if (bytes === null) return { kind: 'missing' };
  const text = bytes.toString('utf8');
  const parsed = parseProgressText(text);
  return parsed.ok ? { kind: 'valid', content: parsed.content, text } : { kind: 'malformed', problems: parsed.problems, text };
}

export class ProgressStore {
  constructor(
    readonly filePath: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {}

  async read(): Promise<ProgressState> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Opened non-blocking and checked to be a regular file: a FIFO in its place is refused, not waited on.
        return stateOf(readRegularFileSync(this.filePath));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') return { kind: 'unreadable', detail: `cannot read ${this.filePath} (${readFailureText(error)})` };
      }
      // A writer moves the file aside for a moment while it replaces it (atomicWrite.ts): that is not "missing".
      if (attempt >= readRetries || !(await this.isBeingReplaced())) return { kind: 'missing' };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async isBeingReplaced(): Promise<boolean> {
    const prefix = `.${path.basename(this.filePath)}.`;
    const names = await readdir(path.dirname(this.filePath)).catch(() => [] as string[]);
    return names.some((name) => name.startsWith(prefix) && name.endsWith('.aside'));
  }

  tick(itemId: string, tick: ManualTick): Promise<ProgressChange> {
    return this.change((content) => ({ ...content, done: { ...content.done, [itemId]: tick } }));
  }

  reopen(itemId: string): Promise<ProgressChange> {
    return this.change((content) => {
      if (!(itemId in content.done)) return content;
      const done = { ...content.done };
      delete done[itemId];
      return { ...content, done };
    });
  }

  private async change(apply: (content: ProgressFileContent) => ProgressFileContent): Promise<ProgressChange> {
    // The lock makes writers of this tool take turns; the compare-before-rename in writeFileAtomically catches
    // everyone else (git, an editor) and the change is then applied again on top of their content.
    try {
      return await withFileLock(this.filePath, (lock) => this.changeUnderLock(apply, lock), this.lockOptions);
    } catch (error) {
      return { ok: false, reason: `${error instanceof Error ? error.message : String(error)}; nothing was written`, state: await this.read() };
    }
  }

  private async changeUnderLock(apply: (content: ProgressFileContent) => ProgressFileContent, lock: HeldLock): Promise<ProgressChange> {
    for (let attempt = 1; attempt <= maxMergeAttempts; attempt++) {
      let bytes: Buffer | null;
      try {
        bytes = await readCurrentBytes(this.filePath);
      } catch (error) {
        const detail = `cannot read ${this.filePath} (${readFailureText(error)})`;
        return { ok: false, reason: `${detail}; nothing was written`, state: { kind: 'unreadable', detail } };
      }
      const state = stateOf(bytes);
      if (state.kind === 'malformed') {
        return { ok: false, reason: `${this.filePath} is malformed, so it was left unchanged; fix it first:\n${describeProblems(this.filePath, state.problems)}`, state };
      }
      const current = state.kind === 'valid' ? state.content : emptyProgress;
      const next = apply(current);
      const text = serializeProgress(next);
      if (state.kind === 'valid' && next === current) return { ok: true, state, written: false };
      const result = await writeFileAtomically(this.filePath, text, bytes, () => lock.stillHeld());
      if (result.kind === 'written') return { ok: true, state: { kind: 'valid', content: next, text }, written: true };
      if (!(await lock.stillHeld())) {
        return { ok: false, reason: `another writer took over the lock of ${this.filePath} while this change was being saved; nothing was written, try again`, state: await this.read() };
      }
      // Someone changed the file between our read and our write: apply the change again on top of theirs.
    }
    return { ok: false, reason: `${this.filePath} kept changing while the tick was being saved (${maxMergeAttempts} attempts); try again`, state: await this.read() };
  }
}

// Keeps the latest result of each task per workspace folder in a key-value storage (the editor passes the workspace
// state, so results survive a reload) and tells subscribers when one is recorded. Stored data from another version
// or hand-edited state is validated on load; entries that do not fit are dropped, not trusted.
import { verificationResultSchema } from './verificationResult';
import type { VerificationResult } from './verificationResult';
import type { VerificationTaskId } from './verificationTaskCatalogue';

/** The part of VS Code's Memento the store needs. */
export interface ResultStorage {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface Subscription {
  dispose(): void;
}

export const resultStorageKey = 'refactorRunbook.verificationResults.v1';

function keyOf(folder: string, taskId: VerificationTaskId): string {
  return `${folder}\u0000${taskId}`;
}

export class VerificationResultStore {
  private readonly latest = new Map<string, VerificationResult>();
  private readonly listeners = new Set<(result: VerificationResult) => void>();
  /** How many stored entries were dropped on load because they did not validate. */
  readonly droppedOnLoad: number;

  /** `reportError` hears about a subscriber that threw; the other subscribers are still told. */
  constructor(
    private readonly storage: ResultStorage,
    private readonly reportError: (message: string) => void = () => undefined,
  ) {
    const stored = storage.get(resultStorageKey);
    let dropped = 0;
    if (Array.isArray(stored)) {
      for (const entry of stored) {
        const parsed = verificationResultSchema.safeParse(entry);
        if (parsed.success) this.latest.set(keyOf(parsed.data.folder, parsed.data.taskId), parsed.data);
        else dropped++;
      }
    } else if (stored !== undefined) {
      dropped = 1;
    }
    this.droppedOnLoad = dropped;
  }

  /** The latest result of a task in one folder, or (without a folder) the most recent one in any folder. */
  latestResult(taskId: string, folder?: string): VerificationResult | undefined {
    if (folder !== undefined) return this.latest.get(keyOf(folder, taskId as VerificationTaskId));
    let newest: VerificationResult | undefined;
    for (const result of this.latest.values()) {
      if (result.taskId === taskId && (newest === undefined || result.finishedAt > newest.finishedAt)) newest = result;
    }
    return newest;
  }

  all(): VerificationResult[] {
    return [...this.latest.values()].sort((left, right) => right.finishedAt - left.finishedAt);
  }

  /** Records results (a verify-all run also records each step that ran) and persists them. */
  async record(...results: VerificationResult[]): Promise<void> {
    for (const result of results) this.latest.set(keyOf(result.folder, result.taskId), result);
    await this.storage.update(resultStorageKey, [...this.latest.values()]);
    for (const result of results) {
      for (const listener of [...this.listeners]) {
        try {
          listener(result);
        } catch (error) {
          // One failing subscriber must not stop the others from hearing about the result.
          this.reportError(`A subscriber to verification results failed on the ${result.taskId} result: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  onDidRecord(listener: (result: VerificationResult) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

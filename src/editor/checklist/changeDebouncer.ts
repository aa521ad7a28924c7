// Collects values (file changes) and hands them over in one batch once nothing new arrived for a quiet period, so a
// save that touches five files, or a branch switch that touches fifty, causes one re-verification, not one per file.

export class ChangeDebouncer<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: () => number,
    private readonly deliver: (batch: readonly T[]) => void,
  ) {}

  push(value: T): void {
    this.pending.push(value);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs());
  }

  /** Delivers what is pending now (also used when the view is asked to refresh at once). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.deliver(batch);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

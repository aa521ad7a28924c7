// Reported spans of one file, which never overlap one another (a span that overlaps one already reported is not
// added): kept sorted, so "does this span overlap a reported one?" is a binary search instead of a scan of every
// finding so far (a generated file with thousands of findings made that quadratic).
export class DisjointSpans {
  /**
   * Start and end offsets ([start, end)), sorted by start, then end. Non-empty spans are pairwise disjoint and an
   * empty one can only sit at another's start or outside it, so the ends are sorted too: the last span starting
   * before an offset has the largest end of all spans starting before it.
   */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** True when [start, end) shares at least one offset with a span already added. */
  overlaps(start: number, end: number): boolean {
    const index = this.lastStartingBefore(end);
    return index >= 0 && (this.ends[index] ?? 0) > start;
  }

  /** Adds [start, end); the caller has checked that it overlaps no span already added. */
  add(start: number, end: number): void {
    let index = this.lastStartingBefore(start) + 1;
    while (index < this.starts.length && this.starts[index] === start && (this.ends[index] ?? 0) < end) index++;
    this.starts.splice(index, 0, start);
    this.ends.splice(index, 0, end);
  }

  /** The index of the last span starting before `offset`, or -1. */
  private lastStartingBefore(offset: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.starts[middle] ?? 0) < offset) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}

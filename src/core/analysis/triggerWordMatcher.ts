// Finds whether a file's bytes contain any of the rules' trigger words, in one pass over the bytes. Calling
// Buffer.indexOf once per word scans a file once per word; with ~70 words over a 30 MB repository that dominated
// the whole run. Here each byte pair is looked up in a 64 Ki table of the words' first two bytes, and only the
// (rare) hits are compared in full.
export class TriggerWordMatcher {
  /** For each first byte pair, 1 + the index of its bucket in `buckets`; 0 when no word starts with it. */
  private readonly bucketByPair = new Uint16Array(65536);
  private readonly buckets: Uint8Array[][] = [];
  /** Words shorter than two bytes cannot be indexed by pairs; they are few, so plain indexOf is fine. */
  private readonly shortWords: Uint8Array[] = [];

  constructor(words: readonly string[]) {
    for (const word of new Set(words)) {
      const bytes = new TextEncoder().encode(word);
      if (bytes.length < 2) {
        if (bytes.length === 1) {
          this.shortWords.push(bytes);
        }
        continue;
      }
      const pair = ((bytes[0]) << 8) | (bytes[1]);
      let slot = this.bucketByPair[pair];
      if (slot === 0) {
        this.buckets.push([]);
        slot = this.buckets.length;
        this.bucketByPair[pair] = slot;
      }
      this.buckets[slot - 1]?.push(bytes);
    }
  }

  /** True when `bytes` contains at least one of the words. */
  matchesAny(bytes: Uint8Array): boolean {
    for (const word of this.shortWords) {
      if (bytes.indexOf(word[0]) !== -1) {
        return true;
      }
    }
    const table = this.bucketByPair;
    const length = bytes.length;
    let previous = length > 0 ? (bytes[0]) : 0;
    for (let index = 1; index < length; index++) {
      const current = bytes[index];
      const slot = table[(previous << 8) | current];
      previous = current;
      if (slot !== 0 && this.matchesBucketAt(bytes, index - 1, slot - 1)) {
        return true;
      }
    }
    return false;
  }

  private matchesBucketAt(bytes: Uint8Array, start: number, bucket: number): boolean {
    for (const word of this.buckets[bucket] ?? []) {
      if (start + word.length > bytes.length) {
        continue;
      }
      let offset = 2;
      while (offset < word.length && bytes[start + offset] === word[offset]) {
        offset++;
      }
      if (offset === word.length) {
        return true;
      }
    }
    return false;
  }
}

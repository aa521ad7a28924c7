// Which rules a text triggers, in one pass: each trigger word carries a bit per rule that listed it, so a text is
// scanned once whatever the number of rules.
const maxGroups = 31;

export class TriggerWordGroups {
  /** For each first pair of code units (both < 256), 1 + the index of its bucket; 0 when no word starts with it. */
  private readonly bucketByPair = new Uint16Array(65536);
  private readonly buckets: { readonly word: string; readonly mask: number }[][] = [];
  /** Words that cannot be indexed by a Latin-1 pair (one character long, or starting outside Latin-1). */
  private readonly otherWords: { readonly word: string; readonly mask: number }[] = [];
  private readonly alwaysMask: number;
  private readonly allMask: number;

  /** `groups[i]` are rule i's trigger words; an empty list means the rule always runs. */
  constructor(groups: readonly (readonly string[])[]) {
    if (groups.length > maxGroups) {
      throw new Error(`at most ${maxGroups} trigger word groups are supported, got ${groups.length}`);
    }
    const maskByWord = new Map<string, number>();
    let always = 0;
    groups.forEach((words, group) => {
      if (words.length === 0) {
        always |= 1 << group;
      }
      for (const word of words) {
        maskByWord.set(word, (maskByWord.get(word) ?? 0) | (1 << group));
      }
    });
    this.alwaysMask = always;
    this.allMask = groups.length === 0 ? 0 : (1 << groups.length) - 1;
    for (const [word, mask] of maskByWord) {
      const first = word.charCodeAt(0);
      const second = word.charCodeAt(1);
      if (word.length < 2 || first >= 256 || second >= 256) {
        this.otherWords.push({ word, mask });
        continue;
      }
      const pair = (first << 8) | second;
      let slot = this.bucketByPair[pair] ?? 0;
      if (slot === 0) {
        this.buckets.push([]);
        slot = this.buckets.length;
        this.bucketByPair[pair] = slot;
      }
      this.buckets[slot - 1]?.push({ word, mask });
    }
  }

  /** Bit i is set when group i is triggered by `text` (or always runs). */
  matchedGroups(text: string): number {
    let matched = this.alwaysMask;
    for (const { word, mask } of this.otherWords) {
      if ((matched & mask) !== mask && text.includes(word)) {
        matched |= mask;
      }
    }
    const table = this.bucketByPair;
    const length = text.length;
    let previous = length > 0 ? text.charCodeAt(0) : 0;
    for (let index = 1; index < length && matched !== this.allMask; index++) {
      const current = text.charCodeAt(index);
      if (previous < 256 && current < 256) {
        const slot = table[(previous << 8) | current] ?? 0;
        if (slot !== 0) {
          for (const { word, mask } of this.buckets[slot - 1] ?? []) {
            if ((matched & mask) !== mask && text.startsWith(word, index - 1)) {
              matched |= mask;
            }
          }
        }
      }
      previous = current;
    }
    return matched;
  }
}

// Which rules a text triggers, in one pass: each trigger word carries a bit per rule that listed it. Checking each
// rule's words separately scanned an open document once per rule on every keystroke.
const maxGroups = 31;

/** One replaced span, in UTF-16 offsets of the old and the new text (as pythonParser's TextChange). */
export interface TriggerWordChange {
  readonly startOffset: number;
  readonly oldEndOffset: number;
  readonly newEndOffset: number;
}

/** Where each trigger word occurs in one text, and the groups (bits) it triggers; see TriggerWordGroups.sightings. */
export interface TriggerWordSightings {
  readonly offsets: Int32Array;
  readonly mask: number;
}

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

  /** Every word with its groups' bits, in a fixed order (the order of TriggerWordSightings.offsets). */
  private get allWords(): readonly { readonly word: string; readonly mask: number }[] {
    this.wordList ??= [...this.otherWords, ...this.buckets.flat()];
    return this.wordList;
  }

  private wordList: readonly { readonly word: string; readonly mask: number }[] | undefined;

  /** Where each word occurs in `text` (one offset per word, -1 when absent) and the groups that triggers. */
  sightings(text: string): TriggerWordSightings {
    const words = this.allWords;
    const offsets = new Int32Array(words.length);
    words.forEach(({ word }, index) => {
      offsets[index] = text.indexOf(word);
    });
    return this.withMask(offsets);
  }

  /**
   * The sightings in `newText`, which is `previous`'s text with one span replaced (`change`), without rescanning the
   * whole text: a known occurrence outside the span is still there (shifted after it); a word that was absent can
   * only have appeared across the span, so only the span and a word's length around it are searched; a word whose
   * known occurrence the span touched is searched again in full.
   */
  sightingsAfterChange(previous: TriggerWordSightings, newText: string, change: TriggerWordChange): TriggerWordSightings {
    const words = this.allWords;
    const offsets = new Int32Array(words.length);
    const delta = change.newEndOffset - change.oldEndOffset;
    words.forEach(({ word }, index) => {
      const known = previous.offsets[index] ?? -1;
      const length = word.length;
      if (known >= 0 && known + length <= change.startOffset) {
        offsets[index] = known;
      } else if (known >= 0 && known >= change.oldEndOffset) {
        offsets[index] = known + delta;
      } else if (known < 0) {
        const from = Math.max(0, change.startOffset - length + 1);
        const found = newText.slice(from, change.newEndOffset + length - 1).indexOf(word);
        offsets[index] = found < 0 ? -1 : from + found;
      } else {
        offsets[index] = newText.indexOf(word);
      }
    });
    return this.withMask(offsets);
  }

  private withMask(offsets: Int32Array): TriggerWordSightings {
    let mask = this.alwaysMask;
    this.allWords.forEach(({ mask: wordMask }, index) => {
      if ((offsets[index] ?? -1) >= 0) {
        mask |= wordMask;
      }
    });
    return { offsets, mask };
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

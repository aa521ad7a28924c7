// Finds whether a file's bytes contain any of the rules' trigger words, in one pass that reads every other byte
// position only. Calling Buffer.indexOf once per word scans a file once per word (~80 words over a 30 MB repository
// dominated the whole run); looking up every byte pair in a table of the words' first pairs still handled each byte
// twice. Here the file is read as 16-bit units, i.e. the byte pairs at even positions only: each word of three bytes
// or more has a pair at an even and a pair at an odd offset of its own, so however an occurrence is aligned, one of
// the two lands on a position that is read. The table indexes, per word, the rarest pair of each parity (by how often
// bytes occur in source code), so few positions are candidates; the byte after the pair rules out most of those
// before the full comparison. Words of one or two bytes have no pair of each parity and are searched with indexOf.

/**
 * Printable ASCII from the most to the least frequent in source code (measured on the Python standard library).
 * Newlines count as about as frequent as 'e'; tabs, control bytes and non-ASCII as rarer than any of these.
 */
const bytesByFrequency = ` estaronilfcd._()pu,'mh"g=b:0xEyTwk1-I#vAN2RLS\\Cq][OPFD3>M45*UB/z86HGj97+W%V{}<XKY@;Z|?!\`QJ&^$~`;

/** An estimate of how often byte `a` followed by byte `b` occurs (higher: more often); only the order matters. */
function pairFrequency(rankOf: Uint8Array, a: number, b: number): number {
  return (256 - (rankOf[a] ?? 255)) * (256 - (rankOf[b] ?? 255));
}

function frequencyRanks(): Uint8Array {
  const rankOf = new Uint8Array(256).fill(255);
  for (let rank = 0; rank < bytesByFrequency.length; rank++) {
    rankOf[bytesByFrequency.charCodeAt(rank)] = rank;
  }
  rankOf[0x0a] = rankOf[0x65] ?? 1;
  return rankOf;
}

/** The platform's byte order decides how two bytes read as one Uint16Array element combine. */
const littleEndian = new Uint8Array(new Uint16Array([0x0102]).buffer)[0] === 0x02;

function pairKey(first: number, second: number): number {
  return littleEndian ? first | (second << 8) : (first << 8) | second;
}

export class TriggerWordMatcher {
  /**
   * For each pair key, the number (from 1) of the group of words indexed under it; 0 when none is. One group per pair
   * key, so 16 bits hold all but a 65,536th group (the constructor checks), and the table stays small.
   */
  private readonly groupByPair = new Uint16Array(65536);
  /**
   * For group g, 256 bits (8 words from g * 8) of the bytes that can follow the indexed pair in one of its words: a
   * cheap check that spares most positions the full comparison. A word that ends with its indexed pair allows any.
   */
  private readonly nextBytesByGroup: Uint32Array;
  /** Group g's entries: from `groupStarts[g - 1]` up to (not including) `groupStarts[g]` in the two arrays below. */
  private readonly groupStarts: number[] = [0];
  private readonly entryWords: Uint8Array[] = [];
  /** Where the indexed pair sits in the entry's word. */
  private readonly entryOffsets: number[] = [];
  /** Words shorter than three bytes have no pair of each parity; they are few, so Buffer.indexOf is fine. */
  private shortWords: Buffer[] = [];

  constructor(words: readonly string[]) {
    const rankOf = frequencyRanks();
    const frequencyAt = (bytes: Uint8Array, offset: number): number => pairFrequency(rankOf, bytes[offset] ?? 0, bytes[offset + 1] ?? 0);
    const entriesByPair = new Map<number, { readonly word: Uint8Array; readonly offset: number }[]>();
    for (const word of new Set(words)) {
      const bytes = new TextEncoder().encode(word);
      if (bytes.length < 3) {
        if (bytes.length > 0) {
          this.shortWords.push(Buffer.from(bytes));
        }
        continue;
      }
      for (const parity of [0, 1]) {
        let offset = parity;
        for (let candidate = parity + 2; candidate + 1 < bytes.length; candidate += 2) {
          if (frequencyAt(bytes, candidate) < frequencyAt(bytes, offset)) {
            offset = candidate;
          }
        }
        const key = pairKey(bytes[offset] ?? 0, bytes[offset + 1] ?? 0);
        entriesByPair.set(key, [...(entriesByPair.get(key) ?? []), { word: bytes, offset }]);
      }
    }
    if (entriesByPair.size >= 65535) {
      // Group numbers would not fit in 16 bits (tens of thousands of words): search every word on its own instead.
      this.shortWords = [...new Set(words)].filter((word) => word !== '').map((word) => Buffer.from(word, 'utf8'));
      entriesByPair.clear();
    }
    this.nextBytesByGroup = new Uint32Array((entriesByPair.size + 1) * 8);
    for (const [key, entries] of entriesByPair) {
      const group = this.groupStarts.length;
      this.groupByPair[key] = group;
      for (const { word, offset } of entries) {
        this.entryWords.push(word);
        this.entryOffsets.push(offset);
        if (offset + 2 < word.length) {
          const next = word[offset + 2];
          this.nextBytesByGroup[group * 8 + (next >>> 5)] |= 1 << (next & 31);
        } else {
          this.nextBytesByGroup.fill(0xffffffff, group * 8, group * 8 + 8);
        }
      }
      this.groupStarts.push(this.entryWords.length);
    }
  }

  /** True when `bytes` contains at least one of the words. */
  matchesAny(bytes: Uint8Array): boolean {
    if (this.shortWords.length > 0) {
      const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      for (const word of this.shortWords) {
        if (buffer.indexOf(word) !== -1) {
          return true;
        }
      }
    }
    // A Uint16Array must start at an even byte offset: from an odd one, the first pair read is at position 1.
    const start = bytes.byteOffset & 1;
    const count = Math.max(0, bytes.length - start) >>> 1;
    if (count === 0) {
      return false;
    }
    const pairs = new Uint16Array(bytes.buffer, bytes.byteOffset + start, count);
    const groupByPair = this.groupByPair;
    const nextBytesByGroup = this.nextBytesByGroup;
    const length = bytes.length;
    for (let index = 0; index < count; index++) {
      const group = groupByPair[pairs[index]];
      if (group !== 0) {
        const position = start + 2 * index;
        const next = position + 2 < length ? bytes[position + 2] : -1;
        if ((next < 0 || (nextBytesByGroup[group * 8 + (next >>> 5)] & (1 << (next & 31))) !== 0) && this.matchesGroupAt(bytes, position, group)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a word of group `group` (1-based) occurs with its indexed pair at `position`. */
  private matchesGroupAt(bytes: Uint8Array, position: number, group: number): boolean {
    const end = this.groupStarts[group];
    for (let entry = this.groupStarts[group - 1]; entry < end; entry++) {
      const word = this.entryWords[entry];
      const wordStart = position - this.entryOffsets[entry];
      if (wordStart < 0 || wordStart + word.length > bytes.length) {
        continue;
      }
      let index = 0;
      while (index < word.length && bytes[wordStart + index] === word[index]) {
        index++;
      }
      if (index === word.length) {
        return true;
      }
    }
    return false;
  }
}

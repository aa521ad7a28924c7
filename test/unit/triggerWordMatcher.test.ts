import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TriggerWordMatcher } from '../../src/core/analysis/triggerWordMatcher';

// The matcher reads only the byte pairs at even positions; these tests pin that every alignment of every word is
// still found, whatever the buffer's byte offset, against a plain search.
function naiveMatchesAny(words: readonly string[], bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return words.some((word) => word !== '' && buffer.indexOf(Buffer.from(word, 'utf8')) !== -1);
}

/** `text`'s bytes at byte offset `offset` of a larger buffer (an odd offset makes the 16-bit view start late). */
function bytesAt(text: string, offset: number, asBuffer: boolean): Uint8Array {
  const content = Buffer.from(text, 'utf8');
  const backing = new Uint8Array(offset + content.length + 3).fill(0x74);
  backing.set(content, offset);
  return asBuffer ? Buffer.from(backing.buffer, offset, content.length) : backing.subarray(offset, offset + content.length);
}

describe('trigger word matcher', () => {
  const words = ['torch', 'ckpt', '.pt"', "'pt'", 'RR0', 'refactor-runbook', '--output ', 'x', 'ab', 'café', 'é_model'];

  it('finds each word at every alignment, at the start, middle and end, at even and odd byte offsets', () => {
    const matcher = new TriggerWordMatcher(words);
    for (const word of words) {
      for (const prefix of ['', 'y', 'yy', 'yyy']) {
        for (const suffix of ['', 'z', 'zz']) {
          for (const offset of [0, 1, 2, 3]) {
            for (const asBuffer of [true, false]) {
              const text = `${prefix}${word}${suffix}`;
              assert.equal(matcher.matchesAny(bytesAt(text, offset, asBuffer)), true, `${JSON.stringify(text)} at offset ${offset}`);
            }
          }
        }
      }
    }
  });

  it('does not match near misses', () => {
    const matcher = new TriggerWordMatcher(['torch', 'checkpoint', 'RR0']);
    for (const text of ['', 't', 'torc', 'orch', 'tor ch', 'checkpoin', 'heckpoint', 'RR', 'R R0', 'TORCH']) {
      for (const offset of [0, 1]) {
        assert.equal(matcher.matchesAny(bytesAt(text, offset, true)), false, `${JSON.stringify(text)} at offset ${offset}`);
      }
    }
  });

  it('agrees with a plain search on random texts and words', () => {
    const alphabet = fc.constantFrom('t', 'o', 'r', 'c', 'h', '.', 'p', '"', "'", 'é', '_', ' ', '\n');
    const text = fc.array(alphabet, { maxLength: 200 }).map((characters) => characters.join(''));
    const word = fc.array(alphabet, { minLength: 0, maxLength: 6 }).map((characters) => characters.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), text, fc.integer({ min: 0, max: 3 }), fc.boolean(), (randomWords, randomText, offset, asBuffer) => {
        const bytes = bytesAt(randomText, offset, asBuffer);
        assert.equal(new TriggerWordMatcher(randomWords).matchesAny(bytes), naiveMatchesAny(randomWords, bytes));
      }),
      { numRuns: 2_000 },
    );
  });
});

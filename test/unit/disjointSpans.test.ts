import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DisjointSpans } from '../../src/core/text/disjointSpans';

describe('disjoint spans', () => {
  it('handles empty spans at the start of another span, in either order', () => {
    for (const order of [[[5, 7], [5, 5]], [[5, 5], [5, 7]]] as const) {
      const spans = new DisjointSpans();
      for (const [start, end] of order) {
        assert.equal(spans.overlaps(start, end), false);
        spans.add(start, end);
      }
      assert.equal(spans.overlaps(6, 6), true);
      assert.equal(spans.overlaps(7, 9), false);
    }
  });

  it('answers overlap queries exactly as a scan of every added span does', () => {
    const span = fc.tuple(fc.nat(200), fc.nat(30)).map(([start, length]) => [start, start + length] as const);
    fc.assert(
      fc.property(fc.array(span, { maxLength: 60 }), (candidates) => {
        const spans = new DisjointSpans();
        const added: Array<readonly [number, number]> = [];
        for (const [start, end] of candidates) {
          const expected = added.some(([addedStart, addedEnd]) => start < addedEnd && addedStart < end);
          assert.equal(spans.overlaps(start, end), expected, `[${start}, ${end}) against ${JSON.stringify(added)}`);
          if (!expected) {
            spans.add(start, end);
            added.push([start, end]);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

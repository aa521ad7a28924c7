import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffTexts } from '../../src/core/python/pythonParser';
import { SourceText } from '../../src/core/analysis/sourceText';

// An open document's next version shifts the previous version's line starts (SourceText.afterChange); they must be
// exactly the line starts of the new text, whatever the edit does to line breaks.
const pieces = ['\n', '\r\n', 'a', 'bc', ' ', '\n\n', 'x\ny', '\r', 'é', '😀'];
const textArbitrary = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));

describe('source text after a change', () => {
  it('has the line starts of the new text, and ranges computed from them', () => {
    let tried = 0;
    fc.assert(
      fc.property(textArbitrary, fc.array(fc.tuple(fc.nat(), fc.nat(4), textArbitrary), { minLength: 1, maxLength: 6 }), (initial, edits) => {
        let previous = new SourceText(initial);
        void previous.lineStarts;
        for (const [at, removed, inserted] of edits) {
          const start = at % (previous.text.length + 1);
          const end = Math.min(previous.text.length, start + removed);
          const text = previous.text.slice(0, start) + inserted + previous.text.slice(end);
          const next = SourceText.afterChange(previous, text, diffTexts(previous.text, text));
          const fresh = new SourceText(text);
          assert.deepEqual(next.lineStarts, fresh.lineStarts, `after replacing [${start}, ${end}) of ${JSON.stringify(previous.text)} by ${JSON.stringify(inserted)}`);
          assert.deepEqual(next.lines, fresh.lines);
          assert.deepEqual(next.rangeOfOffsets(0, text.length), fresh.rangeOfOffsets(0, text.length));
          previous = next;
          tried++;
        }
      }),
      { numRuns: 400 },
    );
    assert.ok(tried >= 400, `only ${tried} edits were tried`);
  });

  it('searches the whole text when the previous version never computed its line starts', () => {
    const previous = new SourceText('a\nb\n');
    const next = SourceText.afterChange(previous, 'a\nxb\n', { startOffset: 2, oldEndOffset: 2, newEndOffset: 3 });
    assert.deepEqual(next.lineStarts, [0, 2, 5]);
  });
});

describe('source text line breaks', () => {
  it("ends lines where Python does: at \\n, \\r\\n and a lone \\r (classic Mac and mixed endings)", () => {
    // Python's own numbering of this text (str.splitlines on universal newlines): 7 lines.
    const text = 'import torch\r\r\rm = torch.load("a.pt")\r\n\nx = 1\rn = torch.load("b.pt")\n';
    const source = new SourceText(text);
    assert.deepEqual(source.lines, ['import torch', '', '', 'm = torch.load("a.pt")', '', 'x = 1', 'n = torch.load("b.pt")', '']);
    assert.equal(source.lineText(6), 'n = torch.load("b.pt")');
    assert.deepEqual(source.rangeOfOffsets(text.indexOf('n = '), text.indexOf('n = ') + 1), { line: 7, column: 1, endLine: 7, endColumn: 2 });
  });
});

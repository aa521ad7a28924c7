import assert from 'node:assert/strict';
import { SourceText } from '../../src/core/text/sourceText';

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

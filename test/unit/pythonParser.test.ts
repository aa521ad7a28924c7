import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffTexts, ParseCancelledError, PythonParser, pointAt, wasmLocationIn } from '../../src/core/python/pythonParser';
import { testWasmLocation } from './support/testWasm';

describe('python parser', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await PythonParser.load(testWasmLocation);
  });

  it('reports columns in UTF-16 code units for non-ASCII text', () => {
    const tree = parser.parse('x = "é😀"; y = 1\n');
    try {
      const identifiers = tree.rootNode.descendantsOfType('identifier');
      const y = identifiers.find((node) => node?.text === 'y');
      // x, space, =, space, ", é (1 unit), 😀 (2 units), ", ;, space → y at UTF-16 index 11.
      assert.deepEqual(y?.startPosition, { row: 0, column: 11 });
      assert.equal(y?.startIndex, 11);
    } finally {
      tree.delete();
    }
  });

  it('keeps parsing past syntax errors', () => {
    const tree = parser.parse('def broken(:\n    pass\n\nimport torch\nmodel = torch.load(path)\n');
    try {
      assert.equal(tree.rootNode.hasError, true);
      assert.ok(tree.rootNode.descendantsOfType('call').some((node) => node?.text === 'torch.load(path)'));
    } finally {
      tree.delete();
    }
  });

  it('re-parses incrementally to the same tree as a full parse, including after non-ASCII text', () => {
    const before = 'import torch\n# héllo 😀\ndef load(p):\n    return torch.load(p)\n';
    const after = before.replace('torch.load(p)', 'torch.load(p, weights_only=True)');
    const oldTree = parser.parse(before);
    const incremental = parser.reparse(oldTree, before, after);
    const full = parser.parse(after);
    try {
      assert.equal(incremental.rootNode.toString(), full.rootNode.toString());
      const call = incremental.rootNode.descendantsOfType('call')[0];
      assert.equal(call?.text, 'torch.load(p, weights_only=True)');
      assert.deepEqual(call?.startPosition, { row: 3, column: 11 });
    } finally {
      oldTree.delete();
      incremental.delete();
      full.delete();
    }
  });

  it('computes the changed span and positions of a text change', () => {
    assert.deepEqual(diffTexts('abcdef', 'abXdef'), { startOffset: 2, oldEndOffset: 3, newEndOffset: 3 });
    assert.deepEqual(diffTexts('abc', 'abc'), { startOffset: 3, oldEndOffset: 3, newEndOffset: 3 });
    assert.deepEqual(diffTexts('aaa', 'aaaa'), { startOffset: 3, oldEndOffset: 3, newEndOffset: 4 });
    assert.deepEqual(pointAt('ab\ncd\n', 4), { row: 1, column: 1 });
  });

  it('finds the smallest changed span of long texts, whatever the edit', () => {
    // Long runs of repeated text make chunked comparison easy to get wrong at chunk boundaries.
    const text = fc.array(fc.constantFrom('a', 'b', '\n', 'ab'.repeat(150), 'x'.repeat(700)), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(600), text, (before, at, removed, inserted) => {
        const start = at % (before.length + 1);
        const after = before.slice(0, start) + inserted + before.slice(Math.min(before.length, start + removed));
        const change = diffTexts(before, after);
        let prefix = 0;
        while (prefix < Math.min(before.length, after.length) && before[prefix] === after[prefix]) prefix++;
        let suffix = 0;
        while (suffix < Math.min(before.length, after.length) - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
        assert.deepEqual(change, { startOffset: prefix, oldEndOffset: before.length - suffix, newEndOffset: after.length - suffix });
      }),
      { numRuns: 500 },
    );
  });

  it('compiles each query once and explains an invalid query', () => {
    const source = '(call) @call';
    assert.equal(parser.query(source), parser.query(source));
    assert.throws(() => parser.query('(not_a_node_type) @x'), /Invalid tree-sitter query .*not_a_node_type/s);
  });

  it('cancels a parse that exceeds its time limit', async () => {
    const impatient = await PythonParser.load(testWasmLocation, 0);
    const large = 'x = [' + '1, '.repeat(300_000) + ']\n';
    assert.throws(() => impatient.parse(large), ParseCancelledError);
    // The parser stays usable after a cancelled parse.
    const tree = parser.parse('a = 1\n');
    assert.equal(tree.rootNode.type, 'module');
    tree.delete();
  });

  it('says where the wasm files were expected when they are missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'rr-wasm-'));
    await assert.rejects(PythonParser.load(wasmLocationIn(empty)), /tree-sitter runtime not found at .*tree-sitter\.wasm\. Run `npm run build`/);
  });
});

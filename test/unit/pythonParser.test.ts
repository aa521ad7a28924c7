import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { editsOfChanges, pointAt } from '../../src/core/python/contentChanges';
import type { ContentChange } from '../../src/core/python/contentChanges';
import { ParseCancelledError, PythonParser, wasmLocationIn } from '../../src/core/python/pythonParser';
import { applyChanges, contentChangeOf } from './support/editSequences';
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

  /**
   * Re-parses `before` incrementally by the editor's `changes` and parses `after` afresh: the trees must be the same;
   * `check` then sees the incremental one. Both trees are deleted.
   */
  function reparseAgreesWithFullParse(before: string, changes: readonly ContentChange[], after: string, check: (incremental: Tree) => void = () => undefined): void {
    const edits = editsOfChanges(before, changes, after);
    assert.ok(edits !== undefined);
    const oldTree = parser.parse(before);
    const incremental = parser.reparse(oldTree, edits, after);
    const full = parser.parse(after);
    try {
      assert.equal(incremental.rootNode.toString(), full.rootNode.toString());
      check(incremental);
    } finally {
      oldTree.delete();
      incremental.delete();
      full.delete();
    }
  }

  it('re-parses incrementally to the same tree as a full parse, including after non-ASCII text', () => {
    const before = 'import torch\n# héllo 😀\ndef load(p):\n    return torch.load(p)\n';
    const after = before.replace('torch.load(p)', 'torch.load(p, weights_only=True)');
    const offset = before.lastIndexOf('(p)') + 2;
    reparseAgreesWithFullParse(before, [{ offset, length: 0, text: ', weights_only=True' }], after, (incremental) => {
      const call = incremental.rootNode.descendantsOfType('call')[0];
      assert.equal(call?.text, 'torch.load(p, weights_only=True)');
      assert.deepEqual(call?.startPosition, { row: 3, column: 11 });
    });
  });

  it('turns the editor\'s change list into tree-sitter edits, and refuses a list that does not lead to the text', () => {
    assert.deepEqual(pointAt('ab\ncd\n', 4), { row: 1, column: 1 });
    assert.deepEqual(editsOfChanges('ab\ncd', [{ offset: 3, length: 1, text: 'X\nY' }], 'ab\nX\nYd'), [
      { startIndex: 3, oldEndIndex: 4, newEndIndex: 6, startPosition: { row: 1, column: 0 }, oldEndPosition: { row: 1, column: 1 }, newEndPosition: { row: 2, column: 1 } },
    ]);
    assert.equal(editsOfChanges('abc', [{ offset: 1, length: 1, text: 'X' }], 'abc'), undefined);
    assert.equal(editsOfChanges('abc', [{ offset: 2, length: 5, text: '' }], 'ab'), undefined);
  });

  it('re-parses random sequences of several changes to the tree a full parse gives', () => {
    const piece = fc.constantFrom('a', 'def f(x):\n', '    return x\n', '(', ')', '"', '\n', 'é', '😀', '# c\n', 'torch.load(p)\n');
    const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(8), insert: text });
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 4 }), (before, randomEdits) => {
        let after = before;
        const changes = randomEdits.map((random) => {
          const change = contentChangeOf(after, random);
          after = applyChanges(after, [change]);
          return change;
        });
        reparseAgreesWithFullParse(before, changes, after);
      }),
      { numRuns: 300 },
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

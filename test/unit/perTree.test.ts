import assert from 'node:assert/strict';
import { PerTree } from '../../src/core/python/perTree';
import { PythonParser } from '../../src/core/python/pythonParser';
import { testWasmLocation } from './support/testWasm';

describe('facts per tree', () => {
  it('keeps one value per tree and per kind of fact, on the tree itself', async () => {
    const parser = await PythonParser.load(testWasmLocation);
    const first = parser.parse('a = 1\n');
    const second = parser.parse('b = 2\n');
    try {
      const names = new PerTree<string>('names');
      const counts = new PerTree<number>('counts');
      assert.equal(names.has(first), false);
      names.set(first, 'a');
      counts.set(first, 1);
      names.set(second, 'b');
      assert.equal(names.get(first), 'a');
      assert.equal(counts.get(first), 1);
      assert.equal(names.get(second), 'b');
      assert.equal(counts.has(second), false);
      // A copy is another tree: it starts without facts.
      const copy = first.copy();
      try {
        assert.equal(names.get(copy), undefined);
        // No enumerable trace on the tree: a tree with facts lists the same keys as one without.
        assert.deepEqual(Object.keys(first), Object.keys(copy));
      } finally {
        copy.delete();
      }
    } finally {
      first.delete();
      second.delete();
    }
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PythonParser } from '../../../src/core/python/pythonParser';
import type { PytestItem } from '../../../src/core/verification/pytestTestIds';
import { findPytestItems, isPytestFileName, pytestItemAtLine, pytestNodeId } from '../../../src/core/verification/pytestTestIds';
import { testWasmLocation } from '../support/testWasm';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('pytest test ids from the parser', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await PythonParser.load(testWasmLocation);
  });

  const itemsOf = (source: string): PytestItem[] => {
    const tree = parser.parse(source);
    try {
      return findPytestItems(tree);
    } finally {
      tree.delete();
    }
  };

  const source = [
    'import pytest', // 0
    '', // 1
    'def helper():', // 2
    '    return 1', // 3
    '', // 4
    '@pytest.mark.parametrize("x", [1, 2])', // 5
    'def test_decorated(x):', // 6
    '    assert x', // 7
    '', // 8
    'async def test_async():', // 9
    '    assert True', // 10
    '', // 11
    'class TestSaving:', // 12
    '    def setup_method(self):', // 13
    '        self.state = {}', // 14
    '', // 15
    '    def test_state_dict(self):', // 16
    '        assert self.state == {}', // 17
    '', // 18
    '    class TestNested:', // 19
    '        def test_inner(self):', // 20
    '            pass', // 21
    '', // 22
    'class Helper:', // 23
    '    def test_not_collected(self):', // 24
    '        pass', // 25
  ].join('\n');

  it('finds module-level test functions (decorated and async) and Test classes with their methods and nested classes', () => {
    assert.deepEqual(
      itemsOf(source).map((item) => `${item.kind}:${item.path.join('::')}@${item.startLine}-${item.endLine}`),
      ['function:test_decorated@5-7', 'function:test_async@9-10', 'class:TestSaving@12-21', 'function:TestSaving::test_state_dict@16-17', 'class:TestSaving::TestNested@19-21', 'function:TestSaving::TestNested::test_inner@20-21'],
    );
  });

  it('the test at a line is the innermost one around it; outside any test there is none', () => {
    const items = itemsOf(source);
    const at = (line: number): string | undefined => {
      const item = pytestItemAtLine(items, line);
      return item === undefined ? undefined : pytestNodeId('tests/test_saving.py', item);
    };
    assert.equal(at(5), 'tests/test_saving.py::test_decorated', 'on the decorator');
    assert.equal(at(7), 'tests/test_saving.py::test_decorated');
    assert.equal(at(17), 'tests/test_saving.py::TestSaving::test_state_dict');
    assert.equal(at(14), 'tests/test_saving.py::TestSaving', 'in a helper method: the class');
    assert.equal(at(21), 'tests/test_saving.py::TestSaving::TestNested::test_inner');
    assert.equal(at(3), undefined, 'in a helper function');
    assert.equal(at(24), undefined, 'in a class pytest does not collect');
  });

  it("lists the example workspace's tests with node ids pytest accepts", () => {
    const tests = readFileSync(path.join(repoRoot, 'examples', 'legacy-research-repo', 'tests', 'test_config.py'), 'utf8');
    const ids = itemsOf(tests).map((item) => pytestNodeId('tests/test_config.py', item));
    assert.ok(ids.includes('tests/test_config.py::test_canonical_dir'), ids.join(', '));
    assert.ok(ids.every((id) => /^tests\/test_config\.py::test_\w+$/.test(id)));
  });

  it('still finds the tests in a file with a syntax error elsewhere', () => {
    const items = itemsOf('def test_ok():\n    pass\n\ndef broken(:\n    pass\n');
    assert.deepEqual(items.map((item) => item.path.join('::')), ['test_ok']);
  });

  it('knows pytest file names, and writes Windows paths with "/"', () => {
    assert.ok(isPytestFileName('test_config.py'));
    assert.ok(isPytestFileName('config_test.py'));
    assert.ok(!isPytestFileName('conftest.py'));
    assert.ok(!isPytestFileName('testing.py'));
    assert.ok(!isPytestFileName('_test.py'));
    assert.equal(pytestNodeId('tests\\unit\\test_a.py', { path: ['test_b'], kind: 'function', startLine: 0, endLine: 0 }), 'tests/unit/test_a.py::test_b');
  });
});

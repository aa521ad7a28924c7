// Which verification problems stay: a run replaces only what it ran over, a run that never happened clears nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FinishedStep } from '../../../src/core/verification/verificationProblemBook';
import { absoluteTestId, testIdCovers, VerificationProblemBook } from '../../../src/core/verification/verificationProblemBook';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const failures = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'tool-output', 'pytest', 'failures.txt'), 'latin1');
const folder = '/work/project';

function step(taskId: FinishedStep['taskId'], output: string, scope: FinishedStep['scope'] = { kind: 'folder' }): FinishedStep {
  const tool = taskId === 'tests' || taskId === 'focused-test' ? 'pytest' : taskId === 'type-check' ? 'mypy' : taskId === 'lint' ? 'ruff' : 'py_compile';
  return { folder, taskId, tool, scope, output };
}

const summary = (book: VerificationProblemBook): string[] => book.problems().map((problem) => `${problem.source} ${path.relative(folder, problem.file)}:${problem.line} ${problem.code ?? ''}${problem.testId === undefined ? '' : ` <${path.relative(folder, problem.testId)}>`}`);

const mypyErrors = ['src/a.py:1: error: Name "x" is not defined  [name-defined]', 'src/a.py:2: error: Incompatible types  [assignment]', 'src/b.py:3: error: Missing return  [return]', 'Found 3 errors in 2 files'].join('\n');

describe('verification problem book', () => {
  it('places each pytest problem in the failed test whose section prints it, and the summary line by its id', () => {
    const book = new VerificationProblemBook();
    book.recordFinishedStep(step('tests', failures));
    assert.deepEqual(summary(book), [
      'pytest tests/test_paths.py:30 RuntimeError <tests/test_paths.py::test_uses_broken_fixture>',
      'pytest tests/test_paths.py:7 AssertionError <tests/test_paths.py::test_canonical_dir_grammar>',
      'pytest src/paths.py:8 ValueError <tests/test_paths.py::test_empty_dataset_is_rejected_with_remediation>',
      'pytest tests/test_paths.py:16 AssertionError <tests/test_paths.py::test_parametrized[road]>',
      'pytest tests/test_paths.py:22 AssertionError <tests/test_paths.py::TestSaving::test_state_dict_is_plain_dict>',
      'pytest tests/test_paths.py:1 tests/test_paths.py::test_canonical_dir_grammar <tests/test_paths.py::test_canonical_dir_grammar>',
      'pytest tests/test_paths.py:1 tests/test_paths.py::test_empty_dataset_is_rejected_with_remediation <tests/test_paths.py::test_empty_dataset_is_rejected_with_remediation>',
      'pytest tests/test_paths.py:1 tests/test_paths.py::test_parametrized[road] <tests/test_paths.py::test_parametrized[road]>',
      'pytest tests/test_paths.py:1 tests/test_paths.py::TestSaving::test_state_dict_is_plain_dict <tests/test_paths.py::TestSaving::test_state_dict_is_plain_dict>',
    ]);
  });

  it('a focused run that passes clears only its own test (by relative or absolute id); one of another test clears nothing', () => {
    const book = new VerificationProblemBook();
    book.recordFinishedStep(step('tests', failures));
    const before = summary(book);
    assert.equal(book.recordFinishedStep(step('focused-test', '1 passed in 0.01s\n', { kind: 'test', testId: 'tests/test_other.py::test_passes' })), false);
    assert.deepEqual(summary(book), before);
    assert.equal(book.recordFinishedStep(step('focused-test', '1 passed in 0.01s\n', { kind: 'test', testId: `${folder}/tests/test_paths.py::test_canonical_dir_grammar` })), true);
    assert.deepEqual(
      summary(book),
      before.filter((line) => !line.includes('<tests/test_paths.py::test_canonical_dir_grammar>')),
    );
    // A class covers its methods; a test id covers its parametrized cases.
    book.recordFinishedStep(step('focused-test', '', { kind: 'test', testId: 'tests/test_paths.py::TestSaving' }));
    book.recordFinishedStep(step('focused-test', '', { kind: 'test', testId: 'tests/test_paths.py::test_parametrized' }));
    assert.ok(!summary(book).some((line) => line.includes('TestSaving') || line.includes('test_parametrized')), summary(book).join('\n'));
    // A full run that passes speaks for every test.
    book.recordFinishedStep(step('tests', '5 passed in 0.03s\n'));
    assert.deepEqual(summary(book), []);
  });

  it('a focused run that fails replaces its test\'s problems with what it printed, placing unplaced ones in that test', () => {
    const book = new VerificationProblemBook();
    book.recordFinishedStep(step('tests', failures));
    const focused = ['F', '=== FAILURES ===', 'tests/test_paths.py:9: AssertionError', '=== short test summary info ===', 'FAILED tests/test_paths.py::test_canonical_dir_grammar - AssertionError: now line 9', '1 failed'].join('\n');
    book.recordFinishedStep(step('focused-test', focused, { kind: 'test', testId: 'tests/test_paths.py::test_canonical_dir_grammar' }));
    const mine = summary(book).filter((line) => line.includes('<tests/test_paths.py::test_canonical_dir_grammar>'));
    assert.deepEqual(mine, ['pytest tests/test_paths.py:9 AssertionError <tests/test_paths.py::test_canonical_dir_grammar>', 'pytest tests/test_paths.py:1 tests/test_paths.py::test_canonical_dir_grammar <tests/test_paths.py::test_canonical_dir_grammar>']);
    assert.equal(summary(book).length, 9);
  });

  it("tools keep separate problems: a lint run does not touch mypy's, and a passing type check clears them", () => {
    const book = new VerificationProblemBook();
    book.recordFinishedStep(step('type-check', mypyErrors));
    book.recordFinishedStep(step('lint', 'src/a.py:1:1: F401 [*] `os` imported but unused\n'));
    book.recordFinishedStep(step('lint', 'All checks passed!\n'));
    assert.deepEqual(summary(book), ['mypy src/a.py:1 name-defined', 'mypy src/a.py:2 assignment', 'mypy src/b.py:3 return']);
    book.recordFinishedStep(step('type-check', 'Success: no issues found in 2 source files\n'));
    assert.deepEqual(summary(book), []);
  });

  it('a syntax check of some files replaces the problems of those files only', () => {
    const error = (file: string): string => `  File "${file}", line 2\n    def f(:\n          ^\nSyntaxError: invalid syntax\n`;
    const book = new VerificationProblemBook();
    book.recordFinishedStep(step('syntax-check', error('a.py') + error('src/b.py'), { kind: 'files', files: ['a.py', 'src/b.py'] }));
    book.recordFinishedStep(step('syntax-check', '', { kind: 'files', files: [`${folder}/a.py`] }));
    assert.deepEqual(summary(book), ['py_compile src/b.py:2 SyntaxError']);
  });

  it('reads coloured output as the terminal shows it', () => {
    const book = new VerificationProblemBook();
    // As mypy prints it with MYPY_FORCE_COLOR (captured from mypy 1.x): each colour ends with ESC ( B ESC [ m.
    const reset = '\u001b(B\u001b[m';
    book.recordFinishedStep(step('type-check', `src/a.py:1: \u001b[1m\u001b[31merror:${reset} Name ${reset}\u001b[1m"x"${reset} is not defined  ${reset}\u001b[33m[name-defined]${reset}\r\n`));
    assert.deepEqual(summary(book), ['mypy src/a.py:1 name-defined']);
    assert.equal(book.problems()[0]?.message, 'Name "x" is not defined');
  });

  it('test ids: the file part made absolute; a run covers its id, cases, and what a file or class holds', () => {
    assert.equal(absoluteTestId('/p', 'tests/t.py::C::t[a::b]'), '/p/tests/t.py::C::t[a::b]');
    assert.equal(absoluteTestId('/p', '/q/t.py'), '/q/t.py');
    assert.ok(testIdCovers('/p/t.py', '/p/t.py::test_a'));
    assert.ok(testIdCovers('/p/t.py::test_a', '/p/t.py::test_a[1]'));
    assert.ok(!testIdCovers('/p/t.py::test_a', '/p/t.py::test_ab'));
  });
});

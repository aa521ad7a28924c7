import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Severity } from '../../../src/core/model/finding';
import { formatText } from '../../../src/cli/textFormat';
import type { CheckReport } from '../../../src/cli/checkReport';
import {
  problemMatcherContributions,
  problemMatchers,
  problemMatchersByTool,
  problemPatternContributions,
  problemPatterns,
} from '../../../src/core/verification/problemMatchers';
import type { MatchedProblem } from '../../../src/core/verification/toolOutputProblems';
import { matchProblems } from '../../../src/core/verification/toolOutputProblems';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const toolOutput = path.join(repoRoot, 'test', 'fixtures', 'tool-output');
const read = (relative: string): string => readFileSync(path.join(toolOutput, relative), 'latin1');

type Expected = Pick<MatchedProblem, 'file' | 'line'> & Partial<MatchedProblem>;

function assertProblems(actual: readonly MatchedProblem[], expected: readonly Expected[], context: string): void {
  assert.equal(actual.length, expected.length, `${context}: found ${JSON.stringify(actual, null, 1)}`);
  expected.forEach((want, index) => {
    const got = actual[index];
    assert.ok(got, `${context}: problem ${index}`);
    for (const [key, value] of Object.entries(want)) assert.deepEqual(got[key as keyof MatchedProblem], value, `${context}: problem ${index}, ${key}`);
  });
}

describe('problem matchers against captured tool output', () => {
  describe('py_compile (Python 3.8 to 3.13)', () => {
    const pyCompile = problemMatchersByTool.py_compile;
    const versions = [...new Set(readdirSync(path.join(toolOutput, 'py_compile')).map((name) => /\.python(3\.\d+\.\d+)\.txt$/.exec(name)?.[1]).filter((version) => version !== undefined))];
    const before310 = (version: string): boolean => version.startsWith('3.8.') || version.startsWith('3.9.');

    it('has output from at least six Python versions', () => {
      assert.ok(new Set(versions.map((version) => version.split('.').slice(0, 2).join('.'))).size >= 6, `versions: ${versions.join(', ')}`);
    });

    const cases: Record<string, (version: string) => Expected | undefined> = {
      invalid_syntax: () => ({ file: 'invalid_syntax.py', location: 'relative', line: 4, code: 'SyntaxError', message: 'invalid syntax', severity: 'error', source: 'py_compile' }),
      unclosed_bracket: (version) =>
        before310(version)
          ? { file: 'unclosed_bracket.py', line: 4, code: 'SyntaxError', message: 'invalid syntax' }
          : { file: 'unclosed_bracket.py', line: 1, code: 'SyntaxError', message: "'[' was never closed" },
      missing_indent: (version) => ({
        file: 'missing_indent.py',
        line: 2,
        code: 'IndentationError',
        message: before310(version) ? 'expected an indented block' : 'expected an indented block after function definition on line 1',
      }),
      unexpected_indent: () => ({ file: 'unexpected_indent.py', line: 2, code: 'IndentationError', message: 'unexpected indent' }),
      tab_error: () => ({ file: 'tab_error.py', line: 3, code: 'TabError', message: 'inconsistent use of tabs and spaces in indentation' }),
      python2_print: () => ({ file: 'python2_print.py', line: 1, code: 'SyntaxError' }),
      return_outside: () => ({ file: 'return_outside.py', line: 3, code: 'SyntaxError', message: "'return' outside function" }),
      bad_encoding: () => ({ file: 'bad_encoding.py', line: 1, code: 'SyntaxError', message: "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" }),
      // No file or line is printed at all: nothing to point at, and nothing is invented.
      null_byte: () => undefined,
    };

    for (const [name, expectation] of Object.entries(cases)) {
      it(`${name}: every version's output gives the right file, line and message`, () => {
        for (const version of versions) {
          const output = read(path.join('py_compile', `${name}.python${version}.txt`));
          const expected = expectation(version);
          assertProblems(matchProblems(output, pyCompile), expected === undefined ? [] : [expected], `${name} on Python ${version}`);
        }
      });
    }

    it('finds a Sorry: line even when it is the last output, without a newline (Python 3.10+)', () => {
      const output = read(`py_compile/tab_error.python${versions.find((version) => version.startsWith('3.11.')) ?? '?'}.txt`);
      assert.ok(!output.endsWith('\n'), 'the captured output really ends without a newline');
      assertProblems(matchProblems(output, pyCompile), [{ file: 'tab_error.py', line: 3, code: 'TabError' }], 'tab_error');
    });

    it("the syntax-check task's own program: every broken file, each at its line, on every version", () => {
      for (const version of versions) {
        const output = read(`py_compile_each_file/all.python${version}.txt`);
        const expected = Object.entries(cases)
          .map(([, expectation]) => expectation(version))
          .filter((entry): entry is Expected => entry !== undefined)
          .sort((left, right) => (left.file < right.file ? -1 : 1));
        assertProblems(matchProblems(output, pyCompile), expected, `each-file program on Python ${version}`);
        assert.match(output, /null_byte\.py: .*null bytes/, 'an error without a line still names its file');
        assert.match(output, /missing\.py: \[Errno 2\] No such file or directory/);
        assert.match(output, /^py_compile: 0 of 10 files compiled, 10 with errors$/m);
      }
    });

    it('takes the file path as printed, spaces and all, and skips "<fstring>"-style pseudo files', () => {
      const output = '  File "/tmp/my project/src/training/broken module.py", line 12\n    def f(:\n          ^\nSyntaxError: invalid syntax\n';
      assertProblems(matchProblems(output, pyCompile), [{ file: '/tmp/my project/src/training/broken module.py', line: 12, location: 'absolute' }], 'spaces');
      const windows = '  File "C:\\work\\src\\broken.py", line 3\n    def f(:\n          ^\nSyntaxError: invalid syntax\n';
      assertProblems(matchProblems(windows, pyCompile), [{ file: 'C:\\work\\src\\broken.py', line: 3, location: 'absolute' }], 'windows');
      assertProblems(matchProblems('  File "<fstring>", line 1\n    (1 +)\n        ^\nSyntaxError: unexpected EOF while parsing\n', pyCompile), [], 'fstring');
    });
  });

  it('flake8: file, line, column, code and message of each finding, including E999 syntax errors', () => {
    const problems = matchProblems(read('flake8/failing-project.txt'), problemMatchersByTool.flake8);
    assertProblems(
      problems,
      [
        { file: './src/paths.py', line: 2, column: 1, code: 'F401', message: "'os' imported but unused", severity: 'warning', source: 'flake8' },
        { file: './src/paths.py', line: 18, column: 5, code: 'F841' },
        { file: './src/paths.py', line: 23, column: 5, code: 'F821', message: "undefined name 'reveal_type'" },
        { file: './src/paths.py', line: 24, column: 80, code: 'E501' },
        { file: './tests/test_paths.py', line: 22, column: 80, code: 'E501' },
      ],
      'flake8',
    );
    assertProblems(matchProblems(read('flake8/syntax-error.txt'), problemMatchersByTool.flake8), [{ file: 'src/broken.py', line: 1, column: 13, code: 'E999', message: 'SyntaxError: invalid syntax' }], 'E999');
  });

  it('pylint: every message line, with E and W ids as error and warning and the whole line marked', () => {
    const problems = matchProblems(read('pylint/failing-project.txt'), problemMatchersByTool.pylint);
    assert.equal(problems.length, 18);
    assertProblems(
      problems.filter((problem) => problem.file === 'src/paths.py' && [2, 18, 23, 24].includes(problem.line)),
      [
        { file: 'src/paths.py', line: 24, code: 'C0301', message: 'Line too long (106/100) (line-too-long)', severity: 'warning', column: undefined },
        { file: 'src/paths.py', line: 18, code: 'W0612', severity: 'warning' },
        { file: 'src/paths.py', line: 23, code: 'E0602', message: "Undefined variable 'reveal_type' (undefined-variable)", severity: 'error' },
        { file: 'src/paths.py', line: 2, code: 'W0611' },
      ],
      'pylint',
    );
    assert.ok(problems.every((problem) => problem.source === 'pylint'));
  });

  it('mypy: errors with their code, notes as information, the closing summary ignored', () => {
    assertProblems(
      matchProblems(read('mypy/failing-project.txt'), problemMatchersByTool.mypy),
      [
        { file: 'src/paths.py', line: 13, severity: 'error', code: 'assignment', message: 'Incompatible types in assignment (expression has type "Union[str, int]", variable has type "int")' },
        { file: 'src/paths.py', line: 19, severity: 'error', code: 'arg-type' },
        { file: 'src/paths.py', line: 23, severity: 'info', code: undefined, message: 'Revealed type is "pathlib.Path"' },
      ],
      'mypy',
    );
    assertProblems(matchProblems(read('mypy/syntax-error.txt'), problemMatchersByTool.mypy), [{ file: 'src/broken.py', line: 1, code: 'syntax', message: 'invalid syntax' }], 'mypy syntax');
    assertProblems(
      matchProblems('src/paths.py:13:12: error: Name "x" is not defined  [name-defined]\n', problemMatchersByTool.mypy),
      [{ file: 'src/paths.py', line: 13, column: 12, code: 'name-defined' }],
      'mypy --show-column-numbers',
    );
  });

  it('pytest: each failure where it was raised, with the message when pytest prints "Type: message" last, and each failed test by id with its message', () => {
    assertProblems(
      matchProblems(read('pytest/failures.txt'), problemMatchersByTool.pytest),
      [
        { file: 'tests/test_paths.py', line: 30, code: 'RuntimeError', message: 'RuntimeError: fixture setup failed', severity: 'error', source: 'pytest' },
        { file: 'tests/test_paths.py', line: 7, code: 'AssertionError', message: 'AssertionError' },
        { file: 'src/paths.py', line: 8, code: 'ValueError', message: 'ValueError: dataset must not be empty' },
        { file: 'tests/test_paths.py', line: 16, code: 'AssertionError', message: 'AssertionError' },
        { file: 'tests/test_paths.py', line: 22, code: 'AssertionError', message: 'AssertionError' },
        { file: 'tests/test_paths.py', line: 1, code: 'tests/test_paths.py::test_canonical_dir_grammar', message: "AssertionError: assert PosixPath('experiment_runs/hcrl_sa') ..." },
        { file: 'tests/test_paths.py', line: 1, code: 'tests/test_paths.py::test_empty_dataset_is_rejected_with_remediation', message: 'ValueError: dataset must not be empty' },
        { file: 'tests/test_paths.py', line: 1, code: 'tests/test_paths.py::test_parametrized[road]', message: 'AssertionError: assert False' },
        { file: 'tests/test_paths.py', line: 1, code: 'tests/test_paths.py::TestSaving::test_state_dict_is_plain_dict', message: 'AssertionError: saved checkpoints must be pla...' },
      ],
      'pytest failures',
    );
  });

  it('pytest: a test module that fails to import, at its import line', () => {
    assertProblems(
      matchProblems(read('pytest/collection-error.txt'), problemMatchersByTool.pytest),
      [{ file: 'collection_error/test_renamed_module.py', line: 1, message: "ModuleNotFoundError: No module named 'src.config'" }],
      'collection error',
    );
  });

  it('ruff (concise): findings, fixable markers and syntax errors, old and new forms', () => {
    // ruff is packaged neither by Debian nor npm, so this is its documented concise format, not a capture.
    const output = [
      'src/paths.py:2:8: F401 [*] `os` imported but unused',
      'src/paths.py:18:5: F841 Local variable `unused` is assigned to but never used',
      'src/broken.py:1:12: SyntaxError: Expected a parameter name',
      'src/old.py:3:1: E999 SyntaxError: invalid syntax',
      'Found 4 errors.',
      '[*] 1 fixable with the `--fix` option.',
    ].join('\n');
    assertProblems(
      matchProblems(output, problemMatchersByTool.ruff),
      [
        { file: 'src/paths.py', line: 2, column: 8, code: 'F401', message: '`os` imported but unused', severity: 'warning', source: 'ruff' },
        { file: 'src/paths.py', line: 18, column: 5, code: 'F841' },
        { file: 'src/broken.py', line: 1, column: 12, code: 'SyntaxError', message: 'Expected a parameter name' },
        { file: 'src/old.py', line: 3, column: 1, code: 'E999', message: 'SyntaxError: invalid syntax' },
      ],
      'ruff',
    );
  });

  it("the refactor-runbook CLI's text format, as its own formatter writes it", () => {
    const finding = (line: number, column: number, rule: string, message: string, severity: Severity) => ({
      path: 'src/training/fusion_training.py',
      finding: { rule, message, severity, range: { line, column, endLine: line, endColumn: column + 5 } },
    });
    const report = {
      findings: [finding(42, 9, 'RR001', 'Checkpoint discovered by glob: use CANGraphConfig.required_artifacts()', 'warning'), finding(57, 13, 'RR003', 'torch.load without weights_only=True', 'error')],
      stats: { files: 3, bytes: 12000, parsedFiles: 3, ms: 12, suppressed: 0, baselined: 0 },
      skipped: [],
      ruleFailures: [],
    } as unknown as CheckReport;
    assertProblems(
      matchProblems(formatText(report), ['refactor-runbook-cli']),
      [
        { file: 'src/training/fusion_training.py', line: 42, column: 9, code: 'RR001', message: 'Checkpoint discovered by glob: use CANGraphConfig.required_artifacts()', source: 'refactor-runbook' },
        { file: 'src/training/fusion_training.py', line: 57, column: 13, code: 'RR003' },
      ],
      'cli',
    );
  });

  it('relative paths are resolved against the workspace folder, absolute ones as they are, never both', () => {
    const flake8 = matchProblems('./src/a.py:1:1: F401 x\n/abs/src/b.py:2:1: F401 y\n', problemMatchersByTool.flake8);
    assert.deepEqual(
      flake8.map((problem) => `${problem.location} ${problem.file}`),
      ['relative ./src/a.py', 'absolute /abs/src/b.py'],
    );
    const pytest = matchProblems(read('pytest/failures.txt').replaceAll('tests/test_paths.py:', '/work/p/tests/test_paths.py:'), problemMatchersByTool.pytest);
    assert.ok(pytest.filter((problem) => problem.file.startsWith('/work/p/')).every((problem) => problem.location === 'absolute'));
    assert.ok(pytest.filter((problem) => problem.file.startsWith('src/')).every((problem) => problem.location === 'relative'));
    // Each captured line is claimed by at most one variant: the two look-aheads exclude each other.
    for (const pattern of problemPatterns.filter((entry) => !entry.name.endsWith('-absolute'))) {
      const absolute = problemPatterns.find((entry) => entry.name === `${pattern.name}-absolute`);
      assert.ok(absolute, pattern.name);
      for (const sample of ['./a.py:1:2: E1 m', '/a.py:1:2: E1 m', 'C:\\a.py:1:2: E1 m', '  File "/a.py", line 1', '  File "a.py", line 1']) {
        const both = pattern.lines.some((line, index) => new RegExp(line.regexp).test(sample) && line.file !== undefined && new RegExp(absolute.lines[index]?.regexp ?? '$^').test(sample));
        assert.equal(both, false, `${pattern.name}: ${sample}`);
      }
    }
  });

  it("a tool's matchers find nothing in clean output or in another tool's output", () => {
    assert.deepEqual(matchProblems('.....                                      [100%]\n5 passed in 0.03s\n', problemMatchersByTool.pytest), []);
    assert.deepEqual(matchProblems(read('flake8/failing-project.txt'), problemMatchersByTool.pytest), []);
    assert.deepEqual(matchProblems(read('mypy/failing-project.txt'), problemMatchersByTool.py_compile), []);
  });
});

describe('problem matchers in package.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: Record<string, unknown> };

  it('contributes exactly the core problemPatterns', () => {
    assert.deepEqual(manifest.contributes.problemPatterns, problemPatternContributions());
  });

  it('contributes exactly the core problemMatchers, each with a pattern that exists', () => {
    assert.deepEqual(manifest.contributes.problemMatchers, problemMatcherContributions());
    for (const matcher of problemMatchers) assert.ok(problemPatterns.some((pattern) => pattern.name === matcher.pattern), matcher.name);
  });

  it('every regexp compiles, and every pattern has a file, a line (or is a whole-file problem) and a message', () => {
    for (const pattern of problemPatterns) {
      for (const line of pattern.lines) assert.doesNotThrow(() => new RegExp(line.regexp), `${pattern.name}: ${line.regexp}`);
      const fileLevel = pattern.lines.some((line) => line.kind === 'file');
      for (const key of fileLevel ? (['file', 'message'] as const) : (['file', 'line', 'message'] as const)) assert.ok(pattern.lines.some((line) => line[key] !== undefined), `${pattern.name} has no ${key}`);
    }
  });
});

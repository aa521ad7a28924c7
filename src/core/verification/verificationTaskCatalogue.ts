// The runbook's "Local verification commands" as data: which tasks exist, what each runs (always `python -m <tool>`,
// so the chosen interpreter decides which installation of the tool runs), and with which arguments. Arguments are
// arrays handed to the operating system as they are; nothing here is ever joined into a shell command line.
import type { MatchedTool } from './problemMatchers';

export const verificationTaskType = 'refactor-runbook';

export const verificationTaskIds = ['syntax-check', 'lint', 'tests', 'focused-test', 'type-check', 'verify-all'] as const;
export type VerificationTaskId = (typeof verificationTaskIds)[number];
/** The tasks that run one tool; verify-all runs several of them in order. */
export type SingleVerificationTaskId = Exclude<VerificationTaskId, 'verify-all'>;

export function isVerificationTaskId(value: unknown): value is VerificationTaskId {
  return typeof value === 'string' && (verificationTaskIds as readonly string[]).includes(value);
}

export interface VerificationTaskInfo {
  readonly id: VerificationTaskId;
  readonly label: string;
  /** One sentence for the quick pick and the tasks.json completion. */
  readonly description: string;
  /** The runbook's own wording of the command. */
  readonly runbookCommand: string;
  readonly group: 'test' | 'check';
}

export const verificationTasks: Readonly<Record<VerificationTaskId, VerificationTaskInfo>> = {
  'syntax-check': {
    id: 'syntax-check',
    label: 'syntax check',
    description: 'Compiles the runbook\'s files with py_compile: train_with_hydra_zen.py, src/config/hydra_zen_configs.py and src/training/*.py (or the files set in refactorRunbook.syntaxCheckFiles).',
    runbookCommand: 'python -m py_compile train_with_hydra_zen.py src/config/hydra_zen_configs.py src/training/*.py',
    group: 'check',
  },
  lint: {
    id: 'lint',
    label: 'lint',
    description: 'Runs the project\'s linter (ruff, flake8 or pylint; refactorRunbook.lintTool) on the workspace.',
    runbookCommand: 'ruff check . (or flake8, pylint as the project uses)',
    group: 'check',
  },
  tests: {
    id: 'tests',
    label: 'tests',
    description: 'Runs the test suite: pytest tests -q.',
    runbookCommand: 'pytest tests -q',
    group: 'test',
  },
  'focused-test': {
    id: 'focused-test',
    label: 'focused test',
    description: 'Runs one pytest test id, e.g. tests/test_config.py::test_canonical_dir.',
    runbookCommand: 'pytest tests/test_config.py::test_canonical_dir -q',
    group: 'test',
  },
  'type-check': {
    id: 'type-check',
    label: 'type check',
    description: 'Type-checks src with mypy (optional in the runbook).',
    runbookCommand: 'mypy src',
    group: 'check',
  },
  'verify-all': {
    id: 'verify-all',
    label: 'verify all',
    description: 'Runs syntax check, lint, tests and type check in order (refactorRunbook.verifyAllTasks), stopping at the first failure, and sums up what passed.',
    runbookCommand: 'all of the above, in order',
    group: 'test',
  },
};

/** The runbook's syntax-check file list; globs are expanded by the extension, never by a shell. */
export const defaultSyntaxCheckFiles: readonly string[] = ['train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/*.py'];

export const defaultVerifyAllTasks: readonly SingleVerificationTaskId[] = ['syntax-check', 'lint', 'tests', 'type-check'];
/** Tasks verify-all may run: a focused test needs a test id, so it is not one of them. */
export const verifyAllCandidates: readonly SingleVerificationTaskId[] = ['syntax-check', 'lint', 'tests', 'type-check'];

export const lintTools = ['ruff', 'flake8', 'pylint'] as const;
export type LintTool = (typeof lintTools)[number];

export type PythonTool = MatchedTool;

export interface PythonToolInfo {
  /** The module run with `python -m`. */
  readonly module: string;
  /** What `pip install` takes; undefined for the standard library. */
  readonly pipPackage: string | undefined;
}

export const pythonTools: Readonly<Record<PythonTool, PythonToolInfo>> = {
  py_compile: { module: 'py_compile', pipPackage: undefined },
  ruff: { module: 'ruff', pipPackage: 'ruff' },
  flake8: { module: 'flake8', pipPackage: 'flake8' },
  pylint: { module: 'pylint', pipPackage: 'pylint' },
  pytest: { module: 'pytest', pipPackage: 'pytest' },
  mypy: { module: 'mypy', pipPackage: 'mypy' },
};

export interface ToolInvocation {
  readonly tool: PythonTool;
  /** Everything after the interpreter, e.g. ['-m', 'pytest', 'tests', '-q']. */
  readonly args: readonly string[];
  /** The arguments as shown to people, when `args` holds program text too long to show. */
  readonly displayArgs?: readonly string[];
}

/**
 * A path handed to a tool as a positional argument. A name starting with "-" would be read as an option (argument
 * injection through a file name), so it gets a "./" in front; absolute paths and all other names are unchanged.
 */
export function asPositionalPath(filePath: string): string {
  return filePath.startsWith('-') ? `./${filePath}` : filePath;
}

/**
 * The syntax check compiles each file with `py_compile.compile`, the function `python -m py_compile` calls, through
 * this small program rather than the module's command line, which (on Python 3.10+) stops at the first broken file
 * and prints indentation and tab errors with the file's base name only ("Sorry: IndentationError: ... (x.py, line
 * 3)"), so neither the terminal nor the Problems view could say which x.py. Here every file is compiled and every
 * error is printed as Python's own `File "<path as given>", line N` traceback, which the py_compile matchers read.
 * The file names come in as arguments (sys.argv), never inside the program text.
 */
export const pyCompileEachFileProgram = [
  'import py_compile, sys, traceback',
  'names = sys.argv[1:]',
  'failed = 0',
  'for name in names:',
  '    try:',
  '        py_compile.compile(name, doraise=True)',
  '    except py_compile.PyCompileError as error:',
  '        failed += 1',
  '        value = error.exc_value',
  '        if isinstance(value, SyntaxError) and value.filename:',
  '            sys.stderr.write("".join(traceback.format_exception_only(type(value), value)))',
  '        else:',
  '            sys.stderr.write("%s: %s\\n" % (name, error.msg.strip()))',
  '    except OSError as error:',
  '        failed += 1',
  '        sys.stderr.write("%s: %s\\n" % (name, error))',
  'print("py_compile: %d of %d files compiled%s" % (len(names) - failed, len(names), "" if failed == 0 else ", %d with errors" % failed))',
  'sys.exit(1 if failed else 0)',
].join('\n');

export function syntaxCheckInvocation(files: readonly string[]): ToolInvocation {
  const positional = files.map(asPositionalPath);
  return { tool: 'py_compile', args: ['-c', pyCompileEachFileProgram, ...positional], displayArgs: ['-c', '<py_compile.compile each file>', ...positional] };
}

/**
 * ruff prints its concise one-line format only when asked (the default became a multi-line format in ruff 0.5).
 * pylint needs explicit targets: `pylintTargets` are the workspace's top-level Python modules and packages, so
 * virtual environments are never linted.
 */
export function lintInvocation(tool: LintTool, pylintTargets: readonly string[] = []): ToolInvocation {
  switch (tool) {
    case 'ruff':
      return { tool, args: ['-m', 'ruff', 'check', '--output-format=concise', '.'] };
    case 'flake8':
      return { tool, args: ['-m', 'flake8', '.'] };
    case 'pylint':
      return { tool, args: ['-m', 'pylint', '--recursive=y', ...pylintTargets.map(asPositionalPath)] };
  }
}

export function testsInvocation(): ToolInvocation {
  return { tool: 'pytest', args: ['-m', 'pytest', 'tests', '-q'] };
}

/** The id must already be validated (see testIdProblem): it is passed as one literal argument. */
export function focusedTestInvocation(testId: string): ToolInvocation {
  return { tool: 'pytest', args: ['-m', 'pytest', testId, '-q'] };
}

export function typeCheckInvocation(): ToolInvocation {
  return { tool: 'mypy', args: ['-m', 'mypy', 'src'] };
}

/**
 * Why a pytest node id cannot be run, or undefined when it can. Quotes, spaces, `;`, `$()` and backticks are fine:
 * the id is never seen by a shell. A leading "-" would make pytest read it as an option (e.g. `-p module` loads a
 * plugin), and control characters cannot be part of a real node id.
 */
/** Longer than any real pytest node id (path plus parametrisation), well below the OS limit for one argument. */
export const maxTestIdLength = 4096;

export function testIdProblem(testId: string): string | undefined {
  if (testId.trim() === '') return 'the test id is empty; give a pytest node id such as tests/test_config.py::test_canonical_dir';
  // One argument may hold at most 128 KiB on Linux (spawn fails with E2BIG), and no real node id comes near this.
  if (testId.length > maxTestIdLength) return `the test id is ${testId.length} characters long; a pytest node id has at most ${maxTestIdLength} (give the file and test name, e.g. tests/test_config.py::test_canonical_dir)`;
  if (testId.startsWith('-')) return `the test id "${testId}" starts with "-", so pytest would read it as an option; give a node id such as tests/test_config.py::test_canonical_dir`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(testId)) return `the test id ${JSON.stringify(testId)} contains a control character (a newline or NUL), which no pytest node id has`;
  return undefined;
}

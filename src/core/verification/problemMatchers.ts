// The problem patterns and matchers for every tool the verification tasks run, as data. package.json contributes
// exactly these (a unit test compares them) for users' own tasks; the extension's tasks read their output with the
// same matchers (toolOutputProblems.ts), and the unit tests run them over captured real tool output, so a pattern is
// never changed in one place only.
//
// VS Code matches each task's terminal output line by line (ANSI styling already removed, trailing spaces trimmed);
// a multi-line pattern must match consecutive lines. Where a tool prints one error in several shapes (py_compile on
// different Python versions, pytest with and without an `E   Type: message` line) there is one pattern per shape,
// all under one owner, so a later clean run clears them together.
//
// Every shape comes in two variants: one for relative paths (resolved against the workspace folder) and one for
// absolute paths. A single `autoDetect` matcher would do both, but it asks the file system whether each relative
// path exists, one finding after another; in a remote window (code-server, SSH, WSL) every question is a round trip,
// VS Code stops matching 100 ms after the process exits, and the last findings of a long report were lost.

export type PatternLineKey = 'file' | 'line' | 'column' | 'severity' | 'code' | 'message';

/** One line of a problem pattern: a regexp and which capture group holds what (VS Code's schema). */
export type ProblemPatternLine = { readonly regexp: string; /** 'file': a problem of the whole file (no line). */ readonly kind?: 'file' } & { readonly [key in PatternLineKey]?: number };

export interface ProblemPattern {
  readonly name: string;
  readonly lines: readonly ProblemPatternLine[];
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export type FileLocation = 'relative' | 'absolute';

export interface ProblemMatcher {
  readonly name: string;
  readonly fileLocation: FileLocation;
  /** VS Code clears problems per owner at the end of the next task run that uses a matcher of that owner. */
  readonly owner: string;
  /** Shown in the Problems view next to each problem. */
  readonly source: string;
  readonly label: string;
  /** Used when the pattern captures no severity, or one VS Code does not know. */
  readonly severity: ProblemSeverity;
  readonly pattern: string;
}

// Where a file path's capture group starts; replaced by a look-ahead for relative or absolute paths.
const pathKind = '\u0000';
const absolutePathStart = String.raw`(?=/|[A-Za-z]:[\\/])`;
const relativePathStart = String.raw`(?!/|[A-Za-z]:[\\/])`;

// Paths as tools print them, never starting with a space.
const pythonFile = String.raw`(${pathKind}(?:[A-Za-z]:)?[^\s:<>][^:<>]*\.py)`;
const anyPath = String.raw`(${pathKind}.+?)`;
const quotedPath = String.raw`"(${pathKind}[^<"][^"]*)"`;

/** The shapes of each tool's problems; `problemPatterns` has a relative and an absolute variant of each. */
const patternShapes: readonly ProblemPattern[] = [
  {
    // Python 3.8+: `  File "x.py", line 4` / the source line / the caret line / `SyntaxError: invalid syntax`.
    name: 'refactor-runbook-py-compile',
    lines: [
      { regexp: String.raw`^\s*File ${quotedPath}, line (\d+)\s*$`, file: 1, line: 2 },
      { regexp: String.raw`^\s{4}.*$` },
      { regexp: String.raw`^\s*\^+\s*$` },
      { regexp: String.raw`^(\w+Error): (.*)$`, code: 1, message: 2 },
    ],
  },
  {
    // Python 3.9+ prints no caret under some errors (an unexpected indent).
    name: 'refactor-runbook-py-compile-without-caret',
    lines: [
      { regexp: String.raw`^\s*File ${quotedPath}, line (\d+)\s*$`, file: 1, line: 2 },
      { regexp: String.raw`^\s{4}.*$` },
      { regexp: String.raw`^(\w+Error): (.*)$`, code: 1, message: 2 },
    ],
  },
  {
    // Python 3.8 and 3.9 print no source line when the file cannot be decoded.
    name: 'refactor-runbook-py-compile-without-source',
    lines: [
      { regexp: String.raw`^\s*File ${quotedPath}, line (\d+)\s*$`, file: 1, line: 2 },
      { regexp: String.raw`^(\w+Error): (.*)$`, code: 1, message: 2 },
    ],
  },
  {
    // `python -m py_compile` prints indentation and tab errors as `Sorry: IndentationError: unexpected indent (x.py,
    // line 2)`, with the base name only: right for files at the top of the workspace, and the reason the syntax-check
    // task compiles through its own program (verificationTaskCatalogue.ts), which prints the full path.
    name: 'refactor-runbook-py-compile-sorry',
    lines: [{ regexp: String.raw`^Sorry: (\w+Error): (.*) \((${pathKind}.+), line (\d+)\)$`, code: 1, message: 2, file: 3, line: 4 }],
  },
  {
    // `./src/x.py:2:1: F401 'os' imported but unused`
    name: 'refactor-runbook-flake8',
    lines: [{ regexp: String.raw`^${anyPath}:(\d+):(\d+): ([A-Z]+\d+) (.*)$`, file: 1, line: 2, column: 3, code: 4, message: 5 }],
  },
  {
    // `ruff check --output-format=concise`: `src/x.py:2:8: F401 [*] \`os\` imported but unused`, and for a file
    // that does not parse `src/x.py:1:12: SyntaxError: Expected ...` (older releases: `E999 SyntaxError: ...`).
    name: 'refactor-runbook-ruff',
    lines: [{ regexp: String.raw`^${anyPath}:(\d+):(\d+): ([A-Z]+[0-9]+|SyntaxError):? (?:\[\*\] )?(.*)$`, file: 1, line: 2, column: 3, code: 4, message: 5 }],
  },
  {
    // `src/x.py:24:0: C0301: Line too long (106/100) (line-too-long)`. pylint counts columns from 0 and VS Code from
    // 1, so the column is matched but not used: the whole line is marked. The message id's letter is the severity
    // (E and W are understood, C/R/F fall back to the matcher's).
    name: 'refactor-runbook-pylint',
    lines: [{ regexp: String.raw`^${anyPath}:(\d+):\d+: (([A-Z])\d{4}): (.*)$`, file: 1, line: 2, code: 3, severity: 4, message: 5 }],
  },
  {
    // `src/x.py:13: error: Incompatible types in assignment (...)  [assignment]`, with `:col` under
    // --show-column-numbers; `note:` lines become information.
    name: 'refactor-runbook-mypy',
    lines: [{ regexp: String.raw`^${anyPath}:(\d+):(?:(\d+):)? (error|warning|note): (.*?)(?:  \[([a-z0-9-]+)\])?$`, file: 1, line: 2, column: 3, severity: 4, message: 5, code: 6 }],
  },
  {
    // A failure whose last `E` line is `Type: message`, then a blank line, then where it was raised:
    // `E       ValueError: dataset must not be empty` / `` / `src/paths.py:8: ValueError`.
    name: 'refactor-runbook-pytest-failure-with-message',
    lines: [
      { regexp: String.raw`^E\s+([A-Za-z_][\w.]*: .+)$`, message: 1 },
      { regexp: String.raw`^$` },
      { regexp: String.raw`^${pythonFile}:(\d+): ([A-Za-z_][\w.]*)$`, file: 1, line: 2, code: 3 },
    ],
  },
  {
    // Any other failure: where it was raised, named by its exception type (`tests/test_x.py:7: AssertionError`).
    name: 'refactor-runbook-pytest-failure',
    lines: [{ regexp: String.raw`^${pythonFile}:(\d+): ([A-Za-z_][\w.]*)$`, file: 1, line: 2, code: 3, message: 3 }],
  },
  {
    // The short test summary names the failed test and its message, without a line:
    // `FAILED tests/test_x.py::test_canonical_dir - AssertionError: wrong root`. A problem of the test file, whose
    // code is the test id (the located problem above marks the line).
    name: 'refactor-runbook-pytest-summary',
    lines: [{ regexp: String.raw`^FAILED (${pythonFile}::.+?) - (.+)$`, kind: 'file', file: 2, code: 1, message: 3 }],
  },
  {
    // A test module that fails to import: `tests/test_x.py:1: in <module>` / the source line / `E   ModuleNotFoundError: ...`.
    name: 'refactor-runbook-pytest-collection-error',
    lines: [
      { regexp: String.raw`^${pythonFile}:(\d+): in <module>$`, file: 1, line: 2 },
      { regexp: String.raw`^\s+\S.*$` },
      { regexp: String.raw`^E\s+(.+)$`, message: 1 },
    ],
  },
  {
    // This extension's CLI, `--format text`: `src/x.py:12:5: RR001 message`.
    name: 'refactor-runbook-cli',
    lines: [{ regexp: String.raw`^${anyPath}:(\d+):(\d+): (RR\d{3}) (.*)$`, file: 1, line: 2, column: 3, code: 4, message: 5 }],
  },
];

function variantName(name: string, location: FileLocation): string {
  return location === 'relative' ? name : `${name}-absolute`;
}

export const problemPatterns: readonly ProblemPattern[] = patternShapes.flatMap((shape) =>
  (['relative', 'absolute'] as const).map((location) => ({
    name: variantName(shape.name, location),
    lines: shape.lines.map((line) => ({ ...line, regexp: line.regexp.replaceAll(pathKind, location === 'relative' ? relativePathStart : absolutePathStart) })),
  })),
);

interface MatcherShape {
  readonly name: string;
  readonly owner: string;
  readonly source: string;
  readonly label: string;
  readonly severity: ProblemSeverity;
}

function matcher(name: string, owner: string, source: string, label: string, severity: ProblemSeverity): MatcherShape {
  return { name, owner: `refactor-runbook.${owner}`, source, label, severity };
}

const matcherShapes: readonly MatcherShape[] = [
  matcher('refactor-runbook-py-compile', 'py_compile', 'py_compile', 'Refactor Runbook: py_compile syntax errors', 'error'),
  matcher('refactor-runbook-py-compile-without-caret', 'py_compile', 'py_compile', 'Refactor Runbook: py_compile syntax errors without a caret line', 'error'),
  matcher('refactor-runbook-py-compile-without-source', 'py_compile', 'py_compile', 'Refactor Runbook: py_compile syntax errors without a source line', 'error'),
  matcher('refactor-runbook-py-compile-sorry', 'py_compile', 'py_compile', 'Refactor Runbook: py_compile indentation and tab errors', 'error'),
  matcher('refactor-runbook-flake8', 'flake8', 'flake8', 'Refactor Runbook: flake8', 'warning'),
  matcher('refactor-runbook-ruff', 'ruff', 'ruff', 'Refactor Runbook: ruff (concise output)', 'warning'),
  matcher('refactor-runbook-pylint', 'pylint', 'pylint', 'Refactor Runbook: pylint', 'warning'),
  matcher('refactor-runbook-mypy', 'mypy', 'mypy', 'Refactor Runbook: mypy', 'error'),
  matcher('refactor-runbook-pytest-failure-with-message', 'pytest', 'pytest', 'Refactor Runbook: pytest failures with their message', 'error'),
  matcher('refactor-runbook-pytest-failure', 'pytest', 'pytest', 'Refactor Runbook: pytest failures', 'error'),
  matcher('refactor-runbook-pytest-summary', 'pytest', 'pytest', 'Refactor Runbook: pytest failed tests, by test id', 'error'),
  matcher('refactor-runbook-pytest-collection-error', 'pytest', 'pytest', 'Refactor Runbook: pytest modules that fail to import', 'error'),
  matcher('refactor-runbook-cli', 'cli', 'refactor-runbook', 'Refactor Runbook: findings from the refactor-runbook CLI (--format text)', 'warning'),
];

export const problemMatchers: readonly ProblemMatcher[] = matcherShapes.flatMap((shape) =>
  (['relative', 'absolute'] as const).map((fileLocation) => ({
    ...shape,
    name: variantName(shape.name, fileLocation),
    fileLocation,
    label: fileLocation === 'relative' ? shape.label : `${shape.label} (absolute paths)`,
    pattern: variantName(shape.name, fileLocation),
  })),
);

const shapesByTool = {
  py_compile: ['refactor-runbook-py-compile', 'refactor-runbook-py-compile-without-caret', 'refactor-runbook-py-compile-without-source', 'refactor-runbook-py-compile-sorry'],
  flake8: ['refactor-runbook-flake8'],
  ruff: ['refactor-runbook-ruff'],
  pylint: ['refactor-runbook-pylint'],
  mypy: ['refactor-runbook-mypy'],
  pytest: ['refactor-runbook-pytest-failure-with-message', 'refactor-runbook-pytest-failure', 'refactor-runbook-pytest-summary', 'refactor-runbook-pytest-collection-error'],
} as const;

export type MatchedTool = keyof typeof shapesByTool;

/** The matchers (by name, both path variants) for each tool whose output a task shows. */
export const problemMatchersByTool: Readonly<Record<MatchedTool, readonly string[]>> = {
  py_compile: bothVariants(shapesByTool.py_compile),
  flake8: bothVariants(shapesByTool.flake8),
  ruff: bothVariants(shapesByTool.ruff),
  pylint: bothVariants(shapesByTool.pylint),
  mypy: bothVariants(shapesByTool.mypy),
  pytest: bothVariants(shapesByTool.pytest),
};

function bothVariants(names: readonly string[]): string[] {
  return names.flatMap((name) => [variantName(name, 'relative'), variantName(name, 'absolute')]);
}

/** How a task refers to a contributed matcher (`$name`). */
export function matcherReference(name: string): string {
  return `$${name}`;
}

/** The `contributes.problemPatterns` entries for package.json: single-line patterns flat, others as `patterns`. */
export function problemPatternContributions(): unknown[] {
  return problemPatterns.map((pattern) =>
    pattern.lines.length === 1 ? { name: pattern.name, ...pattern.lines[0] } : { name: pattern.name, patterns: pattern.lines },
  );
}

/** The `contributes.problemMatchers` entries for package.json. */
export function problemMatcherContributions(): unknown[] {
  return problemMatchers.map((entry) => ({
    name: entry.name,
    label: entry.label,
    owner: entry.owner,
    source: entry.source,
    severity: entry.severity,
    fileLocation: entry.fileLocation === 'relative' ? ['relative', '${workspaceFolder}'] : 'absolute',
    pattern: matcherReference(entry.pattern),
  }));
}

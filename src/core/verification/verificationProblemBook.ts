// Which verification problems are current. A tool's problems stay until a run of that tool over the same files or
// tests says otherwise: a step that ran to its end replaces the problems inside its scope (the whole folder, the files
// it compiled, or the tests it ran), and a step that did not run, did not start or was terminated changes nothing.
// VS Code's own collector cannot do this for tasks (it clears a matcher owner's problems whenever a task using it
// runs), so the extension's tasks feed their output through here and show the result in their own diagnostics.
import path from 'node:path';
import { problemMatchersByTool } from './problemMatchers';
import type { MatchedProblem } from './toolOutputProblems';
import { matchProblems, renderedLines } from './toolOutputProblems';
import type { PythonTool, SingleVerificationTaskId } from './verificationTaskCatalogue';

/** What a step's run speaks for. */
export type ProblemScope =
  | { readonly kind: 'folder' }
  /** The files it compiled, as passed to the tool (relative to the folder, or absolute). */
  | { readonly kind: 'files'; readonly files: readonly string[] }
  /** A pytest node id: a test, a parametrized case, a class or a file. */
  | { readonly kind: 'test'; readonly testId: string };

/** A matched problem placed in the workspace: its file made absolute, and for pytest the test it belongs to. */
export interface VerificationProblem extends Pick<MatchedProblem, 'source' | 'line' | 'column' | 'wholeFile' | 'severity' | 'code' | 'message'> {
  /** Absolute path of the file. */
  readonly file: string;
  /** pytest only: the failed test the problem belongs to (an absolute-path node id), when the output says so. */
  readonly testId?: string;
}

export interface FinishedStep {
  /** The workspace folder's path. */
  readonly folder: string;
  readonly taskId: SingleVerificationTaskId;
  readonly tool: PythonTool;
  readonly scope: ProblemScope;
  /** The tool's own output (stdout and stderr, in the order they arrived). */
  readonly output: string;
}

/** The pool a task's problems live in: a focused test shares the test run's, so that each can correct the other. */
type Pool = Exclude<SingleVerificationTaskId, 'focused-test'>;

function poolOf(taskId: SingleVerificationTaskId): Pool {
  return taskId === 'focused-test' ? 'tests' : taskId;
}

/** A node id with its file part made absolute, so that `tests/x.py::t` and `/repo/tests/x.py::t` are one test. */
export function absoluteTestId(folder: string, testId: string): string {
  const separator = testId.indexOf('::');
  const file = separator < 0 ? testId : testId.slice(0, separator);
  return `${path.resolve(folder, file)}${separator < 0 ? '' : testId.slice(separator)}`;
}

/** Whether a run of `ran` covers `test`: the same id, a parametrized case of it, or a test inside the file or class. */
export function testIdCovers(ran: string, test: string): boolean {
  return test === ran || test.startsWith(`${ran}::`) || test.startsWith(`${ran}[`);
}

const sectionHeader = /^_{3,} (.+?) _{3,}$/;
const summaryLine = /^(?:FAILED|ERROR) (\S.*?::\S.*?)(?: - .*)?$/;

/**
 * The failed test each pytest problem belongs to: the summary line names it (its code is the node id); a located
 * problem belongs to the failure section it is printed in, whose header (`____ TestClass.test_x[case] ____`, or
 * `ERROR at setup of test_x`) names the test the way the summary's node id ends.
 */
function pytestTestIds(folder: string, output: string, problems: readonly MatchedProblem[]): (string | undefined)[] {
  const lines = renderedLines(output);
  const summaryIds = lines.flatMap((line) => {
    const id = summaryLine.exec(line)?.[1];
    return id === undefined ? [] : [id];
  });
  const idOfHeader = (header: string): string | undefined => {
    const name = header.replace(/^ERROR at (?:setup|teardown) of /, '');
    const matching = summaryIds.filter((id) => id.split('::').slice(1).join('.') === name);
    // Two files with a test of the same name: the section alone cannot tell which.
    return matching.length === 1 ? matching[0] : undefined;
  };
  const headerBefore: (string | undefined)[] = [];
  let current: string | undefined;
  lines.forEach((line, index) => {
    const header = sectionHeader.exec(line)?.[1];
    if (header !== undefined) current = header.startsWith('short test summary') ? undefined : idOfHeader(header);
    else if (/^=+ .* =+$/.test(line)) current = undefined;
    headerBefore[index] = current;
  });
  return problems.map((problem) => {
    const id = problem.wholeFile && problem.code !== undefined && problem.code.includes('::') ? problem.code : headerBefore[problem.outputLine];
    return id === undefined ? undefined : absoluteTestId(folder, id);
  });
}

function problemsOf(step: FinishedStep): VerificationProblem[] {
  const matched = matchProblems(step.output, problemMatchersByTool[step.tool]);
  const testIds = step.tool === 'pytest' ? pytestTestIds(step.folder, step.output, matched) : [];
  const ran = step.scope.kind === 'test' ? absoluteTestId(step.folder, step.scope.testId) : undefined;
  return matched.map((problem, index) => {
    // In a focused run, a problem no section places still comes from the test that ran.
    const testId = testIds[index] ?? ran;
    return {
      source: problem.source,
      file: problem.location === 'relative' ? path.resolve(step.folder, problem.file) : problem.file,
      line: problem.line,
      column: problem.column,
      wholeFile: problem.wholeFile,
      severity: problem.severity,
      code: problem.code,
      message: problem.message,
      ...(testId === undefined ? {} : { testId }),
    };
  });
}

export class VerificationProblemBook {
  private readonly pools = new Map<string, VerificationProblem[]>();

  /** Records a step that ran to its end; returns whether the current problems changed. */
  recordFinishedStep(step: FinishedStep): boolean {
    const key = `${step.folder}\u0000${poolOf(step.taskId)}`;
    const before = this.pools.get(key) ?? [];
    const scope = step.scope;
    const files = new Set(scope.kind === 'files' ? scope.files.map((file) => path.resolve(step.folder, file)) : []);
    const ran = scope.kind === 'test' ? absoluteTestId(step.folder, scope.testId) : '';
    const stays = (problem: VerificationProblem): boolean => {
      switch (scope.kind) {
        case 'folder':
          return false;
        case 'files':
          return !files.has(problem.file);
        case 'test':
          return problem.testId === undefined || !testIdCovers(ran, problem.testId);
      }
    };
    const after = [...before.filter(stays), ...problemsOf(step)];
    if (after.length === 0) this.pools.delete(key);
    else this.pools.set(key, after);
    return after.length !== before.length || after.some((problem, index) => problem !== before[index]);
  }

  /** Every current problem, in the order the tools printed them. */
  problems(): VerificationProblem[] {
    return [...this.pools.values()].flat();
  }
}

// Turns a task definition plus what was found about the workspace (interpreter, linter, files, trust) into the plan
// the runner executes and the task's name, detail and problem matchers. Everything that can go wrong before a tool
// starts is decided here and becomes a "blocked" step with a message that says what is wrong and how to fix it.
import { displayCommandLine } from './commandLineDisplay';
import type { FileExpansion } from './fileGlobExpansion';
import type { InterpreterResolution } from './interpreterResolution';
import type { LintToolChoice } from './lintToolDetection';
import { lintToolSettingName } from './lintToolDetection';
import type { RunnerPlan, RunnerPrecheck, RunnerStep } from './runnerPlan';
import type { ProblemScope } from './verificationProblemBook';
import type { TrustDecision } from './trustGate';
import type { PythonTool, SingleVerificationTaskId, ToolInvocation, VerificationTaskId } from './verificationTaskCatalogue';
import {
  focusedTestInvocation,
  lintInvocation,
  pythonTools,
  syntaxCheckInvocation,
  testIdProblem,
  testsInvocation,
  typeCheckInvocation,
  verificationTasks,
} from './verificationTaskCatalogue';

export const syntaxCheckFilesSettingName = 'refactorRunbook.syntaxCheckFiles';
export const environmentSettingName = 'refactorRunbook.env';

/** What a task definition (from the provider or tasks.json) asks for. */
export interface VerificationRequest {
  readonly taskId: VerificationTaskId;
  /** syntax-check: files or globs instead of the setting's list. */
  readonly files?: readonly string[];
  /** focused-test: the pytest node id. */
  readonly testId?: string;
}

export interface VerificationInputs {
  readonly folderPath: string;
  readonly trust: TrustDecision;
  /** Settings whose values cannot be used; any of them blocks every step. */
  readonly settingProblems: readonly string[];
  readonly interpreter: InterpreterResolution;
  /** Asked only when a lint step is planned. */
  readonly lint: () => LintToolChoice;
  /** The syntax-check file list from the setting (used when the request has no `files`). */
  readonly syntaxCheckFiles: readonly string[];
  readonly expandFiles: (patterns: readonly string[]) => FileExpansion;
  /** Asked only when pylint is planned. */
  readonly pylintTargets: () => readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly verifyAllTasks: readonly SingleVerificationTaskId[];
  readonly reportFile?: string;
}

export interface PlannedStep {
  readonly taskId: SingleVerificationTaskId;
  readonly tool: PythonTool;
  /** The interpreter, or the placeholder "python" when none was found. */
  readonly command: string;
  readonly args: readonly string[];
  /** The command line as shown in the terminal and the task's detail. */
  readonly display: string;
  /** What a run of the step to its end speaks for: the problems there are replaced by what it found. */
  readonly problemScope: ProblemScope;
  readonly blocked?: string;
}

export interface VerificationTaskPlan {
  readonly taskId: VerificationTaskId;
  /** The task's name in "Tasks: Run Task", e.g. "focused test: tests/test_config.py::test_canonical_dir". */
  readonly name: string;
  /** One line: the command and why this interpreter. */
  readonly detail: string;
  readonly steps: readonly PlannedStep[];
  readonly runner: RunnerPlan;
  /** What stops the task from running as asked (empty when it can run). */
  readonly problems: readonly string[];
}

// `python -c` with the module name as an argument, not spliced into the code.
const findModuleCode = 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)';

function interpreterLine(interpreter: InterpreterResolution): string {
  return interpreter.kind === 'resolved' ? `Interpreter: ${interpreter.path} (${interpreter.reason})` : 'Interpreter: none found';
}

function missingInterpreterMessage(interpreter: Extract<InterpreterResolution, { kind: 'missing' }>): string {
  return [interpreter.problem, 'Tried, in order:', ...interpreter.tried.map((line) => `  - ${line}`), `Fix: ${interpreter.fix}.`].join('\n');
}

function missingToolMessage(tool: PythonTool, interpreter: string, chosenBy: string | undefined): string {
  const info = pythonTools[tool];
  const alternative = chosenBy === undefined ? '' : `, or choose another linter in ${lintToolSettingName} (${tool} was chosen because ${chosenBy})`;
  return [
    `${tool} is not installed for ${interpreter}: \`python -m ${info.module}\` would fail (\`import ${info.module}\` finds no module).`,
    `Fix: install it into that environment with \`${displayCommandLine(interpreter, ['-m', 'pip', 'install', info.pipPackage ?? info.module])}\` (or \`pip install ${info.pipPackage ?? info.module}\` in the activated venv)${alternative}.`,
  ].join('\n');
}

interface StepPlanning {
  readonly invocation?: ToolInvocation;
  readonly headerLines: readonly string[];
  readonly blocked?: string;
  readonly lintChosenBy?: string;
  /** The tool whose matchers apply even when the step is blocked. */
  readonly tool: PythonTool;
  /** Set when narrower than the folder. */
  readonly scope?: ProblemScope;
}

function planSingleStep(taskId: SingleVerificationTaskId, request: VerificationRequest, inputs: VerificationInputs): StepPlanning {
  switch (taskId) {
    case 'syntax-check': {
      const patterns = request.files ?? inputs.syntaxCheckFiles;
      const origin = request.files === undefined ? syntaxCheckFilesSettingName : 'the task\'s "files"';
      if (patterns.length === 0) {
        return { tool: 'py_compile', headerLines: [], blocked: `The syntax check has no files to compile: ${origin} is empty. List files or globs there, e.g. ["train_with_hydra_zen.py", "src/**/*.py"].` };
      }
      let expansion: FileExpansion;
      try {
        expansion = inputs.expandFiles(patterns);
      } catch (error) {
        return { tool: 'py_compile', headerLines: [], blocked: `The syntax check's file list could not be expanded: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (expansion.unmatched.length > 0) {
        return {
          tool: 'py_compile',
          headerLines: [],
          blocked: `The syntax check's file list (${origin}) has entries that match no file in ${inputs.folderPath}: ${expansion.unmatched.map((pattern) => `"${pattern}"`).join(', ')}. Fix the list, or create the files; nothing is skipped silently.`,
        };
      }
      return { tool: 'py_compile', invocation: syntaxCheckInvocation(expansion.files), headerLines: [`Files: ${expansion.files.length} from ${origin}`], scope: { kind: 'files', files: expansion.files } };
    }
    case 'lint': {
      const choice = inputs.lint();
      const header = [`Linter: ${choice.tool} (${choice.reason})`];
      if (choice.alsoConfigured.length > 0) header.push(`  also configured: ${choice.alsoConfigured.join('; ')}`);
      const targets = choice.tool === 'pylint' ? inputs.pylintTargets() : [];
      if (choice.tool === 'pylint' && targets.length === 0) {
        return { tool: 'pylint', headerLines: header, blocked: `pylint has nothing to lint: ${inputs.folderPath} has no top-level Python file or folder with Python files.`, lintChosenBy: choice.reason };
      }
      return { tool: choice.tool, invocation: lintInvocation(choice.tool, targets), headerLines: header, lintChosenBy: choice.reason };
    }
    case 'tests':
      return { tool: 'pytest', invocation: testsInvocation(), headerLines: [] };
    case 'focused-test': {
      const testId = request.testId ?? '';
      const problem = testIdProblem(testId);
      if (problem !== undefined) return { tool: 'pytest', headerLines: [], blocked: `The focused test cannot run: ${problem}.` };
      return { tool: 'pytest', invocation: focusedTestInvocation(testId), headerLines: [`Test: ${testId}`], scope: { kind: 'test', testId } };
    }
    case 'type-check':
      return { tool: 'mypy', invocation: typeCheckInvocation(), headerLines: [] };
  }
}

export function planVerificationTask(request: VerificationRequest, inputs: VerificationInputs): VerificationTaskPlan {
  const info = verificationTasks[request.taskId];
  const stepIds: readonly SingleVerificationTaskId[] = request.taskId === 'verify-all' ? inputs.verifyAllTasks : [request.taskId];
  const interpreter = inputs.interpreter;
  const python = interpreter.kind === 'resolved' ? interpreter.path : 'python';
  const envNames = Object.keys(inputs.env);
  const commonHeader = [interpreterLine(interpreter), ...(envNames.length > 0 ? [`Environment from ${environmentSettingName}: ${envNames.join(', ')}`] : [])];

  const problems: string[] = [];
  const runnerSteps: RunnerStep[] = [];
  const plannedSteps: PlannedStep[] = [];
  for (const taskId of stepIds) {
    // Nothing is even looked at in an untrusted workspace: reading its configuration is where trust starts to matter.
    const planning: StepPlanning = !inputs.trust.allowed
      ? { tool: stepTool(taskId), headerLines: [], blocked: inputs.trust.message }
      : inputs.settingProblems.length > 0
        ? { tool: stepTool(taskId), headerLines: [], blocked: inputs.settingProblems.join('\n') }
      : interpreter.kind === 'missing'
        ? { tool: stepTool(taskId), headerLines: [], blocked: missingInterpreterMessage(interpreter) }
        : planSingleStep(taskId, request, inputs);
    const args = planning.invocation?.args ?? [];
    const display = displayCommandLine(python, planning.invocation?.displayArgs ?? args);
    const module = pythonTools[planning.tool];
    const precheck: RunnerPrecheck | undefined =
      module.pipPackage === undefined || planning.invocation === undefined
        ? undefined
        : { command: python, args: ['-c', findModuleCode, module.module], failureMessage: missingToolMessage(planning.tool, python, planning.lintChosenBy) };
    if (planning.blocked !== undefined) problems.push(planning.blocked);
    plannedSteps.push({ taskId, tool: planning.tool, command: python, args, display, problemScope: planning.scope ?? { kind: 'folder' }, ...(planning.blocked === undefined ? {} : { blocked: planning.blocked }) });
    runnerSteps.push({
      taskId,
      label: verificationTasks[taskId].label,
      headerLines: request.taskId === 'verify-all' && runnerSteps.length > 0 ? planning.headerLines : [...commonHeader, ...planning.headerLines],
      display,
      command: python,
      args,
      env: inputs.env,
      ...(precheck === undefined ? {} : { precheck }),
      ...(planning.blocked === undefined ? {} : { blocked: planning.blocked }),
    });
  }

  const name = request.taskId === 'focused-test' && request.testId !== undefined ? `${info.label}: ${request.testId}` : info.label;
  const firstStep = plannedSteps[0];
  const commandText = request.taskId === 'verify-all' ? stepIds.map((id) => verificationTasks[id].label).join(' → ') : (firstStep?.display ?? '');
  const why = !inputs.trust.allowed ? 'not run: the workspace is not trusted' : interpreter.kind === 'resolved' ? `interpreter ${interpreter.reason}` : `no interpreter: ${interpreter.problem}`;
  return {
    taskId: request.taskId,
    name,
    detail: `${commandText} — ${why}`,
    steps: plannedSteps,
    runner: {
      title: `Refactor Runbook · ${name}`,
      steps: runnerSteps,
      summary: request.taskId === 'verify-all',
      ...(inputs.reportFile === undefined ? {} : { reportFile: inputs.reportFile }),
    },
    problems,
  };
}

function stepTool(taskId: SingleVerificationTaskId): PythonTool {
  switch (taskId) {
    case 'syntax-check':
      return 'py_compile';
    case 'lint':
      return 'ruff';
    case 'tests':
    case 'focused-test':
      return 'pytest';
    case 'type-check':
      return 'mypy';
  }
}

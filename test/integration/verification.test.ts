// The verification tasks in the real host: tasks are fetched, resolved and executed by VS Code's task system, run
// real Python tools in a real terminal, and their problem matchers fill the Problems view.
//
// Which Python: the tests set refactorRunbook.python (user settings of the throw-away host profile) to
// REFACTOR_RUNBOOK_TEST_PYTHON, default /usr/bin/python3, where scripts/install-system-deps.sh installs Debian's
// python3-pytest, flake8 and mypy. refactorRunbook.env sends every cache (pycache, pytest, mypy) to a temporary
// folder, and the example workspace is compared before and after: the tests leave no file in it. Fixtures that must
// fail are copied from test/fixtures/workspaces/ to a temporary folder and passed as absolute paths.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerPlan } from '../../src/core/verification/runnerPlan';
import { VerificationResultStore } from '../../src/core/verification/verificationResultStore';
import type { VerificationResult } from '../../src/core/verification/verificationResult';
import type { RefactorRunbookApi } from '../../src/editor/extension';
import type { VerificationHost } from '../../src/editor/tasks/folderVerificationInputs';
import { VerificationRunTracker } from '../../src/editor/tasks/verificationRunTracker';
import type { VerificationRunOutcome } from '../../src/editor/tasks/verificationService';
import { VerificationService } from '../../src/editor/tasks/verificationService';
import { createVerificationTask, VerificationTaskProvider } from '../../src/editor/tasks/verificationTaskProvider';
import { cacheFreeEnvironment, requireToolsForTestPython, setSetting, testPython } from './testPython';
import { canTakeScreenshots, captureWorkbench, extensionId, pollUntil } from './testSupport';
import { isAlive } from '../host/processLiveness';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const fixtureWorkspaces = path.join(repoRoot, 'test', 'fixtures', 'workspaces');
const hostile = 'a b; touch PWNED_SEMICOLON $(touch PWNED_SUBSHELL) `touch PWNED_BACKTICK` \'single\' "double" | touch PWNED_PIPE';
const pwnedNames = ['PWNED_SEMICOLON', 'PWNED_SUBSHELL', 'PWNED_BACKTICK', 'PWNED_PIPE'];

function isImportable(module: string): boolean {
  return spawnSync(testPython, ['-c', `import ${module}`]).status === 0;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

function copyFixture(name: string, scratch: string): string {
  const target = path.join(scratch, name);
  cpSync(path.join(fixtureWorkspaces, name), target, { recursive: true });
  return target;
}

function finished(outcome: VerificationRunOutcome): VerificationResult {
  if (outcome.kind === 'refused') assert.fail(`the run was refused: ${outcome.message}`);
  return outcome.result;
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The runner plan of a task the provider made: the plan the task's terminal runs (the same request planned again). */
async function planOf(api: RefactorRunbookApi, task: vscode.Task, folder: vscode.WorkspaceFolder): Promise<RunnerPlan> {
  assert.ok(task.execution instanceof vscode.CustomExecution, `${task.name} runs in a pseudoterminal of the extension host`);
  assert.deepEqual(task.problemMatchers, [], 'no problem matchers: the extension reads the output itself');
  const definition = task.definition as unknown as { task: 'syntax-check' | 'lint' | 'tests' | 'focused-test' | 'type-check' | 'verify-all'; testId?: string };
  return (await api.verification.createTask({ taskId: definition.task, ...(definition.testId === undefined ? {} : { testId: definition.testId }) }, folder)).plan.runner;
}

async function diagnosticsOf(uri: vscode.Uri, source: string, accept: (list: vscode.Diagnostic[]) => boolean, description: string): Promise<vscode.Diagnostic[]> {
  return pollUntil(() => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === source), accept, description, 20_000);
}


describe('verification tasks in a real VS Code host', function () {
  this.timeout(120_000);
  let api: RefactorRunbookApi;
  let folder: vscode.WorkspaceFolder;
  let scratch: string;
  let exampleBefore: string[];
  let cacheEnv: Record<string, string>;
  const recorded: VerificationResult[] = [];
  let recordSubscription: vscode.Disposable | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<RefactorRunbookApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed in the host`);
    await pollUntil(() => extension.isActive, (active) => active, 'activation', 30_000);
    api = extension.exports;
    await api.ready;
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the example workspace is open');
    folder = first;
    requireToolsForTestPython();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rr-verification-'));
    exampleBefore = filesUnder(folder.uri.fsPath);
    cacheEnv = cacheFreeEnvironment(scratch);
    await setSetting('python', testPython);
    await setSetting('env', cacheEnv);
    recordSubscription = api.verification.results.onDidRecord((result) => recorded.push(result));
  });

  after(async () => {
    recordSubscription?.dispose();
    for (const key of ['python', 'env', 'lintTool', 'syntaxCheckFiles', 'verifyAllTasks']) await setSetting(key, undefined);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    if (exampleBefore !== undefined) assert.deepEqual(filesUnder(folder.uri.fsPath), exampleBefore, 'the tests left no file in the example workspace');
  });

  it('registers its commands, and declares limited support for untrusted workspaces with its settings restricted', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['refactorRunbook.runVerification', 'refactorRunbook.runFocusedTest', 'refactorRunbook.verifyAll', 'refactorRunbook.terminateVerification']) {
      assert.ok(commands.includes(command), command);
    }
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } }; contributes: { configuration: { properties: Record<string, unknown> } } };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual([...restricted].sort(), ['refactorRunbook.env', 'refactorRunbook.lintTool', 'refactorRunbook.python', 'refactorRunbook.syntaxCheckFiles', 'refactorRunbook.verifyAllTasks']);
    for (const setting of restricted) assert.ok(manifest.contributes.configuration.properties[setting], `${setting} is a contributed setting`);
  });

  it('fetchTasks offers each task, run in the extension host with the configured interpreter and the expected arguments', async () => {
    const tasks = (await vscode.tasks.fetchTasks({ type: 'refactor-runbook' })).filter((task) => typeof task.scope === 'object' && task.scope.uri.toString() === folder.uri.toString());
    const byName = new Map(tasks.map((task) => [task.name, task]));
    for (const name of ['syntax check', 'lint', 'tests', 'type check', 'verify all']) assert.ok(byName.has(name), `a "${name}" task; got ${[...byName.keys()].join(', ')}`);

    const trainingFiles = readdirSync(path.join(folder.uri.fsPath, 'src', 'training'))
      .filter((name) => name.endsWith('.py'))
      .sort()
      .map((name) => `src/training/${name}`);
    const expected: Record<string, { task: string; args: (args: readonly string[]) => readonly string[] }> = {
      'syntax check': { task: 'syntax-check', args: (args) => ['-c', args[1] ?? '', 'train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', ...trainingFiles] },
      lint: { task: 'lint', args: () => ['-m', 'ruff', 'check', '--output-format=concise', '.'] },
      tests: { task: 'tests', args: () => ['-m', 'pytest', 'tests', '-q'] },
      'type check': { task: 'type-check', args: () => ['-m', 'mypy', 'src'] },
    };
    for (const [name, want] of Object.entries(expected)) {
      const task = byName.get(name);
      assert.ok(task);
      assert.deepEqual(task.definition, { type: 'refactor-runbook', task: want.task });
      assert.equal(task.source, 'Refactor Runbook');
      assert.match(task.detail ?? '', /interpreter set in refactorRunbook\.python$/);
      const step = (await planOf(api, task, folder)).steps[0];
      assert.ok(step);
      assert.equal(step.command, testPython, `${name} runs the configured interpreter`);
      assert.deepEqual(step.args, want.args(step.args), name);
      assert.equal(step.headerLines[0], `Interpreter: ${testPython} (set in refactorRunbook.python)`);
      assert.equal(step.blocked, undefined);
    }
    const lintHeader = (await planOf(api, byName.get('lint') as vscode.Task, folder)).steps[0]?.headerLines.find((line) => line.startsWith('Linter:')) ?? '';
    assert.match(lintHeader, /^Linter: ruff \(refactorRunbook\.lintTool is "auto" and the project configures ruff: \[tool\.ruff\] in pyproject\.toml \(line \d+\)\)$/);
    assert.deepEqual(
      (await planOf(api, byName.get('verify all') as vscode.Task, folder)).steps.map((step) => step.taskId),
      ['syntax-check', 'lint', 'tests', 'type-check'],
    );
  });

  it('resolveTask returns a task with the very definition object it was given', async () => {
    const problems: string[] = [];
    const host: VerificationHost = { isTrusted: () => true, reportFolder: path.join(scratch, 'reports'), onToolFinished: () => undefined, pythonExtensionSelection: () => Promise.resolve({ kind: 'not-installed' }) };
    const provider = new VerificationTaskProvider(host, () => undefined, (message) => problems.push(message));
    const definition = { type: 'refactor-runbook', task: 'focused-test', testId: 'tests/test_config.py::test_canonical_dir' };
    const resolved = await provider.resolveTask(new vscode.Task(definition, folder, 'from tasks.json', 'Workspace'));
    assert.ok(resolved);
    assert.equal(resolved.definition, definition);
    assert.ok(resolved.execution instanceof vscode.CustomExecution);
    assert.deepEqual((await api.verification.createTask({ taskId: 'focused-test', testId: definition.testId }, folder)).plan.runner.steps[0]?.args, ['-m', 'pytest', 'tests/test_config.py::test_canonical_dir', '-q']);
    assert.equal(await provider.resolveTask(new vscode.Task({ type: 'refactor-runbook', task: 'deploy' }, folder, 'bad', 'Workspace')), undefined);
    assert.match(problems[0] ?? '', /tasks\.json: a "refactor-runbook" task has "task": "deploy"; use one of/);
  });

  it('without refactorRunbook.python the interpreter is python3 on PATH, and the task says why', async () => {
    await setSetting('python', undefined);
    try {
      const { plan } = await api.verification.createTask({ taskId: 'tests' }, folder);
      const onPath = (process.env.PATH ?? '')
        .split(':')
        .filter((entry) => path.isAbsolute(entry))
        .map((entry) => path.join(entry, 'python3'))
        .find((candidate) => {
          try {
            accessSync(candidate, constants.X_OK);
            return true;
          } catch {
            return false;
          }
        });
      assert.ok(onPath, 'python3 is on PATH in the test host');
      assert.equal(plan.steps[0]?.command, onPath);
      assert.match(plan.runner.steps[0]?.headerLines[0] ?? '', /^Interpreter: .+ \(python3 on PATH: refactorRunbook\.python is not set, the Python extension is not installed and the workspace has no \.venv\/ or venv\/ \(create one with `python3 -m venv \.venv`\)\)$/);
    } finally {
      await setSetting('python', testPython);
    }
  });

  it("the syntax check, executed by VS Code, really runs Python and passes on the example's files", async () => {
    const task = (await vscode.tasks.fetchTasks({ type: 'refactor-runbook' })).find((candidate) => candidate.name === 'syntax check');
    assert.ok(task);
    const recordedBefore = recorded.length;
    const ended = new Promise<vscode.TaskProcessEndEvent>((resolve) => {
      const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type === 'refactor-runbook') {
          subscription.dispose();
          resolve(event);
        }
      });
    });
    const execution = await vscode.tasks.executeTask(task);
    const end = await ended;
    assert.equal(end.execution, execution, 'the end event carries the same execution object');
    assert.equal(end.exitCode, 0);
    const result = await pollUntil(() => recorded.slice(recordedBefore).find((entry) => entry.taskId === 'syntax-check'), (entry) => entry !== undefined, 'the result to be recorded');
    assert.equal(result?.outcome, 'passed');
    assert.equal(result?.exitCode, 0);
    assert.equal(api.verification.results.latestResult('syntax-check', folder.uri.toString()), result);
  });

  it('the syntax check fails on a syntax error with a Problems entry at its line, which disappears once fixed', async () => {
    const project = copyFixture('syntax-error', scratch);
    const runbookFiles = ['train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/*.py'].map((pattern) => path.join(project, pattern));
    const broken = path.join(project, 'src', 'training', 'fusion_training.py');
    // What this Python itself says about the file: the Problems entry must match it.
    const truth = spawnSync(testPython, ['-c', 'import sys\ntry:\n    compile(open(sys.argv[1]).read(), sys.argv[1], "exec")\nexcept SyntaxError as error:\n    print(error.lineno, error.msg)', broken], { encoding: 'utf8' });
    const [lineText, ...messageWords] = truth.stdout.trim().split(' ');
    const line = Number(lineText);
    assert.ok(line > 0, truth.stdout + truth.stderr);

    const failed = finished(await api.verification.run({ taskId: 'syntax-check', files: runbookFiles }));
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.exitCode, 1);
    const uri = vscode.Uri.file(broken);
    const [diagnostic] = await diagnosticsOf(uri, 'py_compile', (list) => list.length > 0, `a py_compile problem in ${broken}`);
    assert.ok(diagnostic);
    assert.equal(diagnostic.range.start.line, line - 1);
    assert.equal(diagnostic.message, messageWords.join(' '));
    assert.equal(diagnostic.code, 'SyntaxError');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);

    writeFileSync(broken, readFileSync(broken, 'utf8').replace('def fuse(gat_path, vgae_path:', 'def fuse(gat_path, vgae_path):'));
    const passed = finished(await api.verification.run({ taskId: 'syntax-check', files: runbookFiles }));
    assert.equal(passed.outcome, 'passed');
    assert.equal(passed.exitCode, 0);
    await diagnosticsOf(uri, 'py_compile', (list) => list.length === 0, 'the problem to disappear after the clean run');
  });

  it('an indentation error in a nested folder is reported at its full path (py_compile alone would give the base name)', async () => {
    const project = copyFixture('syntax-error', path.join(scratch, 'indent'));
    const file = path.join(project, 'extra', 'bad_indent.py');
    const result = finished(await api.verification.run({ taskId: 'syntax-check', files: [file] }));
    assert.equal(result.exitCode, 1);
    const [diagnostic] = await diagnosticsOf(vscode.Uri.file(file), 'py_compile', (list) => list.length > 0, 'the indentation error');
    assert.equal(diagnostic?.range.start.line, 2);
    assert.equal(diagnostic?.code, 'IndentationError');
    assert.equal(diagnostic?.message, 'unexpected indent');
  });

  it("the tests task runs the example's pytest suite", async () => {
    const report = path.join(scratch, 'junit.xml');
    await setSetting('env', { ...cacheEnv, PYTEST_ADDOPTS: `-p no:cacheprovider --junitxml=${report}` });
    try {
      const result = finished(await api.verification.run({ taskId: 'tests' }));
      assert.equal(result.outcome, 'passed');
      assert.equal(result.exitCode, 0);
      const xml = readFileSync(report, 'utf8');
      const testcases = [...xml.matchAll(/<testcase [^>]*name="([^"]+)"/g)].map((match) => match[1]);
      assert.ok(testcases.includes('test_canonical_dir'), testcases.join(', '));
      assert.ok(testcases.length >= 3, `${testcases.length} tests ran`);
      assert.match(xml, /failures="0"/);
    } finally {
      await setSetting('env', cacheEnv);
    }
  });

  it('pytest failures land in the Problems view where they were raised', async () => {
    const project = copyFixture('pytest-failures', scratch);
    const testFile = path.join(project, 'tests', 'test_failures.py');
    // With the workspace folder as pytest's rootdir, a file outside it is printed with its absolute path.
    await setSetting('env', { ...cacheEnv, PYTEST_ADDOPTS: `-p no:cacheprovider --rootdir=${folder.uri.fsPath}` });
    try {
      const result = finished(await api.verification.run({ taskId: 'focused-test', testId: testFile }));
      assert.equal(result.outcome, 'failed');
      assert.equal(result.exitCode, 1);
      const diagnostics = await diagnosticsOf(vscode.Uri.file(testFile), 'pytest', (list) => list.length >= 2, 'two pytest problems');
      const summary = diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1} ${codeOf(diagnostic)} ${diagnostic.message}`).sort();
      assert.deepEqual(summary, ['5 FileNotFoundError FileNotFoundError: no checkpoint at experiment_runs/missing.pth', '9 AssertionError AssertionError']);
    } finally {
      await setSetting('env', cacheEnv);
    }
  });

  it('"Run Focused Test at Cursor" finds the test around the cursor with the parser, runs it, and offers it as a task', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'tests', 'test_config.py'));
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((text) => text.startsWith('def test_canonical_dir('));
    assert.ok(line >= 0);
    // Two lines into the function's body.
    editor.selection = new vscode.Selection(line + 2, 4, line + 2, 4);
    const from = recorded.length;
    await vscode.commands.executeCommand('refactorRunbook.runFocusedTest');
    const result = await pollUntil(() => recorded.slice(from).find((entry) => entry.taskId === 'focused-test'), (entry) => entry !== undefined, 'the focused test result', 60_000);
    assert.equal(result?.testId, 'tests/test_config.py::test_canonical_dir');
    assert.equal(result?.outcome, 'passed');
    const offered = (await vscode.tasks.fetchTasks({ type: 'refactor-runbook' })).find((task) => task.name.startsWith('focused test'));
    assert.equal(offered?.name, 'focused test: tests/test_config.py::test_canonical_dir');
    assert.deepEqual(offered?.definition, { type: 'refactor-runbook', task: 'focused-test', testId: 'tests/test_config.py::test_canonical_dir' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a focused test id full of shell metacharacters reaches pytest as one literal argument', async () => {
    const project = copyFixture('shell-metacharacters', scratch);
    const testId = `${path.join(project, 'tests', 'test_literal_ids.py')}::test_literal[${hostile}]`;
    const result = finished(await api.verification.run({ taskId: 'focused-test', testId }));
    const places = [project, folder.uri.fsPath, scratch];
    const pwned = places.flatMap((place) => pwnedNames.map((name) => path.join(place, name))).filter((file) => existsSync(file));
    for (const file of pwned) rmSync(file, { force: true });
    assert.deepEqual(pwned, [], 'nothing in the test id was executed by a shell');
    assert.equal(result.exitCode, 0, 'pytest found and ran the test by its exact id (it exits 4 when an id matches nothing)');
    assert.equal(readFileSync(path.join(project, 'tests', 'ran.txt'), 'utf8'), hostile);
    assert.equal(result.testId, testId);
  });

  it('lint with flake8 puts exactly the findings flake8 itself prints in the Problems view', async () => {
    await setSetting('lintTool', 'flake8');
    try {
      const direct = spawnSync(testPython, ['-m', 'flake8', '.'], { cwd: folder.uri.fsPath, encoding: 'utf8' });
      const findings = direct.stdout
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => {
          const match = /^(.+?):(\d+):(\d+): ([A-Z]+\d+) (.*)$/.exec(line);
          assert.ok(match, line);
          return { file: path.join(folder.uri.fsPath, match[1] ?? ''), line: Number(match[2]) - 1, column: Number(match[3]) - 1, code: match[4], message: match[5] };
        });
      assert.ok(findings.length > 0, 'flake8 finds something in the example (its lines are longer than 79 characters)');
      const result = finished(await api.verification.run({ taskId: 'lint' }));
      assert.equal(result.exitCode, direct.status);
      for (const file of new Set(findings.map((finding) => finding.file))) {
        const expected = findings
          .filter((finding) => finding.file === file)
          .map((finding) => `${finding.line}:${finding.column} ${finding.code} ${finding.message}`)
          .sort();
        const diagnostics = await diagnosticsOf(vscode.Uri.file(file), 'flake8', (list) => list.length >= expected.length, `${expected.length} flake8 problems in ${file}`);
        assert.deepEqual(diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.character} ${codeOf(diagnostic)} ${diagnostic.message}`).sort(), expected);
      }
    } finally {
      await setSetting('lintTool', undefined);
    }
  });

  it('lint with ruff, which is not installed, says so and how to install it, and switches to no other linter', async function () {
    if (isImportable('ruff')) {
      console.log(`skipped: ruff is installed for ${testPython}, so its missing-tool message cannot be shown`);
      this.skip();
    }
    const result = finished(await api.verification.run({ taskId: 'lint' }));
    assert.equal(result.outcome, 'failed');
    assert.equal(result.exitCode, 127);
    assert.match(result.problem ?? '', new RegExp(`^ruff is not installed for ${testPython.replaceAll('/', '\\/')}`));
    assert.match(result.problem ?? '', /-m pip install ruff/);
    assert.match(result.problem ?? '', /refactorRunbook\.lintTool/);
  });

  it('verify all runs the steps in order, stops at the first failure, sums up, and records each step that ran', async function () {
    if (isImportable('ruff')) {
      console.log(`skipped: ruff is installed for ${testPython}, so the lint step would not be the failing one`);
      this.skip();
    }
    const from = recorded.length;
    const result = finished(await api.verification.run({ taskId: 'verify-all' }));
    assert.equal(result.outcome, 'failed');
    assert.deepEqual(
      result.steps?.map((step) => `${step.taskId}:${step.outcome}`),
      ['syntax-check:passed', 'lint:failed', 'tests:not-run', 'type-check:not-run'],
    );
    const recordedNow = recorded.slice(from).map((entry) => `${entry.taskId}:${entry.outcome}`);
    assert.deepEqual(recordedNow, ['verify-all:failed', 'syntax-check:passed', 'lint:failed']);
    assert.equal(api.verification.results.latestResult('syntax-check', folder.uri.toString())?.label, 'syntax check (python -m py_compile train_with_hydra_zen.py src/config/hydra_zen_configs.py src/training/*.py), during verify all');
    if (canTakeScreenshots()) {
      // For people: the terminal with the interpreter line, the missing-ruff message and the summary.
      const screenshot = await captureWorkbench('verification-verify-all.png');
      assert.deepEqual([...readFileSync(screenshot).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    }
  });

  it('a hanging test is terminated from the palette, its process ends, and the run counts as not passed', async () => {
    const project = copyFixture('hanging-test', scratch);
    const pidFile = path.join(project, 'tests', 'pid.txt');
    const running = api.verification.run({ taskId: 'focused-test', testId: `${path.join(project, 'tests', 'test_hangs.py')}::test_hangs` });
    await pollUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', (started) => started, 'the hanging test to start', 30_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(isAlive(pid));
    assert.equal(api.verification.runningExecutions().length, 1);
    await vscode.commands.executeCommand('refactorRunbook.terminateVerification');
    const result = finished(await running);
    assert.equal(result.outcome, 'cancelled');
    await pollUntil(() => isAlive(pid), (alive) => !alive, `the test process ${pid} to end`, 10_000);
    assert.equal(api.verification.results.latestResult('focused-test', folder.uri.toString())?.outcome, 'cancelled');
    assert.equal(api.verification.runningExecutions().length, 0);
  });

  describe('in an untrusted workspace (trust state injected: this host runs with Workspace Trust disabled)', () => {
    const untrustedHost = (): VerificationHost => ({
      isTrusted: () => false,
      reportFolder: path.join(scratch, 'untrusted-reports'),
      onToolFinished: () => assert.fail('no tool may run in an untrusted workspace'),
      pythonExtensionSelection: () => Promise.reject(new Error('must not be asked')),
    });

    it('a run is refused with why and how to trust, and no task starts', async () => {
      const started: string[] = [];
      const subscription = vscode.tasks.onDidStartTask((event) => started.push(event.execution.task.name));
      const store = new VerificationResultStore({ get: () => undefined, update: () => Promise.resolve() });
      const tracker = new VerificationRunTracker(() => store, path.join(scratch, 'untrusted-reports'), () => undefined);
      try {
        const service = new VerificationService(untrustedHost(), tracker);
        const outcome = await service.run({ taskId: 'tests' }, { folder });
        assert.equal(outcome.kind, 'refused');
        assert.match(outcome.kind === 'refused' ? outcome.message : '', /Restricted Mode.*Workspaces: Manage Workspace Trust/s);
        assert.deepEqual(started, []);
        assert.deepEqual(vscode.tasks.taskExecutions.filter((execution) => execution.task.definition.type === 'refactor-runbook'), []);
      } finally {
        subscription.dispose();
        tracker.dispose();
      }
    });

    it('a task planned while untrusted starts no Python even when VS Code executes it', async () => {
      const project = copyFixture('shell-metacharacters', path.join(scratch, 'untrusted'));
      const testId = `${path.join(project, 'tests', 'test_literal_ids.py')}::test_literal[${hostile}]`;
      const { task, plan } = await createVerificationTask(folder, { taskId: 'focused-test', testId }, untrustedHost());
      assert.match(plan.problems[0] ?? '', /Restricted Mode/);
      const ended = new Promise<number | undefined>((resolve) => {
        const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
          if (event.execution.task === task || event.execution.task.name === task.name) {
            subscription.dispose();
            resolve(event.exitCode);
          }
        });
      });
      await vscode.tasks.executeTask(task);
      assert.equal(await ended, 127);
      assert.equal(existsSync(path.join(project, 'tests', 'ran.txt')), false, 'the test never ran');
    });
  });
});

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { displayCommandLine, quoteForDisplay } from '../../../src/core/verification/commandLineDisplay';
import { expandFilePatterns } from '../../../src/core/verification/fileGlobExpansion';
import type { InterpreterResolution } from '../../../src/core/verification/interpreterResolution';
import type { LintToolChoice } from '../../../src/core/verification/lintToolDetection';
import type { RunnerPlan } from '../../../src/core/verification/runnerPlan';
import { notStartedExitCode } from '../../../src/core/verification/runnerPlan';
import { verificationTrustDecision } from '../../../src/core/verification/trustGate';
import type { VerificationInputs, VerificationRequest } from '../../../src/core/verification/verificationPlanner';
import { planVerificationTask } from '../../../src/core/verification/verificationPlanner';
import { nodeRunnerRuntime, runVerificationPlan } from '../../../src/core/verification/verificationRunnerProgram';
import { asPositionalPath, defaultSyntaxCheckFiles, pyCompileEachFileProgram, testIdProblem } from '../../../src/core/verification/verificationTaskCatalogue';

const python = '/usr/bin/python3';
const resolvedInterpreter: InterpreterResolution = { kind: 'resolved', path: python, source: 'setting', reason: 'set in refactorRunbook.python', tried: [] };
const ruff: LintToolChoice = { tool: 'ruff', reason: 'refactorRunbook.lintTool is "auto" and the project configures ruff: [tool.ruff] in pyproject.toml (line 28)', alsoConfigured: [] };

function inputs(overrides: Partial<VerificationInputs> = {}): VerificationInputs {
  return {
    folderPath: '/work/project',
    trust: { allowed: true },
    settingProblems: [],
    interpreter: resolvedInterpreter,
    lint: () => ruff,
    syntaxCheckFiles: defaultSyntaxCheckFiles,
    expandFiles: (patterns) => ({ files: patterns.map((pattern) => pattern.replace('*', 'module')), unmatched: [] }),
    pylintTargets: () => ['train.py', 'src', 'tests'],
    env: {},
    verifyAllTasks: ['syntax-check', 'lint', 'tests', 'type-check'],
    ...overrides,
  };
}

const plan = (request: VerificationRequest, overrides: Partial<VerificationInputs> = {}) => planVerificationTask(request, inputs(overrides));

describe('verification plans: argument arrays', () => {
  it("each task runs the runbook's command as `python -m <tool>` with its arguments", () => {
    const commands = (['syntax-check', 'lint', 'tests', 'type-check'] as const).map((taskId) => {
      const step = plan({ taskId }).steps[0];
      return [step?.command, ...(step?.args ?? [])];
    });
    assert.deepEqual(commands, [
      [python, '-c', pyCompileEachFileProgram, 'train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/module.py'],
      [python, '-m', 'ruff', 'check', '--output-format=concise', '.'],
      [python, '-m', 'pytest', 'tests', '-q'],
      [python, '-m', 'mypy', 'src'],
    ]);
    assert.deepEqual(plan({ taskId: 'focused-test', testId: 'tests/test_config.py::test_canonical_dir' }).steps[0]?.args, ['-m', 'pytest', 'tests/test_config.py::test_canonical_dir', '-q']);
  });

  it('flake8 and pylint: their own arguments, pylint on the top-level targets only', () => {
    assert.deepEqual(plan({ taskId: 'lint' }, { lint: () => ({ tool: 'flake8', reason: 'set', alsoConfigured: [] }) }).steps[0]?.args, ['-m', 'flake8', '.']);
    assert.deepEqual(plan({ taskId: 'lint' }, { lint: () => ({ tool: 'pylint', reason: 'set', alsoConfigured: [] }) }).steps[0]?.args, ['-m', 'pylint', '--recursive=y', 'train.py', 'src', 'tests']);
  });

  it('a hostile test id stays one literal argument; one starting with "-" or holding a control character is refused', () => {
    const hostile = 'tests/test_ids.py::test_literal[a b; rm -rf ~ $(touch x) `id` \'q\' "d" | tee > y]';
    assert.deepEqual(plan({ taskId: 'focused-test', testId: hostile }).steps[0]?.args, ['-m', 'pytest', hostile, '-q']);
    for (const bad of ['-p evil_plugin', '--help', 'tests/x.py::t\nrm -rf /', 'tests/x.py::t\u0000', '  ']) {
      assert.ok(testIdProblem(bad), JSON.stringify(bad));
      const refused = plan({ taskId: 'focused-test', testId: bad });
      assert.equal(refused.steps[0]?.blocked !== undefined, true, JSON.stringify(bad));
      assert.equal(refused.runner.steps[0]?.precheck, undefined);
    }
  });

  it('hostile file names from a glob stay one argument each, and a name starting with "-" cannot become an option', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rr-plan-files-'));
    try {
      const names = ['-rf.py', 'a b.py', '$(touch pwned).py', '`id`.py', "it's.py", 'semi;colon.py'];
      mkdirSync(path.join(root, 'src'));
      for (const name of names) writeFileSync(path.join(root, 'src', name), '');
      writeFileSync(path.join(root, '--version.py'), '');
      const planned = plan({ taskId: 'syntax-check', files: ['--version.py', 'src/*.py'] }, { expandFiles: (patterns) => expandFilePatterns(root, patterns) });
      assert.deepEqual(planned.steps[0]?.args, ['-c', pyCompileEachFileProgram, './--version.py', 'src/$(touch pwned).py', 'src/-rf.py', 'src/`id`.py', 'src/a b.py', "src/it's.py", 'src/semi;colon.py']);
      assert.equal(asPositionalPath('/abs/-x.py'), '/abs/-x.py');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('shows the command line quoted for a POSIX shell (display only)', () => {
    assert.equal(displayCommandLine('/usr/bin/python3', ['-m', 'pytest', "a b's", '$(x)', '']), "/usr/bin/python3 -m pytest 'a b'\\''s' '$(x)' ''");
    assert.equal(quoteForDisplay('src/training/a.py'), 'src/training/a.py');
    assert.equal(plan({ taskId: 'tests' }).runner.steps[0]?.display, '/usr/bin/python3 -m pytest tests -q');
  });
});

describe('verification plans: what is printed and what blocks a run', () => {
  it('names the task, the interpreter and why, the linter and why, its tool and what a run speaks for', () => {
    const lint = plan({ taskId: 'lint' });
    assert.equal(lint.name, 'lint');
    assert.deepEqual(lint.runner.steps[0]?.headerLines, ['Interpreter: /usr/bin/python3 (set in refactorRunbook.python)', `Linter: ruff (${ruff.reason})`]);
    assert.equal(lint.detail, '/usr/bin/python3 -m ruff check --output-format=concise . — interpreter set in refactorRunbook.python');
    assert.deepEqual(lint.steps.map((step) => [step.tool, step.problemScope]), [['ruff', { kind: 'folder' }]]);
    // A syntax check speaks for the files it compiled, a focused test for its test.
    assert.deepEqual(plan({ taskId: 'syntax-check' }).steps[0]?.problemScope, { kind: 'files', files: ['train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/module.py'] });
    assert.deepEqual(plan({ taskId: 'focused-test', testId: 'tests/a_test.py::test_x' }).steps[0]?.problemScope, { kind: 'test', testId: 'tests/a_test.py::test_x' });
    // The program text is passed as an argument but not shown: people see which files are compiled.
    assert.equal(plan({ taskId: 'syntax-check' }).runner.steps[0]?.display, '/usr/bin/python3 -c \'<py_compile.compile each file>\' train_with_hydra_zen.py src/config/hydra_zen_configs.py src/training/module.py');
    assert.equal(plan({ taskId: 'focused-test', testId: 'tests/a_test.py::test_x' }).name, 'focused test: tests/a_test.py::test_x');
  });

  it('checks that the tool is installed with `python -c` and the module name as an argument, and says how to install it', () => {
    const precheck = plan({ taskId: 'lint' }).runner.steps[0]?.precheck;
    assert.ok(precheck);
    assert.equal(precheck.command, python);
    assert.deepEqual(precheck.args.slice(0, 1), ['-c']);
    assert.equal(precheck.args[2], 'ruff');
    assert.match(precheck.failureMessage, /^ruff is not installed for \/usr\/bin\/python3/);
    assert.match(precheck.failureMessage, /\/usr\/bin\/python3 -m pip install ruff/);
    assert.match(precheck.failureMessage, /pip install ruff/);
    assert.match(precheck.failureMessage, /refactorRunbook\.lintTool/);
    assert.equal(plan({ taskId: 'syntax-check' }).runner.steps[0]?.precheck, undefined, 'py_compile is in the standard library');
  });

  it('verify all: the configured steps in order, their tools, and a summary', () => {
    const all = plan({ taskId: 'verify-all' });
    assert.deepEqual(
      all.steps.map((step) => step.taskId),
      ['syntax-check', 'lint', 'tests', 'type-check'],
    );
    assert.equal(all.runner.summary, true);
    assert.equal(all.detail, 'syntax check → lint → tests → type check — interpreter set in refactorRunbook.python');
    assert.deepEqual(all.steps.map((step) => step.tool), ['py_compile', 'ruff', 'pytest', 'mypy']);
    assert.deepEqual(plan({ taskId: 'verify-all' }, { verifyAllTasks: ['tests'] }).steps.map((step) => step.taskId), ['tests']);
  });

  it('a missing interpreter blocks every step with what was tried and the fix', () => {
    const missing: InterpreterResolution = { kind: 'missing', problem: 'No Python interpreter was found for /work/project.', tried: ['refactorRunbook.python: not set', 'python3 on PATH: not found'], fix: 'create the project\'s environment with `python3 -m venv .venv`' };
    const blocked = plan({ taskId: 'verify-all' }, { interpreter: missing });
    assert.equal(blocked.problems.length, 4);
    assert.equal(blocked.runner.steps[0]?.blocked, 'No Python interpreter was found for /work/project.\nTried, in order:\n  - refactorRunbook.python: not set\n  - python3 on PATH: not found\nFix: create the project\'s environment with `python3 -m venv .venv`.');
    assert.match(blocked.detail, /no interpreter: No Python interpreter was found/);
  });

  it('a file list entry that matches nothing blocks the syntax check and is named', () => {
    const blocked = plan({ taskId: 'syntax-check' }, { expandFiles: () => ({ files: ['src/config/hydra_zen_configs.py'], unmatched: ['train_with_hydra_zen.py', 'src/training/*.py'] }) });
    assert.match(blocked.runner.steps[0]?.blocked ?? '', /refactorRunbook\.syntaxCheckFiles\) has entries that match no file in \/work\/project: "train_with_hydra_zen\.py", "src\/training\/\*\.py"/);
    assert.match(plan({ taskId: 'syntax-check' }, { syntaxCheckFiles: [] }).runner.steps[0]?.blocked ?? '', /no files to compile/);
  });

  it('an unusable setting blocks every step and names it', () => {
    const blocked = plan({ taskId: 'tests' }, { settingProblems: ['refactorRunbook.lintTool is "rufff", which is not one of auto, ruff, flake8, pylint.'] });
    assert.match(blocked.runner.steps[0]?.blocked ?? '', /refactorRunbook\.lintTool is "rufff"/);
  });

  it('the extra environment is passed to every step and its variable names are printed', () => {
    const withEnv = plan({ taskId: 'tests' }, { env: { PYTHONPATH: 'src', CUDA_VISIBLE_DEVICES: '' } });
    assert.deepEqual(withEnv.runner.steps[0]?.env, { PYTHONPATH: 'src', CUDA_VISIBLE_DEVICES: '' });
    assert.ok(withEnv.runner.steps[0]?.headerLines.includes('Environment from refactorRunbook.env: PYTHONPATH, CUDA_VISIBLE_DEVICES'));
  });
});

describe('workspace trust gate', () => {
  it('allows a trusted workspace and refuses an untrusted one with why and how to trust', () => {
    assert.deepEqual(verificationTrustDecision(true), { allowed: true });
    const refused = verificationTrustDecision(false);
    assert.equal(refused.allowed, false);
    assert.match(refused.allowed ? '' : refused.message, /Restricted Mode/);
    assert.match(refused.allowed ? '' : refused.message, /Workspaces: Manage Workspace Trust/);
  });

  it('in an untrusted workspace nothing is inspected: no linter detection, no file expansion, no precheck', () => {
    let inspected = false;
    const untrusted = plan({ taskId: 'verify-all' }, {
      trust: verificationTrustDecision(false),
      lint: () => {
        inspected = true;
        return ruff;
      },
      expandFiles: () => {
        inspected = true;
        return { files: [], unmatched: [] };
      },
    });
    assert.equal(inspected, false);
    assert.ok(untrusted.runner.steps.every((step) => step.blocked !== undefined && /Restricted Mode/.test(step.blocked) && step.precheck === undefined));
  });

  it("an untrusted workspace's plan, run for real by the runner, starts no interpreter and exits 127", async function () {
    this.timeout(20_000);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'rr-untrusted-'));
    try {
      // A stand-in interpreter that records every call: it must never be called.
      const calls = path.join(scratch, 'calls.log');
      const fakePython = path.join(scratch, 'python');
      writeFileSync(fakePython, `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
      chmodSync(fakePython, 0o755);
      const interpreter: InterpreterResolution = { ...resolvedInterpreter, path: fakePython };
      const runPlan = async (runner: RunnerPlan): Promise<number | null> =>
        new Promise((resolve, reject) => {
          const ignore = { write: () => true };
          runVerificationPlan(runner, nodeRunnerRuntime({ cwd: scratch, stdout: ignore, stderr: ignore, env: process.env }).runtime).then(resolve, reject);
        });

      const untrusted = plan({ taskId: 'verify-all' }, { interpreter, trust: verificationTrustDecision(false) });
      assert.equal(await runPlan(untrusted.runner), notStartedExitCode);
      assert.equal(existsSync(calls), false, 'the interpreter was never started');

      // The same plan in a trusted workspace does call it (precheck, then the tool), so the stand-in works.
      const trusted = plan({ taskId: 'focused-test', testId: 'tests/x.py::test_y' }, { interpreter });
      assert.equal(await runPlan(trusted.runner), 0);
      const recorded = readFileSync(calls, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
      assert.deepEqual(recorded[1], ['-m', 'pytest', 'tests/x.py::test_y', '-q']);
      assert.equal(recorded[0]?.[0], '-c');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

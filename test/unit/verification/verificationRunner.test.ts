// Runs plans as the tasks' terminal does: in this process with a real-process runtime. The steps run Node scripts in
// place of Python tools, so exit codes, argument arrays, signals and timing are all real.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunnerPlan, RunnerReport, RunnerStep } from '../../../src/core/verification/runnerPlan';
import { notStartedExitCode } from '../../../src/core/verification/runnerPlan';
import type { RunnerStepReport } from '../../../src/core/verification/runnerPlan';
import { nodeRunnerRuntime, runVerificationPlan } from '../../../src/core/verification/verificationRunnerProgram';
import { isAlive } from '../../host/processLiveness';

interface RunnerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What onStepEnd heard: step index, outcome and the tool's output. */
  readonly ended: readonly { readonly index: number; readonly report: RunnerStepReport; readonly output: string }[];
}

async function runRunner(plan: RunnerPlan, cwd: string, whileRunning?: (terminate: (signal: NodeJS.Signals) => void) => void): Promise<RunnerRun> {
  let stdout = '';
  let stderr = '';
  const ended: RunnerRun['ended'][number][] = [];
  const { runtime, terminate } = nodeRunnerRuntime({
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    onStepEnd: (index, report, output) => ended.push({ index, report, output }),
  });
  const running = runVerificationPlan(plan, runtime);
  whileRunning?.(terminate);
  const code = await running;
  return { code, stdout, stderr, ended };
}

/** A step that runs a Node script (standing in for `python -m tool`), with the script's extra arguments. */
function nodeStep(taskId: RunnerStep['taskId'], script: string, extra: Partial<RunnerStep> = {}, args: string[] = []): RunnerStep {
  return { taskId, label: taskId.replace('-', ' '), headerLines: [], display: `node ${taskId}`, command: process.execPath, args: ['-e', script, '--', ...args], env: {}, ...extra };
}

async function waitFor(condition: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('verification runner program (real processes)', function () {
  this.timeout(30_000);
  let scratch: string;
  let reportFile: string;

  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rr-runner-'));
    reportFile = path.join(scratch, 'reports', 'run.json');
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const report = (): RunnerReport => JSON.parse(readFileSync(reportFile, 'utf8')) as RunnerReport;

  it('passes every argument to the tool literally: quotes, spaces, ;, $(), backticks and globs run nothing', async () => {
    const hostile = ['tests/test_ids.py::test_literal[a b; touch PWNED1]', '$(touch PWNED2)', '`touch PWNED3`', "it's \"quoted\"", '*', '$HOME', '|| touch PWNED4', '> PWNED5', '\\'];
    const printArguments = 'process.stdout.write("ARGS=" + JSON.stringify(process.argv.slice(1)) + "\\n")';
    const run = await runRunner({ title: 'literal arguments', steps: [nodeStep('focused-test', printArguments, {}, hostile)], summary: false }, scratch);
    assert.equal(run.code, 0, run.stderr);
    const line = run.stdout.split('\n').find((entry) => entry.startsWith('ARGS='));
    assert.deepEqual(JSON.parse(line?.slice('ARGS='.length) ?? 'null'), hostile);
    for (const marker of ['PWNED1', 'PWNED2', 'PWNED3', 'PWNED4', 'PWNED5']) assert.equal(existsSync(path.join(scratch, marker)), false, marker);
  });

  it('prints the title, the header lines and the command line, then the tool output and a footer', async () => {
    const step = nodeStep('syntax-check', 'process.stdout.write("tool output without newline")', {
      headerLines: ['Interpreter: /usr/bin/python3 (set in refactorRunbook.python)'],
      display: "/usr/bin/python3 -m py_compile 'a b.py'",
    });
    const run = await runRunner({ title: 'Refactor Runbook · syntax check', steps: [step], summary: false }, scratch);
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'Refactor Runbook · syntax check',
      'Interpreter: /usr/bin/python3 (set in refactorRunbook.python)',
      "> /usr/bin/python3 -m py_compile 'a b.py'",
      'tool output without newline',
    ]);
    // The footer starts on its own line although the tool's last line had no newline.
    assert.match(lines[4] ?? '', /^✓ syntax check passed in (\d+ ms|\d+\.\d s)\.$/);
  });

  it("exits with the failing step's code, stops there, reports each step and sums up", async () => {
    const marker = path.join(scratch, 'third-step-ran');
    const plan: RunnerPlan = {
      title: 'verify all',
      steps: [nodeStep('syntax-check', 'process.exit(0)'), nodeStep('lint', 'console.error("lint: 2 problems"); process.exit(3)'), nodeStep('tests', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`)],
      summary: true,
      reportFile,
    };
    const run = await runRunner(plan, scratch);
    assert.equal(run.code, 3);
    assert.equal(existsSync(marker), false, 'the step after the failure did not run');
    assert.match(run.stderr, /lint: 2 problems/);
    assert.match(run.stdout, /✗ lint failed with exit code 3/);
    assert.match(run.stdout, /Summary: 1 of 3 passed/);
    assert.match(run.stdout, /✓ syntax check/);
    assert.match(run.stdout, /· tests: not run \(stopped at the first failure\)/);
    const steps = report().steps;
    assert.deepEqual(
      steps.map((step) => [step.taskId, step.outcome, step.exitCode]),
      [
        ['syntax-check', 'passed', 0],
        ['lint', 'failed', 3],
        ['tests', 'not-run', undefined],
      ],
    );
    assert.ok(steps.slice(0, 2).every((step) => typeof step.durationMs === 'number' && step.durationMs >= 0));
  });

  it('a blocked step prints why and how to fix it, starts nothing and exits 127', async () => {
    const marker = path.join(scratch, 'ran');
    const step = nodeStep('tests', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`, { blocked: 'No Python interpreter was found.\nFix: python3 -m venv .venv.' });
    const run = await runRunner({ title: 'tests', steps: [step], summary: false, reportFile }, scratch);
    assert.equal(run.code, notStartedExitCode);
    assert.match(run.stdout, /No Python interpreter was found\.\nFix: python3 -m venv \.venv\.\n✗ tests did not run\./);
    assert.equal(existsSync(marker), false);
    assert.deepEqual(report().steps[0], { taskId: 'tests', outcome: 'failed', exitCode: notStartedExitCode, durationMs: report().steps[0]?.durationMs, problem: 'No Python interpreter was found.\nFix: python3 -m venv .venv.' });
  });

  it('a failing precheck (tool not installed) prints its message and never runs the tool', async () => {
    const marker = path.join(scratch, 'ruff-ran');
    const step = nodeStep('lint', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`, {
      precheck: { command: process.execPath, args: ['-e', 'process.exit(1)'], failureMessage: 'ruff is not installed for /usr/bin/python3.\nFix: pip install ruff.' },
    });
    const run = await runRunner({ title: 'lint', steps: [step], summary: false, reportFile }, scratch);
    assert.equal(run.code, notStartedExitCode);
    assert.match(run.stdout, /ruff is not installed for \/usr\/bin\/python3\.\nFix: pip install ruff\./);
    assert.equal(existsSync(marker), false);
    assert.equal(report().steps[0]?.problem, 'ruff is not installed for /usr/bin/python3.\nFix: pip install ruff.');
  });

  it('an interpreter that disappeared since planning is reported, not a crash', async () => {
    const step: RunnerStep = { ...nodeStep('tests', ''), command: path.join(scratch, 'gone', 'python'), args: ['-m', 'pytest'] };
    const run = await runRunner({ title: 'tests', steps: [step], summary: false, reportFile }, scratch);
    assert.equal(run.code, notStartedExitCode);
    assert.match(run.stdout, /Could not start .*gone\/python: spawn .*ENOENT/);
    assert.match(report().steps[0]?.problem ?? '', /ENOENT/);
  });

  it('gives the tool its environment: the extra variables, unbuffered Python, and no ELECTRON_RUN_AS_NODE', async () => {
    const script = 'process.stdout.write("ENV=" + JSON.stringify({ extra: process.env.RR_EXTRA, unbuffered: process.env.PYTHONUNBUFFERED, electron: process.env.ELECTRON_RUN_AS_NODE ?? null }) + "\\n")';
    const run = await runRunner({ title: 'env', steps: [nodeStep('tests', script, { env: { RR_EXTRA: 'a b $(c)' } })], summary: false }, scratch);
    const line = run.stdout.split('\n').find((entry) => entry.startsWith('ENV='));
    assert.deepEqual(JSON.parse(line?.slice(4) ?? 'null'), { extra: 'a b $(c)', unbuffered: '1', electron: null });
  });

  it("hands each step's tool output (stdout and stderr, not the runner's own lines) to onStepEnd, and gives the tools no input", async () => {
    const readsInput = 'process.stdout.write("out-1\\n"); process.stderr.write("err-2\\n"); process.stdin.on("data", () => process.exit(9)); process.stdin.on("end", () => process.exit(4));';
    const plan: RunnerPlan = { title: 'verify all', steps: [nodeStep('syntax-check', 'process.stdout.write("compiled\\n")', { headerLines: ['Interpreter: x'] }), nodeStep('lint', readsInput), nodeStep('tests', '')], summary: true };
    const run = await runRunner(plan, scratch);
    assert.equal(run.code, 4, 'the tool saw the end of an empty input at once');
    assert.deepEqual(
      run.ended.map((entry) => [entry.index, entry.report.outcome, entry.output]),
      [
        [0, 'passed', 'compiled\n'],
        [1, 'failed', 'out-1\nerr-2\n'],
      ],
      'the step that was not reached is not reported',
    );
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`a hanging tool is stopped when the run gets ${signal}: the tool's process is gone and the step is cancelled`, async () => {
      const pidFile = path.join(scratch, 'tool.pid');
      const hang = `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`;
      const marker = path.join(scratch, 'next-step-ran');
      const plan: RunnerPlan = { title: 'hang', steps: [nodeStep('tests', hang), nodeStep('type-check', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`)], summary: true, reportFile };
      let toolPid = 0;
      const run = await runRunner(plan, scratch, (terminate) => {
        void waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', 'the tool to start').then(() => {
          toolPid = Number(readFileSync(pidFile, 'utf8'));
          terminate(signal);
        });
      });
      assert.equal(run.code, code);
      assert.ok(toolPid > 0);
      await waitFor(() => !isAlive(toolPid), `process ${toolPid} to end`, 5000);
      assert.equal(existsSync(marker), false, 'nothing runs after a terminate');
      assert.match(run.stdout, new RegExp(`✗ tests was terminated \\(${signal}\\)`));
      assert.equal(report().terminatedBy, signal);
      assert.deepEqual(
        report().steps.map((step) => step.outcome),
        ['cancelled', 'not-run'],
      );
    });
  }
});

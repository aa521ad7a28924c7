// The small program every verification task runs (`node <runner file>`, with the plan as JSON in the environment
// variable REFACTOR_RUNBOOK_VERIFICATION_PLAN): it prints which interpreter and tool run and why, checks the tool is installed, runs each step with an argument array (never a shell), stops at
// the first failure, passes a terminate on to the tool, sums up, and exits with the failing step's code.
//
// `runVerificationPlan` is shipped as its own source text (Function.prototype.toString), so it must not use anything
// from outside its body except its parameters and JavaScript globals; the unit tests run that exact text in a real
// Node process to keep it so. The plan travels in the environment rather than as an argument because VS Code quotes
// the whole command line back when a task fails ("The terminal process ... terminated with exit code: 1").
import { notStartedExitCode, runnerPlanVariable } from './runnerPlan';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { RunnerPlan, RunnerReport, RunnerStepReport } from './runnerPlan';

export interface RunnerRuntime {
  readonly spawn: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
  readonly writeFile: (filePath: string, text: string) => void;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  /** The terminal's input, used only to wait for the terminal to catch up before exiting. */
  readonly stdin?: NodeJS.ReadStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  /** Calls `handler` when the run is asked to stop (SIGINT, SIGTERM, SIGHUP for the real program). */
  readonly onTerminate: (handler: (signal: NodeJS.Signals) => void) => void;
}

export async function runVerificationPlan(planText: string, runtime: RunnerRuntime, notStartedCode: number): Promise<number> {
  const plan = JSON.parse(planText) as RunnerPlan;
  const color = runtime.stdout.isTTY === true && runtime.env.NO_COLOR === undefined;
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

  // Tools' output goes straight through; the runner only makes sure its own lines start on a fresh line, so a tool
  // that ends without a newline (py_compile's "Sorry: ..." does) never gets a footer glued to its last line.
  let atLineStart = true;
  const pass = (stream: { write(text: string): unknown }, text: string): void => {
    if (text.length === 0) return;
    try {
      stream.write(text);
    } catch {
      // The terminal is gone (the run is being terminated): the report still gets written.
    }
    atLineStart = text.endsWith('\n');
  };
  const say = (text: string): void => {
    pass(runtime.stdout, `${atLineStart ? '' : '\n'}${text}\n`);
  };
  const seconds = (milliseconds: number): string => (milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`);

  const reports: RunnerStepReport[] = plan.steps.map((step) => ({ taskId: step.taskId, outcome: 'not-run' }));
  let terminatedBy: string | undefined;
  // Read through a function: the signal handler sets it while a step awaits, which flow analysis cannot see.
  const stopSignal = (): string | undefined => terminatedBy;
  let running: ChildProcess | undefined;
  const writeReport = (): void => {
    if (plan.reportFile === undefined) return;
    const report: RunnerReport = terminatedBy === undefined ? { steps: reports } : { steps: reports, terminatedBy };
    try {
      runtime.writeFile(plan.reportFile, JSON.stringify(report));
    } catch (error) {
      say(`Refactor Runbook could not write its report to ${plan.reportFile}: ${String(error)}`);
    }
  };

  runtime.onTerminate((signal) => {
    if (terminatedBy !== undefined) return;
    terminatedBy = signal;
    // Recorded at once: a terminal that is closing may not leave this process much time.
    writeReport();
    const child = running;
    if (child !== undefined) {
      child.kill(signal);
      // A tool that ignores the signal is killed for good after a grace period.
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, 3000).unref();
    }
  });

  const childEnvironment = (extra: Readonly<Record<string, string>>): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(runtime.env)) {
      // Set only so that an editor binary could run this program as Node; Python tools must not inherit it.
      if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    }
    // Unbuffered, so stdout and stderr arrive in the order they were written.
    env.PYTHONUNBUFFERED = '1';
    if (color) {
      env.PY_COLORS ??= '1';
      env.MYPY_FORCE_COLOR ??= '1';
      env.FORCE_COLOR ??= '1';
    }
    if (runtime.stdout.columns !== undefined) env.COLUMNS ??= String(runtime.stdout.columns);
    return { ...env, ...extra };
  };

  type Finished = { readonly code: number | null; readonly signal: string | null; readonly error?: string; readonly output: string };
  const run = (command: string, args: readonly string[], env: Record<string, string>, capture: boolean): Promise<Finished> =>
    new Promise((resolve) => {
      let output = '';
      let child: ChildProcess;
      try {
        child = runtime.spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], env, shell: false, windowsHide: true });
      } catch (error) {
        resolve({ code: null, signal: null, error: error instanceof Error ? error.message : String(error), output });
        return;
      }
      running = child;
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => (capture ? (output += chunk) : pass(runtime.stdout, chunk)));
      child.stderr?.on('data', (chunk: string) => (capture ? (output += chunk) : pass(runtime.stderr, chunk)));
      let spawnError: string | undefined;
      child.once('error', (error) => {
        spawnError = error.message;
      });
      child.once('close', (code, signal) => {
        running = undefined;
        resolve(spawnError === undefined ? { code, signal, output } : { code: null, signal: null, error: spawnError, output });
      });
    });

  // A report left by an earlier run of the same task is replaced before anything else happens.
  writeReport();
  say(paint('1', plan.title));
  let exitCode = 0;
  for (let index = 0; index < plan.steps.length; index++) {
    const step = plan.steps[index];
    if (step === undefined || stopSignal() !== undefined) break;
    const started = runtime.now();
    if (plan.steps.length > 1) say(paint('1', `\n── ${step.label} (${index + 1}/${plan.steps.length}) ──`));
    for (const line of step.headerLines) say(line);

    const notStarted = (problem: string): void => {
      say(paint('31', problem));
      say(paint('31', `✗ ${step.label} did not run.`));
      reports[index] = { taskId: step.taskId, outcome: 'failed', exitCode: notStartedCode, durationMs: runtime.now() - started, problem };
      exitCode = notStartedCode;
    };
    if (step.blocked !== undefined) {
      notStarted(step.blocked);
      writeReport();
      break;
    }
    const env = childEnvironment(step.env);
    if (step.precheck !== undefined) {
      const check = await run(step.precheck.command, step.precheck.args, env, true);
      if (stopSignal() !== undefined) {
        reports[index] = { taskId: step.taskId, outcome: 'cancelled', durationMs: runtime.now() - started };
        break;
      }
      if (check.error !== undefined) {
        notStarted(`Could not start ${step.precheck.command}: ${check.error}.`);
        writeReport();
        break;
      }
      if (check.code !== 0) {
        notStarted(step.precheck.failureMessage);
        writeReport();
        break;
      }
    }
    say(paint('2', `> ${step.display}`));
    const result = await run(step.command, step.args, env, false);
    const durationMs = runtime.now() - started;
    if (result.error !== undefined) {
      notStarted(`Could not start ${step.command}: ${result.error}.`);
      writeReport();
      break;
    }
    const signal = stopSignal();
    if (signal !== undefined) {
      const code = 128 + (signalNumbers[signal] ?? 15);
      say(paint('31', `✗ ${step.label} was terminated (${signal}) after ${seconds(durationMs)}.`));
      reports[index] = { taskId: step.taskId, outcome: 'cancelled', exitCode: code, durationMs };
      exitCode = code;
      break;
    }
    if (result.signal !== null && signalNumbers[result.signal] !== undefined) {
      // Killed by a hang-up, interrupt or terminate signal: the terminal closing or Ctrl+C reached the tool first.
      terminatedBy ??= result.signal;
      const code = 128 + (signalNumbers[result.signal] ?? 15);
      say(paint('31', `✗ ${step.label} was terminated (${result.signal}) after ${seconds(durationMs)}.`));
      reports[index] = { taskId: step.taskId, outcome: 'cancelled', exitCode: code, durationMs };
      exitCode = code;
      break;
    }
    const code = result.code ?? 128 + (signalNumbers[result.signal ?? ''] ?? 9);
    if (code === 0) {
      say(paint('32', `✓ ${step.label} passed in ${seconds(durationMs)}.`));
      reports[index] = { taskId: step.taskId, outcome: 'passed', exitCode: 0, durationMs };
      writeReport();
      continue;
    }
    say(paint('31', `✗ ${step.label} failed with exit code ${code}${result.signal === null ? '' : ` (${result.signal})`} after ${seconds(durationMs)}.`));
    reports[index] = { taskId: step.taskId, outcome: 'failed', exitCode: code, durationMs };
    exitCode = code;
    writeReport();
    break;
  }
  const finalSignal = stopSignal();
  if (finalSignal !== undefined && exitCode === 0) exitCode = 128 + (signalNumbers[finalSignal] ?? 15);

  if (plan.summary) {
    const passed = reports.filter((report) => report.outcome === 'passed').length;
    say(paint('1', `\n── Summary: ${passed} of ${reports.length} passed ──`));
    reports.forEach((report, index) => {
      const label = plan.steps[index]?.label ?? report.taskId;
      const time = report.durationMs === undefined ? '' : `, ${seconds(report.durationMs)}`;
      if (report.outcome === 'passed') say(paint('32', `  ✓ ${label}${time}`));
      else if (report.outcome === 'not-run') say(`  · ${label}: not run${finalSignal === undefined ? ' (stopped at the first failure)' : ' (terminated)'}`);
      else if (report.outcome === 'cancelled') say(paint('31', `  ✗ ${label}: terminated${time}`));
      else say(paint('31', `  ✗ ${label}: ${report.problem === undefined ? `exit code ${report.exitCode ?? '?'}` : 'did not run'}${time}`));
    });
  }
  writeReport();
  const stdin = runtime.stdin;
  if (runtime.stdout.isTTY === true && stdin?.isTTY === true && finalSignal === undefined) {
    // VS Code stops feeding terminal lines to the problem matchers 100 ms after the process exits, while the
    // workbench may still be parsing the last output (the last findings of a long flake8 report went missing). So
    // the runner asks the terminal for the cursor position (DSR 6) and exits once the answer comes back: the terminal
    // answers only after it has parsed everything written before the question.
    await new Promise<void>((resolve) => {
      let answer = '';
      const finish = (): void => {
        clearTimeout(timer);
        stdin.removeListener('data', onData);
        try {
          stdin.setRawMode(false);
        } catch {
          // the terminal may already be gone
        }
        stdin.pause();
        resolve();
      };
      const onData = (chunk: Buffer | string): void => {
        answer += chunk.toString();
        // The answer is ESC [ row ; column R.
        if (/\[\d+;\d+R/.test(answer)) finish();
      };
      const timer = setTimeout(finish, 5000);
      try {
        stdin.setRawMode(true);
        stdin.on('data', onData);
        stdin.resume();
        runtime.stdout.write('\u001b[6n');
      } catch {
        finish();
      }
    });
  }
  return exitCode;
}

/** The runner program: runs `runVerificationPlan` on the plan in the environment variable runnerPlanVariable. */
export function verificationRunnerSource(): string {
  return [
    "'use strict';",
    `const planText = process.env.${runnerPlanVariable};`,
    // The tools need not inherit the plan.
    `delete process.env.${runnerPlanVariable};`,
    'if (planText === undefined) {',
    `  process.stderr.write("This is Refactor Runbook's verification runner: it expects a plan in ${runnerPlanVariable}. Run it through the refactor-runbook tasks.\\n");`,
    '  process.exit(2);',
    '}',
    `const runVerificationPlan = ${runVerificationPlan.toString()};`,
    "const fs = require('node:fs');",
    "const path = require('node:path');",
    '// Writes to a terminal that has closed fail asynchronously; they must not end the runner before its report.',
    "process.stdout.on('error', () => {});",
    "process.stderr.on('error', () => {});",
    'const runtime = {',
    "  spawn: require('node:child_process').spawn,",
    '  writeFile: (file, text) => { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, text); },',
    '  stdout: process.stdout,',
    '  stderr: process.stderr,',
    '  stdin: process.stdin,',
    '  env: process.env,',
    '  now: () => Date.now(),',
    "  onTerminate: (handler) => { for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => handler(signal)); },",
    '};',
    `runVerificationPlan(planText, runtime, ${notStartedExitCode}).then(`,
    '  (code) => { process.exitCode = code; },',
    "  (error) => { process.stderr.write(`Refactor Runbook's runner failed: ${error && error.stack ? error.stack : String(error)}\\n`); process.exitCode = 70; },",
    ');',
  ].join('\n');
}

// Runs a verification plan: prints which interpreter and tool run and why, checks the tool is installed, runs each
// step with an argument array (never a shell), stops at the first failure, passes a terminate on to the tool, sums
// up, and returns the failing step's exit code. It runs inside the extension host, behind the task's pseudoterminal
// (src/editor/tasks/verificationTerminal.ts), so the terminal shows the tools' own command lines and nothing else.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { notStartedExitCode } from './runnerPlan';
import type { RunnerPlan, RunnerReport, RunnerStepReport } from './runnerPlan';

export interface RunnerRuntime {
  readonly spawn: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
  readonly writeFile: (filePath: string, text: string) => void;
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  /** Calls `handler` when the run is asked to stop (SIGINT, SIGTERM, SIGHUP for the real program). */
  readonly onTerminate: (handler: (signal: NodeJS.Signals) => void) => void;
  /** Hears each step that was reached (by its index in the plan), once the run is over, with its tool's output (stdout and stderr as they arrived). */
  readonly onStepEnd?: (stepIndex: number, report: RunnerStepReport, toolOutput: string) => void;
}

export async function runVerificationPlan(plan: RunnerPlan, runtime: RunnerRuntime): Promise<number> {
  const notStartedCode = notStartedExitCode;
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
      // Set in an editor's extension host (Electron running as Node); Python tools must not inherit it.
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
  const toolOutputs: string[] = plan.steps.map(() => '');
  const run = (command: string, args: readonly string[], env: Record<string, string>, capture: boolean, stepIndex: number): Promise<Finished> =>
    new Promise((resolve) => {
      let output = '';
      let child: ChildProcess;
      try {
        // The tools get no input: the terminal's keys go to the run (Ctrl+C terminates it), not to a tool.
        child = runtime.spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, shell: false, windowsHide: true });
      } catch (error) {
        resolve({ code: null, signal: null, error: error instanceof Error ? error.message : String(error), output });
        return;
      }
      running = child;
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      const shown = (stream: { write(text: string): unknown }) => (chunk: string) => {
        if (capture) {
          output += chunk;
          return;
        }
        pass(stream, chunk);
        toolOutputs[stepIndex] += chunk;
      };
      child.stdout?.on('data', shown(runtime.stdout));
      child.stderr?.on('data', shown(runtime.stderr));
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
      const check = await run(step.precheck.command, step.precheck.args, env, true, index);
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
    const result = await run(step.command, step.args, env, false, index);
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
  reports.forEach((report, index) => {
    if (report.outcome !== 'not-run') runtime.onStepEnd?.(index, report, toolOutputs[index] ?? '');
  });
  return exitCode;
}

export interface NodeRuntimeOptions {
  /** The workspace folder the tools run in. */
  readonly cwd: string;
  readonly stdout: RunnerRuntime['stdout'];
  readonly stderr: RunnerRuntime['stderr'];
  readonly env: RunnerRuntime['env'];
  readonly onStepEnd?: RunnerRuntime['onStepEnd'];
}

/**
 * A runtime with real processes and files, for a run inside this process; `terminate` stops the run (what the
 * terminal's close or Ctrl+C does).
 */
export function nodeRunnerRuntime(options: NodeRuntimeOptions): { readonly runtime: RunnerRuntime; readonly terminate: (signal: NodeJS.Signals) => void } {
  const handlers: ((signal: NodeJS.Signals) => void)[] = [];
  const runtime: RunnerRuntime = {
    spawn: (command, args, spawnOptions) => spawn(command, args, { ...spawnOptions, cwd: options.cwd }),
    writeFile: (file, text) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    stdout: options.stdout,
    stderr: options.stderr,
    env: options.env,
    now: () => Date.now(),
    onTerminate: (handler) => handlers.push(handler),
    ...(options.onStepEnd === undefined ? {} : { onStepEnd: options.onStepEnd }),
  };
  return { runtime, terminate: (signal) => handlers.forEach((handler) => handler(signal)) };
}

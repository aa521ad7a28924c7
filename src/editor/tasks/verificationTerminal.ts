// The terminal of a verification task: a pseudoterminal whose run happens in the extension host, which starts each
// tool itself (`python -m <tool>` with an argument array, never a shell). The terminal shows the plan's lines and the
// tools' output, and ends with the run's own verdict; no helper program of ours is started, so VS Code has no
// command line of ours to quote back. Closing the terminal or terminating the task stops the tool; Ctrl+C too.
import * as vscode from 'vscode';
import type { FinishedStep } from '../../core/verification/verificationProblemBook';
import type { VerificationTaskPlan } from '../../core/verification/verificationPlanner';
import { loadVerificationEngine } from './lazyVerificationEngine';

// VS Code reports a terminal that closes within half a second of opening as "failed to launch"; a run that ends
// sooner (a tool that is not installed, a refused step) waits out the rest before closing.
const launchingMs = 600;

/** A terminal needs CR LF; tools print LF. */
function terminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class VerificationTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private terminate: ((signal: NodeJS.Signals) => void) | undefined;
  private stopRequested: NodeJS.Signals | undefined;

  constructor(
    private readonly plan: VerificationTaskPlan,
    private readonly folderPath: string,
    /** Hears each step whose tool ran to its end, with the tool's output. */
    private readonly onToolFinished: (step: FinishedStep) => void,
  ) {}

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    void this.run(dimensions?.columns);
  }

  /** The terminal was closed, or the task terminated. */
  close(): void {
    this.stop('SIGTERM');
  }

  handleInput(data: string): void {
    if (data.includes('\u0003')) this.stop('SIGINT');
  }

  private stop(signal: NodeJS.Signals): void {
    if (this.terminate === undefined) this.stopRequested ??= signal;
    else this.terminate(signal);
  }

  private async run(columns: number | undefined): Promise<void> {
    const openedAt = Date.now();
    const { nodeRunnerRuntime, runVerificationPlan } = loadVerificationEngine();
    const write = (text: string): void => this.written.fire(terminalText(text));
    const { runtime, terminate } = nodeRunnerRuntime({
      cwd: this.folderPath,
      stdout: { write, isTTY: true, ...(columns === undefined ? {} : { columns }) },
      stderr: { write },
      env: process.env,
      onStepEnd: (index, report, toolOutput) => {
        const step = this.plan.steps[index];
        // Only a tool that ran to its end speaks for its files: a terminated run or one that never started proves nothing.
        if (step === undefined || report.problem !== undefined || (report.outcome !== 'passed' && report.outcome !== 'failed')) return;
        this.onToolFinished({ folder: this.folderPath, taskId: step.taskId, tool: step.tool, scope: step.problemScope, output: toolOutput });
      },
    });
    this.terminate = terminate;
    if (this.stopRequested !== undefined) terminate(this.stopRequested);
    let exitCode: number;
    try {
      exitCode = await runVerificationPlan(this.plan.runner, runtime);
    } catch (error) {
      write(`Refactor Runbook's run failed: ${error instanceof Error && error.stack !== undefined ? error.stack : String(error)}\n`);
      exitCode = 70;
    }
    const early = launchingMs - (Date.now() - openedAt);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    this.closed.fire(exitCode);
    this.written.dispose();
    this.closed.dispose();
  }
}

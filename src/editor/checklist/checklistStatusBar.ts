// "Runbook 12/20" in the status bar: items done (verified or ticked) out of all, with the breakdown in the tooltip;
// clicking focuses the checklist view.
import * as vscode from 'vscode';
import type { ChecklistController } from './checklistController';

export const showChecklistCommand = 'refactorRunbook.showChecklist';

export class ChecklistStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('refactorRunbook.checklistStatus', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Refactor Runbook Checklist';
    this.item.command = showChecklistCommand;
  }

  /** The text shown right now (the integration tests read it). */
  get text(): string {
    return this.item.text;
  }

  update(controller: ChecklistController | undefined, visible: boolean): void {
    const evaluation = controller?.evaluation();
    const status = controller?.status;
    if (!visible || controller === undefined || status === undefined || status.kind === 'idle') {
      this.item.hide();
      return;
    }
    if (status.kind === 'project-invalid' || status.kind === 'failed') {
      this.item.text = '$(warning) Runbook';
      this.item.tooltip = status.kind === 'failed' ? status.message : `${status.filePath} is invalid, so the checklist cannot be evaluated; see the Problems view.`;
    } else if (evaluation === undefined || status.kind === 'loading') {
      this.item.text = '$(sync~spin) Runbook';
      this.item.tooltip = 'Verifying the refactor checklist…';
    } else {
      const { summary } = evaluation;
      const done = summary.passed + summary.manualDone;
      this.item.text = `$(checklist) Runbook ${done}/${summary.total}`;
      const parts = [`${summary.passed} verified`, `${summary.manualDone} ticked`, `${summary.failed} failed`, `${summary.open} open`];
      if (summary.unknown > 0) parts.push(`${summary.unknown} not known`);
      if (summary.stale > 0) parts.push(`${summary.stale} stale`);
      this.item.tooltip = `Refactor checklist: ${done} of ${summary.total} items done (${parts.join(', ')}). Click to show the checklist.`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

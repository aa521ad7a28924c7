// Tells the user about an invalid setting value: a log line and a warning with a button to the setting.
import * as vscode from 'vscode';
import type { SettingProblem } from '../core/config/validatedSettings';
import type { ExtensionLog } from './log';

export function reportSettingProblems(problems: readonly SettingProblem[], log: ExtensionLog): void {
  for (const problem of problems) {
    log.warn(`setting ${problem.message}`);
    void vscode.window.showWarningMessage(`Refactor Runbook: ${problem.message}.`, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', problem.setting);
    });
  }
}

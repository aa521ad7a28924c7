// Reads the verification settings of one workspace folder. A value of the wrong type is not replaced by a default
// behind the user's back: it becomes a problem that blocks the run and names the setting, so a typo in
// refactorRunbook.lintTool can never quietly run a different linter.
import * as vscode from 'vscode';
import type { LintToolSetting } from '../../core/verification/lintToolDetection';
import type { SingleVerificationTaskId } from '../../core/verification/verificationTaskCatalogue';
import { loadVerificationEngine } from './lazyVerificationEngine';

export const verifyAllTasksSettingName = 'refactorRunbook.verifyAllTasks';

export interface VerificationSettings {
  readonly python: string | undefined;
  readonly lintTool: LintToolSetting;
  readonly syntaxCheckFiles: readonly string[];
  readonly verifyAllTasks: readonly SingleVerificationTaskId[];
  readonly env: Readonly<Record<string, string>>;
  /** One message per setting whose value cannot be used. */
  readonly problems: readonly string[];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

export function readVerificationSettings(folder: vscode.WorkspaceFolder): VerificationSettings {
  const {
    defaultSyntaxCheckFiles,
    defaultVerifyAllTasks,
    environmentSettingName,
    isLintToolSetting,
    lintToolSettingName,
    lintToolSettingValues,
    pythonSettingName,
    syntaxCheckFilesSettingName,
    verifyAllCandidates,
  } = loadVerificationEngine();
  const configuration = vscode.workspace.getConfiguration('refactorRunbook', folder.uri);
  const problems: string[] = [];
  const invalid = (name: string, value: unknown, expected: string): void => {
    problems.push(`${name} is ${JSON.stringify(value)}, which is not ${expected}. Fix it in the settings (Preferences: Open Settings) and run again.`);
  };

  const pythonValue = configuration.get<unknown>('python');
  let python: string | undefined;
  if (typeof pythonValue === 'string') python = pythonValue.trim() === '' ? undefined : pythonValue;
  else if (pythonValue !== undefined && pythonValue !== null) invalid(pythonSettingName, pythonValue, 'a path to a Python interpreter');

  const lintValue = configuration.get<unknown>('lintTool') ?? 'auto';
  let lintTool: LintToolSetting = 'auto';
  if (isLintToolSetting(lintValue)) lintTool = lintValue;
  else invalid(lintToolSettingName, lintValue, `one of ${lintToolSettingValues.join(', ')}`);

  const filesValue = configuration.get<unknown>('syntaxCheckFiles') ?? defaultSyntaxCheckFiles;
  let syntaxCheckFiles: readonly string[] = defaultSyntaxCheckFiles;
  if (isStringArray(filesValue)) syntaxCheckFiles = filesValue;
  else invalid(syntaxCheckFilesSettingName, filesValue, 'a list of files or globs');

  const verifyValue = configuration.get<unknown>('verifyAllTasks') ?? defaultVerifyAllTasks;
  let verifyAllTasks: readonly SingleVerificationTaskId[] = defaultVerifyAllTasks;
  if (isStringArray(verifyValue) && verifyValue.length > 0 && verifyValue.every((entry) => (verifyAllCandidates as readonly string[]).includes(entry))) {
    verifyAllTasks = [...new Set(verifyValue as SingleVerificationTaskId[])];
  } else {
    invalid(verifyAllTasksSettingName, verifyValue, `a non-empty list of ${verifyAllCandidates.join(', ')}`);
  }

  const envValue = configuration.get<unknown>('env') ?? {};
  let env: Record<string, string> = {};
  if (typeof envValue === 'object' && envValue !== null && !Array.isArray(envValue) && Object.values(envValue).every((entry) => typeof entry === 'string')) {
    env = { ...(envValue as Record<string, string>) };
  } else {
    invalid(environmentSettingName, envValue, 'an object of variable names to string values');
  }

  return { python, lintTool, syntaxCheckFiles, verifyAllTasks, env, problems };
}

// Gathers, for one workspace folder, everything the planner needs: trust, settings, the interpreter (with the Python
// extension asked when it is installed), the lint configuration files, and the real file system for globs.
import { createHash } from 'node:crypto';
import { accessSync, constants, lstatSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import type { PythonExtensionSelection } from '../../core/verification/interpreterResolution';
import type { FinishedStep } from '../../core/verification/verificationProblemBook';
import type { VerificationInputs, VerificationRequest } from '../../core/verification/verificationPlanner';
import { loadVerificationEngine } from './lazyVerificationEngine';
import { readVerificationSettings } from './verificationSettings';

/** What the verification needs from the editor; injected so tests can change the trust state. */
export interface VerificationHost {
  readonly isTrusted: () => boolean;
  /** A local folder for the runner's per-run reports. */
  readonly reportFolder: string;
  /** Hears each step whose tool ran to its end, with its output: the verification problems. */
  readonly onToolFinished: (step: FinishedStep) => void;
  readonly pythonExtensionSelection: (folder: vscode.WorkspaceFolder) => Promise<PythonExtensionSelection>;
}

export function isExecutableFile(filePath: string): boolean {
  try {
    if (!statSync(filePath).isFile()) return false;
    if (process.platform !== 'win32') accessSync(filePath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function exists(filePath: string): boolean {
  try {
    lstatSync(filePath);
    return true;
  } catch {
    return false;
  }
}

function readWorkspaceFile(folderPath: string, relativePath: string): string | undefined {
  try {
    return readFileSync(path.join(folderPath, relativePath), 'utf8');
  } catch {
    return undefined;
  }
}

/** One report file per folder, task and test id: VS Code never runs the same task twice at once. */
export function reportFileFor(reportFolder: string, folder: vscode.WorkspaceFolder, request: VerificationRequest): string {
  const key = createHash('sha256').update(`${folder.uri.toString()}\u0000${request.taskId}\u0000${request.testId ?? ''}`).digest('hex').slice(0, 16);
  return path.join(reportFolder, `${request.taskId}-${key}.json`);
}

export async function gatherVerificationInputs(folder: vscode.WorkspaceFolder, request: VerificationRequest, host: VerificationHost): Promise<VerificationInputs> {
  const { chooseLintTool, expandFilePatterns, findExecutableOnPath, resolveInterpreter, topLevelPythonTargets, verificationTrustDecision } = loadVerificationEngine();
  const folderPath = folder.uri.fsPath;
  const trust = verificationTrustDecision(host.isTrusted());
  const settings = readVerificationSettings(folder);
  // In an untrusted folder nothing about it is inspected further, not even the Python extension's choice.
  const selection: PythonExtensionSelection = trust.allowed ? await host.pythonExtensionSelection(folder) : { kind: 'unavailable', detail: 'not asked in an untrusted workspace' };
  const interpreter = resolveInterpreter({
    workspaceFolder: folderPath,
    configuredPath: settings.python,
    pythonExtension: selection,
    platform: process.platform,
    homeDirectory: os.homedir(),
    isExecutableFile,
    exists,
    findOnPath: (command) => findExecutableOnPath(command, { platform: process.platform, pathValue: process.env.PATH ?? process.env.Path, pathExtensions: process.env.PATHEXT, isExecutableFile }),
  });
  return {
    folderPath,
    trust,
    settingProblems: settings.problems,
    interpreter,
    lint: () => chooseLintTool(settings.lintTool, (relativePath) => readWorkspaceFile(folderPath, relativePath)),
    syntaxCheckFiles: settings.syntaxCheckFiles,
    expandFiles: (patterns) => expandFilePatterns(folderPath, patterns),
    pylintTargets: () => topLevelPythonTargets(folderPath),
    env: settings.env,
    verifyAllTasks: settings.verifyAllTasks,
    reportFile: reportFileFor(host.reportFolder, folder, request),
  };
}

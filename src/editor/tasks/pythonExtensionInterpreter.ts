// Asks the Python extension (ms-python.python), when it is installed, which interpreter the user selected for a
// folder. Only the two calls of its public `environments` API that are needed are typed here.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PythonExtensionSelection } from '../../core/verification/interpreterResolution';

export const pythonExtensionId = 'ms-python.python';

interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: vscode.Uri | undefined };
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
  resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
}

interface PythonExtensionApi {
  readonly environments?: PythonEnvironmentsApi;
}

/** The extension may need a while to activate the first time; past this the interpreter search goes on without it. */
const activationTimeoutMs = 15_000;

export async function pythonExtensionSelection(folder: vscode.WorkspaceFolder): Promise<PythonExtensionSelection> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi | undefined>(pythonExtensionId);
  if (extension === undefined) return { kind: 'not-installed' };
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), activationTimeoutMs);
    });
    const api = extension.isActive ? extension.exports : await Promise.race([extension.activate(), timeout]);
    clearTimeout(timer);
    if (api === 'timeout') return { kind: 'unavailable', detail: `it did not finish activating within ${activationTimeoutMs / 1000} s` };
    const environments = api?.environments;
    if (environments === undefined) return { kind: 'unavailable', detail: 'its API has no "environments" (a version older than 2023.x?)' };
    const active = environments.getActiveEnvironmentPath(folder.uri);
    const resolved = await environments.resolveEnvironment(active);
    const executable = resolved?.executable.uri?.fsPath;
    if (executable !== undefined && executable !== '') return { kind: 'selected', path: executable };
    if (path.isAbsolute(active.path)) return { kind: 'selected', path: active.path };
    return { kind: 'no-selection', detail: `it reports only the default "${active.path}"` };
  } catch (error) {
    return { kind: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}

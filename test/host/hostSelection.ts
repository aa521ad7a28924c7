// Chooses the VS Code that runs the integration suites, in the documented order, and says why.
export type HostChoice =
  | { readonly kind: 'electron-executable'; readonly executable: string; readonly reason: string }
  | { readonly kind: 'electron-download'; readonly reason: string; readonly fallbackToCodeServer: boolean }
  | { readonly kind: 'code-server'; readonly reason: string };

export interface HostEnvironment {
  readonly requestedHost: string | undefined;
  readonly vscodeExecutable: string | undefined;
  readonly hasDisplay: boolean;
  readonly platform: NodeJS.Platform;
}

export function chooseHost(environment: HostEnvironment): HostChoice {
  const requested = environment.requestedHost?.trim().toLowerCase() || 'auto';
  if (!['auto', 'electron', 'code-server'].includes(requested)) {
    throw new Error(`REFACTOR_RUNBOOK_TEST_HOST is "${environment.requestedHost ?? ''}"; use auto, electron or code-server.`);
  }
  if (requested === 'code-server') return { kind: 'code-server', reason: 'REFACTOR_RUNBOOK_TEST_HOST=code-server' };
  if (environment.vscodeExecutable) {
    return { kind: 'electron-executable', executable: environment.vscodeExecutable, reason: 'VSCODE_EXECUTABLE is set' };
  }
  if (requested === 'electron') {
    return { kind: 'electron-download', reason: 'REFACTOR_RUNBOOK_TEST_HOST=electron', fallbackToCodeServer: false };
  }
  // Linux desktop VS Code needs a display; without one a download could never run, so don't wait for it.
  const canShowWindows = environment.platform !== 'linux' || environment.hasDisplay;
  if (canShowWindows) {
    return { kind: 'electron-download', reason: 'a display is available; trying to download VS Code desktop', fallbackToCodeServer: true };
  }
  return { kind: 'code-server', reason: 'no VSCODE_EXECUTABLE and no display for VS Code desktop' };
}

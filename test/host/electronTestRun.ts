// VS Code desktop through @vscode/test-electron, for contributors who have it (VSCODE_EXECUTABLE) or can download it.
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { HostSetupError } from './hostError';
import { hostCacheFolder } from './hostPaths';
import { testEnvironment } from './testProtocol';

export interface ElectronRunOptions {
  readonly vscodeExecutablePath: string;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly workspaceFolder: string;
  readonly resultsFolder: string;
  readonly grep?: string;
}

export const desktopVsCodeVersion = '1.100.3';

/** Downloads VS Code desktop into .vscode-test/, failing fast (rather than hanging) where the network is closed. */
export async function downloadDesktopVsCode(timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([downloadAndUnzipVSCode({ version: desktopVsCodeVersion, cachePath: hostCacheFolder }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeDesktopVsCode(executable: string): string {
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30000 });
  const firstLine = version.stdout?.split('\n')[0]?.trim();
  return firstLine ? `VS Code desktop ${firstLine} (${executable})` : `VS Code desktop (${executable})`;
}

export async function runIntegrationTestsInDesktop(options: ElectronRunOptions): Promise<number> {
  const extensionTestsEnv: Record<string, string> = {
    [testEnvironment.host]: 'electron',
    [testEnvironment.resultsFolder]: options.resultsFolder,
  };
  if (options.grep !== undefined) extensionTestsEnv[testEnvironment.grep] = options.grep;
  try {
    return await runTests({
      vscodeExecutablePath: options.vscodeExecutablePath,
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
      extensionTestsEnv,
      launchArgs: [options.workspaceFolder, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw new HostSetupError(`VS Code desktop could not run the tests: ${String(error)}`, 'on Linux without a display, run under xvfb-run, or unset VSCODE_EXECUTABLE to use the code-server host');
  }
}

// Starts the VS Code server from a code-server install on a free loopback port, with throw-away data folders, and
// stops it (its whole process group) reliably.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeServerInstall } from './codeServerInstall';
import { HostSetupError } from './hostError';

export interface RunningServer {
  readonly port: number;
  readonly process: ChildProcess;
  /** Every line the server printed so far. */
  readonly output: string[];
  /** Extension host exits the server reported, e.g. { code: 0, signal: null }. */
  readonly extensionHostExits: { code: number | null; signal: string | null }[];
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly extraEnv?: NodeJS.ProcessEnv;
  readonly echo?: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

// Pinned user settings so every run starts the same way: no trust prompt (it blocks tasks), no git prompt about the
// repository around the example, no telemetry or update checks on a closed network.
const pinnedUserSettings = {
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

const listeningLine = /Extension host agent listening on (\d+)/;
const extensionHostExitLine = /Extension Host Process exited with code: (\S+?), signal: (\S+?)\.?$/;

export async function startCodeServer(install: CodeServerInstall, options: ServerOptions = {}): Promise<RunningServer> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'refactor-runbook-host-'));
  const privateTmp = path.join(scratch, 'tmp');
  mkdirSync(privateTmp);
  const userData = path.join(scratch, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(pinnedUserSettings, null, 2));
  const args = [
    install.serverMain,
    '--host', '127.0.0.1',
    '--port', String(options.port ?? 0),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', path.join(scratch, 'server-data'),
    '--user-data-dir', userData,
    '--extensions-dir', path.join(scratch, 'extensions'),
  ];
  const child = spawn(process.execPath, args, {
    cwd: scratch,
    detached: true, // own process group, so stop() also ends the extension host and its children
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.extraEnv, EXTENSIONS_GALLERY: '{}', TMPDIR: privateTmp },
  });

  const output: string[] = [];
  const extensionHostExits: RunningServer['extensionHostExits'] = [];
  let exited = false;
  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const gone = await waitForExit(child, 5000);
      if (!gone) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 5000);
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new HostSetupError(`The VS Code server did not start within ${options.startTimeoutMs ?? 60000} ms. Output:\n${output.slice(-20).join('\n')}`, 'delete .vscode-test/ and run npm test again'));
    }, options.startTimeoutMs ?? 60000);
    const onLine = (line: string): void => {
      output.push(line);
      options.echo?.(line);
      const exit = extensionHostExitLine.exec(line);
      if (exit) extensionHostExits.push({ code: exit[1] === 'null' ? null : Number(exit[1]), signal: exit[2] === 'null' ? null : (exit[2] ?? null) });
      const listening = listeningLine.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      reject(new HostSetupError(`The VS Code server exited before listening (code ${String(code)}, signal ${String(signal)}). Output:\n${output.slice(-20).join('\n')}`, 'delete .vscode-test/ and run npm test again'));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  child.once('exit', () => {
    exited = true;
  });
  return { port, process: child, output, extensionHostExits, stop };
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

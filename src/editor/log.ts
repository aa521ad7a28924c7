// One LogOutputChannel for the extension, created on first use so activation stays cheap.
import * as vscode from 'vscode';

export interface ExtensionLog {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

export function createExtensionLog(context: vscode.ExtensionContext): ExtensionLog {
  let channel: vscode.LogOutputChannel | undefined;
  const get = (): vscode.LogOutputChannel => {
    if (channel === undefined) {
      channel = vscode.window.createOutputChannel('Refactor Runbook', { log: true });
      context.subscriptions.push(channel);
    }
    return channel;
  };
  return {
    trace: (message) => get().trace(message),
    info: (message) => get().info(message),
    warn: (message) => get().warn(message),
    error: (message) => get().error(message),
    show: () => get().show(true),
  };
}

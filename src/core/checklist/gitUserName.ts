// Who ticks a manual item: `git config user.name`, run with an argument array (no shell) and a time limit. When git
// is missing, slow or has no name set, the tick is recorded without a name and the reason is returned for the log.
import { execFile } from 'node:child_process';

export type GitUserName = { readonly name: string } | { readonly name: undefined; readonly reason: string };

export const gitUserNameTimeoutMs = 3000;

export function gitUserName(workingDirectory: string, timeoutMs = gitUserNameTimeoutMs, gitExecutable = 'git'): Promise<GitUserName> {
  return new Promise((resolve) => {
    execFile(gitExecutable, ['config', 'user.name'], { cwd: workingDirectory, timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout) => {
      if (error === null) {
        const name = stdout.trim();
        resolve(name === '' ? { name: undefined, reason: 'git config user.name is empty' } : { name });
        return;
      }
      const failure = error as Omit<NodeJS.ErrnoException, 'code'> & { killed?: boolean; code?: number | string };
      if (failure.code === 'ENOENT') resolve({ name: undefined, reason: `${gitExecutable} is not installed or not on PATH` });
      else if (failure.killed === true) resolve({ name: undefined, reason: `git config user.name did not answer within ${timeoutMs} ms` });
      else if (failure.code === 1) resolve({ name: undefined, reason: 'git config user.name is not set (git config --global user.name "Your Name")' });
      else resolve({ name: undefined, reason: `git config user.name failed (${error.message.trim()})` });
    });
  });
}

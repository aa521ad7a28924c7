// Who holds a lock, in a form another process can check: the pid, when that process started (so a reused pid is
// told apart) and the host (a pid means nothing on another machine sharing the folder).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  readonly pid: number;
  /** Clock ticks after boot at which the process started (Linux /proc/<pid>/stat, field 22); undefined elsewhere. */
  readonly startTicks: number | undefined;
  readonly host: string;
}

export function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

let own: ProcessIdentity | undefined;

export function ownIdentity(): ProcessIdentity {
  own ??= { pid: process.pid, startTicks: startTicksOf(process.pid), host: hostname() };
  return own;
}

/**
 * 'alive' or 'dead' for a process of this host; 'unknown' for another host's. A stopped (SIGSTOP) process is alive:
 * its lock is never taken from it.
 */
export function processState(identity: ProcessIdentity): 'alive' | 'dead' | 'unknown' {
  if (identity.host !== ownIdentity().host) return 'unknown';
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  if (identity.startTicks === undefined) return 'alive';
  const ticks = startTicksOf(identity.pid);
  return ticks === undefined || ticks === identity.startTicks ? 'alive' : 'dead';
}

/** For names of temporary files: `pid` dead on this host. */
export function isDeadPid(pid: number): boolean {
  return processState({ pid, startTicks: undefined, host: ownIdentity().host }) === 'dead';
}

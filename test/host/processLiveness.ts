// Whether a process still runs: the verification suites (unit and in the extension host) check that a stopped run
// leaves no child process behind.

/** True while a process with this id exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

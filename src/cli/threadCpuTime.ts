// CPU time of the calling thread (Linux: /proc/thread-self/stat; elsewhere undefined), for --verbose: on a machine
// shared with other work, wall time says little about how evenly the threads shared the analysis, CPU time does.
import { readFileSync } from 'node:fs';

/** Linux reports thread times in clock ticks; USER_HZ is 100 on every architecture Node supports. */
const ticksPerSecond = 100;

export function threadCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis start with field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return Number.isFinite(userTicks) && Number.isFinite(systemTicks) ? ((userTicks + systemTicks) * 1000) / ticksPerSecond : undefined;
}

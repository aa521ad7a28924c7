// The fault suite's concurrency part: several real writer processes tick one progress file while a controller stops
// them (SIGSTOP) at random for longer than a lock's stale age and resumes them (SIGCONT), optionally with an outside
// program replacing the file every few ms. Afterwards every acknowledged tick must be in the final file.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface ConcurrencyRun {
  readonly acknowledged: number;
  readonly present: number;
  readonly missing: readonly string[];
  readonly failures: readonly string[];
  readonly crashes: readonly string[];
  readonly stalls: number;
  readonly leftovers: readonly string[];
  readonly elapsedMs: number;
}

export interface ConcurrencyOptions {
  readonly file: string;
  readonly writers: number;
  readonly ticksPerWriter: number;
  /** Each stall stops one writer for this long (ms). */
  readonly stallMs: number;
  /** Lock options handed to the writers: a short stale age makes a stall outlast it. */
  readonly lockTimeoutMs: number;
  readonly lockStaleMs: number;
  /** Markers the outside program writes (0: none). */
  readonly externalReplacements: number;
  /** Give up (and count a hang) after this long. */
  readonly deadlineMs: number;
}

function collect(child: ChildProcess, lines: string[]): Promise<number | null> {
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

export async function runConcurrency(options: ConcurrencyOptions): Promise<ConcurrencyRun> {
  const started = performance.now();
  const here = __dirname;
  const lines: string[] = [];
  const writers = Array.from({ length: options.writers }, (_, index) =>
    spawn(process.execPath, [path.join(here, 'progressWriterProcess.js'), options.file, `w${index}`, String(options.ticksPerWriter), String(options.lockTimeoutMs), String(options.lockStaleMs)], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  const external = options.externalReplacements > 0 ? spawn(process.execPath, [path.join(here, 'externalReplacerProcess.js'), options.file, String(options.externalReplacements), '3'], { stdio: ['ignore', 'pipe', 'inherit'] }) : undefined;
  const exits = [...writers, ...(external === undefined ? [] : [external])].map((child) => collect(child, lines));
  let running = true;
  let stalls = 0;
  // Each writer is stopped on its own, at random moments, so stalls overlap and hit every step of a write.
  const stallLoops = writers.map(async (victim) => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 250));
      if (!running || victim.exitCode !== null || victim.pid === undefined) continue;
      try {
        victim.kill('SIGSTOP');
        stalls++;
        await new Promise((resolve) => setTimeout(resolve, options.stallMs * (0.5 + Math.random())));
      } finally {
        victim.kill('SIGCONT');
      }
    }
  });
  const stallLoop = Promise.all(stallLoops);
  const deadline = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), options.deadlineMs).unref());
  const outcome = await Promise.race([Promise.all(exits).then(() => 'done' as const), deadline]);
  running = false;
  await stallLoop;
  if (outcome === 'hang') {
    for (const child of [...writers, ...(external === undefined ? [] : [external])]) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    }
    throw new Error(`the concurrent writers did not finish within ${options.deadlineMs} ms`);
  }
  const acknowledged = lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4));
  const done = (JSON.parse(readFileSync(options.file, 'utf8')) as { done: Record<string, unknown> }).done;
  const missing = acknowledged.filter((id) => !(id in done));
  const folder = path.dirname(options.file);
  return {
    acknowledged: acknowledged.length,
    present: acknowledged.length - missing.length,
    missing,
    failures: lines.filter((line) => line.startsWith('fail ')),
    crashes: lines.filter((line) => line.startsWith('crash ')),
    stalls,
    leftovers: readdirSync(folder).filter((name) => name !== path.basename(options.file)),
    elapsedMs: performance.now() - started,
  };
}

// A real writer process for the fault suite's concurrency part: ticks `count` items of its own and prints
// `ack <id>` for every tick the store acknowledged, `fail <id> <reason>` otherwise. Run by progressConcurrency.ts.
import { ProgressStore } from '../../../src/core/checklist/progressStore';

async function main(): Promise<void> {
  const [file, name, countText, timeoutText, staleText] = process.argv.slice(2);
  if (file === undefined || name === undefined) throw new Error('usage: progressWriterProcess FILE NAME COUNT [TIMEOUT_MS] [STALE_MS]');
  const store = new ProgressStore(file, { timeoutMs: Number(timeoutText ?? 5000), staleMs: Number(staleText ?? 10_000) });
  for (let index = 0; index < Number(countText ?? 10); index++) {
    const id = `${name}.t${index}`;
    const result = await store.tick(id, { at: new Date().toISOString(), by: name });
    process.stdout.write(result.ok ? `ack ${id}\n` : `fail ${id} ${result.reason.split('\n')[0] ?? ''}\n`);
  }
}

main().catch((error: unknown) => {
  process.stdout.write(`crash ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 3;
});

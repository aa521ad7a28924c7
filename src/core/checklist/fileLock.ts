// A small lock file next to a shared file, so two writers of this tool (two VS Code windows on one repository) take
// turns at read-modify-write instead of both writing what they read before the other's change. Exclusive creation
// (`wx`) is the lock; a lock left behind by a crashed writer is taken over once it is clearly stale.
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface FileLockOptions {
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** A lock older than this was left by a writer that died: take it over. */
  readonly staleMs?: number;
}

export function lockPathOf(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.lock`);
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = await stat(lockPath).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    if (age > staleMs) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${lockPath} is held by another writer for more than ${timeoutMs} ms; if no other window is saving the checklist, delete that file and try again`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `work` while holding the lock of `filePath`. */
export async function withFileLock<T>(filePath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = lockPathOf(filePath);
  await acquire(lockPath, options.timeoutMs ?? 5000, options.staleMs ?? 10_000);
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

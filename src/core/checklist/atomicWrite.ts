// Replaces a file in one step (temporary file in the same folder, flushed, then renamed over the target), and only if
// the target still holds the bytes the change was based on. A reader never sees half a file, and a change made on
// disk meanwhile (a git pull, another window) is never overwritten: the caller re-reads and merges instead.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** What the target must hold for the write to go ahead: its bytes, or `null` for "must not exist". */
export type ExpectedContent = Buffer | null;

export type AtomicWriteResult = { readonly kind: 'written' } | { readonly kind: 'conflict' };

export async function readCurrentBytes(filePath: string): Promise<Buffer | null> {
  try {
    return await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sameContent(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

export async function writeFileAtomically(filePath: string, text: string, expected: ExpectedContent): Promise<AtomicWriteResult> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  let renamed = false;
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    if (!sameContent(await readCurrentBytes(filePath), expected)) return { kind: 'conflict' };
    await rename(temporary, filePath);
    renamed = true;
    return { kind: 'written' };
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
    }
  }
}

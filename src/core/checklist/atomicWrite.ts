// Replaces a file in one step, and only if it still holds the bytes the change was based on. The new content is
// written to a temporary file and flushed; the target is then moved aside (one atomic rename, so exactly the content
// it held at that instant is taken) and compared with what the change was based on; only when they agree is the new
// file hard-linked into place, which fails instead of overwriting when someone created the target meanwhile. A
// change made on disk in between (a git pull, an editor, another writer whose lock was taken) is therefore never
// overwritten, however long this writer is paused: its content is put back and the caller re-reads and merges.
import { link, lstat, open, readFile, realpath, rename, unlink } from 'node:fs/promises';
import { ownTemporaryName } from './fileLock';
import { readRegularFileSync } from '../files/regularFile';

/** What the target must hold for the write to go ahead: its bytes, or `null` for "must not exist". */
export type ExpectedContent = Buffer | null;

export type AtomicWriteResult = { readonly kind: 'written' } | { readonly kind: 'conflict' };

// eslint-disable-next-line @typescript-eslint/require-await -- async so a failure is a rejection, like the other steps.
export async function readCurrentBytes(filePath: string): Promise<Buffer | null> {
  try {
    // Non-blocking and checked to be a regular file (a FIFO in its place is refused, not waited on).
    return readRegularFileSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sameContent(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** The file a write to `filePath` replaces: a symlinked progress file is updated where it points, not replaced by a plain file. */
async function replacedPath(filePath: string): Promise<string> {
  try {
    return (await lstat(filePath)).isSymbolicLink() ? await realpath(filePath) : filePath;
  } catch {
    return filePath;
  }
}

/**
 * Writes `text` to `filePath` if it holds `expected`. `mayReplace` is asked right before the target is touched (the
 * lock is still ours); when it says no, nothing is changed and the result is a conflict.
 */
export async function writeFileAtomically(filePath: string, text: string, expected: ExpectedContent, mayReplace: () => Promise<boolean> = () => Promise.resolve(true)): Promise<AtomicWriteResult> {
  const target = await replacedPath(filePath);
  const temporary = ownTemporaryName(target, 'tmp');
  const handle = await open(temporary, 'wx');
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!(await mayReplace())) return { kind: 'conflict' };
    if (expected === null) return (await linkUnlessExists(temporary, target)) ? { kind: 'written' } : { kind: 'conflict' };
    const aside = ownTemporaryName(target, 'aside');
    try {
      await rename(target, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'conflict' };
      throw error;
    }
    try {
      const taken = await readFile(aside);
      if (!sameContent(taken, expected)) {
        // Changed since it was read: put it back (unless an even newer file replaced it meanwhile) and merge again.
        await linkUnlessExists(aside, target);
        return { kind: 'conflict' };
      }
      // When the link fails, someone wrote a newer file after ours was read and took its place: merge onto theirs.
      return (await linkUnlessExists(temporary, target)) ? { kind: 'written' } : { kind: 'conflict' };
    } catch (error) {
      await linkUnlessExists(aside, target).catch(() => undefined);
      throw error;
    } finally {
      await unlink(aside).catch(() => undefined);
    }
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function linkUnlessExists(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A file system without hard links: a rename, checked just before, leaves a window of microseconds instead.
    if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') && (await readCurrentBytes(to)) === null) {
      await rename(from, to);
      return true;
    }
    throw error;
  }
}

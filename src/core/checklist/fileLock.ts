// A small lock file next to a shared file, so two writers of this tool (two VS Code windows, the CLI) take turns at
// read-modify-write instead of both writing what they read before the other's change. The lock file names its owner
// (pid, process start time, host) and is created whole (written to a temporary file, then hard-linked into place),
// so it is never empty. A lock is taken over only when its owner is gone: a dead process of this host at once, a
// lock of another host or of an older version once it is `staleMs` old. A live owner, even one stopped for minutes,
// keeps its lock; every wait ends after `timeoutMs` with an error that names the owner.
import { randomBytes } from 'node:crypto';
import { link, lstat, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { isDeadPid, ownIdentity, processState } from './processIdentity';
import type { ProcessIdentity } from './processIdentity';

export interface FileLockOptions {
  /** Give up waiting after this long. */
  readonly timeoutMs?: number;
  /** A lock whose owner cannot be checked (another host, an unreadable lock) counts as abandoned after this long. */
  readonly staleMs?: number;
}

/** What the work done under the lock can ask: whether the lock is still its own (checked right before a rename). */
export interface HeldLock {
  stillHeld(): Promise<boolean>;
}

interface LockOwner extends ProcessIdentity {
  readonly token: string;
  readonly at: string;
}

export function lockPathOf(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.lock`);
}

/** Temporary files of this tool next to `filePath`: `.<name>.<pid>.<hex>.tmp` / `.aside`, `.<name>.lock.<pid>.<hex>.tmp`. */
export function ownTemporaryName(filePath: string, kind: 'tmp' | 'aside' | 'lock'): string {
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(filePath), kind === 'lock' ? `.${path.basename(filePath)}.lock.${suffix}.tmp` : `.${path.basename(filePath)}.${suffix}.${kind}`);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.token === 'string' && typeof value.host === 'string') {
      return { pid: value.pid, startTicks: typeof value.startTicks === 'number' ? value.startTicks : undefined, host: value.host, token: value.token, at: String(value.at) };
    }
  } catch {
    // An unreadable lock (an older version's, or a hand-made one): only its age tells.
  }
  return undefined;
}

/** This version never leaves an empty lock (it is linked into place whole); an older one wrote it right after creating it. */
const emptyLockStaleMs = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function createLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temporary = ownTemporaryName(lockPath.replace(/\.lock$/, ''), 'lock');
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
    } finally {
      await handle.close();
    }
    await link(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`cannot create the lock file ${lockPath} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check that the folder is writable and the disk is not full`);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Moves an abandoned lock out of the way, unless it changed since it was judged abandoned. */
async function removeAbandoned(lockPath: string, judgedText: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== judgedText) {
    // Someone took the lock meanwhile: give it back (if yet another writer was faster, its owner's stillHeld() fails).
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function describeOwner(owner: LockOwner | undefined): string {
  return owner === undefined ? 'an unknown writer' : `process ${owner.pid} on ${owner.host} (since ${owner.at})`;
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<LockOwner> {
  const started = Date.now();
  const owner: LockOwner = { ...ownIdentity(), token: randomBytes(8).toString('hex'), at: new Date().toISOString() };
  for (;;) {
    if (await createLock(lockPath, owner)) return owner;
    let stats;
    try {
      stats = await lstat(lockPath);
    } catch {
      continue; // Released between our attempt and this look: try again at once.
    }
    if (!stats.isFile()) {
      throw new Error(`${lockPath} should be this tool's lock file but is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}; remove it and try again`);
    }
    const text = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const holder = parseOwner(text);
    const state = holder === undefined ? 'unknown' : processState(holder);
    const age = Date.now() - stats.mtimeMs;
    // An empty lock is an older version's, whose writer could not write its name (a full disk): abandoned soon.
    if (state === 'dead' || (state === 'unknown' && age > (text === '' ? emptyLockStaleMs : staleMs))) {
      await removeAbandoned(lockPath, text);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `${lockPath} is held by ${describeOwner(holder)} for more than ${timeoutMs} ms${state === 'alive' ? ', which is still running (perhaps paused or busy)' : ''}; try again, or if no other window or CLI is saving the checklist, delete that file`,
      );
    }
    await sleep(20);
  }
}

async function isOwnedBy(lockPath: string, token: string): Promise<boolean> {
  const text = await readFile(lockPath, 'utf8').catch(() => undefined);
  return text !== undefined && parseOwner(text)?.token === token;
}

/** Removes temporary files left next to `filePath` by writers that died (the lock holder's housekeeping). */
async function removeAbandonedTemporaries(filePath: string): Promise<void> {
  const folder = path.dirname(filePath);
  const prefix = `.${path.basename(filePath)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(?:lock\.)?(\d+)\.[0-9a-f]{8}\.(tmp|aside|stale)$/.exec(name.slice(prefix.length));
    if (match === null || !isDeadPid(Number(match[1]))) continue;
    const file = path.join(folder, name);
    // A writer that died between moving the file aside and putting the new one in place: its content is restored.
    if (match[2] === 'aside') await link(file, filePath).catch(() => undefined);
    await unlink(file).catch(() => undefined);
  }
}

/** Runs `work` while holding the lock of `filePath`. */
export async function withFileLock<T>(filePath: string, work: (lock: HeldLock) => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = lockPathOf(filePath);
  const owner = await acquire(lockPath, options.timeoutMs ?? 5000, options.staleMs ?? 10_000);
  try {
    await removeAbandonedTemporaries(filePath);
    return await work({ stillHeld: () => isOwnedBy(lockPath, owner.token) });
  } finally {
    if (await isOwnedBy(lockPath, owner.token)) await unlink(lockPath).catch(() => undefined);
  }
}

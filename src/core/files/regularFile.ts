// Reads that never block on something that is not a file. Opening a FIFO for reading waits for a writer (forever),
// and a character device can stream without end, so every file named by a user (on the command line, in the project
// file) or met while walking is opened non-blocking and checked with fstat on the opened descriptor (no race with a
// replacement between a stat and the open) before a byte is read. Anything but a regular file is refused by name.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';

/** Thrown for a path that exists but is not a regular file; `code` is 'ENOTREG' so callers can tell it apart. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly filePath: string,
    readonly kind: string,
  ) {
    super(`${filePath} is ${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

export function fileKindOf(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Opens `filePath` for reading without blocking and returns its descriptor; throws NotRegularFileError for anything else. */
export function openRegularFileSync(filePath: string): { readonly fd: number; readonly size: number } {
  // O_NONBLOCK makes the open of a FIFO return at once; on a regular file it changes nothing.
  const fd = openSync(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new NotRegularFileError(filePath, fileKindOf(stats));
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The whole content of a regular file (throws NotRegularFileError, or the file system's error with its code). */
export function readRegularFileSync(filePath: string): Buffer;
export function readRegularFileSync(filePath: string, encoding: 'utf8'): string;
export function readRegularFileSync(filePath: string, encoding?: 'utf8'): Buffer | string {
  const { fd, size } = openRegularFileSync(filePath);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let buffer = Buffer.allocUnsafe(Math.max(size + 1, 4096));
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
      if (read === buffer.length) buffer = Buffer.allocUnsafe(buffer.length * 2);
    }
    const bytes = Buffer.concat(chunks, total);
    return encoding === undefined ? bytes : bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Why `error` (from reading a file) happened, for a message: "a named pipe (FIFO), not a regular file" or the code. */
export function readFailureText(error: unknown): string {
  if (error instanceof NotRegularFileError) return `it is ${error.kind}, not a regular file`;
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

// Reads whole files into one reused buffer. A whole-repository check reads every file once and keeps the bytes of
// almost none (most files mention no trigger word), so allocating a fresh buffer per file, as readFileSync does,
// only fed the garbage collector: tens of MB per run. A size limit is applied while reading, so a huge file costs
// no more than the limit; no stat call is needed before the read.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openRegularFileSync } from '../files/regularFile';

/** What `read` found: the content (valid until the next read), or only the size when it is over the limit. */
export type FileContent = { readonly kind: 'content'; readonly bytes: Buffer } | { readonly kind: 'too-large'; readonly size: number };

/** Buffers up to this size are kept for the next file; a larger file gets a buffer of its own. */
const retainedCapacity = 1024 * 1024;
const initialCapacity = 64 * 1024;

export class FileReader {
  private scratch: Buffer | undefined;

  /**
   * Reads `absolutePath` whole; a file over `maxBytes` is not read further than that and comes back as its size.
   * The bytes returned are overwritten by the next call. Throws the file system's error (with its `code`).
   */
  read(absolutePath: string, maxBytes: number): FileContent {
    // Non-blocking and checked after the open: a FIFO or device named like a source file is refused, never waited on.
    const { fd } = openRegularFileSync(absolutePath);
    try {
      let buffer = this.scratch ?? Buffer.allocUnsafeSlow(initialCapacity);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxBytes) {
            return { kind: 'too-large', size: Math.max(length, fstatSync(fd).size) };
          }
          const grown = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, Math.max(maxBytes + 1, buffer.length + 1)));
          buffer.copy(grown, 0, 0, length);
          buffer = grown;
        }
        const read = readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) {
          break;
        }
        length += read;
      }
      if (buffer.length <= retainedCapacity) {
        this.scratch = buffer;
      }
      if (length > maxBytes) {
        return { kind: 'too-large', size: length };
      }
      return { kind: 'content', bytes: buffer.subarray(0, length) };
    } finally {
      closeSync(fd);
    }
  }
}

import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileReader } from '../../src/core/workspace/fileReader';

describe('file reader', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'rr-read-'));
  const write = (name: string, content: Buffer): string => {
    const file = path.join(folder, name);
    writeFileSync(file, content);
    return file;
  };

  it('reads files of every size whole, reusing its buffer, and stops at the size limit', () => {
    const reader = new FileReader();
    for (const size of [0, 1, 100, 65_535, 65_536, 65_537, 300_000, 1_500_000]) {
      const content = Buffer.alloc(size, (size % 251) + 1);
      const read = reader.read(write(`f${size}.py`, content), 2 * 1024 * 1024);
      assert.equal(read.kind, 'content', `${size} bytes`);
      assert.ok(read.kind === 'content' && read.bytes.equals(content), `${size} bytes`);
    }
    assert.deepEqual(reader.read(write('big.py', Buffer.alloc(5_000_000, 1)), 2 * 1024 * 1024), { kind: 'too-large', size: 5_000_000 });
    assert.deepEqual(reader.read(write('limit.py', Buffer.alloc(1_001, 1)), 1_000), { kind: 'too-large', size: 1_001 });
    const exact = reader.read(write('exact.py', Buffer.alloc(1_000, 2)), 1_000);
    assert.ok(exact.kind === 'content' && exact.bytes.length === 1_000);
  });

  it('throws the file system error, with its code, for a missing file, and refuses a folder or a FIFO without waiting', () => {
    const reader = new FileReader();
    assert.throws(() => reader.read(path.join(folder, 'missing.py'), 1_000), { code: 'ENOENT' });
    mkdirSync(path.join(folder, 'folder.py'));
    assert.throws(() => reader.read(path.join(folder, 'folder.py'), 1_000), { code: 'ENOTREG', message: /folder\.py is a folder, not a regular file/ });
    execFileSync('mkfifo', [path.join(folder, 'pipe.py')]);
    // Before the fix this open blocked the process for good, waiting for a writer.
    assert.throws(() => reader.read(path.join(folder, 'pipe.py'), 1_000), { code: 'ENOTREG', message: /pipe\.py is a named pipe \(FIFO\), not a regular file/ });
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walkWorkspace, WorkspaceWalker } from '../../src/core/workspace/workspaceWalker';

describe('workspace walker: single-file scope', () => {
  let root: string;
  const write = (relative: string, text = 'x = 1\n'): void => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rr-scope-'));
    write('.gitignore', 'build/\n*.generated.py\n');
    write('src/train.py');
    write('src/model.generated.py');
    write('build/out.py');
    write('.venv/lib/site.py');
    write('envs/py311/pyvenv.cfg', 'home = /usr/bin\n');
    write('envs/py311/lib/x.py');
    write('vendor/.gitignore', '*.py\n!keep.py\n');
    write('vendor/drop.py');
    write('vendor/keep.py');
    write('legacy/old.py');
    write('notes.txt', 'not analysed');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('agrees with a full walk for every file, excluded, ignored or not', () => {
    const options = { rootDirectory: root, targets: [root], include: [], exclude: ['legacy/**'] };
    const walked = new Set(walkWorkspace(options).files.map((file) => file.relativePath));
    assert.deepEqual([...walked].sort(), ['src/train.py', 'vendor/keep.py']);
    for (const relative of ['src/train.py', 'src/model.generated.py', 'build/out.py', '.venv/lib/site.py', 'envs/py311/lib/x.py', 'vendor/drop.py', 'vendor/keep.py', 'legacy/old.py', 'notes.txt']) {
      const inScope = new WorkspaceWalker({ ...options, targets: [] }).isInScope(path.join(root, relative));
      assert.equal(inScope, walked.has(relative), relative);
    }
  });

  it('keeps files outside the root out of scope', () => {
    assert.equal(new WorkspaceWalker({ rootDirectory: path.join(root, 'src'), targets: [], include: [], exclude: [] }).isInScope(path.join(root, 'vendor', 'keep.py')), false);
  });
});

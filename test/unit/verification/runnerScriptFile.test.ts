import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureRunnerScript } from '../../../src/editor/tasks/runnerScriptFile';

describe('runner script file', () => {
  it('writes the runner once per source version, and removes the files of earlier versions', () => {
    const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'rr-runner-file-')), 'storage', 'verification-runner');
    try {
      const first = ensureRunnerScript(folder, 'console.log(1);');
      assert.equal(readFileSync(first, 'utf8'), 'console.log(1);');
      assert.equal(ensureRunnerScript(folder, 'console.log(1);'), first, 'the same source keeps its file');
      writeFileSync(path.join(folder, 'notes.txt'), 'not a runner');
      const second = ensureRunnerScript(folder, 'console.log(2);');
      assert.notEqual(second, first);
      assert.deepEqual(readdirSync(folder).sort(), ['notes.txt', path.basename(second)].sort());
      assert.match(path.basename(second), /^verification-runner-[0-9a-f]{12}\.js$/);
    } finally {
      rmSync(path.dirname(path.dirname(folder)), { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitUserName } from '../../../src/core/checklist/gitUserName';
import { temporaryRepository } from './checklistTestSupport';

describe('git user name for manual ticks', () => {
  it("reads the repository's git config user.name", async () => {
    const root = temporaryRepository({});
    execFileSync('git', ['init', '-q', root]);
    execFileSync('git', ['config', 'user.name', 'Ada Lovelace; echo $(whoami)'], { cwd: root });
    assert.deepEqual(await gitUserName(root), { name: 'Ada Lovelace; echo $(whoami)' }, 'the name is data, never run by a shell');
  });

  it('says why there is no name when git is missing', async () => {
    const root = temporaryRepository({});
    const result = await gitUserName(root, 3000, path.join(root, 'no-such-git'));
    assert.equal(result.name, undefined);
    assert.match(result.name === undefined ? result.reason : '', /is not installed or not on PATH/);
  });

  it('gives up after the time limit', async () => {
    const root = temporaryRepository({});
    const slowGit = path.join(root, 'slow-git');
    writeFileSync(slowGit, '#!/bin/sh\nsleep 5\n');
    chmodSync(slowGit, 0o755);
    const started = Date.now();
    const result = await gitUserName(root, 200, slowGit);
    assert.ok(Date.now() - started < 3000, 'it did not wait for git');
    assert.match(result.name === undefined ? result.reason : '', /did not answer within 200 ms/);
  });
});

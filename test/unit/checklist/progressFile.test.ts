import assert from 'node:assert/strict';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../../src/core/checklist/atomicWrite';
import { lockPathOf, withFileLock } from '../../../src/core/checklist/fileLock';
import { parseProgressText, progressWarnings, serializeProgress } from '../../../src/core/checklist/progressFile';
import { ProgressStore } from '../../../src/core/checklist/progressStore';
import { runbookChecklist } from '../../../src/core/runbook/runbookChecklist';
import { temporaryRepository } from './checklistTestSupport';

const progressName = 'refactor-runbook-progress.json';

describe('progress file', () => {
  it('parses ticks and writes them back sorted, stable and with a trailing newline', () => {
    const parsed = parseProgressText('{"version":1,"done":{"b.item":{"at":"2025-06-02T08:00:00.000Z"},"a.item":{"by":"Ada","at":"2025-06-01T10:00:00.000Z"}}}');
    assert.ok(parsed.ok);
    assert.equal(
      serializeProgress(parsed.content),
      '{\n  "version": 1,\n  "done": {\n    "a.item": {\n      "at": "2025-06-01T10:00:00.000Z",\n      "by": "Ada"\n    },\n    "b.item": {\n      "at": "2025-06-02T08:00:00.000Z"\n    }\n  }\n}\n',
    );
  });

  it('treats a zero-byte file as empty progress', () => {
    const parsed = parseProgressText('');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.content.done, {});
  });

  it('reports invalid JSON with its line and column', () => {
    const parsed = parseProgressText('{\n  "version": 1,\n  "done": {\n    "jobs.auto-chain-opt-in": { "at": "2025-06-01T10:00:00Z", }\n  }\n}\n');
    assert.equal(parsed.ok, false);
    const problem = parsed.ok ? undefined : parsed.problems[0];
    assert.equal(problem?.keyPath, '(file)');
    assert.match(problem?.message ?? '', /^not valid JSON/);
    assert.equal(problem?.line, 4);
    assert.ok((problem?.column ?? 0) > 50, `column ${problem?.column} points past the trailing comma`);
  });

  it('reports schema problems at the key: bad date, unknown key, wrong version', () => {
    const text = '{\n  "version": 2,\n  "done": {\n    "jobs.auto-chain-opt-in": { "at": "yesterday", "who": "me" }\n  }\n}\n';
    const parsed = parseProgressText(text);
    assert.equal(parsed.ok, false);
    assert.deepEqual(parsed.ok ? [] : parsed.problems.map((problem) => [problem.keyPath, problem.line]), [
      ['version', 2],
      ['done["jobs.auto-chain-opt-in"].at', 4],
      ['done["jobs.auto-chain-opt-in"].who', 4],
    ]);
  });

  it('warns about ticks the checklist ignores: unknown items and items that verify themselves', () => {
    const text = '{\n  "version": 1,\n  "done": {\n    "config.unit-tests": { "at": "2025-06-01T10:00:00Z" },\n    "jobs.old-item": { "at": "2025-06-01T10:00:00Z" },\n    "jobs.auto-chain-opt-in": { "at": "2025-06-01T10:00:00Z" }\n  }\n}\n';
    const parsed = parseProgressText(text);
    assert.ok(parsed.ok);
    assert.deepEqual(
      progressWarnings(text, parsed.content, runbookChecklist).map((warning) => [warning.itemId, warning.line, warning.message]),
      [
        ['config.unit-tests', 4, '"config.unit-tests" verifies itself from the code, so a manual tick is ignored; remove the entry'],
        ['jobs.old-item', 5, '"jobs.old-item" is not an item of this checklist (dropped, renamed or misspelled); its tick is ignored'],
      ],
    );
  });
});

describe('progress store', () => {
  it('ticks and reopens, writing atomically (no temporary file left behind)', async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    const store = new ProgressStore(file);
    assert.deepEqual(await store.read(), { kind: 'missing' });
    const ticked = await store.tick('jobs.auto-chain-opt-in', { at: '2025-06-01T10:00:00.000Z', by: 'Ada Lovelace' });
    assert.ok(ticked.ok && ticked.written);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, done: { 'jobs.auto-chain-opt-in': { at: '2025-06-01T10:00:00.000Z', by: 'Ada Lovelace' } } });
    const reopened = await store.reopen('jobs.auto-chain-opt-in');
    assert.ok(reopened.ok && reopened.written);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, done: {} });
    const again = await store.reopen('jobs.auto-chain-opt-in');
    assert.ok(again.ok && !again.written, 'nothing to change, nothing written');
    assert.deepEqual(readdirSync(root).filter((name) => name !== '.git'), [progressName]);
  });

  it("merges with what is on disk: a teammate's tick (from a pull) is kept", async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    writeFileSync(file, JSON.stringify({ version: 1, done: { 'docs.x': { at: '2025-05-01T00:00:00.000Z', by: 'Grace' } } }));
    const result = await new ProgressStore(file).tick('jobs.auto-chain-opt-in', { at: '2025-06-01T10:00:00.000Z' });
    assert.ok(result.ok);
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { done: object }).done), ['docs.x', 'jobs.auto-chain-opt-in']);
  });

  it('two windows ticking at the same moment both keep their tick (the later write re-applies on top)', async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    const [first, second] = await Promise.all([
      new ProgressStore(file).tick('a.one', { at: '2025-06-01T10:00:00.000Z' }),
      new ProgressStore(file).tick('b.two', { at: '2025-06-01T10:00:01.000Z' }),
    ]);
    assert.ok(first.ok && second.ok);
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { done: object }).done), ['a.one', 'b.two']);
  });

  it('refuses to write a malformed file and leaves its bytes exactly as they were', async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    const bytes = Buffer.from('{\n  "version": 1,\n  "done": {\n    "a.one": { "at": "2025-06-01" \n', 'utf8');
    writeFileSync(file, bytes);
    const store = new ProgressStore(file);
    const state = await store.read();
    assert.equal(state.kind, 'malformed');
    const result = await store.tick('b.two', { at: '2025-06-01T10:00:00.000Z' });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /refactor-runbook-progress\.json is malformed, so it was left unchanged; fix it first:\n.*refactor-runbook-progress\.json:\d+:\d+: \(file\): not valid JSON/);
    assert.ok(readFileSync(file).equals(bytes), 'the user bytes are untouched');
    assert.deepEqual(readdirSync(root).filter((name) => name !== '.git'), [progressName]);
    const reopen = await store.reopen('a.one');
    assert.equal(reopen.ok, false);
    assert.ok(readFileSync(file).equals(bytes));
  });

  it('an atomic write does not replace content that changed since it was read', async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    writeFileSync(file, 'theirs');
    const result = await writeFileAtomically(file, 'mine', Buffer.from('what I read earlier'));
    assert.deepEqual(result, { kind: 'conflict' });
    assert.equal(readFileSync(file, 'utf8'), 'theirs');
    assert.deepEqual(readdirSync(root).filter((name) => name !== '.git'), [progressName]);
    assert.deepEqual(await writeFileAtomically(file, 'mine', Buffer.from('theirs')), { kind: 'written' });
    assert.equal(readFileSync(file, 'utf8'), 'mine');
  });
});

describe('progress file lock', () => {
  it('lets writers take turns, takes over a stale lock, and times out on a live one with what to do', async () => {
    const root = temporaryRepository({});
    const file = path.join(root, progressName);
    const order: string[] = [];
    await Promise.all([
      withFileLock(file, async () => {
        order.push('first in');
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push('first out');
      }),
      new Promise((resolve) => setTimeout(resolve, 5)).then(() => withFileLock(file, () => Promise.resolve(order.push('second')))),
    ]);
    assert.deepEqual(order, ['first in', 'first out', 'second']);

    writeFileSync(lockPathOf(file), 'crashed writer');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathOf(file), old, old);
    assert.equal(await withFileLock(file, () => Promise.resolve('taken over')), 'taken over');

    writeFileSync(lockPathOf(file), 'live writer');
    await assert.rejects(withFileLock(file, () => Promise.resolve('never'), { timeoutMs: 100 }), /is held by an unknown writer for more than 100 ms; try again, or if no other window or CLI is saving the checklist, delete that file/);
    const refused = await new ProgressStore(file, { timeoutMs: 100 }).tick('a.one', { at: '2025-06-01T10:00:00.000Z' });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.reason, /is held by an unknown writer.*; nothing was written$/);
    assert.equal(readFileSync(lockPathOf(file), 'utf8'), 'live writer', "another writer's lock is left alone");
  });
});

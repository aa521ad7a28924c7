import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeResult, formatDuration } from '../../../src/core/verification/verificationResult';
import type { VerificationResult } from '../../../src/core/verification/verificationResult';
import type { ResultStorage } from '../../../src/core/verification/verificationResultStore';
import { resultStorageKey, VerificationResultStore } from '../../../src/core/verification/verificationResultStore';
import { readTaskDefinition, taskDefinitionContributions } from '../../../src/core/verification/verificationTaskDefinition';

/** An in-memory Memento that, like VS Code's, hands back copies of what was stored. */
class MemoryStorage implements ResultStorage {
  readonly values = new Map<string, string>();
  get(key: string): unknown {
    const value = this.values.get(key);
    return value === undefined ? undefined : JSON.parse(value);
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

const folderA = 'file:///work/a';
const folderB = 'file:///work/b';

function result(taskId: VerificationResult['taskId'], folder: string, finishedAt: number, outcome: VerificationResult['outcome'] = 'passed'): VerificationResult {
  return { taskId, label: `${taskId} (x)`, folder, outcome, exitCode: outcome === 'passed' ? 0 : 1, startedAt: finishedAt - 1500, finishedAt, durationMs: 1500 };
}

describe('verification result store', () => {
  it('keeps the latest result per task and folder, persists it, and loads it back', async () => {
    const storage = new MemoryStorage();
    const store = new VerificationResultStore(storage);
    await store.record(result('tests', folderA, 1000, 'failed'));
    await store.record(result('tests', folderA, 2000), result('lint', folderA, 2100, 'failed'), result('tests', folderB, 1500));
    assert.equal(store.latestResult('tests', folderA)?.finishedAt, 2000);
    assert.equal(store.latestResult('tests', folderB)?.finishedAt, 1500);
    assert.equal(store.latestResult('tests')?.finishedAt, 2000, 'without a folder: the newest in any folder');
    assert.equal(store.latestResult('type-check'), undefined);
    const reloaded = new VerificationResultStore(storage);
    assert.deepEqual(reloaded.all(), store.all());
    assert.deepEqual(
      reloaded.all().map((entry) => `${entry.taskId}@${entry.folder}`),
      ['lint@file:///work/a', 'tests@file:///work/a', 'tests@file:///work/b'],
    );
  });

  it('tells subscribers about each recorded result, keeps going when one throws, and stops after dispose', async () => {
    const errors: string[] = [];
    const store = new VerificationResultStore(new MemoryStorage(), (message) => errors.push(message));
    const heard: string[] = [];
    store.onDidRecord(() => {
      throw new Error('subscriber bug');
    });
    const subscription = store.onDidRecord((recorded) => heard.push(recorded.taskId));
    await store.record(result('verify-all', folderA, 10), result('syntax-check', folderA, 5));
    subscription.dispose();
    await store.record(result('tests', folderA, 20));
    assert.deepEqual(heard, ['verify-all', 'syntax-check']);
    assert.equal(errors.length, 3);
    assert.match(errors[0] ?? '', /subscriber to verification results failed on the verify-all result: subscriber bug/);
  });

  it('drops stored entries that are not valid results instead of trusting them', () => {
    const storage = new MemoryStorage();
    storage.values.set(resultStorageKey, JSON.stringify([result('tests', folderA, 1), { taskId: 'deploy', folder: folderA }, { ...result('lint', folderA, 2), outcome: 'maybe' }, 'junk']));
    const store = new VerificationResultStore(storage);
    assert.equal(store.droppedOnLoad, 3);
    assert.deepEqual(store.all().map((entry) => entry.taskId), ['tests']);
    storage.values.set(resultStorageKey, JSON.stringify({ not: 'an array' }));
    assert.equal(new VerificationResultStore(storage).droppedOnLoad, 1);
  });

  it("is shaped like the checklist's task result source (taskId, outcome, exitCode, finishedAt, label)", async () => {
    const store = new VerificationResultStore(new MemoryStorage());
    await store.record({ ...result('tests', folderA, 5000, 'cancelled'), exitCode: undefined });
    const latest = store.latestResult('tests');
    assert.deepEqual({ taskId: latest?.taskId, outcome: latest?.outcome, exitCode: latest?.exitCode, finishedAt: latest?.finishedAt, label: latest?.label }, { taskId: 'tests', outcome: 'cancelled', exitCode: undefined, finishedAt: 5000, label: 'tests (x)' });
  });

  it('describes results for the quick pick', () => {
    const now = 10 * 60_000;
    assert.equal(describeResult(result('tests', folderA, now - 3 * 60_000), now), 'passed in 1.5 s, 3 min ago');
    assert.equal(describeResult(result('tests', folderA, now, 'failed'), now), 'failed with exit code 1 after 1.5 s, just now');
    assert.equal(describeResult({ ...result('lint', folderA, now, 'failed'), problem: 'ruff is not installed for /usr/bin/python3.\nFix: ...' }, now), 'did not run: ruff is not installed for /usr/bin/python3. (just now)');
    assert.equal(describeResult(result('tests', folderA, now - 2 * 3600_000, 'cancelled'), now), 'terminated after 1.5 s, 2 h ago');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });
});

describe('task definitions', () => {
  it('reads valid definitions into requests', () => {
    assert.deepEqual(readTaskDefinition({ type: 'refactor-runbook', task: 'tests' }), { request: { taskId: 'tests' } });
    assert.deepEqual(readTaskDefinition({ type: 'refactor-runbook', task: 'syntax-check', files: ['src/**/*.py'] }), { request: { taskId: 'syntax-check', files: ['src/**/*.py'] } });
    assert.deepEqual(readTaskDefinition({ type: 'refactor-runbook', task: 'focused-test', testId: 'tests/a.py::t' }), { request: { taskId: 'focused-test', testId: 'tests/a.py::t' } });
  });

  it('explains what is wrong with an invalid definition', () => {
    const problem = (definition: Record<string, unknown>): string => {
      const reading = readTaskDefinition(definition);
      return 'problem' in reading ? reading.problem : 'no problem';
    };
    assert.match(problem({ task: 'deploy' }), /"task": "deploy"; use one of "syntax-check", "lint", "tests", "focused-test", "type-check", "verify-all"/);
    assert.match(problem({ task: 'focused-test' }), /needs a "testId"/);
    assert.match(problem({ task: 'tests', testId: 'x' }), /"testId" applies only to "focused-test"/);
    assert.match(problem({ task: 'lint', files: ['a.py'] }), /"files" applies only to "syntax-check"/);
    assert.match(problem({ task: 'syntax-check', files: 'a.py' }), /must be a list of files or globs/);
    assert.match(problem({ task: 'focused-test', testId: 3 }), /must be a pytest node id string/);
  });

  it('package.json contributes exactly the core task definition, with "task" required', () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { taskDefinitions: unknown } };
    assert.deepEqual(manifest.contributes.taskDefinitions, taskDefinitionContributions());
    assert.deepEqual((taskDefinitionContributions()[0] as { required: string[] }).required, ['task']);
  });
});

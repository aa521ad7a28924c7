import assert from 'node:assert/strict';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChecklistStepDefinition } from '../../../src/core/runbook/checklistDefinition';
import { combineCheckStates } from '../../../src/core/checklist/checklistResult';
import type { ItemResult } from '../../../src/core/checklist/checklistResult';
import type { TaskResult } from '../../../src/core/checklist/taskResultSource';
import { sessionFor, temporaryRepository, writeFiles } from './checklistTestSupport';

const steps: ChecklistStepDefinition[] = [
  {
    id: 'config',
    title: 'Config',
    pullRequest: 1,
    items: [
      { id: 'config.class', title: 'Config class exists', file: 'src/config.py', checks: [{ kind: 'symbol-exists', file: 'src/config.py', symbol: 'RunConfig' }] },
      { id: 'config.validate', title: 'validate raises', checks: [{ kind: 'symbol-exists', file: 'src/config.py', symbol: 'RunConfig.validate', raises: ['ValueError'] }] },
      { id: 'config.manual', title: 'Team agreed on the layout' },
    ],
  },
  {
    id: 'training',
    title: 'Training',
    pullRequest: 2,
    items: [
      { id: 'training.no-discovery', title: 'No discovery', checks: [{ kind: 'no-findings', rules: ['RR001'], files: ['src/training/**'] }] },
      {
        id: 'training.tested',
        title: 'Tests exist and pass',
        checks: [
          { kind: 'test-exists', references: ['load'] },
          { kind: 'task-passed', task: 'tests', files: ['tests/**/*.py'] },
        ],
      },
    ],
  },
];

const files = {
  'src/config.py': 'class RunConfig:\n    def validate(self):\n        raise ValueError("bad value; use a valid one")\n',
  'src/training/a.py': 'def load(path):\n    return path\n',
  'src/training/b.py': 'def other():\n    return 1\n',
  'tests/test_a.py': 'from src.training.a import load\n\ndef test_load():\n    assert load("x") == "x"\n',
};

function itemsById(items: readonly ItemResult[]): Record<string, ItemResult> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

describe('checklist evaluator', () => {
  it('combines check states: any failure, then unknown, then stale; passed only when all passed', () => {
    assert.equal(combineCheckStates(['passed', 'unknown', 'failed']), 'failed');
    assert.equal(combineCheckStates(['passed', 'stale', 'unknown']), 'unknown');
    assert.equal(combineCheckStates(['passed', 'stale']), 'stale');
    assert.equal(combineCheckStates(['passed', 'passed']), 'passed');
  });

  it('gives every item a state, a reason and counts per step; manual items are open or manual-done', async () => {
    const root = temporaryRepository(files);
    const session = await sessionFor(root, steps);
    const before = session.evaluator.snapshot(new Map());
    assert.deepEqual(
      before.steps.flatMap((step) => step.items.map((item) => [item.id, item.state, item.reason])),
      [
        ['config.class', 'unknown', 'Not verified yet.'],
        ['config.validate', 'unknown', 'Not verified yet.'],
        ['config.manual', 'open', 'Manual item: nothing in the code can prove it; tick it when it is done.'],
        ['training.no-discovery', 'unknown', 'Not verified yet.'],
        ['training.tested', 'unknown', 'Not verified yet.'],
      ],
    );
    await session.evaluator.verify();
    const after = session.evaluator.snapshot(new Map([['config.manual', { at: '2025-06-01T10:00:00.000Z', by: 'Ada Lovelace' }]]));
    const items = itemsById(after.steps.flatMap((step) => step.items));
    assert.equal(items['config.class']?.state, 'passed');
    assert.equal(items['config.validate']?.state, 'passed');
    assert.equal(items['config.manual']?.state, 'manual-done');
    assert.equal(items['config.manual']?.reason, 'Ticked by Ada Lovelace on 2025-06-01.');
    assert.equal(items['training.no-discovery']?.state, 'passed');
    assert.equal(items['training.tested']?.state, 'unknown', 'the test exists but only a run proves it passes');
    assert.deepEqual(items['training.tested']?.tasks, ['tests']);
    assert.deepEqual(items['training.tested']?.checks.map((check) => check.state), ['passed', 'unknown']);
    assert.deepEqual(after.summary, { passed: 3, manualDone: 1, failed: 0, unknown: 1, stale: 0, open: 0, total: 5 });
    assert.deepEqual(after.steps.map((step) => [step.number, step.done, step.total]), [[1, 3, 3], [2, 1, 2]]);
  });

  it('re-verifies only the items that depend on a changed file, and re-reads only that file', async () => {
    const root = temporaryRepository(files);
    const session = await sessionFor(root, steps);
    await session.evaluator.verify();

    writeFiles(root, { 'src/training/b.py': 'import glob\n\ndef other():\n    return glob.glob("osc_jobs/*.pth")\n' });
    const affected = session.evaluator.fileChanged([{ path: 'src/training/b.py', kind: 'changed' }]);
    assert.deepEqual(affected, ['training.no-discovery']);
    const stale = itemsById(session.evaluator.snapshot(new Map()).steps.flatMap((step) => step.items));
    assert.equal(stale['training.no-discovery']?.state, 'stale', 'a proven item is stale until it is re-verified');
    assert.equal(stale['training.no-discovery']?.reason, 'src/training/b.py changed since this was verified; re-verifying');
    assert.equal(stale['config.class']?.state, 'passed');

    const stats = await session.evaluator.verify();
    assert.equal(stats.itemsVerified, 1);
    assert.deepEqual(stats.work, { walks: 0, reads: 1, parses: 0, analyses: 1 });
    const after = itemsById(session.evaluator.snapshot(new Map()).steps.flatMap((step) => step.items));
    assert.equal(after['training.no-discovery']?.state, 'failed');
    assert.deepEqual(after['training.no-discovery']?.location, { path: 'src/training/b.py', line: 4, column: 12 });
  });

  it('a change to an unrelated file touches no item', async () => {
    const root = temporaryRepository({ ...files, 'docs/notes.md': '# Notes\n' });
    const session = await sessionFor(root, steps);
    await session.evaluator.verify();
    writeFiles(root, { 'docs/notes.md': '# Notes\nmore\n' });
    assert.deepEqual(session.evaluator.fileChanged([{ path: 'docs/notes.md', kind: 'changed' }]), []);
    const stats = await session.evaluator.verify();
    assert.equal(stats.itemsVerified, 0);
    assert.deepEqual(stats.work, { walks: 0, reads: 0, parses: 0, analyses: 0 });
  });

  it('created and deleted files (and deleted folders) re-walk the workspace and affect glob dependencies', async () => {
    const root = temporaryRepository(files);
    const session = await sessionFor(root, steps);
    await session.evaluator.verify();

    writeFiles(root, { 'src/training/c.py': 'import glob\nx = glob.glob("*.ckpt")\n' });
    assert.deepEqual(session.evaluator.fileChanged([{ path: 'src/training/c.py', kind: 'created' }]), ['training.no-discovery']);
    const created = await session.evaluator.verify();
    assert.equal(created.work.walks, 1);
    assert.equal(session.evaluator.snapshot(new Map()).steps[1]?.items[0]?.state, 'failed');

    rmSync(path.join(root, 'src', 'training'), { recursive: true });
    assert.deepEqual(session.evaluator.fileChanged([{ path: 'src/training', kind: 'deleted' }]), ['training.no-discovery']);
    await session.evaluator.verify();
    const gone = session.evaluator.snapshot(new Map()).steps[1]?.items[0];
    assert.equal(gone?.state, 'unknown', 'with no file left there is nothing to check');

    rmSync(path.join(root, 'src', 'config.py'));
    assert.deepEqual(session.evaluator.fileChanged([{ path: 'src/config.py', kind: 'deleted' }]), ['config.class', 'config.validate']);
    await session.evaluator.verify();
    assert.equal(session.evaluator.snapshot(new Map()).steps[0]?.items[0]?.state, 'failed');
  });

  it('re-verifies items that read a task when its result arrives, and makes a passed run stale after a change', async () => {
    const root = temporaryRepository(files);
    const latest: { result?: TaskResult } = {};
    const session = await sessionFor(root, steps, { taskResults: { latestResult: (taskId) => (taskId === 'tests' ? latest.result : undefined) } });
    await session.evaluator.verify();
    assert.equal(session.evaluator.snapshot(new Map()).steps[1]?.items[1]?.state, 'unknown');

    latest.result = { taskId: 'tests', outcome: 'passed', exitCode: 0, finishedAt: Date.now() + 1000 };
    assert.deepEqual(session.evaluator.taskResultsChanged(['tests']), ['training.tested']);
    assert.deepEqual(session.evaluator.taskResultsChanged(['lint']), []);
    await session.evaluator.verify();
    assert.equal(session.evaluator.snapshot(new Map()).steps[1]?.items[1]?.state, 'passed');

    const later = new Date(Date.now() + 5000);
    writeFileSync(path.join(root, 'tests', 'test_a.py'), 'from src.training.a import load\n\ndef test_load():\n    assert load("y") == "y"\n');
    utimesSync(path.join(root, 'tests', 'test_a.py'), later, later);
    assert.deepEqual(session.evaluator.fileChanged([{ path: 'tests/test_a.py', kind: 'changed' }]), ['training.tested']);
    await session.evaluator.verify();
    const item = session.evaluator.snapshot(new Map()).steps[1]?.items[1];
    assert.equal(item?.state, 'stale');
    assert.match(item?.reason ?? '', /^tests\/test_a\.py changed after the "tests" task passed/);
  });

  it('a cancelled run leaves the remaining items pending for the next run', async () => {
    const root = temporaryRepository(files);
    const session = await sessionFor(root, steps);
    let polls = 0;
    const first = await session.evaluator.verify({ isCancelled: () => polls++ >= 2 });
    assert.equal(first.cancelled, true);
    assert.equal(first.itemsVerified, 2);
    assert.deepEqual(session.evaluator.pendingItems(), ['training.no-discovery', 'training.tested']);
    const second = await session.evaluator.verify();
    assert.equal(second.itemsVerified, 2);
    assert.deepEqual(session.evaluator.pendingItems(), []);
  });

  it('re-verifies one item on request', async () => {
    const root = temporaryRepository(files);
    const session = await sessionFor(root, steps);
    await session.evaluator.verify();
    session.evaluator.invalidate('config.validate');
    assert.equal(session.evaluator.snapshot(new Map()).steps[0]?.items[1]?.state, 'stale');
    const stats = await session.evaluator.verify();
    assert.equal(stats.itemsVerified, 1);
    assert.equal(session.evaluator.snapshot(new Map()).steps[0]?.items[1]?.state, 'passed');
  });
});

import assert from 'node:assert/strict';
import { ChangeDebouncer } from '../../../src/editor/checklist/changeDebouncer';
import { defaultChecklistSettings, readChecklistSettings } from '../../../src/core/checklist/checklistSettings';

describe('checklist re-verification debounce', () => {
  it('delivers one batch after the quiet period, however many changes arrived', async () => {
    const batches: number[][] = [];
    const debouncer = new ChangeDebouncer<number>(() => 30, (batch) => batches.push([...batch]));
    for (let index = 0; index < 5; index++) {
      debouncer.push(index);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(batches, [], 'nothing is delivered while changes keep coming');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(batches, [[0, 1, 2, 3, 4]]);
    debouncer.push(9);
    debouncer.flush();
    assert.deepEqual(batches, [[0, 1, 2, 3, 4], [9]]);
    debouncer.push(10);
    debouncer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(batches.length, 2, 'a disposed debouncer delivers nothing');
  });
});

describe('checklist settings', () => {
  it('reads valid values and names each invalid one with the default used instead', () => {
    const values: Record<string, unknown> = { progressFile: 'docs/progress.json', reverifyDelayMs: 20, showStatusBar: 'yes', recordAuthor: false };
    const read = readChecklistSettings((key) => values[key]);
    assert.deepEqual(read.settings, { progressFile: 'docs/progress.json', reverifyDelayMs: defaultChecklistSettings.reverifyDelayMs, showStatusBar: true, recordAuthor: false });
    assert.equal(read.problems.length, 2);
    assert.match(read.problems[0]?.message ?? '', /^refactorRunbook\.checklist\.reverifyDelayMs is 20, which is not valid .*; using 500 until it is fixed$/);
    assert.match(read.problems[1]?.message ?? '', /^refactorRunbook\.checklist\.showStatusBar is "yes"/);
    const outside = readChecklistSettings((key) => (key === 'progressFile' ? '../elsewhere.json' : undefined));
    assert.equal(outside.settings.progressFile, 'refactor-runbook-progress.json');
    assert.match(outside.problems[0]?.message ?? '', /must not contain "\.\."/);
  });
});

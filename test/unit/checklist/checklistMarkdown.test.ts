import assert from 'node:assert/strict';
import { checklistToMarkdown, escapeMarkdown } from '../../../src/core/checklist/checklistMarkdown';
import type { ChecklistEvaluation, ItemResult } from '../../../src/core/checklist/checklistResult';
import { summarize } from '../../../src/core/checklist/checklistResult';

function item(id: string, title: string, state: ItemResult['state'], reason: string, extra: Partial<ItemResult> = {}): ItemResult {
  return { id, stepId: id.split('.')[0] ?? '', title, label: title, manual: state === 'open' || state === 'manual-done', state, reason, checks: [], tasks: [], ...extra };
}

const configItems = [
  item('config.fields', 'Add canonical fields on CANGraphConfig', 'passed', 'CANGraphConfig exists'),
  item('config.root', 'Remove experiment_root from the dataset config', 'failed', 'CANDatasetConfig.experiment_root is still defined (src/config/hydra_zen_configs.py:39); remove it'),
];
const jobItems = [
  item('jobs.chain', 'Decide on --auto-chain', 'manual-done', 'Ticked by Ada on 2025-06-01.', { tick: { at: '2025-06-01T10:00:00.000Z', by: 'Ada Lovelace' } }),
  item('jobs.open', 'Review <generated> scripts', 'open', 'Manual item'),
  item('jobs.tests', 'Dry-run tests pass', 'unknown', 'the "tests" task has not run yet'),
  item('jobs.stale', 'Profiles are strict', 'stale', 'osc_job_manager.py changed since this was verified; re-verifying'),
];
const evaluation: ChecklistEvaluation = {
  steps: [
    { id: 'config', number: 1, title: 'Config refactor', pullRequest: 1, items: configItems, done: 1, total: 2 },
    { id: 'jobs', number: 4, title: 'osc_job_manager.py rewrite', pullRequest: 4, items: jobItems, done: 1, total: 4 },
  ],
  summary: summarize([...configItems, ...jobItems]),
};

describe('Copy as Markdown', () => {
  it('writes one step as a GitHub task list: done items checked, the rest with why', () => {
    assert.equal(
      checklistToMarkdown(evaluation, { kind: 'step', stepId: 'jobs' }),
      [
        '### 4. osc\\_job\\_manager.py rewrite — PR #4 (1/4)',
        '',
        '- [x] Decide on --auto-chain — ticked by Ada Lovelace on 2025-06-01',
        '- [ ] Review \\<generated\\> scripts',
        '- [ ] Dry-run tests pass — not verified: the "tests" task has not run yet',
        '- [ ] Profiles are strict — stale: osc\\_job\\_manager.py changed since this was verified; re-verifying',
        '',
      ].join('\n'),
    );
  });

  it('writes the whole checklist with a summary heading', () => {
    assert.equal(
      checklistToMarkdown(evaluation),
      [
        '## Refactor Runbook checklist (2/6 done)',
        '',
        '### 1. Config refactor — PR #1 (1/2)',
        '',
        '- [x] Add canonical fields on CANGraphConfig',
        '- [ ] Remove experiment\\_root from the dataset config — failed: CANDatasetConfig.experiment\\_root is still defined (src/config/hydra\\_zen\\_configs.py:39); remove it',
        '',
        '### 4. osc\\_job\\_manager.py rewrite — PR #4 (1/4)',
        '',
        '- [x] Decide on --auto-chain — ticked by Ada Lovelace on 2025-06-01',
        '- [ ] Review \\<generated\\> scripts',
        '- [ ] Dry-run tests pass — not verified: the "tests" task has not run yet',
        '- [ ] Profiles are strict — stale: osc\\_job\\_manager.py changed since this was verified; re-verifying',
        '',
      ].join('\n'),
    );
  });

  it('escapes Markdown so titles and reasons render as written, on one line', () => {
    assert.equal(escapeMarkdown('a_b *c* [d](e) `f` <g> | h\nnext'), 'a\\_b \\*c\\* \\[d\\](e) \\`f\\` \\<g\\> \\| h next');
  });

  it('names the steps when asked for one that does not exist', () => {
    assert.throws(() => checklistToMarkdown(evaluation, { kind: 'step', stepId: 'deploy' }), /There is no step "deploy" in the checklist; the steps are config, jobs\./);
  });
});

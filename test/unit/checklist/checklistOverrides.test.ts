import assert from 'node:assert/strict';
import { checkSchema } from '../../../src/core/runbook/checkSchema';
import { checklistItemSchema, isManualItem } from '../../../src/core/runbook/checklistDefinition';
import { applyChecklistOverrides } from '../../../src/core/runbook/checklistOverrides';
import { loadChecklistProject, parseChecklistProjectText } from '../../../src/core/checklist/checklistProjectFile';
import { runbookChecklist } from '../../../src/core/runbook/runbookChecklist';
import { temporaryRepository } from './checklistTestSupport';

function itemOf(steps: typeof runbookChecklist, id: string) {
  return steps.flatMap((step) => step.items).find((item) => item.id === id);
}

describe('default checklist (the runbook)', () => {
  it("has the runbook's five steps with PR numbers, unique ids, and only valid checks", () => {
    assert.deepEqual(
      runbookChecklist.map((step) => [step.id, step.pullRequest]),
      [['config', 1], ['trainer', 2], ['training', 3], ['jobs', 4], ['docs', 5]],
    );
    const ids = runbookChecklist.flatMap((step) => step.items.map((item) => item.id));
    assert.equal(new Set(ids).size, ids.length);
    for (const step of runbookChecklist) {
      for (const item of step.items) {
        assert.ok(item.id.startsWith(`${step.id}.`), `${item.id} belongs to ${step.id}`);
        const parsed = checklistItemSchema.safeParse(item);
        assert.ok(parsed.success, `${item.id}: ${JSON.stringify(parsed.error?.issues)}`);
      }
    }
    assert.deepEqual(runbookChecklist.flatMap((step) => step.items.filter(isManualItem).map((item) => item.id)), ['jobs.auto-chain-opt-in']);
  });

  it('rejects a check of an unknown kind or with an unknown key, naming it', () => {
    const unknownKind = checkSchema.safeParse({ kind: 'symbol-missing', file: 'a.py', symbol: 'A' });
    assert.match(unknownKind.error?.issues[0]?.message ?? '', /Invalid discriminator value/);
    const unknownKey = checkSchema.safeParse({ kind: 'symbol-exists', file: 'a.py', symbol: 'A', raise: ['ValueError'] });
    assert.equal(unknownKey.error?.issues[0]?.code, 'unrecognized_keys');
    const badPath = checkSchema.safeParse({ kind: 'no-findings', rules: ['RR001'], files: ['../outside/**'] });
    assert.match(badPath.error?.issues[0]?.message ?? '', /must not contain "\.\."/);
    const badRule = checkSchema.safeParse({ kind: 'no-findings', rules: ['RR009'], files: ['src/**'] });
    assert.equal(badRule.success, false);
  });
});

describe('checklist overrides', () => {
  it('rewords and drops items, replaces, adds, drops and rewords checks, rewords steps and adds items', () => {
    const result = applyChecklistOverrides(runbookChecklist, {
      steps: { docs: { title: 'Docs and presets', pullRequest: 7 } },
      items: {
        'jobs.auto-chain-opt-in': { drop: true },
        'config.canonical-fields': { title: 'Canonical fields exist' },
        'docs.presets': { checks: [] },
        'config.required-artifacts': { dropChecks: ['no-discovery'], addChecks: [{ kind: 'file-contains', id: 'doc', file: 'README.md', text: 'required_artifacts' }], checkLabels: { canonical: 'derives paths from the run dir' } },
      },
      add: [
        { step: 'jobs', after: 'jobs.resource-profiles', item: { id: 'jobs.account', title: 'Jobs use the lab account', checks: [{ kind: 'file-contains', file: 'osc_job_manager.py', text: 'PAS2022' }] } },
        { step: 'docs', item: { id: 'docs.changelog', title: 'CHANGELOG mentions the layout' } },
      ],
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const steps = result.steps;
    assert.equal(steps[4]?.title, 'Docs and presets');
    assert.equal(steps[4]?.pullRequest, 7);
    assert.equal(itemOf(steps, 'jobs.auto-chain-opt-in'), undefined);
    assert.equal(itemOf(steps, 'config.canonical-fields')?.title, 'Canonical fields exist');
    assert.ok(isManualItem(itemOf(steps, 'docs.presets') ?? { id: '', title: '' }), 'checks: [] makes the item manual');
    const required = itemOf(steps, 'config.required-artifacts');
    assert.deepEqual(required?.checks?.map((check) => [check.id, check.kind, check.label]), [['canonical', 'symbol-exists', 'derives paths from the run dir'], ['doc', 'file-contains', undefined]]);
    assert.deepEqual(steps[3]?.items.map((item) => item.id), ['jobs.resource-profiles', 'jobs.account', 'jobs.canonical-output', 'jobs.no-legacy-fallback', 'jobs.dry-run-tests']);
    assert.equal(steps[4]?.items.at(-1)?.id, 'docs.changelog');
    assert.equal(runbookChecklist[3]?.items.length, 5, 'the defaults themselves are not changed');
  });

  it('reports every unknown id and conflict with its key path and a fix', () => {
    const result = applyChecklistOverrides(runbookChecklist, {
      steps: { deploy: { title: 'x' } },
      items: { 'config.typo': { title: 'x' }, 'config.validate-config': { dropChecks: ['nope'], checkLabels: { missing: 'x' } } },
      add: [
        { step: 'config', item: { id: 'config.unit-tests', title: 'dup' } },
        { step: 'nowhere', item: { id: 'x.y', title: 'y' } },
        { step: 'jobs', after: 'config.unit-tests', item: { id: 'jobs.z', title: 'z' } },
      ],
    });
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems.map((problem) => [problem.path.join('.'), problem.message]);
    assert.deepEqual(problems, [
      ['steps.deploy', 'there is no step "deploy"'],
      ['items.config.typo', 'there is no item "config.typo"'],
      ['items.config.validate-config.dropChecks.0', 'item "config.validate-config" has no check "nope"'],
      ['items.config.validate-config.checkLabels.missing', 'item "config.validate-config" has no check "missing"'],
      ['add.0.item.id', 'the item id "config.unit-tests" is already taken'],
      ['add.1.step', 'there is no step "nowhere"'],
      ['add.2.after', 'step "jobs" has no item "config.unit-tests"'],
    ]);
    assert.ok(!result.ok && result.problems.every((problem) => problem.fix.length > 0));
  });
});

describe('checklist project file loader', () => {
  const filePath = '/repo/refactor-runbook.json';

  it('uses the defaults without a project file', () => {
    const root = temporaryRepository({ 'a.py': 'x = 1\n' });
    const loaded = loadChecklistProject(root);
    assert.ok(loaded.ok);
    assert.equal(loaded.value.steps, runbookChecklist);
    assert.equal(loaded.value.customized, false);
    assert.equal(loaded.value.project.rootDirectory, root);
  });

  it('reads the checklist key next to the settings the project file schema knows', () => {
    const text = JSON.stringify({ layout: { legacyRoots: ['osc_jobs', 'old_runs'] }, checklist: { items: { 'jobs.auto-chain-opt-in': { drop: true } } } }, null, 2);
    const loaded = parseChecklistProjectText(filePath, text);
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems));
    assert.deepEqual(loaded.value.project.settings.layout.legacyRoots, ['osc_jobs', 'old_runs']);
    assert.equal(itemOf(loaded.value.steps, 'jobs.auto-chain-opt-in'), undefined);
    assert.equal(loaded.value.customized, true);
  });

  it('reports mistakes in the checklist key at their line and column', () => {
    const text = '{\n  "checklist": {\n    "items": {\n      "config.typo": { "title": "x" }\n    },\n    "add": [{ "step": "jobs", "item": { "id": "jobs.x", "title": "x", "checks": [{ "kind": "symbol-exists", "file": "a.py" }] } }]\n  }\n}\n';
    const schemaError = parseChecklistProjectText(filePath, text);
    assert.equal(schemaError.ok, false);
    const problem = schemaError.ok ? undefined : schemaError.problems[0];
    assert.equal(problem?.keyPath, 'checklist.add[0].item.checks[0].symbol');
    assert.equal(problem?.line, 6);

    const unknownItem = parseChecklistProjectText(filePath, '{\n  "checklist": {\n    "items": {\n      "config.typo": { "title": "x" }\n    }\n  }\n}\n');
    assert.deepEqual(unknownItem.ok ? [] : unknownItem.problems.map((entry) => [entry.keyPath, entry.line, entry.column]), [['checklist.items["config.typo"]', 4, 7]]);
  });

  it('still reports every other problem of the project file (never a silent fall back)', () => {
    const loaded = parseChecklistProjectText(filePath, '{\n  "checklist": {},\n  "layuot": {}\n}\n');
    assert.equal(loaded.ok, false);
    assert.deepEqual(loaded.ok ? [] : loaded.problems.map((problem) => [problem.keyPath, problem.message]), [['layuot', 'unknown key "layuot"']]);
    const invalidJson = parseChecklistProjectText(filePath, '{ "checklist": { }');
    assert.equal(invalidJson.ok, false);
    assert.match(invalidJson.ok ? '' : (invalidJson.problems[0]?.message ?? ''), /not valid JSON/);
  });
});

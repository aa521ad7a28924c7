// Issue 16's target repository as a test fixture (test/fixtures/checklist-matrix/package-template): the config in a
// package under another name (mapped with `symbols`), the layout `experimentruns/{dataset}/{model_type}_{scale}_
// {stage}[_{aux}]` with several fields in one folder, all described in its refactor-runbook.json. Evaluated with the
// real project file and the real rules, every item is done; one look-alike change fails the grammar item.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadChecklistProject } from '../../../src/core/checklist/checklistProjectFile';
import { createChecklistSession } from '../../../src/core/checklist/checklistSession';
import type { TaskResultSource } from '../../../src/core/checklist/taskResultSource';
import { checklistTestWasm } from './checklistTestSupport';

const fixture = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'checklist-matrix', 'package-template');
// The tests ran after every change: the task-passed checks then judge only the code.
const testsPassed: TaskResultSource = { latestResult: (taskId) => ({ taskId, outcome: 'passed', exitCode: 0, finishedAt: Date.now() + 3_600_000, label: 'unit test' }) };

async function itemStates(edit?: (root: string) => void): Promise<Map<string, { state: string; reason: string }>> {
  const root = mkdtempSync(path.join(tmpdir(), 'rr-package-template-'));
  try {
    cpSync(fixture, root, { recursive: true });
    mkdirSync(path.join(root, '.git'));
    edit?.(root);
    const loaded = loadChecklistProject(root);
    if (!loaded.ok) throw new Error(`the fixture's project file is refused: ${JSON.stringify(loaded.problems)}`);
    const session = await createChecklistSession({ checklistProject: loaded.value, wasm: checklistTestWasm, taskResults: testsPassed });
    await session.evaluator.verify();
    return new Map(session.evaluator.snapshot(new Map()).steps.flatMap((step) => step.items).map((item) => [item.id, { state: item.state, reason: item.reason }]));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('checklist on a package repository with a multi-field layout template (issue 16 fixture)', () => {
  it('describes the repository in its project file and verifies all 21 items', async () => {
    const states = await itemStates();
    assert.equal(states.size, 21);
    const notDone = [...states].filter(([, item]) => item.state !== 'passed').map(([id, item]) => `${id}: ${item.state}: ${item.reason}`);
    assert.deepEqual(notDone, []);
    assert.match(states.get('config.canonical-dir-grammar')?.reason ?? '', /PipelineConfig\.canonical_experiment_dir exists \(src\/lumen\/config\/pipeline\.py:\d+\) and builds dataset\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\] in grammar order/);
  });

  it('fails the grammar item when the folder is written as separate folders', async () => {
    const states = await itemStates((root) => {
      const file = path.join(root, 'src', 'lumen', 'config', 'pipeline.py');
      const text = readFileSync(file, 'utf8');
      const separate = text.replace(/ {8}folder = f"[^\n]*\n {8}if self\.aux is not None:\n {12}folder \+= f"_\{self\.aux\}"\n {8}return self\.experiment_root \/ self\.dataset \/ folder\n/, '        return self.experiment_root / self.dataset / self.model_type / self.scale / self.stage\n');
      assert.notEqual(separate, text);
      writeFileSync(file, separate);
    });
    assert.equal(states.get('config.canonical-dir-grammar')?.state, 'failed');
    assert.match(states.get('config.canonical-dir-grammar')?.reason ?? '', /never puts model_type, scale and stage together into one folder name/);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseProjectFileText } from '../../../src/core/config/projectFile';
import { buildMigrationPlan } from '../../../src/core/migration/migrationPlan';
import { migrationScriptText } from '../../../src/core/migration/migrationScript';
import { runCheck } from '../checklist/checklistTestSupport';

function settingsOf(projectFile: object) {
  const loaded = parseProjectFileText('/repo/refactor-runbook.json', JSON.stringify(projectFile));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.project.settings;
}

const mapped = { migration: { from: [{ pattern: 'osc_jobs/{dataset}/{model_arch}/{file}', values: { modality: 'graph', learning_type: 'supervised', model_size: 'small', distillation: 'no_distillation', training_mode: 'normal' } }] } };

describe('checklist check: migration-script judges the plan too', () => {
  const legacy = { 'osc_jobs/can_bus/gat/best.bin': 'weights', 'osc_jobs/can_bus/gat/train.log': 'log', 'osc_jobs/notes.txt': 'loose file' };

  function scriptFor(files: Record<string, string>, projectFile: object): string {
    const root = mkdtempSync(path.join(tmpdir(), 'rr-check-'));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    const plan = buildMigrationPlan(root, settingsOf(projectFile));
    rmSync(root, { recursive: true, force: true });
    return migrationScriptText(plan, { scriptPath: 'scripts/migrate_legacy_artifacts.sh', toolVersion: 'test', command: 'refactor-runbook migrate script', converterPath: 'scripts/convert_legacy_checkpoints.py' });
  }

  it('fails while an artifact is unmapped, naming it and why', async () => {
    const script = scriptFor(legacy, mapped);
    const { check } = await runCheck({ ...legacy, 'scripts/migrate_legacy_artifacts.sh': script }, { kind: 'migration-script' }, { settings: settingsOf(mapped) });
    assert.equal(check.state, 'failed', check.reason);
    assert.match(check.reason, /the migration plan has 1 unmapped artifact\(s\) and 0 conflict\(s\) \(osc_jobs\/notes.txt: no migration.from pattern matches/);
  });

  it('passes when every artifact is mapped or excluded with a reason', async () => {
    const excluded = { migration: { ...mapped.migration, exclude: [{ path: 'osc_jobs/notes.txt', reason: 'kept for the history of the project' }] } };
    const script = scriptFor(legacy, excluded);
    const { check } = await runCheck({ ...legacy, 'scripts/migrate_legacy_artifacts.sh': script }, { kind: 'migration-script' }, { settings: settingsOf(excluded) });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /scripts\/migrate_legacy_artifacts.sh moves or links artifacts from osc_jobs into experiment_runs .*; the migration plan maps every legacy artifact \(2 to move, 0 to convert, 1 excluded with a reason\)/);
  });

  it('still fails without a script, whatever the plan', async () => {
    const { check } = await runCheck(legacy, { kind: 'migration-script' }, { settings: settingsOf(mapped) });
    assert.equal(check.state, 'failed');
    assert.match(check.reason, /no script in/);
  });
});

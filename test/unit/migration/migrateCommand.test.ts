import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runMigrateCommand } from '../../../src/cli/migrateCommand';
import type { CliEnvironment } from '../../../src/cli/cliEnvironment';
import { tempRepository } from './migrationTestSupport';
import type { TempRepository } from './migrationTestSupport';

function environment(workingDirectory: string): { environment: CliEnvironment; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    environment: { workingDirectory, writeStdout: (text) => (out += text), writeStderr: (text) => (err += text), wasm: { runtime: '', python: '' } as unknown as CliEnvironment['wasm'], toolVersion: '9.9.9' },
    out: () => out,
    err: () => err,
  };
}

describe('refactor-runbook migrate', () => {
  let repository: TempRepository;
  const projectFile = {
    layout: { template: 'experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]' },
    migration: { from: ['osc_jobs/{dataset}/{model_type}_{scale}_{stage}[_{aux}]/{file}'], exclude: [{ path: 'osc_jobs/tmp', reason: 'scratch space of the cluster jobs' }] },
  };

  beforeEach(() => {
    repository = tempRepository(projectFile);
    repository.write('.gitignore', 'osc_jobs/\ndata/\n');
    repository.write('osc_jobs/hcrl/gat_large_curriculum/best.ckpt', 'a');
    repository.write('osc_jobs/hcrl/gat_small_base_kd/best.ckpt', 'bb');
    repository.write('osc_jobs/hcrl/gat_small_fine_tune_kd/best.ckpt', 'ccc');
    repository.write('osc_jobs/hcrl/data/big.csv', 'data');
    repository.write('osc_jobs/tmp/x.log', 'x');
  });
  afterEach(() => repository.cleanup());

  it('plan: text, json and markdown, exit 1 while files are unmapped', () => {
    const text = environment(repository.root);
    assert.equal(runMigrateCommand(['plan'], text.environment), 1, text.err());
    assert.match(text.out(), /2 to move \(3 B\), 0 needs conversion \(0 B\), 0 conflicts \(0 B\), 0 already in place \(0 B\), 1 excluded \(1 B\), 1 unmapped \(3 B\)/);
    assert.match(text.out(), /osc_jobs\/hcrl\/gat_small_base_kd\/best.ckpt -> experimentruns\/hcrl\/gat_small_base_kd\/best.ckpt/);
    assert.match(text.out(), /osc_jobs\/hcrl\/gat_small_fine_tune_kd\/best.ckpt \(3 B\): no migration.from pattern matches: 'gat_small_fine_tune_kd' has more '_'/);
    assert.match(text.out(), /osc_jobs\/hcrl\/data is ignored by .gitignore \(a data folder, not an artifact\)/);
    const json = environment(repository.root);
    runMigrateCommand(['plan', '--format', 'json'], json.environment);
    const plan = JSON.parse(json.out()) as { version: number; entries: { status: string; source: string; values?: Record<string, { from: string }> }[] };
    assert.equal(plan.version, 1);
    assert.deepEqual(plan.entries.map((entry) => entry.status).sort(), ['excluded', 'move', 'move', 'unmapped']);
    assert.equal(plan.entries.find((entry) => entry.source.includes('base_kd'))?.values?.aux?.from, 'path');
    const markdown = environment(repository.root);
    runMigrateCommand(['plan', 'osc_jobs/hcrl', '--format', 'markdown'], markdown.environment);
    assert.match(markdown.out(), /^# Migration plan `[0-9a-f]{16}`\n\nFrom `osc_jobs\/hcrl` into `experimentruns\/\{dataset\}\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]`/);
  });

  it('script writes the POSIX sh script (executable) and refuses while the plan has conflicts', () => {
    const written = environment(repository.root);
    assert.equal(runMigrateCommand(['script'], written.environment), 0, written.err());
    const script = path.join(repository.root, 'scripts/migrate_legacy_artifacts.sh');
    assert.match(written.out(), /wrote scripts\/migrate_legacy_artifacts.sh: 2 file\(s\) to move/);
    assert.match(readFileSync(script, 'utf8'), /^#!\/bin\/sh\n# Moves the legacy artifacts of plan [0-9a-f]{16} into experimentruns\//);
    assert.ok((statSync(script).mode & 0o100) !== 0, 'executable');
    repository.write('experimentruns/hcrl/gat_large_curriculum/best.ckpt', 'other');
    const refused = environment(repository.root);
    assert.equal(runMigrateCommand(['script', '--output', 'scripts/again.sh'], refused.environment), 2);
    assert.match(refused.err(), /the plan has 1 conflict\(s\); resolve them first[\s\S]*"osc_jobs\/hcrl\/gat_large_curriculum\/best.ckpt" -> "experimentruns\/hcrl\/gat_large_curriculum\/best.ckpt": the target exists with other content/);
    assert.equal(existsSync(path.join(repository.root, 'scripts/again.sh')), false);
  });

  it('reports usage and project-file errors with exit 2', () => {
    const usage = environment(repository.root);
    assert.equal(runMigrateCommand(['move'], usage.environment), 2);
    assert.match(usage.err(), /unknown migrate command "move"/);
    repository.write('refactor-runbook.json', JSON.stringify({ migration: { from: ['osc_jobs/{colour}/{file}'] } }));
    const bad = environment(repository.root);
    assert.equal(runMigrateCommand(['plan'], bad.environment), 2);
    assert.match(bad.err(), /migration.from\[0\]: \{colour\} is not a layout field/);
  });
});

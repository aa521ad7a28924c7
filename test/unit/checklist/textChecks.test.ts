import assert from 'node:assert/strict';
import { checkSchema } from '../../../src/core/runbook/checkSchema';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import { runCheck } from './checklistTestSupport';

describe('checklist check: file-contains', () => {
  const files = { 'train.py': 'import mlflow\n\nmlflow.log_param("model_path", str(path))\n', 'docs/a.md': 'nothing\n', 'docs/b.md': 'See experiment_runs/.\n' };

  it('passes on plain text and on a pattern, pointing at the match', async () => {
    const text = await runCheck(files, { kind: 'file-contains', file: 'train.py', text: 'log_param("model_path"' });
    assert.equal(text.check.state, 'passed', text.check.reason);
    assert.deepEqual(text.check.location, { path: 'train.py', line: 3, column: 8 });
    const pattern = await runCheck(files, { kind: 'file-contains', file: 'train.py', pattern: 'log_param\\(\\s*["\']model_path' });
    assert.equal(pattern.check.state, 'passed', pattern.check.reason);
  });

  it('passes when any file of a glob contains it', async () => {
    const { check } = await runCheck(files, { kind: 'file-contains', file: 'docs/*.md', text: 'experiment_runs' });
    assert.equal(check.state, 'passed', check.reason);
    assert.equal(check.location?.path, 'docs/b.md');
  });

  it('fails when the text is absent or the file is missing, saying which', async () => {
    const absent = await runCheck(files, { kind: 'file-contains', file: 'train.py', text: 'set_tracking_uri' });
    assert.equal(absent.check.state, 'failed');
    assert.equal(absent.check.reason, 'train.py does not contain "set_tracking_uri"');
    const missing = await runCheck(files, { kind: 'file-contains', file: 'setup.cfg', text: 'x' });
    assert.equal(missing.check.state, 'failed');
    assert.match(missing.check.reason, /setup\.cfg does not exist/);
  });

  it('matches in linear time whatever the pattern, and refuses what RE2 cannot run', async () => {
    // Nested and ambiguous quantifiers are fine on a linear-time engine: these took minutes with backtracking.
    for (const pattern of ['(a+)+$', '^(a|a)*$']) {
      assert.equal(checkSchema.safeParse({ kind: 'file-contains', file: 'a.py', pattern }).success, true, pattern);
      const started = performance.now();
      const result = await runCheck({ 'a.py': `${'a'.repeat(32)}!` }, { kind: 'file-contains', file: 'a.py', pattern });
      assert.equal(result.check.state, 'failed');
      assert.ok(performance.now() - started < 2000, `${pattern} took ${performance.now() - started} ms`);
    }
    const backreference = checkSchema.safeParse({ kind: 'file-contains', file: 'a.py', pattern: '(a)\\1' });
    assert.match(JSON.stringify(backreference.error?.issues), /valid RE2 regular expression.*backreferences/);
    const invalid = checkSchema.safeParse({ kind: 'file-contains', file: 'a.py', pattern: '(' });
    assert.match(JSON.stringify(invalid.error?.issues), /valid RE2 regular expression/);
    const both = checkSchema.safeParse({ kind: 'file-contains', file: 'a.py', pattern: 'a', text: 'a' });
    assert.deepEqual(both.error?.issues.map((issue) => issue.message), ['give exactly one of "text" and "pattern"']);
  });
});

describe('checklist check: documents-layout', () => {
  const readme = '# Layout\n\n```\nexperiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/{model_size}/{distillation}/{training_mode}/\n```\n\nFor example `experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/`.\n';

  it('passes with the grammar template and a canonical example', async () => {
    const { check } = await runCheck({ 'README.md': readme }, { kind: 'documents-layout', file: 'README.md' });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /README\.md shows the grammar \(line 4\) and a canonical example \(line 7\)/);
  });

  it('fails without the template, or with only a non-canonical example', async () => {
    const noTemplate = await runCheck({ 'JOB_TEMPLATES.md': 'Outputs go to osc_jobs/<job>/.\n' }, { kind: 'documents-layout', file: 'JOB_TEMPLATES.md' });
    assert.equal(noTemplate.check.state, 'failed');
    assert.match(noTemplate.check.reason, /does not show the path grammar experiment_runs\/\{modality\}/);
    const badExample = await runCheck({ 'README.md': readme.replace('automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/', 'hcrl_sa/best.pth') }, { kind: 'documents-layout', file: 'README.md' });
    assert.equal(badExample.check.state, 'failed');
    assert.match(badExample.check.reason, /shows the grammar but no example path that follows it/);
  });

  it("follows the project's layout", async () => {
    const settings = { ...defaultProjectSettings, layout: { ...defaultProjectSettings.layout, experimentRoot: 'runs', segments: ['dataset', 'model'] } };
    const { check } = await runCheck({ 'README.md': 'Grammar: runs/{dataset}/{model}/, e.g. runs/hcrl_sa/gat/.\n' }, { kind: 'documents-layout', file: 'README.md' }, { settings });
    assert.equal(check.state, 'passed', check.reason);
  });
});

describe('checklist check: migration-script', () => {
  it('passes for a shell script that moves or symlinks legacy artifacts into the experiment root', async () => {
    const script = '#!/bin/bash\n# Move old exports.\nset -euo pipefail\nmkdir -p experiment_runs/automotive\nln -s "$PWD/osc_jobs/gat/best_model.pth" experiment_runs/automotive/gat_teacher.pth\n';
    const { check } = await runCheck({ 'scripts/migrate.sh': script }, { kind: 'migration-script' });
    assert.equal(check.state, 'passed', check.reason);
    assert.deepEqual(check.location, { path: 'scripts/migrate.sh', line: 5, column: 1 });
  });

  it('passes for a Python script that calls shutil.move (read from the parse tree)', async () => {
    const script = 'import shutil\nfrom pathlib import Path\n\nLEGACY = Path("osc_jobs")\nTARGET = Path("experiment_runs")\n\nfor old in LEGACY.rglob("*.pth"):\n    shutil.move(str(old), TARGET / old.name)\n';
    const { check } = await runCheck({ 'tools/migrate_artifacts.py': script }, { kind: 'migration-script' });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /tools\/migrate_artifacts\.py moves or links artifacts from osc_jobs into experiment_runs \(line 8: shutil\.move\)/);
  });

  it('fails for scripts that only create folders, copy, or mention the move in a comment', async () => {
    const onlyFolders = 'mkdir -p osc_jobs/sweeps experiment_runs/x\ncp osc_jobs/a.pth experiment_runs/x/\n# mv osc_jobs/a experiment_runs/b\n';
    const { check } = await runCheck({ 'scripts/sweep.sh': onlyFolders }, { kind: 'migration-script' });
    assert.equal(check.state, 'failed');
    assert.match(check.reason, /no script in scripts\/\*\*.* moves .* or symlinks .* artifacts from osc_jobs into experiment_runs \(scripts\/sweep\.sh names both roots but neither moves nor links files\)/);
  });

  it('passes for a loop whose indented body symlinks each legacy folder, pointing at the command', async () => {
    const script = '#!/bin/bash\nset -euo pipefail\nfor d in osc_jobs/*/; do\n  ln -s "$PWD/$d" "experiment_runs/legacy/$(basename "$d")"\ndone\n';
    const { check } = await runCheck({ 'scripts/link_legacy.sh': script }, { kind: 'migration-script' });
    assert.equal(check.state, 'passed', check.reason);
    assert.deepEqual(check.location, { path: 'scripts/link_legacy.sh', line: 4, column: 3 });
  });

  it('fails for a loop that only echoes the links, and for links written into a here-document', async () => {
    const echoes = '#!/bin/bash\nfor d in osc_jobs/*/; do\n  echo ln -s "$PWD/$d" "experiment_runs/legacy/$(basename "$d")"\ndone\n';
    const printed = await runCheck({ 'scripts/link_legacy.sh': echoes }, { kind: 'migration-script' });
    assert.equal(printed.check.state, 'failed', printed.check.reason);
    assert.match(printed.check.reason, /scripts\/link_legacy\.sh names both roots but neither moves nor links files/);
    const written = '#!/bin/bash\ncat > later.sh <<-EOF\n\tfor d in osc_jobs/*/; do\n\t  ln -s "$d" experiment_runs/legacy/\n\tdone\n\tEOF\necho "run later.sh to migrate osc_jobs into experiment_runs"\n';
    const deferred = await runCheck({ 'scripts/link_legacy.sh': written }, { kind: 'migration-script' });
    assert.equal(deferred.check.state, 'failed', deferred.check.reason);
  });

  it('fails for a move that does not involve the legacy root', async () => {
    const { check } = await runCheck({ 'scripts/rename.sh': 'mv data/a.csv data/b.csv\n' }, { kind: 'migration-script' });
    assert.equal(check.state, 'failed');
  });
});

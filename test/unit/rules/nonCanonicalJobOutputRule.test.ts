import assert from 'node:assert/strict';
import { nonCanonicalJobOutputRule } from '../../../src/core/rules/nonCanonicalJobOutputRule';
import { check, rangeTuple, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR006 non-canonical-job-output', () => {
  it('flags SBATCH output, mkdir, cd and redirections under the legacy root in a Slurm script', async () => {
    const source = lines(
      '#!/bin/bash',
      '#SBATCH --job-name=gat_lr',
      '#SBATCH --output=osc_jobs/logs/%x_%j.out',
      '#SBATCH -e osc_jobs/logs/%x_%j.err',
      'OUT=osc_jobs/sweeps/gat_lr',
      'mkdir -p "$OUT" experiment_runs/automotive/hcrl_sa',
      'cd osc_jobs && python train.py',
      'printf "%s\\n" "$LR" \\',
      '    >> osc_jobs/sweeps/gat_lr/completed.tsv',
      '# mkdir -p osc_jobs/old   (a comment is not a command)',
    );
    const findings = await check(nonCanonicalJobOutputRule, source, { relativePath: 'scripts/sweep.sbatch' });
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[3, 18, 3, 41], 'osc_jobs/logs/%x_%j.out'],
        [[4, 12, 4, 35], 'osc_jobs/logs/%x_%j.err'],
        [[6, 10, 6, 16], '"$OUT"'],
        [[7, 4, 7, 12], 'osc_jobs'],
        [[9, 8, 9, 44], 'osc_jobs/sweeps/gat_lr/completed.tsv'],
      ],
    );
    assert.ok(findings.every((finding) => finding.severity === 'warning'));
    assertGoldenMessages('RR006 non-canonical-job-output / flags SBATCH output, mkdir, cd and redirections under the legacy root in a Slurm script', findings);
  });

  it('flags job output outside the experiment root, but not cd/mkdir elsewhere, bare names or unknown paths', async () => {
    const source = lines(
      '#SBATCH --output=logs/%x_%j.out',
      '#SBATCH --error=slurm-%j.err',
      '#SBATCH --output=$LOG_DIR/%j.out',
      '#SBATCH --output=/dev/null',
      '#SBATCH --chdir=/home/me/project',
      '#SBATCH --output=experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/slurm-%A_%a.out',
      'cd "$SLURM_SUBMIT_DIR"',
      'mkdir -p /scratch/$USER/tmp',
      'python train.py > train.log 2>&1',
      'mv osc_jobs/gat/best.pth experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/models/',
    );
    const findings = await check(nonCanonicalJobOutputRule, source, { relativePath: 'jobs/train.slurm' });
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['logs/%x_%j.out']);
    assertGoldenMessages('RR006 non-canonical-job-output / flags job output outside the experiment root, but not cd/mkdir elsewhere, bare names or unknown paths', findings);
  });

  it('flags SBATCH text generated in Python strings, following f-string fields, and leaves docstrings alone', async () => {
    const source = lines(
      '"""Jobs used to write #SBATCH --output=osc_jobs/logs/x.out (legacy)."""',
      'LOGS = "osc_jobs/logs"',
      'def render(job_name, log_dir):',
      '    return (',
      '        "#!/bin/bash\\n"',
      '        "#SBATCH --output=osc_jobs/logs/%x_%j.out\\n"',
      '        f"#SBATCH --error={LOGS}/%x_%j.err\\n"',
      '        f"#SBATCH --output={log_dir}/%x_%j.out\\n"',
      '        f"mkdir -p osc_jobs/{job_name}\\n"',
      '    )',
    );
    const findings = await check(nonCanonicalJobOutputRule, source, { relativePath: 'osc_job_manager.py' });
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[6, 27, 6, 50], 'osc_jobs/logs/%x_%j.out'],
        [[7, 27, 7, 43], '{LOGS}/%x_%j.err'],
        [[9, 20, 9, 39], 'osc_jobs/{job_name}'],
      ],
    );
    assertGoldenMessages('RR006 non-canonical-job-output / flags SBATCH text generated in Python strings, following f-string fields, and leaves docstrings alone', findings);
  });

  it('reports Markdown that still tells readers to use the legacy root, at information severity', async () => {
    const source = lines(
      '# Job templates',
      'Each job writes its script to `osc_jobs/<job_name>/job.sh`.',
      'The old `osc_jobs/` folder is legacy; do not write there.',
      '```bash',
      'ls -t osc_jobs/*/*.pth | head',
      'mv osc_jobs/gat/best.pth experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/models/',
      '```',
      'Runs live in `experiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/{model_size}/{distillation}/{training_mode}/`.',
    );
    const findings = await check(nonCanonicalJobOutputRule, source, { relativePath: 'JOB_TEMPLATES.md' });
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[2, 32, 2, 58], 'osc_jobs/<job_name>/job.sh'],
        [[5, 7, 5, 23], 'osc_jobs/*/*.pth'],
      ],
    );
    assert.ok(findings.every((finding) => finding.severity === 'information'));
    assertGoldenMessages('RR006 non-canonical-job-output / reports Markdown that still tells readers to use the legacy root, at information severity', findings);
  });
});

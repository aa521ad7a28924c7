import assert from 'node:assert/strict';
import { nonCanonicalPathRule } from '../../../src/core/rules/nonCanonicalPathRule';
import { check, rangeTuple, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR002 non-canonical-path', () => {
  it('finishes on a base assigned to a zero-width name from error recovery (it used to search for "" forever)', async () => {
    // `:jobs/root = ...` parses with a MISSING identifier as the assignment's target.
    const findings = await check(nonCanonicalPathRule, ':jobs/root = "experiment_runs"\nx = 1\n');
    assert.deepEqual(findings, []);
  });

  it('flags paths under the legacy root: literals, os.path.join and Path / ...', async () => {
    const source = lines(
      'import os',
      'from pathlib import Path',
      'PRESET = {"gat": "osc_jobs/can_ids/gat/best_model.pth"}',
      'DEFAULT_SEARCH_ROOT = "osc_jobs"',
      'out = os.path.join("osc_jobs", run_name, "model.pt")',
      'def job_dir(job_name):',
      '    return Path("osc_jobs") / job_name',
    );
    const findings = await check(nonCanonicalPathRule, source);
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[3, 18, 3, 55], '"osc_jobs/can_ids/gat/best_model.pth"'],
        [[4, 23, 4, 33], '"osc_jobs"'],
        [[5, 7, 5, 53], 'os.path.join("osc_jobs", run_name, "model.pt")'],
        [[7, 12, 7, 39], 'Path("osc_jobs") / job_name'],
      ],
    );
    assertGoldenMessages('RR002 non-canonical-path / flags paths under the legacy root: literals, os.path.join and Path / ...', findings);
  });

  it('flags experiment paths off the grammar, including a base variable extended off the grammar', async () => {
    const source = lines(
      'from pathlib import Path',
      'teacher = "experiment_runs/automotive/hcrl_sa/best_teacher.pth"',
      'root = "experiment_runs"',
      'wrong = Path(root) / cfg.dataset / "best.pth"',
      'bad = "experiment_runs/automotive/hcrl sa/supervised/gat/teacher/no_distillation/normal"',
    );
    const findings = await check(nonCanonicalPathRule, source);
    assert.deepEqual(
      findings.map((finding) => textAt(source, finding.range)),
      ['"experiment_runs/automotive/hcrl_sa/best_teacher.pth"', 'Path(root) / cfg.dataset / "best.pth"'],
      'a string with a space is a message, not a path',
    );
    assert.deepEqual(rangeTuple(findings[0].range), [2, 11, 2, 64]);
    assertGoldenMessages('RR002 non-canonical-path / flags experiment paths off the grammar, including a base variable extended off the grammar', findings);
  });

  it('flags an experiment root anchored to a source folder, but not one climbed to the repository root', async () => {
    const source = lines(
      'import os',
      'from pathlib import Path',
      'HERE = Path(__file__).parent / "experiment_runs"',
      'BASE = os.path.join(os.path.dirname(__file__), "experiment_runs")',
      'ROOT = Path(__file__).resolve().parents[2] / "experiment_runs"',
    );
    const findings = await check(nonCanonicalPathRule, source, { relativePath: 'src/training/paths.py' });
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[3, 8, 3, 49], 'Path(__file__).parent / "experiment_runs"'],
        [[4, 8, 4, 66], 'os.path.join(os.path.dirname(__file__), "experiment_runs")'],
      ],
    );
    assertGoldenMessages('RR002 non-canonical-path / flags an experiment root anchored to a source folder, but not one climbed to the repository root', findings);
    const atRoot = await check(nonCanonicalPathRule, source, { relativePath: 'train.py' });
    assert.deepEqual(
      atRoot.map((finding) => textAt(source, finding.range)),
      ['Path(__file__).resolve().parents[2] / "experiment_runs"'],
      'a file at the repository root may anchor to its own folder, but not climb above the repository',
    );
  });

  it('does not flag canonical paths, templates, bases, docstrings, messages, recognisers or job-script text', async () => {
    const source = lines(
      '"""Runs live in experiment_runs/{modality}/{dataset}/... and never in osc_jobs/."""',
      'from pathlib import Path',
      'experiment_root: Path = Path("experiment_runs")',
      'good = "experiment_runs/automotive/hcrl_ch/supervised/gat/teacher/no_distillation/normal/models/gat_teacher.pth"',
      'tmpl = f"experiment_runs/{cfg.modality}/{cfg.dataset}/{cfg.learning_type}/{cfg.model_arch}/x/y/z"',
      'run = Path("experiment_runs") / cfg.modality / cfg.dataset / cfg.learning_type / cfg.model_arch / cfg.model_size / cfg.distillation / cfg.training_mode',
      'if "osc_jobs" in str(path):',
      '    raise ValueError("osc_jobs/ is the legacy job folder; move runs to experiment_runs/")',
      'migrated = path.replace("osc_jobs", "experiment_runs")',
      'logger.info("old outputs stay in osc_jobs/%s", name)',
      'script = "#SBATCH --output=osc_jobs/logs/%x_%j.out\\n"',
      'mkdir = f"mkdir -p osc_jobs/{job_name}"',
      'ruff_exclude = ["experiment_runs", "osc_jobs_archive"]',
    );
    assert.deepEqual(await check(nonCanonicalPathRule, source), []);
  });

  it('follows the project layout (another experiment root and legacy root)', async () => {
    const source = lines('a = "runs/x/y.pth"', 'b = "scratch/jobs/model.pt"', 'c = "osc_jobs/model.pt"');
    const findings = await check(nonCanonicalPathRule, source, { layout: { experimentRoot: 'runs', legacyRoots: ['scratch/jobs'], segments: ['dataset', 'model'] } });
    assert.deepEqual(
      findings.map((finding) => textAt(source, finding.range)),
      ['"runs/x/y.pth"', '"scratch/jobs/model.pt"'],
    );
  });
});

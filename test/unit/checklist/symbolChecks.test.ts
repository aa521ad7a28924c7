import assert from 'node:assert/strict';
import { runCheck } from './checklistTestSupport';

const config = `from pathlib import Path
from dataclasses import dataclass


@dataclass
class DatasetConfig:
    name: str = "hcrl_sa"


@dataclass
class RunConfig:
    modality: str = "automotive"
    dataset: str = "hcrl_sa"
    learning_type: str = "supervised"
    model_arch: str = "gat"
    model_size: str = "teacher"
    distillation: str = "no_distillation"
    training_mode: str = "normal"
    experiment_root: Path = Path("experiment_runs")

    def canonical_experiment_dir(self) -> Path:
        return (
            Path(self.experiment_root) / self.modality / self.dataset / self.learning_type
            / self.model_arch / self.model_size / self.distillation / self.training_mode
        )

    def swapped_dir(self) -> Path:
        return Path(self.experiment_root) / self.dataset / self.modality / self.learning_type / self.model_arch / self.model_size / self.distillation / self.training_mode

    def short_dir(self) -> Path:
        return Path(self.experiment_root) / self.modality / self.dataset

    def fstring_dir(self) -> str:
        return f"{self.experiment_root}/{self.modality}/{self.dataset}/{self.learning_type}/{self.model_arch}/{self.model_size}/{self.distillation}/{self.training_mode}"

    def validate_config(self) -> None:
        if self.model_size not in ("teacher", "student"):
            raise ValueError(f"model_size={self.model_size!r} is not allowed; use teacher or student")
        self._check_artifacts()

    def _check_artifacts(self) -> None:
        raise FileNotFoundError("Train the teacher first, or set pretrained_paths.teacher")

    def bare_raise(self) -> None:
        raise ValueError
`;

describe('checklist check: symbol-exists', () => {
  const file = 'src/config/configs.py';

  it('passes when the class exists, and points at it', async () => {
    const { check } = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig' });
    assert.equal(check.state, 'passed', check.reason);
    assert.deepEqual(check.location, { path: file, line: 11, column: 1 });
  });

  it('is unknown when the subject is defined nowhere, and fails when the class lacks the member', async () => {
    const missingFile = await runCheck({ 'other.py': 'x = 1\n' }, { kind: 'symbol-exists', file, symbol: 'RunConfig' });
    assert.equal(missingFile.check.state, 'unknown');
    assert.match(missingFile.check.reason, /no definition of RunConfig anywhere in the workspace's 1 Python files; .*map it in refactor-runbook\.json \("symbols": \{"RunConfig": "YourName"\}\)/);

    const missingClass = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'TrainerConfig' });
    assert.equal(missingClass.check.state, 'unknown');
    assert.match(missingClass.check.reason, /no definition of TrainerConfig anywhere/);

    const missingMember = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.required_artifacts' });
    assert.equal(missingMember.check.state, 'failed');
    assert.match(missingMember.check.reason, /RunConfig has no member required_artifacts/);
    assert.equal(missingMember.check.location?.line, 11);
  });

  it('is not fooled by a name in a comment or a string', async () => {
    const { check } = await runCheck({ [file]: '# class RunConfig:\nTEXT = "def canonical_experiment_dir(self):"\n' }, { kind: 'symbol-exists', file, symbol: 'RunConfig' });
    assert.equal(check.state, 'unknown');
    assert.match(check.reason, /no definition of RunConfig anywhere/);
  });

  it('checks fields, including one per layout segment and experiment_root', async () => {
    const passing = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig', fieldsForSegments: true });
    assert.equal(passing.check.state, 'passed', passing.check.reason);
    const failing = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'DatasetConfig', fieldsForSegments: true });
    assert.equal(failing.check.state, 'failed');
    assert.match(failing.check.reason, /DatasetConfig does not define modality, dataset, .* and experiment_root/);
    const explicit = await runCheck({ [file]: 'class A:\n    def __init__(self):\n        self.alpha = 1\n' }, { kind: 'symbol-exists', file, symbol: 'A', fields: ['alpha'] });
    assert.equal(explicit.check.state, 'passed', 'self.<name> in __init__ counts as a field');
  });

  it('checks that a method builds the segments in the grammar order (Path / and f-strings)', async () => {
    const inOrder = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.canonical_experiment_dir', buildsSegments: true });
    assert.equal(inOrder.check.state, 'passed', inOrder.check.reason);
    assert.match(inOrder.check.reason, /builds modality\/dataset\/.*\/training_mode in grammar order/);

    const fString = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.fstring_dir', buildsSegments: true });
    assert.equal(fString.check.state, 'passed', fString.check.reason);

    const swapped = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.swapped_dir', buildsSegments: true });
    assert.equal(swapped.check.state, 'failed');
    assert.match(swapped.check.reason, /RunConfig\.swapped_dir uses dataset \(line 28\) only before modality \(line 28\); the grammar order is modality\/dataset\//);
    assert.equal(swapped.check.location?.line, 28);

    const short = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.short_dir', buildsSegments: true });
    assert.equal(short.check.state, 'failed');
    assert.match(short.check.reason, /does not use the segments learning_type, model_arch, model_size, distillation, training_mode/);
  });

  it('checks raised exceptions, through helper methods, and their messages', async () => {
    const raises = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.validate_config', raises: ['ValueError', 'FileNotFoundError'], raisesWithMessage: true });
    assert.equal(raises.check.state, 'passed', raises.check.reason);

    const missing = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.short_dir', raises: ['ValueError'] });
    assert.equal(missing.check.state, 'failed');
    assert.match(missing.check.reason, /RunConfig.short_dir does not raise ValueError/);

    const bare = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'RunConfig.bare_raise', raises: ['ValueError'], raisesWithMessage: true });
    assert.equal(bare.check.state, 'failed');
    assert.match(bare.check.reason, /raises ValueError without a message \(line 45\)/);
    assert.equal(bare.check.location?.line, 45);
  });

  it('checks calls (import aliases resolved, alternatives, helpers of the same class) and mentions', async () => {
    const trainer = `import torch as th
import logging

logger = logging.getLogger(__name__)


class Trainer:
    def save(self, model, path):
        self._write(model.state_dict(), path)
        logger.info("Saved state_dict to %s", path)

    def _write(self, state, path):
        th.save(state, path)
`;
    const passing = await runCheck({ 'train.py': trainer }, { kind: 'symbol-exists', file: 'train.py', symbol: 'Trainer.save', calls: ['torch.save', 'state_dict', ['print', 'logger.info']], mentions: ['Saved'] });
    assert.equal(passing.check.state, 'passed', passing.check.reason);

    const failing = await runCheck({ 'train.py': trainer }, { kind: 'symbol-exists', file: 'train.py', symbol: 'Trainer.save', calls: ['mlflow.log_param'] });
    assert.equal(failing.check.state, 'failed');
    assert.match(failing.check.reason, /Trainer.save does not call mlflow.log_param/);

    const notMentioned = await runCheck({ 'train.py': trainer }, { kind: 'symbol-exists', file: 'train.py', symbol: 'Trainer.save', mentions: ['mlruns'] });
    assert.equal(notMentioned.check.state, 'failed');
    assert.match(notMentioned.check.reason, /no string mentioning "mlruns"/);
  });

  it('matches wildcard symbols: passes when any match has the structure', async () => {
    const { check } = await runCheck({ [file]: config }, { kind: 'symbol-exists', file, symbol: 'Run*.*', raises: ['FileNotFoundError'] });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /RunConfig\.(validate_config|_check_artifacts)/);
  });

  it('is unknown, not failed, when the file cannot be read as text', async () => {
    const { check } = await runCheck({ [file]: '\u0000binary' }, { kind: 'symbol-exists', file, symbol: 'RunConfig' });
    assert.equal(check.state, 'unknown');
    assert.match(check.reason, /binary file/);
  });
});

describe('checklist check: symbol-absent', () => {
  const files = { 'src/config/a.py': 'class CANDatasetConfig:\n    name = "x"\n    experiment_root = "experiment_runs"\n', 'src/config/b.py': 'class RunConfig:\n    experiment_root = "experiment_runs"\n' };

  it('fails with the location of what is still defined', async () => {
    const { check } = await runCheck(files, { kind: 'symbol-absent', file: 'src/config/**/*.py', symbol: '*Dataset*Config.experiment_root' });
    assert.equal(check.state, 'failed');
    assert.match(check.reason, /CANDatasetConfig\.experiment_root is still defined \(src\/config\/a\.py:3\)/);
    assert.deepEqual(check.location, { path: 'src/config/a.py', line: 3, column: 5 });
  });

  it('passes when nothing matches any more', async () => {
    const { check } = await runCheck({ ...files, 'src/config/a.py': 'class CANDatasetConfig:\n    name = "x"\n' }, { kind: 'symbol-absent', file: 'src/config/**/*.py', symbol: '*Dataset*Config.experiment_root' });
    assert.equal(check.state, 'passed', check.reason);
  });

  it('is unknown when no file matches at all (nothing was checked)', async () => {
    const { check } = await runCheck({ 'other/x.py': 'pass\n' }, { kind: 'symbol-absent', file: 'src/config/**/*.py', symbol: 'A.b' });
    assert.equal(check.state, 'unknown');
    assert.match(check.reason, /no Python file matches src\/config\/\*\*\/\*\.py/);
  });
});

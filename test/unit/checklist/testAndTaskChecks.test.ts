import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import path from 'node:path';
import type { TaskResult, TaskResultSource } from '../../../src/core/checklist/taskResultSource';
import { runCheck, temporaryRepository } from './checklistTestSupport';

const testConfig = `from pathlib import Path

import pytest

from src.config.configs import RunConfig


def _fusion(root: Path) -> RunConfig:
    return RunConfig(experiment_root=root, training_mode="fusion")


def test_canonical_dir() -> None:
    assert RunConfig().canonical_experiment_dir() == Path("experiment_runs/a/b")


def test_missing_artifact(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        _fusion(tmp_path).validate_config()


class TestSaving:
    def test_round_trip(self, tmp_path):
        import torch
        torch.save({"w": 1}, tmp_path / "m.pth")
        assert isinstance(torch.load(tmp_path / "m.pth", weights_only=True), dict)
`;

const testFusion = `from ..src.training import fusion_training


def test_fails_early():
    with pytest.raises(FileNotFoundError):
        fusion_training.load_pretrained_detectors(None)
`;

describe('checklist check: test-exists', () => {
  it('passes when one test uses the names, naming the test', async () => {
    const { check } = await runCheck({ 'tests/test_config.py': testConfig }, { kind: 'test-exists', references: ['canonical_experiment_dir'] });
    assert.equal(check.state, 'passed', check.reason);
    assert.equal(check.reason, 'tests/test_config.py::test_canonical_dir uses canonical_experiment_dir');
    assert.deepEqual(check.location, { path: 'tests/test_config.py', line: 12, column: 1 });
  });

  it('needs the expected exception in the same test, reached through the helpers it calls', async () => {
    const passing = await runCheck({ 'tests/test_config.py': testConfig }, { kind: 'test-exists', references: ['validate_config', 'RunConfig'], expectsRaises: ['FileNotFoundError'] });
    assert.equal(passing.check.state, 'passed', passing.check.reason);
    assert.match(passing.check.reason, /test_missing_artifact/);
    const failing = await runCheck({ 'tests/test_config.py': testConfig }, { kind: 'test-exists', references: ['canonical_experiment_dir'], expectsRaises: ['ValueError'] });
    assert.equal(failing.check.state, 'failed');
    assert.equal(failing.check.reason, 'none of the 3 tests in tests/**/test_*.py or tests/**/*_test.py uses canonical_experiment_dir and expects ValueError to be raised; add one');
  });

  it('finds test methods in Test classes and resolves dotted names', async () => {
    const { check } = await runCheck({ 'tests/test_config.py': testConfig }, { kind: 'test-exists', references: ['torch.save', 'torch.load'] });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /TestSaving\.test_round_trip/);
  });

  it('requires the test file to import the module when asked (absolute and relative imports)', async () => {
    const missing = await runCheck({ 'tests/test_config.py': testConfig }, { kind: 'test-exists', importsFrom: 'src/training/fusion_training.py', expectsRaises: ['FileNotFoundError'] });
    assert.equal(missing.check.state, 'failed');
    assert.match(missing.check.reason, /^no test file imports src\/training\/fusion_training\.py \(checked 1 file/);
    const relative = await runCheck({ 'tests/test_config.py': testConfig, 'tests/test_fusion.py': testFusion }, { kind: 'test-exists', importsFrom: 'src/training/fusion_training.py', expectsRaises: ['FileNotFoundError'] });
    assert.equal(relative.check.state, 'passed', 'from ..src.training (in tests/) resolves to the root package src.training');
    assert.match(relative.check.reason, /tests\/test_fusion\.py::test_fails_early/);
    const unrelated = await runCheck({ 'tests/test_fusion.py': testFusion.replace('from ..src.training import fusion_training', 'from .helpers import fusion_training') }, { kind: 'test-exists', importsFrom: 'src/training/fusion_training.py' });
    assert.equal(unrelated.check.state, 'failed', 'tests.helpers is another module');
    const absolute = await runCheck(
      { 'tests/test_fusion.py': testFusion.replace('from ..src.training import fusion_training', 'import pytest\nfrom src.training import fusion_training') },
      { kind: 'test-exists', importsFrom: 'src/training/fusion_training.py', expectsRaises: ['FileNotFoundError'] },
    );
    assert.equal(absolute.check.state, 'passed', absolute.check.reason);
  });

  it('fails when there is no test file at all', async () => {
    const { check } = await runCheck({ 'src/a.py': 'x = 1\n' }, { kind: 'test-exists', references: ['x'] });
    assert.equal(check.state, 'failed');
    assert.match(check.reason, /no test file matches tests\/\*\*\/test_\*\.py or tests\/\*\*\/\*_test\.py/);
  });
});

function resultsOf(results: readonly TaskResult[]): TaskResultSource {
  return { latestResult: (taskId) => results.find((result) => result.taskId === taskId) };
}

describe('checklist check: task-passed', () => {
  const files = { 'tests/test_a.py': 'def test_a():\n    assert True\n', 'src/a.py': 'x = 1\n' };

  it('is unknown without task results (the CLI) and before the task has run', async () => {
    const noSource = await runCheck(files, { kind: 'task-passed', task: 'tests' });
    assert.equal(noSource.check.state, 'unknown');
    assert.match(noSource.check.reason, /task results are available only in VS Code/);
    const notRun = await runCheck(files, { kind: 'task-passed', task: 'tests' }, { taskResults: resultsOf([]) });
    assert.equal(notRun.check.state, 'unknown');
    assert.match(notRun.check.reason, /the "tests" verification task has not run in this workspace yet/);
  });

  it('passes after a successful run, and fails after a failed or terminated one', async () => {
    const root = temporaryRepository(files);
    const old = new Date(Date.now() - 60_000);
    for (const file of Object.keys(files)) utimesSync(path.join(root, file), old, old);
    const finishedAt = Date.now() - 1000;
    const passedRun = await runCheck(root, { kind: 'task-passed', task: 'tests' }, { taskResults: resultsOf([{ taskId: 'tests', outcome: 'passed', exitCode: 0, finishedAt, label: 'tests (pytest tests -q)' }]) });
    assert.equal(passedRun.check.state, 'passed', passedRun.check.reason);
    assert.match(passedRun.check.reason, /the tests \(pytest tests -q\) task passed/);
    const failedRun = await runCheck(root, { kind: 'task-passed', task: 'tests' }, { taskResults: resultsOf([{ taskId: 'tests', outcome: 'failed', exitCode: 1, finishedAt }]) });
    assert.equal(failedRun.check.state, 'failed');
    assert.match(failedRun.check.reason, /failed with exit code 1/);
    const cancelled = await runCheck(root, { kind: 'task-passed', task: 'tests' }, { taskResults: resultsOf([{ taskId: 'tests', outcome: 'cancelled', finishedAt }]) });
    assert.equal(cancelled.check.state, 'failed');
    assert.match(cancelled.check.reason, /stopped before it finished/);
  });

  it('is stale when a file it depends on changed after the run', async () => {
    const root = temporaryRepository(files);
    const finishedAt = Date.now() - 60_000;
    const { check } = await runCheck(root, { kind: 'task-passed', task: 'tests', files: ['src/**/*.py'] }, { taskResults: resultsOf([{ taskId: 'tests', outcome: 'passed', exitCode: 0, finishedAt }]) });
    assert.equal(check.state, 'stale');
    assert.match(check.reason, /^src\/a\.py changed after the "tests" task passed/);
    assert.equal(check.location?.path, 'src/a.py');
  });
});

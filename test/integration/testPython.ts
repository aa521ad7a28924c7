// The Python the integration suites run verification tasks with (Debian's, where CI installs pytest, flake8 and mypy),
// and task settings that keep every cache (pycache, pytest, mypy) out of the example workspace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';

export const testPython = process.env.REFACTOR_RUNBOOK_TEST_PYTHON || '/usr/bin/python3';

export function requireToolsForTestPython(): void {
  const probe = spawnSync(testPython, ['-c', 'import pytest, flake8, mypy'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    const why = probe.error !== undefined ? `cannot be started (${probe.error.message})` : `cannot import them: ${probe.stderr.trim().split('\n').pop() ?? ''}`;
    throw new Error(`The verification tests run real pytest, flake8 and mypy with ${testPython}, which ${why}. Install them with \`scripts/install-system-deps.sh\` (Debian packages python3-pytest, flake8, mypy), or set REFACTOR_RUNBOOK_TEST_PYTHON to a Python that has them.`);
  }
}

export function cacheFreeEnvironment(scratch: string): Record<string, string> {
  return {
    PYTHONPYCACHEPREFIX: path.join(scratch, 'pycache'),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTEST_ADDOPTS: '-p no:cacheprovider',
    MYPY_CACHE_DIR: path.join(scratch, 'mypy-cache'),
  };
}

const configuration = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('refactorRunbook');

/** Sets a `refactorRunbook.*` setting in the throw-away host profile (undefined removes it). */
export const setSetting = (key: string, value: unknown): Thenable<void> => configuration().update(key, value, vscode.ConfigurationTarget.Global);

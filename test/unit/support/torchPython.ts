// A Python with a CPU build of torch for the converter's end-to-end test: REFACTOR_RUNBOOK_TEST_TORCH_PYTHON, or a
// venv cached in .vscode-test/torch-venv (created on first use with `python3 -m venv` + `pip install torch`, from the
// machine's configured package store). When it cannot be had, the test fails saying why and how to fix it; it
// never skips.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '../../../..');
export const torchVenv = path.join(repositoryRoot, '.vscode-test', 'torch-venv');
const readyMarker = path.join(torchVenv, '.refactor-runbook-ready');

function importsTorch(python: string): string | undefined {
  const result = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return result.status === 0 ? undefined : `${python} cannot import torch: ${(result.stderr || result.error?.message || '').trim().split('\n').pop() ?? ''}`;
}

export function torchPython(): string {
  const configured = process.env.REFACTOR_RUNBOOK_TEST_TORCH_PYTHON;
  if (configured !== undefined && configured !== '') {
    const problem = importsTorch(configured);
    if (problem !== undefined) throw new Error(`REFACTOR_RUNBOOK_TEST_TORCH_PYTHON: ${problem}`);
    return configured;
  }
  const python = path.join(torchVenv, 'bin', 'python');
  if (existsSync(readyMarker) && importsTorch(python) === undefined) return python;
  const started = Date.now();
  console.log(`      setting up ${torchVenv} (python3 -m venv, pip install torch); cached for later runs`);
  try {
    rmSync(torchVenv, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', torchVenv], { stdio: ['ignore', 'inherit', 'inherit'] });
    execFileSync(path.join(torchVenv, 'bin', 'pip'), ['install', '--quiet', '--retries', '1', '--timeout', '15', 'torch'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`Cannot set up a Python with torch for the converter test: ${error instanceof Error ? error.message : String(error)}. Needs python3-venv (scripts/install-system-deps.sh) and a package store or index that has a CPU torch wheel; or point REFACTOR_RUNBOOK_TEST_TORCH_PYTHON at a python that imports torch.`);
  }
  const problem = importsTorch(python);
  if (problem !== undefined) throw new Error(`The new venv ${torchVenv} was set up but ${problem}`);
  writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
  console.log(`      torch venv ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return python;
}

// The team's own tools, for real: the packed tarball's `refactor-runbook check` in a clean folder, and the shipped
// .pre-commit-hooks.yaml run by the real `pre-commit` on a temporary git repository (no network: try-repo on this
// checkout, a `system` hook that finds the CLI on PATH).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repository = path.resolve(__dirname, '..', '..', '..');
const flagged = 'import torch\n\n\ndef load(path):\n    return torch.load(path)\n';

describe("the team's tools", function () {
  this.timeout(120000);
  let scratch = '';

  beforeEach(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rr-team-tools-'));
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('npm pack, then `npx refactor-runbook check` from the tarball in a clean folder', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: repository, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]?.files.map((file) => file.path) ?? [];
    for (const needed of ['dist/cli.js', 'dist/cliMain.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', '.pre-commit-hooks.yaml']) assert.ok(files.includes(needed), `${needed} is packed`);
    assert.ok(!files.some((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('examples/')), 'no sources, tests or examples');
    const project = path.join(scratch, 'project');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), '{ "name": "clean", "private": true }\n');
    writeFileSync(path.join(project, 'src', 'load.py'), flagged);
    // The CLI is bundled: the tarball has no dependencies to fetch.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(scratch, packed[0]?.filename ?? '')], { cwd: project, encoding: 'utf8' });
    const run = spawnSync('npx', ['--no-install', 'refactor-runbook', 'check', 'src'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 1, `exit 1 with findings; stderr: ${run.stderr}`);
    assert.match(run.stdout, /^src\/load\.py:5:12: RR004 /m);
  });

  it('pre-commit runs the shipped hook on a temporary git repository', () => {
    const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(preCommit.status, 0, 'pre-commit is installed (Debian package pre-commit; run scripts/install-system-deps.sh)');
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    const shim = path.join(bin, 'refactor-runbook');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${path.join(repository, 'dist', 'cli.js')}" "$@"\n`);
    chmodSync(shim, 0o755);
    const project = path.join(scratch, 'project');
    mkdirSync(path.join(project, 'src'), { recursive: true });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), GIT_CONFIG_GLOBAL: path.join(scratch, 'gitconfig'), GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: project, env, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(path.join(project, 'src', 'load.py'), flagged);
    writeFileSync(path.join(project, 'src', 'clean.py'), 'def add(a, b):\n    return a + b\n');
    git('add', '.');
    const failing = spawnSync('pre-commit', ['try-repo', repository, 'refactor-runbook', '--all-files'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(failing.status, 1, `the hook fails on a finding:\n${failing.stdout}\n${failing.stderr}`);
    assert.match(failing.stdout, /refactor-runbook check\.+Failed/);
    assert.match(failing.stdout, /src\/load\.py:5:12: RR004 /);
    writeFileSync(path.join(project, 'src', 'load.py'), 'import torch\n\n\ndef load(path):\n    return torch.load(path, weights_only=True)\n');
    git('add', '.');
    const passing = spawnSync('pre-commit', ['try-repo', repository, 'refactor-runbook', '--all-files'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(passing.status, 0, `the hook passes once fixed:\n${passing.stdout}\n${passing.stderr}`);
    assert.match(passing.stdout, /refactor-runbook check\.+Passed/);
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { analysisWorkerRole } from '../../src/cli/analysisWorkerPool';
import type { FileAnalysis } from '../../src/core/model/fileAnalysis';
import { defaultProjectSettings } from '../../src/core/config/projectSettings';
import { wasmLocationIn } from '../../src/core/python/pythonParser';
import packageJson from '../../package.json';
import { temporaryRepository } from './support/cliTestSupport';

// dist/cli.js is a loader that runs dist/cliMain.js with a V8 code cache (src/cli/cliLoader.ts). Built here the way
// scripts/build.mjs builds them, into a temporary folder: the cache must never change what the CLI does, and a cache
// that belongs to another bundle must be ignored.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('cli loader with its code cache', function () {
  this.timeout(60_000);
  let folder: string;
  let loader: string;
  let bundle: string;
  let cache: string;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'rr-loader-'));
    loader = path.join(folder, 'cli.js');
    bundle = path.join(folder, 'cliMain.js');
    cache = path.join(folder, 'cliMain.codecache');
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' } as const;
    await build({ ...common, entryPoints: [path.join(repoRoot, 'src/cli/cli.ts')], outfile: bundle, supported: { 'dynamic-import': false } });
    await build({ ...common, entryPoints: [path.join(repoRoot, 'src/cli/cliLoader.ts')], outfile: loader, banner: { js: '#!/usr/bin/env node' } });
    for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
      copyFileSync(require.resolve(wasm), path.join(folder, path.basename(wasm)));
    }
  });

  function run(script: string, cwd: string, args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  }

  it('writes the cache when the build asks, and with or without it checks exactly as the bundle run directly', () => {
    const root = temporaryRepository({ 'train.py': 'import torch\nstate = torch.load("osc_jobs/best.pt")\n', 'jobs/run.sbatch': '#SBATCH --output=osc_jobs/%j.out\n', 'clean.py': 'x = 1\n' });
    const direct = run(bundle, root, ['check', '--format', 'sarif']);
    assert.equal(direct.status, 1, direct.stderr);
    const writing = run(loader, root, ['check', '--format', 'sarif'], { REFACTOR_RUNBOOK_WRITE_CODE_CACHE: '1' });
    assert.ok(existsSync(cache), 'the cache was written');
    const cached = run(loader, root, ['check', '--format', 'sarif']);
    for (const result of [writing, cached]) {
      assert.equal(result.status, direct.status, result.stderr);
      assert.equal(result.stderr, direct.stderr);
      assert.equal(result.stdout, direct.stdout);
    }
  });

  it('ignores a cache made from another bundle, even one of the same length', () => {
    run(loader, tmpdir(), ['--version'], { REFACTOR_RUNBOOK_WRITE_CODE_CACHE: '1' });
    const original = readFileSync(bundle, 'utf8');
    const version = JSON.stringify(packageJson.version);
    const changed = JSON.stringify(packageJson.version.replace(/\d/g, '7'));
    assert.ok(original.includes(version) && changed.length === version.length);
    try {
      writeFileSync(bundle, original.split(version).join(changed));
      const result = run(loader, tmpdir(), ['--version']);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${JSON.parse(changed) as string}\n`);
    } finally {
      writeFileSync(bundle, original);
    }
  });

  it('ignores a cache made in another folder, so stack traces name the bundle where it is', () => {
    const root = temporaryRepository({ 'train.py': 'import torch\n' });
    run(loader, root, ['check'], { REFACTOR_RUNBOOK_WRITE_CODE_CACHE: '1' });
    const moved = mkdtempSync(path.join(tmpdir(), 'rr-loader-moved-'));
    for (const name of ['cli.js', 'cliMain.js', 'cliMain.codecache']) {
      copyFileSync(path.join(folder, name), path.join(moved, name));
    }
    // Without the wasm files the check fails with an internal error and a stack trace.
    const result = run(path.join(moved, 'cli.js'), root, ['check']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /internal error: Error: The tree-sitter runtime not found/);
    assert.ok(result.stderr.includes(`(${path.join(moved, 'cliMain.js')}:`), result.stderr);
    assert.ok(!result.stderr.includes(bundle), result.stderr);
  });

  it('runs without a cache, and with a damaged one', () => {
    const root = temporaryRepository({ 'train.py': 'import torch\nstate = torch.load("best.pt")\n' });
    const expected = run(bundle, root, ['check', '--format', 'json']);
    writeFileSync(cache, Buffer.concat([readFileSync(cache).subarray(0, 32), Buffer.from('not a V8 code cache')]));
    const damaged = run(loader, root, ['check', '--format', 'json']);
    writeFileSync(cache, '');
    const empty = run(loader, root, ['check', '--format', 'json']);
    for (const result of [damaged, empty]) {
      assert.equal(result.status, expected.status, result.stderr);
      assert.equal(result.stdout.replace(/"ms": \d+/, ''), expected.stdout.replace(/"ms": \d+/, ''));
    }
  });

  it('runs the analysis worker when a worker thread starts the loader', async () => {
    const root = temporaryRepository({ 'train.py': 'import torch\nstate = torch.load("best.pt")\n', 'clean.py': 'x = 1\n' });
    const worker = new Worker(loader, { workerData: { role: analysisWorkerRole, wasm: wasmLocationIn(folder), settings: defaultProjectSettings, baselineFingerprints: undefined } });
    try {
      const results = await new Promise<{ index: number; analysis: FileAnalysis }[]>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (message: { kind: string; results?: { index: number; analysis: FileAnalysis }[] }) => {
          if (message.kind === 'ready') {
            worker.postMessage({ kind: 'files', files: ['train.py', 'clean.py'].map((relativePath, index) => ({ absolutePath: path.join(root, relativePath), relativePath, index })) });
          } else {
            resolve(message.results ?? []);
          }
        });
      });
      assert.deepEqual(results.map(({ index, analysis }) => [index, analysis.relativePath, analysis.parsed, analysis.findings.map((finding) => finding.rule)]), [
        [0, 'train.py', true, ['RR004']],
        [1, 'clean.py', false, []],
      ]);
      worker.postMessage({ kind: 'stop' });
    } finally {
      await worker.terminate();
    }
  });
});

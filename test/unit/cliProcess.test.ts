import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { temporaryRepository } from './support/cliTestSupport';

// Bundles the CLI the way scripts/build.mjs does, but into a temporary folder, so this test needs no prior build and
// never disturbs a dist/ another process is using.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('cli as a child process', function () {
  this.timeout(60_000);
  let cli: string;

  before(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rr-dist-'));
    cli = path.join(folder, 'cli.js');
    await build({ entryPoints: [path.join(repoRoot, 'src/cli/cli.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', banner: { js: '#!/usr/bin/env node' } });
    for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
      copyFileSync(require.resolve(wasm), path.join(folder, path.basename(wasm)));
    }
  });

  function run(cwd: string, args: string[]) {
    return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  }

  it('loads the parser from its own folder and checks a repository (exit 0 clean, 1 with findings)', () => {
    const root = temporaryRepository({ 'train.py': 'import torch\nstate = torch.load("osc_jobs/best.pt")\n', 'clean.py': 'x = 1\n' });
    const clean = run(root, ['check', 'clean.py', '--format', 'json']);
    assert.equal(clean.status, 0, clean.stderr);
    const report = JSON.parse(clean.stdout) as { findings: unknown[]; stats: { files: number } };
    assert.deepEqual(report.findings, []);
    assert.equal(report.stats.files, 1);
    const all = run(root, ['check', '--format', 'json']);
    assert.equal(all.stderr, '');
    const allReport = JSON.parse(all.stdout) as { findings: { path: string; rule: string }[]; stats: { parsedFiles: number } };
    assert.equal(all.status, 1);
    assert.ok(allReport.findings.some((finding) => finding.path === 'train.py' && finding.rule === 'RR004'), all.stdout);
    assert.equal(allReport.stats.parsedFiles, 1, 'clean.py mentions no trigger word, so only train.py is parsed');
  });

  it('reports the same findings, in the same order, on worker threads (--jobs 2) as in-process', () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 30; index++) {
      files[`pkg${index % 3}/module_${index}.py`] = `import torch\nstate = torch.load("ckpt_${index}.pt")\n`;
      files[`jobs/run_${index}.sbatch`] = `#!/bin/bash\n#SBATCH --output=osc_jobs/logs/${index}_%j.out\n`;
    }
    const root = temporaryRepository(files);
    const inProcess = run(root, ['check', '--format', 'json', '--jobs', '1']);
    const parallel = run(root, ['check', '--format', 'json', '--jobs', '2']);
    assert.equal(parallel.stderr, '');
    assert.equal(parallel.status, inProcess.status);
    const findingsOf = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
    assert.ok(findingsOf(inProcess.stdout).length >= 30, inProcess.stdout);
    assert.deepEqual(findingsOf(parallel.stdout), findingsOf(inProcess.stdout));
  });

  it('exits 2 with the reason on a usage error', () => {
    const result = run(tmpdir(), ['check', '--format', 'yaml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format must be one of text, json, sarif; got "yaml"/);
  });
});

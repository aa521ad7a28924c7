import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('gives identical reports with and without the result cache, on 1, 2 and 3 threads, also under concurrent runs', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 40; index++) {
      files[`pkg${index % 4}/module_${index}.py`] = index % 5 === 0 ? `import torch\ndef broken(:\n    torch.load("ckpt_${index}.pt")\n` : `import torch\nstate = torch.load("osc_jobs/ckpt_${index}.pt")\nfiles = glob.glob("runs/*.pt")\n`;
      files[`jobs/run_${index}.sbatch`] = `#!/bin/bash\n#SBATCH --output=osc_jobs/logs/${index}_%j.out\n`;
      files[`docs/note_${index}.md`] = index % 2 === 0 ? 'Checkpoints are in osc_jobs.\n' : 'Nothing here.\n';
    }
    const root = temporaryRepository(files);
    const withoutTiming = (stdout: string) => {
      const report = JSON.parse(stdout) as { stats: Record<string, unknown> };
      delete report.stats.ms;
      return report;
    };
    const reference = run(root, ['check', '--format', 'json', '--jobs', '1', '--no-cache']);
    assert.equal(reference.stderr, '');
    assert.ok((JSON.parse(reference.stdout) as { findings: unknown[] }).findings.length >= 80, reference.stdout);
    // Two runs at once fill the same cache: both are right, and what they leave is a valid cache.
    const runAsync = (args: string[]) =>
      new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd: root });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', () => resolve({ stdout, stderr }));
      });
    const concurrent = await Promise.all([runAsync(['check', '--format', 'json', '--jobs', '2']), runAsync(['check', '--format', 'json', '--jobs', '3'])]);
    for (const result of concurrent) assert.deepEqual(withoutTiming(result.stdout), withoutTiming(reference.stdout));
    for (const jobs of ['1', '2', '3']) {
      for (const cacheOption of [[], ['--no-cache']]) {
        const result = run(root, ['check', '--format', 'json', '--verbose', '--jobs', jobs, ...cacheOption]);
        assert.deepEqual(withoutTiming(result.stdout), withoutTiming(reference.stdout), `--jobs ${jobs} ${cacheOption.join(' ')}`);
        assert.doesNotMatch(result.stderr, /ignored|could not write/);
        if (cacheOption.length === 0) assert.match(result.stderr, /result cache: 120 of 120 file results/);
      }
    }
    // Half the files changed: the cached half and the re-analysed half (on workers) still make the same report.
    for (let index = 0; index < 40; index += 2) writeFileSync(path.join(root, `pkg${index % 4}/module_${index}.py`), `import torch\nmodel = torch.load("moved_${index}.pt")\n`);
    const changedReference = run(root, ['check', '--format', 'json', '--jobs', '1', '--no-cache']);
    const changed = run(root, ['check', '--format', 'json', '--verbose', '--jobs', '2']);
    assert.match(changed.stderr, /result cache: 100 of 120 file results/);
    assert.deepEqual(withoutTiming(changed.stdout), withoutTiming(changedReference.stdout));
    assert.notDeepEqual(withoutTiming(changed.stdout), withoutTiming(reference.stdout));
  });

  it('exits 2 with the reason on a usage error', () => {
    const result = run(tmpdir(), ['check', '--format', 'yaml']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format must be one of text, json, sarif; got "yaml"/);
  });
});

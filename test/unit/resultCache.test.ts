import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectoryName } from '../../src/cli/resultCache';
import { runCliIn, temporaryRepository } from './support/cliTestSupport';

const repository = {
  'train.py': 'import torch\nmodel = torch.load("best.pt")\n',
  'eval.py': 'import torch\n# refactor-runbook: ignore[RR004] -- trusted file\nmodel = torch.load("trusted.pt")\n',
  'broken.py': 'import torch\ndef f(:\n    torch.load("x.pt")\n',
  'src/data.py': 'import pandas\n',
  'jobs/run.sbatch': '#!/bin/bash\n#SBATCH --output=osc_jobs/%j.out\n',
  'docs/JOBS.md': 'Logs are in osc_jobs.\n',
};

/** The JSON report without its timing, which is the only part allowed to differ between runs. */
function withoutTiming(stdout: string): unknown {
  const report = JSON.parse(stdout) as { stats: Record<string, unknown> };
  delete report.stats.ms;
  return report;
}

function resultsFiles(root: string): string[] {
  return readdirSync(path.join(root, cacheDirectoryName)).filter((name) => name.startsWith('results-'));
}

describe('result cache (.refactor-runbook-cache)', () => {
  it('gives the same report cold, warm and with --no-cache, and a warm run takes every result from the cache', async () => {
    const root = temporaryRepository(repository);
    const uncached = await runCliIn(root, ['check', '--format', 'json', '--no-cache']);
    assert.equal(existsSync(path.join(root, cacheDirectoryName)), false, '--no-cache writes no cache');
    const cold = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(cold.stderr, /result cache: 0 of 6 file results from \.refactor-runbook-cache\/results-[0-9a-f]{32}\.json, 6 analysed/);
    const warm = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(warm.stderr, /result cache: 6 of 6 file results from .*, 0 analysed/);
    assert.deepEqual(withoutTiming(cold.stdout), withoutTiming(uncached.stdout));
    assert.deepEqual(withoutTiming(warm.stdout), withoutTiming(uncached.stdout));
    assert.equal(warm.code, uncached.code);
    assert.equal(readFileSync(path.join(root, cacheDirectoryName, '.gitignore'), 'utf8').split('\n').includes('*'), true, 'the folder ignores itself in git');
  });

  it('re-analyses a changed file, and a change of settings uses results of its own', async () => {
    const root = temporaryRepository(repository);
    await runCliIn(root, ['check', '--format', 'json']);
    writeFileSync(path.join(root, 'src/data.py'), 'import torch\nx = torch.load("other.pt")\n');
    const changed = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(changed.stderr, /result cache: 5 of 6 file results from .*, 1 analysed/);
    assert.deepEqual(withoutTiming(changed.stdout), withoutTiming((await runCliIn(root, ['check', '--format', 'json', '--no-cache'])).stdout));
    assert.ok((JSON.parse(changed.stdout) as { findings: { path: string }[] }).findings.some((finding) => finding.path === 'src/data.py'));
    writeFileSync(path.join(root, 'refactor-runbook.json'), JSON.stringify({ rules: { RR004: 'off' } }));
    const reconfigured = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(reconfigured.stderr, /result cache: 0 of 6 file results/);
    assert.deepEqual((JSON.parse(reconfigured.stdout) as { findings: { rule: string }[] }).findings.map((finding) => finding.rule), ['RR006', 'RR006']);
    assert.equal(resultsFiles(root).length, 2);
  });

  it('detects a damaged results file, says so under --verbose, recomputes and rewrites it', async () => {
    const root = temporaryRepository(repository);
    const first = await runCliIn(root, ['check', '--format', 'json']);
    const [file] = resultsFiles(root);
    assert.ok(file !== undefined);
    const resultsPath = path.join(root, cacheDirectoryName, file);
    const text = readFileSync(resultsPath, 'utf8');
    // One finding's line changed: the file still parses, but no longer matches its checksum.
    writeFileSync(resultsPath, text.replace('"line":2', '"line":7'));
    const damaged = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(damaged.stderr, /result cache: ignored .*results-[0-9a-f]{32}\.json: its checksum does not match its content/);
    assert.match(damaged.stderr, /result cache: 0 of 6 file results/);
    assert.deepEqual(withoutTiming(damaged.stdout), withoutTiming(first.stdout));
    // Cut short, as by a full disk: also detected.
    writeFileSync(resultsPath, text.slice(0, Math.floor(text.length / 2)));
    const truncated = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(truncated.stderr, /checksum does not match/);
    assert.deepEqual(withoutTiming(truncated.stdout), withoutTiming(first.stdout));
    const repaired = await runCliIn(root, ['check', '--format', 'json', '--verbose']);
    assert.match(repaired.stderr, /result cache: 6 of 6 file results/);
    assert.doesNotMatch(repaired.stderr, /ignored/);
  });

  it('prunes results files of other settings beyond the three most recent, and abandoned temporary files', async () => {
    const root = temporaryRepository(repository);
    await runCliIn(root, ['check']);
    const directory = path.join(root, cacheDirectoryName);
    const old = Date.now() / 1000 - 3600;
    for (let index = 0; index < 5; index++) {
      const name = path.join(directory, `results-${String(index).repeat(32)}.json`);
      writeFileSync(name, 'stale');
      utimesSync(name, old + index, old + index);
    }
    const abandoned = path.join(directory, 'results-x.json.123.abcd.tmp');
    writeFileSync(abandoned, 'half');
    utimesSync(abandoned, old, old);
    writeFileSync(path.join(root, 'train.py'), 'import torch\nmodel = torch.load("changed.pt")\n');
    await runCliIn(root, ['check']);
    assert.deepEqual(resultsFiles(root).filter((name) => /^results-(\d)\1{31}\.json$/.test(name)).sort(), ['results-22222222222222222222222222222222.json', 'results-33333333333333333333333333333333.json', 'results-44444444444444444444444444444444.json']);
    assert.equal(existsSync(abandoned), false);
  });

  it('keeps results of files a check of a sub-folder did not visit', async () => {
    const root = temporaryRepository(repository);
    await runCliIn(root, ['check']);
    writeFileSync(path.join(root, 'src/data.py'), 'import numpy\n');
    await runCliIn(root, ['check', 'src']);
    const whole = await runCliIn(root, ['check', '--verbose']);
    assert.match(whole.stderr, /result cache: 6 of 6 file results/);
  });
});

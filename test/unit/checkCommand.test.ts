import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCliIn, temporaryRepository } from './support/cliTestSupport';

const repository = {
  'train.py': 'import torch\nmodel = torch.load("best.pt")\n',
  'src/data.py': 'import pandas\n',
  'jobs/run.sbatch': '#!/bin/bash\n#SBATCH --output=osc_jobs/%j.out\n',
  'docs/JOBS.md': 'Logs are in osc_jobs.\n',
};

describe('check command', () => {
  it('exits 1 with findings and prints path:line:col: RULE message lines and a summary', async () => {
    const root = temporaryRepository(repository);
    const run = await runCliIn(root, ['check']);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['docs/JOBS.md:1:13: RR006 osc_jobs is a legacy root.', 'jobs/run.sbatch:2:18: RR006 osc_jobs is a legacy root.', 'train.py:2:9: RR004 torch.load without weights_only=True. Add weights_only=True.']);
    assert.match(lines[3] ?? '', /^3 findings \(2 warning, 1 information\) in 3 files\. Checked 4 files \(0\.0 MB, 1 parsed\) in \d+ ms\.$/);
    assert.equal(run.stderr, '');
  });

  it('exits 0 when nothing is reported, and checks only the given paths', async () => {
    const root = temporaryRepository(repository);
    const run = await runCliIn(root, ['check', 'src']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^No findings\. Checked 1 file /);
  });

  it('prints paths relative to the working directory in JSON with the exact shape', async () => {
    const root = temporaryRepository(repository);
    const run = await runCliIn(path.join(root, 'jobs'), ['check', '..', '--format', 'json']);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as { version: number; findings: Record<string, unknown>[]; stats: Record<string, unknown> };
    assert.equal(report.version, 1);
    assert.deepEqual(report.findings[0], { path: '../docs/JOBS.md', line: 1, column: 13, endLine: 1, endColumn: 21, rule: 'RR006', name: 'non-canonical-job-output', severity: 'information', message: 'osc_jobs is a legacy root.' });
    assert.deepEqual(report.findings.map((finding) => Object.keys(finding)), Array(3).fill(['path', 'line', 'column', 'endLine', 'endColumn', 'rule', 'name', 'severity', 'message']));
    assert.deepEqual(Object.keys(report.stats).slice(0, 4), ['files', 'parsedFiles', 'bytes', 'ms']);
    assert.equal(report.stats.files, 4);
    assert.equal(report.stats.parsedFiles, 1);
    assert.equal(report.stats.bytes, Object.values(repository).reduce((sum, text) => sum + Buffer.byteLength(text), 0));
  });

  it('uses the project file: severities, off, and exits 2 listing each bad key when it is invalid', async () => {
    const root = temporaryRepository({ ...repository, 'refactor-runbook.json': JSON.stringify({ rules: { RR006: 'off', RR004: 'error' } }) });
    const run = await runCliIn(root, ['check', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { findings: { rule: string; severity: string }[] };
    assert.deepEqual(report.findings.map((finding) => [finding.rule, finding.severity]), [['RR004', 'error']]);
    writeFileSync(path.join(root, 'refactor-runbook.json'), '{\n  "rules": { "RR004": "loud" },\n  "extra": 1\n}\n');
    const invalid = await runCliIn(root, ['check']);
    assert.equal(invalid.code, 2);
    assert.equal(invalid.stdout, '');
    assert.match(invalid.stderr, /Invalid project file .*refactor-runbook\.json \(2 problems\)/);
    assert.match(invalid.stderr, /refactor-runbook\.json:2:14: rules\.RR004: Invalid option/);
    assert.match(invalid.stderr, /refactor-runbook\.json:3:3: extra: unknown key "extra"/);
  });

  it('exits 2 for usage errors, a missing --config file and missing paths', async () => {
    const root = temporaryRepository(repository);
    const usage = await runCliIn(root, ['check', '--format', 'xml']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be one of text, json, sarif/);
    assert.match(usage.stderr, /Usage: refactor-runbook/);
    const config = await runCliIn(root, ['check', '--config', 'nope.json']);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /--config nope\.json: .* does not exist/);
    const missing = await runCliIn(root, ['check', 'src', 'no_such_dir']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /path not found: no_such_dir/);
  });

  it('writes a baseline, then reports only new findings', async () => {
    const root = temporaryRepository(repository);
    const written = await runCliIn(root, ['check', '--write-baseline', 'rr-baseline.json']);
    assert.equal(written.code, 0);
    assert.match(written.stderr, /wrote 3 findings to the baseline rr-baseline\.json/);
    const baseline = JSON.parse(readFileSync(path.join(root, 'rr-baseline.json'), 'utf8')) as { version: number; findings: { path: string }[] };
    assert.equal(baseline.version, 1);
    assert.deepEqual(baseline.findings.map((entry) => entry.path), ['docs/JOBS.md', 'jobs/run.sbatch', 'train.py']);
    assert.equal((await runCliIn(root, ['check', '--baseline', 'rr-baseline.json'])).code, 0);
    writeFileSync(path.join(root, 'train.py'), `# shifted\n${repository['train.py']}other = torch.load("x.pt")\n`);
    const after = await runCliIn(root, ['check', '--baseline', 'rr-baseline.json', '--format', 'json']);
    assert.equal(after.code, 1);
    const report = JSON.parse(after.stdout) as { findings: { path: string; line: number }[]; stats: { baselined: number } };
    assert.deepEqual(report.findings.map((finding) => `${finding.path}:${finding.line}`), ['train.py:4']);
    assert.equal(report.stats.baselined, 3);
    writeFileSync(path.join(root, 'refactor-runbook.json'), JSON.stringify({ baseline: 'rr-baseline.json' }));
    assert.equal((await runCliIn(root, ['check', '--format', 'json'])).code, 1, 'the project file baseline applies by default');
    const broken = await runCliIn(root, ['check', '--baseline', 'train.py']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /Cannot use baseline .*train\.py: not valid JSON/);
  });

  it('lists skipped files with reasons in --verbose and JSON stats', async () => {
    const root = temporaryRepository({ ...repository, 'bin.py': 'a\u0000b', 'latin.py': '', '.venv/pyvenv.cfg': '' });
    writeFileSync(path.join(root, 'latin.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
    const run = await runCliIn(root, ['check', '--verbose', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { stats: { skipped: { path: string; reason: string }[] } };
    assert.deepEqual(report.stats.skipped.map((skip) => skip.path), ['bin.py', 'latin.py']);
    assert.match(run.stderr, /no project file \(refactor-runbook\.json\) found in the working directory or above, using defaults/);
    assert.match(run.stderr, /skipped bin\.py: contains a NUL byte/);
    assert.match(run.stderr, /skipped latin\.py: is not valid UTF-8/);
    assert.match(run.stderr, /not analysed \.venv: \.venv folders are never analysed/);
  });

  it('prints help and version', async () => {
    const root = temporaryRepository({});
    const help = await runCliIn(root, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes: 0 nothing reported, 1 findings reported, 2 usage or configuration error\./);
    assert.deepEqual(await runCliIn(root, ['--version']), { code: 0, stdout: '9.9.9-test\n', stderr: '' });
    const rules = await runCliIn(root, ['rules', '--format', 'json']);
    const listed = JSON.parse(rules.stdout) as { id: string; triggerWords: string[] }[];
    assert.deepEqual(listed.map((rule) => rule.id), ['RR004', 'RR006', 'RR000']);
    assert.deepEqual(listed[0]?.triggerWords, ['torch.load']);
  });
});

describe('check command repository root', () => {
  it('treats the folder holding .git as the root when there is no project file, so paths are root-relative', async () => {
    const root = temporaryRepository(repository);
    const written = await runCliIn(path.join(root, 'jobs'), ['check', '..', '--write-baseline', 'b.json']);
    assert.equal(written.code, 0);
    const baseline = JSON.parse(readFileSync(path.join(root, 'jobs', 'b.json'), 'utf8')) as { findings: { path: string }[] };
    assert.deepEqual(baseline.findings.map((entry) => entry.path), ['docs/JOBS.md', 'jobs/run.sbatch', 'train.py']);
  });
});

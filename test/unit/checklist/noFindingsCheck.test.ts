import assert from 'node:assert/strict';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import { fakeDiscoveryRule, fakeLegacyRootRule, runCheck } from './checklistTestSupport';

const clean = 'import os\n\ndef load(path):\n    if not os.path.isfile(path):\n        raise FileNotFoundError(path)\n    return path\n';
const discovery = 'import glob\n\ndef latest():\n    return sorted(glob.glob("osc_jobs/**/*.pth"))[-1]\n';

describe('checklist check: no-findings', () => {
  it('passes when the rules report nothing in the files', async () => {
    const { check } = await runCheck({ 'src/training/a.py': clean, 'src/training/b.py': clean }, { kind: 'no-findings', rules: ['RR001'], files: ['src/training/**'] });
    assert.equal(check.state, 'passed', check.reason);
    assert.match(check.reason, /no RR001 findings in 2 files \(src\/training\/\*\*\)/);
  });

  it('fails with the count and the first finding as the location', async () => {
    const { check } = await runCheck({ 'src/training/a.py': clean, 'src/training/b.py': discovery }, { kind: 'no-findings', rules: ['RR001', 'RR006'], files: ['src/training/**'] });
    assert.equal(check.state, 'failed');
    assert.match(check.reason, /^2 RR001 or RR006 findings in 1 file; first at src\/training\/b\.py:4: RR001 test finding: "glob\.glob\(" is used here$/);
    assert.deepEqual(check.location, { path: 'src/training/b.py', line: 4, column: 19 });
  });

  it('looks only at the given files and only at the given rules', async () => {
    const files = { 'src/training/a.py': clean, 'scripts/old.py': discovery, 'README.md': 'Logs go to osc_jobs/.\n' };
    const outside = await runCheck(files, { kind: 'no-findings', rules: ['RR001'], files: ['src/training/**'] });
    assert.equal(outside.check.state, 'passed', outside.check.reason);
    const markdown = await runCheck(files, { kind: 'no-findings', rules: ['RR006'], files: ['README.md'] });
    assert.equal(markdown.check.state, 'failed');
    assert.match(markdown.check.reason, /first at README\.md:1: RR006/);
  });

  it('honours suppression comments (they carry a reason)', async () => {
    const suppressed = 'import glob\n\ndef latest():\n    return glob.glob("data/*.csv")  # refactor-runbook: ignore[RR001] data files, not models\n';
    const { check } = await runCheck({ 'src/training/a.py': suppressed }, { kind: 'no-findings', rules: ['RR001'], files: ['src/training/**'] });
    assert.equal(check.state, 'passed', check.reason);
  });

  it('is unknown when a rule is not part of the analyzer, unless another rule already found something', async () => {
    const absent = await runCheck({ 'src/training/a.py': clean }, { kind: 'no-findings', rules: ['RR001', 'RR003'], files: ['src/training/**'] }, { rules: [fakeDiscoveryRule] });
    assert.equal(absent.check.state, 'unknown');
    assert.match(absent.check.reason, /rule RR003 is not part of this version of the analysis core.*; RR001 found nothing/);

    const found = await runCheck({ 'src/training/a.py': discovery }, { kind: 'no-findings', rules: ['RR001', 'RR003'], files: ['src/training/**'] }, { rules: [fakeDiscoveryRule] });
    assert.equal(found.check.state, 'failed', 'findings of the rules that run are a definite failure');
  });

  it('is unknown when the project turns a needed rule off', async () => {
    const settings = { ...defaultProjectSettings, ruleSeverities: { RR006: 'off' as const } };
    const { check } = await runCheck({ 'README.md': 'osc_jobs/\n' }, { kind: 'no-findings', rules: ['RR006'], files: ['README.md'] }, { rules: [fakeLegacyRootRule], settings });
    assert.equal(check.state, 'unknown');
    assert.match(check.reason, /RR006 \(non-canonical-job-output\) is turned off in refactor-runbook\.json/);
  });

  it('is unknown when no file matches (nothing was checked)', async () => {
    const { check } = await runCheck({ 'src/a.py': clean }, { kind: 'no-findings', rules: ['RR001'], files: ['src/training/**'] });
    assert.equal(check.state, 'unknown');
    assert.match(check.reason, /no Python, shell\/Slurm or Markdown file matches src\/training\/\*\*/);
  });

  it('accepts a plain folder as well as a glob', async () => {
    const { check } = await runCheck({ 'src/training/deep/b.py': discovery }, { kind: 'no-findings', rules: ['RR001'], files: ['src/training'] });
    assert.equal(check.state, 'failed');
    assert.equal(check.location?.path, 'src/training/deep/b.py');
  });
});

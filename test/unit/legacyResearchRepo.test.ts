import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allRules } from '../../src/core/rules/allRules';
import { runCliIn } from './support/cliTestSupport';

// The example workspace's findings, exactly. The example is a standalone repository, so it is checked from a copy
// with its own .git folder (inside this repository the root would otherwise be /work/main's .git folder).
// After an intended change to the rules or the example, regenerate with:
//   npm run compile-tests && UPDATE_EXPECTED_FINDINGS=1 npx mocha --config .mocharc.unit.json out/test/unit/legacyResearchRepo.test.js
// and review the diff of test/fixtures/legacy-research-repo.expected.json.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const example = path.join(repoRoot, 'examples', 'legacy-research-repo');
const expectedFile = path.join(repoRoot, 'test', 'fixtures', 'legacy-research-repo.expected.json');

interface JsonReport {
  findings: unknown[];
  stats: { skipped: unknown[]; ruleFailures: unknown[]; partiallyAnalysed: unknown[]; files: number };
}

describe('example workspace: legacy-research-repo', function () {
  this.timeout(60_000);

  it('reports exactly the expected findings', async () => {
    assert.ok(existsSync(example), `the example repository is missing at ${example}`);
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'rr-example-')), 'legacy-research-repo');
    cpSync(example, copy, { recursive: true, filter: (source) => !source.includes('__pycache__') });
    mkdirSync(path.join(copy, '.git'));
    const run = await runCliIn(copy, ['check', '--format', 'json'], allRules);
    assert.equal(run.stderr, '');
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.stats.ruleFailures, []);
    assert.deepEqual(report.stats.skipped, []);
    assert.deepEqual(report.stats.partiallyAnalysed, []);
    assert.equal(run.code, report.findings.length > 0 ? 1 : 0);
    if (process.env.UPDATE_EXPECTED_FINDINGS === '1') {
      writeFileSync(expectedFile, `${JSON.stringify(report.findings, null, 2)}\n`);
    }
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown[];
    assert.deepEqual(report.findings, expected);
  });
});

import assert from 'node:assert/strict';
import { runCliIn, temporaryRepository } from './support/cliTestSupport';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    }[];
  }[];
}

describe('output formats', () => {
  it('writes SARIF 2.1.0 that GitHub code scanning accepts', async () => {
    const root = temporaryRepository({ 'my scripts/train.py': 'import torch\nm = torch.load("a.pt")\n', 'README.md': 'see osc_jobs\n' });
    const run = await runCliIn(root, ['check', '--format', 'sarif']);
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const [sarifRun] = sarif.runs;
    assert.ok(sarifRun);
    assert.equal(sarifRun.tool.driver.name, 'refactor-runbook');
    assert.equal(sarifRun.tool.driver.version, '9.9.9-test');
    assert.deepEqual(sarifRun.tool.driver.rules.map((rule) => [rule.id, rule.name, rule.defaultConfiguration.level]), [
      ['RR004', 'unsafe-torch-load', 'warning'],
      ['RR006', 'non-canonical-job-output', 'warning'],
      ['RR000', 'invalid-suppression', 'warning'],
    ]);
    assert.ok(sarifRun.tool.driver.rules.every((rule) => rule.help.text.length > 0 && rule.fullDescription.text.length > 0));
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.match(sarifRun.originalUriBaseIds['%SRCROOT%']?.uri ?? '', /^file:\/\/\/.*\/$/);
    assert.deepEqual(
      sarifRun.results.map((result) => [result.ruleId, result.ruleIndex, result.level, result.locations[0]?.physicalLocation.artifactLocation.uri, result.locations[0]?.physicalLocation.region]),
      [
        ['RR006', 1, 'note', 'README.md', { startLine: 1, startColumn: 5, endLine: 1, endColumn: 13 }],
        ['RR004', 0, 'warning', 'my%20scripts/train.py', { startLine: 2, startColumn: 5, endLine: 2, endColumn: 23 }],
      ],
    );
    assert.ok(sarifRun.results.every((result) => result.locations[0]?.physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%' && /^[0-9a-f]{32}$/.test(result.partialFingerprints['refactorRunbook/v1'] ?? '')));
    assert.equal(sarifRun.results[1]?.message.text, 'torch.load without weights_only=True. Add weights_only=True.');
  });

  it('writes an empty but valid report when nothing is found', async () => {
    const root = temporaryRepository({ 'a.py': 'x = 1\n' });
    const sarif = JSON.parse((await runCliIn(root, ['check', '--format', 'sarif'])).stdout) as SarifLog;
    assert.deepEqual(sarif.runs[0]?.results, []);
    const json = JSON.parse((await runCliIn(root, ['check', '--format', 'json'])).stdout) as { findings: unknown[]; stats: { files: number } };
    assert.deepEqual(json.findings, []);
    assert.equal(json.stats.files, 1);
  });
});

import assert from 'node:assert/strict';
import { BaselineError, BaselineFilter, createBaselineFile, parseBaseline, serializeBaseline } from '../../src/core/analysis/baseline';
import type { FingerprintedFinding } from '../../src/core/model/finding';
import { createAnalyzer } from '../../src/core/analysis/analyzer';
import { defaultProjectSettings } from '../../src/core/config/projectSettings';
import { analyzerFor } from './support/ruleHarness';
import { fakeTorchLoadRule } from './support/fakeRules';
import { testWasmLocation } from './support/testWasm';

const original = ['import torch', '', 'a = torch.load("a.pt")', 'b = torch.load("a.pt")', 'a = torch.load("a.pt")', ''].join('\n');

async function fingerprints(source: string, relativePath = 'src/train.py'): Promise<FingerprintedFinding[]> {
  const analyzer = await analyzerFor([fakeTorchLoadRule]);
  return [...analyzer.analyzeText(relativePath, source).findings];
}

describe('baseline', () => {
  it('gives identical lines distinct fingerprints by occurrence', async () => {
    const findings = await fingerprints(original);
    assert.equal(findings.length, 3);
    assert.equal(new Set(findings.map((finding) => finding.fingerprint)).size, 3);
    assert.match(findings[0]?.fingerprint ?? '', /^[0-9a-f]{32}$/);
  });

  it('keeps fingerprints stable when unrelated lines are inserted, removed or re-indented', async () => {
    const before = (await fingerprints(original)).map((finding) => finding.fingerprint);
    const shifted = ['"""Docstring added later."""', 'import os', ...original.split('\n')].join('\n').replace('b = torch.load', '    b  =  torch.load').replace('\n\n', '\n');
    const after = await fingerprints(shifted.replace('    b  =  torch.load("a.pt")', 'b = torch.load("a.pt")'));
    assert.deepEqual(after.map((finding) => finding.fingerprint), before);
    assert.notDeepEqual(after.map((finding) => finding.range.line), (await fingerprints(original)).map((finding) => finding.range.line));
  });

  it('changes the fingerprint when the flagged line or the file changes', async () => {
    const [first] = await fingerprints(original);
    const [edited] = await fingerprints(original.replace('a = torch.load("a.pt")', 'a = torch.load("other.pt")'));
    const [moved] = await fingerprints(original, 'src/other.py');
    assert.notEqual(edited?.fingerprint, first?.fingerprint);
    assert.notEqual(moved?.fingerprint, first?.fingerprint);
  });

  it('filters accepted findings and reports only new ones', async () => {
    const accepted = await fingerprints(original);
    const baseline = createBaselineFile(accepted.map((finding) => ({ fingerprint: finding.fingerprint, rule: finding.rule, path: 'src/train.py', line: finding.range.line, message: finding.message })));
    const reread = parseBaseline('baseline.json', serializeBaseline(baseline));
    assert.equal(reread.findings.length, 3);
    const analyzer = await createAnalyzer({ wasm: testWasmLocation, settings: defaultProjectSettings, rules: [fakeTorchLoadRule], baseline: BaselineFilter.forFile(reread) });
    const result = analyzer.analyzeText('src/train.py', `${original}c = torch.load("new.pt")\n`);
    assert.deepEqual(result.findings.map((finding) => finding.range.line), [6]);
    assert.equal(result.baselinedCount, 3);
  });

  it('rejects a malformed baseline with what is wrong and how to regenerate it', () => {
    assert.throws(() => parseBaseline('b.json', '{"version": 2, "findings": []}'), (error: unknown) => error instanceof BaselineError && /expected \{"version": 1/.test(error.message) && /--write-baseline b\.json/.test(error.message));
    assert.throws(() => parseBaseline('b.json', '{"version": 1, "findings": [{"fingerprint": 1}]}'), /findings\[0\] needs string fingerprint/);
    assert.throws(() => parseBaseline('b.json', 'nope'), /not valid JSON/);
  });
});

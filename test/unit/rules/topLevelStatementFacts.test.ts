// RR003 and RR004 skip module-level statements with nothing to report using facts keyed by the statement's text and
// carried from one parse of an open document to the next. The same text must give the same answer wherever it sits:
// after the imports change, after a copy of a statement becomes a fallback, while the file has syntax errors, and
// when a statement moves into or out of a class or function. After every edit the document must report exactly what
// a fresh analysis of the same text reports.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FileAnalysis } from '../../../src/core/analysis/fileAnalysis';
import { allRules } from '../../../src/core/rules/allRules';
import { silentFallbackRule } from '../../../src/core/rules/silentFallbackRule';
import { unsafeTorchLoadRule } from '../../../src/core/rules/unsafeTorchLoadRule';
import { analyzerFor } from '../support/ruleHarness';

function visible(analysis: FileAnalysis): unknown {
  return { findings: analysis.findings.map(({ rule, range, message, fix }) => ({ rule, range, message, fix })), failures: analysis.ruleFailures, skipped: analysis.skipped };
}

const stage = (index: number): string =>
  [
    `def load_stage_${index}(cfg, path):`,
    `    if not os.path.isfile(path):`,
    `        raise FileNotFoundError(path)`,
    `    state = torch.load(path, map_location="cpu", weights_only=True)`,
    `    return state`,
    '',
  ].join('\n');

const copy = ['def load_ckpt(ckpt_path):', '    if not exists(ckpt_path):', '        raise FileNotFoundError(ckpt_path)', '    return load(ckpt_path, weights_only=True)', ''].join('\n');

const base = ['import os', 'import torch', '', stage(0), stage(1), copy, stage(2), copy, 'x = ckpt_path if exists(ckpt_path) else "best.pth"', ''].join('\n');

const pieces = [
  'x',
  ' ',
  '\n',
  '(',
  ')',
  ':',
  '    ',
  'class Holder:\n',
  'def outer():\n',
  'pass',
  'from torch import load\n',
  'from os.path import exists\n',
  'import torch as th\n',
  'raise ',
  'print(ckpt_path)\n',
  'weights_only=False',
  '"""',
  copy,
  stage(7),
];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 20 }), insert: fc.constantFrom(...pieces) });

describe('module-level statement facts (RR003, RR004)', () => {
  for (const rules of [[silentFallbackRule], [unsafeTorchLoadRule], allRules]) {
    it(`after every edit, ${rules.length === 1 ? rules[0]?.id : 'all rules'} report what a fresh analysis reports`, async function () {
      this.timeout(120_000);
      const analyzer = await analyzerFor(rules);
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 15 }), (changes) => {
          let text = base;
          const document = analyzer.openPythonDocument('module.py', text);
          try {
            document.update(text);
            for (const change of changes) {
              const start = Math.min(text.length, Math.floor(change.at * text.length));
              text = text.slice(0, start) + change.insert + text.slice(Math.min(text.length, start + change.remove));
              assert.deepEqual(visible(document.update(text)), visible(analyzer.analyzeText('module.py', text)));
            }
            assert.deepEqual(visible(document.update(base)), visible(analyzer.analyzeText('module.py', base)));
          } finally {
            document.dispose();
          }
        }),
        { numRuns: 80, seed: 20_261_128 },
      );
    });
  }

  it('re-reads an unchanged statement when the imports make its calls mean something else', async () => {
    const analyzer = await analyzerFor([silentFallbackRule, unsafeTorchLoadRule]);
    const fallback = ['def pick(ckpt_path):', '    if not exists(ckpt_path):', '        warn_user("no checkpoint")', '    return fetch(ckpt_path)', ''].join('\n');
    const plain = `from os.path import exists\n\n${fallback}`;
    const aliased = `from os.path import exists\nfrom logging import warning as warn_user\nfrom torch import load as fetch\n\n${fallback}`;
    const document = analyzer.openPythonDocument('module.py', plain);
    try {
      for (const text of [plain, aliased, plain, aliased]) {
        const incremental = visible(document.update(text));
        assert.deepEqual(incremental, visible(analyzer.analyzeText('module.py', text)));
      }
    } finally {
      document.dispose();
    }
    assert.equal(analyzer.analyzeText('module.py', plain).findings.length, 0);
    assert.ok(analyzer.analyzeText('module.py', aliased).findings.length > 0);
  });
});

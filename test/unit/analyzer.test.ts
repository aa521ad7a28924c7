import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultProjectSettings } from '../../src/core/config/projectSettings';
import { languageOfPath } from '../../src/core/model/fileLanguage';
import { PythonParser } from '../../src/core/python/pythonParser';
import { analyzerFor, findingsFor } from './support/ruleHarness';
import { fakeLegacyRootRule, fakeRules, fakeTorchLoadRule, outOfRangeRule, throwingRule } from './support/fakeRules';

const torchSource = 'import torch\n\nstate = torch.load("best.pt")\nother = torch.load(p, weights_only=True)\n';

describe('analysis pipeline', () => {
  it('picks the language from the extension', () => {
    assert.equal(languageOfPath('src/train.py'), 'python');
    assert.equal(languageOfPath('jobs/run.SBATCH'), 'shell');
    assert.equal(languageOfPath('jobs/run.slurm'), 'shell');
    assert.equal(languageOfPath('scripts/x.sh'), 'shell');
    assert.equal(languageOfPath('README.md'), 'markdown');
    assert.equal(languageOfPath('notes.txt'), undefined);
    assert.equal(languageOfPath('.hidden/py'), undefined);
  });

  it('runs a Python rule and fills in rule id, name and default severity', async () => {
    const findings = await findingsFor(fakeTorchLoadRule, 'src/train.py', torchSource);
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.name, finding.severity, finding.range]),
      [
        ['RR004', 'unsafe-torch-load', 'warning', { line: 3, column: 9, endLine: 3, endColumn: 30 }],
        ['RR004', 'unsafe-torch-load', 'warning', { line: 4, column: 9, endLine: 4, endColumn: 41 }],
      ],
    );
  });

  it('applies project severities and turns rules off', async () => {
    const errors = await findingsFor(fakeTorchLoadRule, 'src/train.py', torchSource, { ...defaultProjectSettings, ruleSeverities: { RR004: 'error' } });
    assert.deepEqual(errors.map((finding) => finding.severity), ['error', 'error']);
    const analyzer = await analyzerFor([fakeTorchLoadRule], { ...defaultProjectSettings, ruleSeverities: { RR004: 'off' } });
    const result = analyzer.analyzeText('src/train.py', torchSource);
    assert.deepEqual(result.findings, []);
    assert.equal(result.parsed, false, 'a file no active rule is triggered on is not parsed');
  });

  it('uses a per-language default severity unless the project sets one', async () => {
    const markdown = await findingsFor(fakeLegacyRootRule, 'docs/JOBS.md', 'Logs go to osc_jobs/logs.\n');
    assert.deepEqual(markdown.map((finding) => [finding.severity, finding.range.column]), [['information', 12]]);
    const shell = await findingsFor(fakeLegacyRootRule, 'jobs/run.sbatch', '#SBATCH --output=osc_jobs/%j.out\n');
    assert.deepEqual(shell.map((finding) => finding.severity), ['warning']);
    const configured = await findingsFor(fakeLegacyRootRule, 'docs/JOBS.md', 'osc_jobs\n', { ...defaultProjectSettings, ruleSeverities: { RR006: 'hint' } });
    assert.deepEqual(configured.map((finding) => finding.severity), ['hint']);
  });

  it('prefilters on trigger words (including layout-dependent ones) before parsing', async () => {
    const analyzer = await analyzerFor(fakeRules);
    assert.equal(analyzer.analyzeText('src/data.py', 'import pandas\nframe = pandas.read_csv("x.csv")\n').parsed, false);
    assert.equal(analyzer.analyzeText('src/train.py', torchSource).parsed, true);
    const custom = await analyzerFor(fakeRules, { ...defaultProjectSettings, layout: { ...defaultProjectSettings.layout, legacyRoots: ['old_runs'] } });
    const findings = custom.analyzeText('jobs/run.sh', 'mkdir -p old_runs/x osc_jobs\n').findings;
    assert.deepEqual(findings.map((finding) => finding.message), ['old_runs is a legacy root.']);
  });

  it('sorts findings by position then rule', async () => {
    const findings = await findingsFor(fakeRules, 'osc_job_manager.py', 'x = torch.load("osc_jobs/a.pt")\ny = "osc_jobs"\n');
    assert.deepEqual(
      findings.map((finding) => `${finding.range.line}:${finding.range.column} ${finding.rule}`),
      ['1:5 RR004', '1:17 RR006', '2:6 RR006'],
    );
  });

  it('records a rule that throws, or reports a range outside the file, and keeps the other rules', async () => {
    const analyzer = await analyzerFor([throwingRule, outOfRangeRule, fakeTorchLoadRule]);
    const result = analyzer.analyzeText('src/train.py', torchSource);
    assert.deepEqual(result.findings.map((finding) => finding.rule), ['RR004', 'RR004']);
    assert.deepEqual(result.ruleFailures.map((failure) => failure.rule), ['RR001', 'RR002']);
    assert.equal(result.ruleFailures[0]?.message, 'Error: boom');
    assert.match(result.ruleFailures[1]?.message ?? '', /reported an invalid range \(lines 10-10 are outside 1-5\); the finding was dropped/);
  });

  it('analyses files with syntax errors partially', async () => {
    const analyzer = await analyzerFor([fakeTorchLoadRule]);
    const result = analyzer.analyzeText('src/broken.py', 'def broken(:\n    pass\n\nx = torch.load("a.pt")\n');
    assert.equal(result.hasSyntaxErrors, true);
    assert.deepEqual(result.findings.map((finding) => finding.range.line), [4]);
  });

  it('skips binary, non-UTF-8, oversized and unreadable files with a reason', async () => {
    const analyzer = await analyzerFor(fakeRules, { ...defaultProjectSettings, maxFileSizeBytes: 100 });
    const binary = analyzer.analyzeBytes('model.py', Buffer.from([0x74, 0x6f, 0x00, 0x72]));
    assert.equal(binary.skipped?.kind, 'binary');
    assert.match(binary.skipped?.detail ?? '', /NUL byte at offset 2/);
    const latin1 = analyzer.analyzeBytes('train.py', Buffer.from('x = "caf\xe9" # torch.load\n', 'latin1'));
    assert.equal(latin1.skipped?.kind, 'not-utf8');
    const large = analyzer.analyzeBytes('big.py', Buffer.alloc(101, 0x61));
    assert.equal(large.skipped?.kind, 'too-large');
    assert.match(large.skipped?.detail ?? '', /exceeds maxFileSizeBytes \(100\)/);
    const folder = mkdtempSync(path.join(tmpdir(), 'rr-analyze-'));
    const missing = analyzer.analyzeFile(path.join(folder, 'gone.py'), 'gone.py');
    assert.equal(missing.skipped?.kind, 'unreadable');
    assert.match(missing.skipped?.detail ?? '', /ENOENT/);
    writeFileSync(path.join(folder, 'big.py'), 'x'.repeat(200));
    assert.equal(analyzer.analyzeFile(path.join(folder, 'big.py'), 'big.py').skipped?.kind, 'too-large');
    assert.equal(analyzer.analyzeText('notes.txt', 'osc_jobs').skipped?.kind, 'unsupported-file-type');
  });

  it('decodes UTF-8 (with a BOM) and reports UTF-16 columns after non-ASCII text', async () => {
    const analyzer = await analyzerFor([fakeTorchLoadRule]);
    const result = analyzer.analyzeBytes('src/train.py', Buffer.from('\ufeffs = "é😀"; x = torch.load("a.pt")\n', 'utf8'));
    assert.deepEqual(result.findings.map((finding) => finding.range), [{ line: 1, column: 16, endLine: 1, endColumn: 34 }]);
  });

  it('re-analyses an open document incrementally from the editor\'s changes', async () => {
    const analyzer = await analyzerFor([fakeTorchLoadRule]);
    const document = analyzer.openPythonDocument('src/train.py');
    // A counting spy on the parser (restored below); it calls the original with its own `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const reparse = PythonParser.prototype.reparse;
    let reparses = 0;
    PythonParser.prototype.reparse = function (this: PythonParser, ...args: Parameters<PythonParser['reparse']>) {
      reparses++;
      return reparse.apply(this, args);
    };
    try {
      assert.equal(document.update(torchSource).findings.length, 2);
      const removed = 'state = torch.load("best.pt")\n';
      const edited = torchSource.replace(removed, '');
      const after = document.update(edited, [{ offset: torchSource.indexOf(removed), length: removed.length, text: '' }]);
      assert.equal(reparses, 1);
      assert.deepEqual(after.findings.map((finding) => finding.range.line), [3]);
      assert.deepEqual(document.update(`# comment\n${edited}`, [{ offset: 0, length: 0, text: '# comment\n' }]).findings.map((finding) => finding.range.line), [4]);
      assert.equal(reparses, 2);
      // Without the change list the text is parsed afresh, with the same result as a one-shot analysis.
      const appended = `${edited}again = torch.load(q)\n`;
      assert.deepEqual(document.update(appended).findings, analyzer.analyzeText('src/train.py', appended).findings);
      assert.equal(reparses, 2);
    } finally {
      PythonParser.prototype.reparse = reparse;
      document.dispose();
    }
  });

  it("counts an open document's UTF-8 size, surrogate pairs included", async () => {
    const analyzer = await analyzerFor([fakeTorchLoadRule]);
    const pieces = fc.constantFrom('a', 'é', '😀', '\ud83d', '\ude00', '\n', 'torch.load(p)\n');
    const text = fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat(3), text), { minLength: 1, maxLength: 5 }), (initial, edits) => {
        const document = analyzer.openPythonDocument('src/sizes.py');
        try {
          let current = initial;
          assert.equal(document.update(current).bytes, Buffer.byteLength(current));
          for (const [at, removed, inserted] of edits) {
            const start = at % (current.length + 1);
            current = current.slice(0, start) + inserted + current.slice(Math.min(current.length, start + removed));
            assert.equal(document.update(current).bytes, Buffer.byteLength(current), JSON.stringify(current));
          }
        } finally {
          document.dispose();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('trigger words', () => {
  it('finds any of the words in bytes, including at the edges and in UTF-8 text', async () => {
    const { TriggerWordMatcher } = await import('../../src/core/analysis/triggerWordMatcher');
    const matcher = new TriggerWordMatcher(['torch', 'tolerance', '.pth"', 'x', 'café']);
    const cases: [string, boolean][] = [
      ['import torch', true],
      ['torch', true],
      ['tolerant toad', false],
      ['path = "best.pth"', true],
      ['path = "best.pth', false],
      ['ünïcödé x', true],
      ['un café', true],
      ['', false],
    ];
    for (const [text, expected] of cases) {
      assert.equal(matcher.matchesAny(Buffer.from(text, 'utf8')), expected, text);
    }
    assert.equal(new TriggerWordMatcher(['torch']).matchesAny(Buffer.from('tt torc')), false);
  });

  it('tells in one pass which rules a text triggers', async () => {
    const { TriggerWordGroups } = await import('../../src/core/analysis/triggerWordGroups');
    const groups = new TriggerWordGroups([['torch', 'ckpt'], ['osc_jobs'], [], ['é_model', 'x']]);
    assert.equal(groups.matchedGroups(''), 0b0100);
    assert.equal(groups.matchedGroups('import torch'), 0b0101);
    assert.equal(groups.matchedGroups('p = "osc_jobs/a.ckpt"'), 0b0111);
    assert.equal(groups.matchedGroups('s = "é_model"'), 0b1100);
    assert.equal(groups.matchedGroups('tor ch osc_job'), 0b0100);
    assert.equal(groups.matchedGroups('ckpt'), 0b0101);
    assert.throws(() => new TriggerWordGroups(Array.from({ length: 32 }, () => ['a'])), /at most 31/);
  });
});

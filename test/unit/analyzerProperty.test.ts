import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import type { Analyzer } from '../../src/core/analysis/analyzer';
import type { FileAnalysis } from '../../src/core/model/fileAnalysis';
import { SourceText } from '../../src/core/text/sourceText';
import { analyzerFor } from './support/ruleHarness';
import { allRules } from '../../src/core/rules/allRules';

// Random bytes and randomly mutated real Python files through the real rules: the analyzer never throws, stays
// within a per-file time bound, and every reported range lies inside the file. The bound catches hangs and blow-ups
// (a quadratic pass over 10,000 findings took minutes), not speed: that is measured by `npm run bench`, on a machine
// that may be busy with other work while the tests run.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const perFileBoundMs = 10_000;

function pythonFilesUnder(folder: string, limit: number): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= limit) {
        return;
      }
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !['__pycache__', 'site-packages', 'test', 'tests'].includes(entry.name)) {
        visit(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        found.push(full);
      }
    }
  };
  visit(folder);
  return found;
}

function seedCorpus(): string[] {
  const example = pythonFilesUnder(path.join(repoRoot, 'examples', 'legacy-research-repo'), 50);
  const stdlibResult = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  const stdlib = stdlibResult.status === 0 ? pythonFilesUnder(path.join(stdlibResult.stdout.trim(), 'json'), 10).concat(pythonFilesUnder(path.join(stdlibResult.stdout.trim(), 'importlib'), 10)) : [];
  return [...example, ...stdlib].map((file) => readFileSync(file, 'utf8')).filter((text) => text.length < 200_000);
}

function assertSound(result: FileAnalysis, bytes: Uint8Array | string, elapsedMs: number): void {
  assert.ok(elapsedMs < perFileBoundMs, `analysis took ${elapsedMs.toFixed(0)} ms (bound ${perFileBoundMs} ms)`);
  assert.deepEqual(result.ruleFailures, [], 'no rule may throw or report a range outside the file');
  if (result.findings.length === 0) {
    return;
  }
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '');
  const source = new SourceText(text);
  for (const finding of result.findings) {
    assert.equal(source.rangeProblem(finding.range), undefined, `${finding.rule} range ${JSON.stringify(finding.range)} is outside the file`);
    for (const edit of finding.fix?.edits ?? []) {
      assert.equal(source.rangeProblem(edit.range), undefined, `${finding.rule} fix range is outside the file`);
    }
  }
}

type Mutation = { kind: 'delete' | 'insert' | 'duplicate'; at: number; length: number; text: string };

function mutate(text: string, mutations: readonly Mutation[]): string {
  let current = text;
  for (const mutation of mutations) {
    const at = current.length === 0 ? 0 : mutation.at % current.length;
    if (mutation.kind === 'delete') {
      current = current.slice(0, at) + current.slice(at + mutation.length);
    } else if (mutation.kind === 'insert') {
      current = current.slice(0, at) + mutation.text + current.slice(at);
    } else {
      current = current.slice(0, at) + current.slice(at, at + mutation.length * 8) + current.slice(at);
    }
  }
  return current;
}

describe('analyzer properties (fast-check)', function () {
  this.timeout(300_000);
  let analyzer: Analyzer;
  let corpus: string[];
  const tried = { randomBytes: 0, mutatedPython: 0, pathological: 0 };

  before(async () => {
    analyzer = await analyzerFor(allRules);
    corpus = seedCorpus();
  });

  after(() => {
    console.log(`      property inputs tried: ${tried.randomBytes} random byte strings, ${tried.mutatedPython} mutated Python files (from ${corpus.length} real files), ${tried.pathological} pathological files`);
  });

  it('never throws on random bytes under every supported extension', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('x.py', 'run.sh', 'job.sbatch', 'README.md'), (bytes, name) => {
        tried.randomBytes++;
        const started = performance.now();
        const result = analyzer.analyzeBytes(name, bytes);
        assertSound(result, bytes, performance.now() - started);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on randomly mutated real Python files, and reports ranges inside them', () => {
    assert.ok(corpus.length >= 5, `expected real Python files to mutate, found ${corpus.length}`);
    const mutation = fc.record({ kind: fc.constantFrom<'delete' | 'insert' | 'duplicate'>('delete', 'insert', 'duplicate'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), text: fc.constantFrom('(', ')', '"', "'''", ':', '\n    ', '\t', 'torch.load(', 'glob.glob("osc_jobs/*.pth")', '😀', 'é', '\r\n', '# refactor-runbook: ignore[RR001', '\\', 'f"{', 'experiment_runs/') });
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (index, mutations) => {
        tried.mutatedPython++;
        const text = mutate(corpus[index] ?? '', mutations);
        const started = performance.now();
        const result = analyzer.analyzeText('src/training/mutated.py', text);
        assertSound(result, text, performance.now() - started);
      }),
      { numRuns: 400 },
    );
  });

  it('handles deeply nested and very long constructs within the bound', () => {
    const cases = [
      'x = ' + '('.repeat(5_000) + '1' + ')'.repeat(5_000) + '\n',
      'x = ' + '['.repeat(20_000) + '\n',
      'def f():\n' + Array.from({ length: 200 }, (_, depth) => `${'    '.repeat(depth + 1)}if torch.load("a.pt"):\n`).join('') + `${'    '.repeat(201)}pass\n`,
      `s = "${'a'.repeat(500_000)}"\n`,
      'import torch\n' + 'torch.load("osc_jobs/x.pth")\n'.repeat(5_000),
      'p = "osc_jobs/' + '{x}/'.repeat(5_000) + '"\n',
    ];
    for (const text of cases) {
      tried.pathological++;
      const started = performance.now();
      const result = analyzer.analyzeText('src/pathological.py', text);
      assertSound(result, text, performance.now() - started);
    }
  });
});

// An open document is re-analysed incrementally: the tree is re-parsed around the edit, facts derived from unchanged
// subtrees are carried over from the previous parse, and trigger words are re-checked around the edit only. None of
// that may change a finding: after every edit of a random sequence the document's findings must equal those of a
// fresh analysis of the same text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { TriggerWordGroups } from '../../../src/core/analysis/triggerWordGroups';
import { diffTexts } from '../../../src/core/python/pythonParser';
import { allRules } from '../../../src/core/rules/allRules';
import { applyEdit, exampleRepo, pythonFiles, visible } from '../support/editSequences';
import { analyzerFor } from '../support/ruleHarness';

const pieces = ['x', ' ', '\n', '(', ')', '"', "'''", '#', ':', 'torch', 'weights_only=False', 'True', 'import torch as th\n', 'osc_jobs/', 'raise ', 'pass', '\n    ', 'if not os.path.exists(p):\n        p = "best.pth"\n'];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...pieces) });

describe('incremental document analysis', () => {
  it('reports after every edit exactly what a fresh analysis of the same text reports', async function () {
    this.timeout(120_000);
    const analyzer = await analyzerFor(allRules);
    const files = pythonFiles(exampleRepo);
    assert.ok(files.length > 3);
    let edits = 0;
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 12 }), (file, changes) => {
        const relativePath = path.relative(exampleRepo, file).split(path.sep).join('/');
        let text = readFileSync(file, 'utf8');
        const document = analyzer.openPythonDocument(relativePath, text);
        try {
          document.update(text);
          for (const change of changes) {
            text = applyEdit(text, change);
            edits++;
            assert.deepEqual(visible(document.update(text)), visible(analyzer.analyzeText(relativePath, text)));
          }
          // Undoing everything at once (one large change) must also agree.
          const original = readFileSync(file, 'utf8');
          assert.deepEqual(visible(document.update(original)), visible(analyzer.analyzeText(relativePath, original)));
        } finally {
          document.dispose();
        }
      }),
      { numRuns: 60, seed: 20_240_611 },
    );
    assert.ok(edits > 60);
  });

  it('finds trigger words around an edit exactly as a full scan does', () => {
    const groups = new TriggerWordGroups([['torch', 'ckpt'], ['osc_jobs'], [], ['é_model', 'x'], ['--output=', 'SBATCH']]);
    const alphabet = fc.constantFrom('torch', 'ckpt', 'osc_', 'jobs', 'é_model', 'x', '--output', '=', 'SBATCH', 'a', ' ', '\n', 'é');
    const text = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 8 }), text), { maxLength: 8 }), (initial, changes) => {
        let current = initial;
        let sightings = groups.sightings(current);
        assert.equal(sightings.mask, groups.matchedGroups(current));
        for (const [at, remove, insert] of changes) {
          const start = Math.floor(at * current.length);
          const next = current.slice(0, start) + insert + current.slice(Math.min(current.length, start + remove));
          sightings = groups.sightingsAfterChange(sightings, next, diffTexts(current, next));
          current = next;
          assert.equal(sightings.mask, groups.matchedGroups(current), JSON.stringify(current));
        }
      }),
      { numRuns: 2_000, seed: 7 },
    );
  });
});

// An open document is re-parsed incrementally from the editor's change list; the rules then run on the whole tree.
// Neither may change a finding: after every step of a random edit sequence (one change or several per step, as
// multi-cursor edits give) the document's findings must equal those of a fresh analysis of the same text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { ContentChange } from '../../../src/core/python/contentChanges';
import { allRules } from '../../../src/core/rules/allRules';
import { applyChanges, contentChangeOf, exampleRepo, pythonFiles, visible } from '../support/editSequences';
import { analyzerFor } from '../support/ruleHarness';

const pieces = ['x', ' ', '\n', '(', ')', '"', "'''", '#', ':', 'torch', 'weights_only=False', 'True', 'import torch as th\n', 'osc_jobs/', 'raise ', 'pass', '\n    ', 'if not os.path.exists(p):\n        p = "best.pth"\n'];

const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...pieces) });
/** One editor event: one to three changes, each applied to the text the previous one left. */
const step = fc.array(edit, { minLength: 1, maxLength: 3 });

describe('incremental document analysis', () => {
  it('reports after every edit exactly what a fresh analysis of the same text reports', async function () {
    this.timeout(120_000);
    const analyzer = await analyzerFor(allRules);
    const files = pythonFiles(exampleRepo);
    assert.ok(files.length > 3);
    let incrementalSteps = 0;
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(step, { minLength: 1, maxLength: 12 }), (file, steps) => {
        const relativePath = path.relative(exampleRepo, file).split(path.sep).join('/');
        const original = readFileSync(file, 'utf8');
        let text = original;
        const document = analyzer.openPythonDocument(relativePath);
        try {
          document.update(text);
          for (const edits of steps) {
            const changes: ContentChange[] = [];
            let next = text;
            for (const random of edits) {
              const change = contentChangeOf(next, random);
              changes.push(change);
              next = applyChanges(next, [change]);
            }
            text = next;
            incrementalSteps++;
            assert.deepEqual(visible(document.update(text, changes)), visible(analyzer.analyzeText(relativePath, text)));
          }
          // A change list that does not lead to the text (a missed event) must not matter either.
          const stale: ContentChange[] = [{ offset: 0, length: 0, text: 'unrelated' }];
          assert.deepEqual(visible(document.update(original, stale)), visible(analyzer.analyzeText(relativePath, original)));
        } finally {
          document.dispose();
        }
      }),
      { numRuns: 60 },
    );
    assert.ok(incrementalSteps >= 60, `only ${incrementalSteps} incremental steps ran`);
  });
});

// The reviewer-agreement benchmark (issue 16): materialises every case of test/fixtures/checklist-matrix/cases.mjs
// (the base workspace or the example, plus the case's overlay files and deletions) in a temporary repository,
// evaluates the checklist, and compares each labelled item with the label. Prints agreement, false passes (the
// checklist passed what the label says is not done) and false fails (it failed what is done), with the reasons.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function runMatrix(core, root, wasm, { verbose = false, only } = {}) {
  const { cases: allCases } = await import(path.join(root, 'test', 'fixtures', 'checklist-matrix', 'cases.mjs'));
  const cases = only === undefined ? allCases : allCases.filter((fixture) => fixture.id.includes(only));
  const sources = {
    base: path.join(root, 'test', 'fixtures', 'checklist-matrix', 'base'),
    // A package layout with a multi-field template and its own names (issue 16's target repository).
    package: path.join(root, 'test', 'fixtures', 'checklist-matrix', 'package-template'),
    example: path.join(root, 'examples', 'legacy-research-repo'),
  };
  // Tests ran after every change: the task-passed checks then judge only the code.
  const taskResults = { latestResult: (taskId) => ({ taskId, outcome: 'passed', exitCode: 0, finishedAt: Date.now() + 3600_000, label: 'benchmark' }) };
  let labels = 0;
  let agreed = 0;
  const falsePasses = [];
  const falseFails = [];
  const otherMisses = [];
  const perItem = new Map();
  for (const fixture of cases) {
    const target = mkdtempSync(path.join(tmpdir(), 'rr-matrix-'));
    try {
      cpSync(sources[fixture.base ?? 'base'], target, { recursive: true });
      mkdirSync(path.join(target, '.git'), { recursive: true });
      for (const relative of fixture.delete ?? []) rmSync(path.join(target, relative), { recursive: true, force: true });
      // `edits`: [find, replace] pairs applied to a copied file, so a stage states only what the refactor changed.
      for (const [relative, pairs] of Object.entries(fixture.edits ?? {})) {
        let text = readFileSync(path.join(target, relative), 'utf8');
        for (const [find, replacement] of pairs) {
          if (!text.includes(find)) throw new Error(`${fixture.id}: ${relative} does not contain ${JSON.stringify(find.slice(0, 60))}`);
          text = text.replace(find, replacement);
        }
        writeFileSync(path.join(target, relative), text);
      }
      // `replaceFunction`: [first, last, text] replaces the top-level functions from `first` through `last`.
      for (const [relative, [first, last, replacement]] of Object.entries(fixture.replaceFunction ?? {})) {
        const text = readFileSync(path.join(target, relative), 'utf8');
        const start = text.indexOf(`def ${first}(`);
        const lastStart = text.indexOf(`def ${last}(`);
        const end = text.slice(lastStart).search(/\n(?=\S)(?!\))/);
        if (start === -1 || lastStart === -1 || end === -1) throw new Error(`${fixture.id}: cannot find ${first}…${last} in ${relative}`);
        writeFileSync(path.join(target, relative), text.slice(0, start) + replacement + text.slice(lastStart + end + 1));
      }
      for (const [relative, text] of Object.entries(fixture.files ?? {})) {
        mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
        writeFileSync(path.join(target, relative), text);
      }
      const loaded = core.loadChecklistProject(target);
      if (!loaded.ok) throw new Error(`${fixture.id}: project file problems: ${JSON.stringify(loaded.problems)}`);
      const session = await core.createChecklistSession({ checklistProject: loaded.value, wasm, taskResults });
      await session.evaluator.verify();
      const items = new Map(session.evaluator.snapshot(new Map()).steps.flatMap((step) => step.items).map((item) => [item.id, item]));
      for (const [itemId, [expected, why]] of Object.entries(fixture.expect)) {
        const item = items.get(itemId);
        if (item === undefined) throw new Error(`${fixture.id}: no item ${itemId}`);
        labels++;
        const stats = perItem.get(itemId) ?? { labels: 0, agreed: 0 };
        stats.labels++;
        const entry = { fixture: fixture.id, itemId, expected, actual: item.state, why, reason: item.reason };
        if (item.state === expected) {
          agreed++;
          stats.agreed++;
        } else if (item.state === 'passed') falsePasses.push(entry);
        else if (item.state === 'failed' && expected === 'passed') falseFails.push(entry);
        else otherMisses.push(entry);
        perItem.set(itemId, stats);
        if (verbose) console.log(`  ${item.state === expected ? 'ok  ' : 'MISS'} ${fixture.id} ${itemId}: expected ${expected}, got ${item.state} — ${item.reason}${verbose === 'checks' ? `\n      ${item.checks.map((check) => `${check.checkId}: ${check.state}: ${check.reason}`).join('\n      ')}` : ''}`);
      }
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  }
  console.log(`\nReviewer agreement (test/fixtures/checklist-matrix): ${cases.length} fixtures, ${labels} labelled verdicts over ${perItem.size} items`);
  console.log(`  agreement ${(agreed / labels).toFixed(3)} (${agreed}/${labels}); false passes ${falsePasses.length}; false fails ${falseFails.length}; other disagreements ${otherMisses.length}`);
  for (const [title, list] of [['false pass', falsePasses], ['false fail', falseFails], ['disagreement', otherMisses]]) {
    for (const entry of list) console.log(`  ${title}: ${entry.fixture} ${entry.itemId}: expected ${entry.expected} (${entry.why}), got ${entry.actual}: ${entry.reason}`);
  }
  return { labels, agreed, falsePasses: falsePasses.length, falseFails: falseFails.length };
}

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Analyzer } from '../../../src/core/analysis/analyzer';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings } from '../../../src/core/config/projectSettings';
import { createLayoutModel, defaultLayoutSettings } from '../../../src/core/layout/layoutGrammar';
import { allRules } from '../../../src/core/rules/allRules';
import { defaultRuleVocabulary } from '../../../src/core/rules/projectVocabulary';
import { isPythonRule } from '../../../src/core/rules/rule';
import type { PythonRule } from '../../../src/core/rules/rule';
import { analyzerFor, preParseGateChecks, ungated } from '../support/ruleHarness';

// The pre-parse gate (PythonRule.mayFind) is exact: a rule never reports a finding in a text where its gate is false,
// so skipping the parse (and the rule) there changes nothing. Every rule test that goes through the rule harness
// checks this on its snippet (test/unit/support/ruleHarness.ts); this file checks the example repository, the test
// fixtures, randomly mutated copies of them, and a custom layout.
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function pythonFiles(folder: string): Array<{ relativePath: string; text: string }> {
  const found: Array<{ relativePath: string; text: string }> = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== '__pycache__') {
        visit(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        const text = readFileSync(full, 'utf8');
        if (!text.includes('\u0000')) {
          found.push({ relativePath: path.relative(folder, full).split(path.sep).join('/'), text });
        }
      }
    }
  };
  visit(folder);
  return found;
}

const gatedRules = allRules.filter((rule): rule is PythonRule => isPythonRule(rule) && rule.mayFind !== undefined);

interface Analyzers {
  readonly settings: ProjectSettings;
  readonly gatedAll: Analyzer;
  readonly ungatedAll: Analyzer;
  readonly perRule: ReadonlyMap<PythonRule, Analyzer>;
}

async function analyzersFor(settings: ProjectSettings): Promise<Analyzers> {
  const perRule = new Map<PythonRule, Analyzer>();
  for (const rule of gatedRules) {
    perRule.set(rule, await analyzerFor([ungated(rule)], settings));
  }
  return { settings, gatedAll: await analyzerFor(allRules, settings), ungatedAll: await analyzerFor(allRules.map(ungated), settings), perRule };
}

/** Asserts the invariant for one text; returns how many rules reported something on it. */
function checkInvariant(analyzers: Analyzers, relativePath: string, text: string): number {
  let reporting = 0;
  for (const [rule, analyzer] of analyzers.perRule) {
    const found = analyzer.analyzeText(relativePath, text).findings.filter((finding) => finding.rule === rule.id);
    if (found.length > 0) {
      reporting += 1;
      assert.equal(rule.mayFind?.(text, analyzer.layout, analyzer.vocabulary), true, `${rule.id} reports ${found.length} finding(s) in ${relativePath} but mayFind is false`);
    }
  }
  const gated = analyzers.gatedAll.analyzeText(relativePath, text);
  const full = analyzers.ungatedAll.analyzeText(relativePath, text);
  assert.deepEqual(gated.findings, full.findings, `the gate changed the findings of ${relativePath}`);
  assert.deepEqual(gated.ruleFailures, [], relativePath);
  return reporting;
}

describe('pre-parse gate (PythonRule.mayFind)', function () {
  this.timeout(120_000);

  const example = pythonFiles(path.join(repoRoot, 'examples', 'legacy-research-repo'));
  const fixtures = pythonFiles(path.join(repoRoot, 'test', 'fixtures'));

  it("every gate is the rule's own candidate search, narrower than its trigger words (else it should not exist)", () => {
    assert.ok(gatedRules.length >= 3, `only ${gatedRules.length} rules have a gate`);
    const layout = createLayoutModel(defaultLayoutSettings);
    for (const rule of gatedRules) {
      const words = rule.triggerWordsFor?.(defaultLayoutSettings, defaultRuleVocabulary) ?? rule.triggerWords;
      const rejected = words.filter((word) => rule.mayFind?.(`# ${word}\n`, layout, defaultRuleVocabulary) === false);
      assert.ok(rejected.length > 0, `${rule.id}'s mayFind accepts a comment holding any one of its trigger words: it restates them; delete it`);
    }
  });

  it('holds on the example repository and the test fixtures (each rule alone, and all rules together)', async () => {
    const analyzers = await analyzersFor(defaultProjectSettings);
    let reporting = 0;
    for (const file of [...example, ...fixtures]) {
      reporting += checkInvariant(analyzers, file.relativePath, file.text);
    }
    assert.ok(example.length >= 10, `expected the example repository's Python files, found ${example.length}`);
    assert.ok(reporting >= 10, `expected rules to report in the example repository, got ${reporting} (file, rule) pairs`);
  });

  it('holds on each module-level block of the example files alone (with the imports), isolating each candidate kind', async () => {
    const analyzers = await analyzersFor(defaultProjectSettings);
    let reporting = 0;
    let blocks = 0;
    for (const file of example) {
      const lines = file.text.split('\n');
      const imports = lines.filter((line) => /^(from|import)\s/.test(line)).join('\n');
      let current: string[] = [];
      const flush = (): void => {
        if (current.length > 0) {
          blocks += 1;
          reporting += checkInvariant(analyzers, file.relativePath, `${imports}\n${current.join('\n')}\n`);
        }
        current = [];
      };
      for (const line of lines) {
        if (/^[A-Za-z_@]/.test(line) && !/^(else|elif|except|finally)\b/.test(line)) {
          flush();
        }
        current.push(line);
      }
      flush();
    }
    assert.ok(blocks > 50 && reporting >= 8, `${blocks} blocks, ${reporting} (block, rule) pairs with findings`);
  });

  it('holds on randomly mutated example files', async () => {
    const analyzers = await analyzersFor(defaultProjectSettings);
    const sources = example.filter((file) => file.text.length > 0);
    let withFindings = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: sources.length - 1 }),
        fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'splice'), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 400 }), fc.nat({ max: sources.length - 1 })), { minLength: 1, maxLength: 4 }),
        (index, edits) => {
          const file = sources[index];
          let text = file.text;
          for (const [kind, at, length, otherIndex] of edits) {
            const start = Math.floor(at * text.length);
            const end = Math.min(text.length, start + length);
            if (kind === 'delete') {
              text = text.slice(0, start) + text.slice(end);
            } else if (kind === 'duplicate') {
              text = text.slice(0, end) + text.slice(start, end) + text.slice(end);
            } else {
              const other = sources[otherIndex].text;
              const from = Math.floor(at * other.length);
              text = text.slice(0, start) + other.slice(from, from + length) + text.slice(start);
            }
          }
          if (checkInvariant(analyzers, file.relativePath, text) > 0) withFindings += 1;
        },
      ),
      { numRuns: 150 },
    );
    // The invariant only says something about texts with findings (about one mutant in six has some).
    assert.ok(withFindings >= 10, `only ${withFindings} of 150 mutated files had findings`);
  });

  it('holds with a custom layout (layout-dependent candidate words)', async () => {
    const settings: ProjectSettings = { ...defaultProjectSettings, layout: { ...defaultLayoutSettings, experimentRoot: 'runs_v2', legacyRoots: ['old_runs'] } };
    const analyzers = await analyzersFor(settings);
    let reporting = 0;
    for (const file of example) {
      reporting += checkInvariant(analyzers, file.relativePath, file.text.replaceAll('experiment_runs', 'runs_v2').replaceAll('osc_jobs', 'old_runs'));
    }
    assert.ok(reporting > 0);
  });

  it('skips parsing a triggered file in which no rule has a candidate, but still reports bad suppressions', async () => {
    const analyzer = await analyzerFor(allRules);
    // `model_` and `student` trigger RR001/RR003, but there is no discovery call, existence check, load or default.
    const quiet = 'model_name = "resnet"\nstudent_count = 3\n';
    assert.equal(analyzer.analyzeText('src/names.py', quiet).parsed, false);
    const suppressed = `${quiet}x = 1  # noqa: RR001\ny = 2  # refactor-runbook: ignore[RR003]\n`;
    const ungatedResult = (await analyzerFor(allRules.map(ungated))).analyzeText('src/names.py', suppressed);
    const gatedResult = analyzer.analyzeText('src/names.py', suppressed);
    assert.equal(gatedResult.parsed, false);
    assert.equal(ungatedResult.parsed, true);
    assert.deepEqual(gatedResult.findings, ungatedResult.findings);
    assert.ok(gatedResult.findings.some((finding) => finding.rule === 'RR000'), 'a suppression without a reason is still reported');
    // A candidate makes the file parse as before.
    assert.equal(analyzer.analyzeText('src/load.py', 'import torch\nstate = torch.load("best.pt")\n').parsed, true);
  });

  it('leaves open editor documents parsing (incremental path is not gated)', async () => {
    const analyzer = await analyzerFor(allRules);
    const document = analyzer.openPythonDocument('src/names.py');
    try {
      assert.equal(document.update('model_name = "resnet"\n').parsed, true);
      assert.equal(document.update('model_name = "resnet50"\n', [{ offset: 19, length: 0, text: '50' }]).parsed, true);
    } finally {
      document.dispose();
    }
  });
});

// A root hook: runs once after every test file, so it counts all rule-test snippets the harness checked the gate on.
after(() => {
  if (preParseGateChecks.snippets > 0) {
    console.log(`  pre-parse gate: also checked on ${preParseGateChecks.snippets} rule-test inputs through the rule harness, ${preParseGateChecks.withFindings} (input, rule) pairs with findings`);
  }
});

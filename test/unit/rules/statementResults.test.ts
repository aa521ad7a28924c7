// An open document re-evaluates only the module-level statements an edit can affect (analysis/statementResults.ts).
// That must never change a finding: after every edit of a random sequence, the document's findings must equal a
// complete run of the same rules on the same tree, and a fresh analysis of the text whenever it parses without
// errors (with errors, tree-sitter's incremental re-parse may recover differently from a fresh parse).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Analyzer } from '../../../src/core/analysis/analyzer';
import { pthMeansSiteConfig } from '../../../src/core/rules/artifactVocabulary';
import { allRules } from '../../../src/core/rules/allRules';
import { lineAnchoredMatches, topLevelChildren, topLevelChildrenAfterEdit } from '../../../src/core/rules/pythonSyntax';
import { diffTexts, PythonParser, wasmLocationIn } from '../../../src/core/python/pythonParser';
import type { PythonRule, PythonRuleContext, Rule } from '../../../src/core/rules/rule';
import { isPythonRule } from '../../../src/core/rules/rule';
import { applyEdit, exampleRepo, pythonFiles, visible } from '../support/editSequences';
import { analyzeForTest, analyzerFor } from '../support/ruleHarness';

/** A rule that records, for each run, the first line of each statement it is asked to evaluate ('complete': all). */
function scopeProbe(): { readonly probe: PythonRule; readonly scopes: Array<readonly string[] | 'complete'> } {
  const scopes: Array<readonly string[] | 'complete'> = [];
  const probe: PythonRule = {
    id: 'RR002',
    name: 'scope-probe',
    defaultSeverity: 'warning',
    description: 'records which statements each run evaluates',
    triggerWords: [],
    statementScoped: {},
    checkPython(context: PythonRuleContext) {
      scopes.push(context.scope.ranges === undefined ? 'complete' : context.scope.ranges.map(([start, end]) => context.source.slice(start, end).trim().split('\n')[0] ?? ''));
      return [];
    },
  };
  return { probe, scopes };
}

/** The same rule without statement scoping: always a complete run. */
function unscoped(rule: Rule): Rule {
  return isPythonRule(rule) ? { ...rule, statementScoped: undefined } : rule;
}

// Pieces that exercise what crosses statements: module constants and bases, import aliases, helpers judged by their
// callers, nn.Module subclasses, `*.pth` as site configuration, and edits that break and mend the syntax.
const pieces = [
  'x', ' ', '\n', '(', ')', '"', "'''", '#', ':', '=', 'torch', 'weights_only=False', 'True', 'import torch as th\n', 'from torch import load as tl\n',
  'osc_jobs/', 'raise ', 'pass', '\n    ', 'if not os.path.exists(p):\n        p = "best.pth"\n', 'ROOT = "osc_jobs/x"\n', 'root = "experiment_runs"\n',
  'CKPT_GLOB = "*.pt"\n', 'glob.glob(pattern)', 'find_ckpt("*.pth")', 'root / "automotive" / "x.pth"', 'torch.save(model, p)', 'model', 'th.load(p)',
  'def find_ckpt(pattern):\n    return sorted(glob.glob(pattern))[-1]\n', 'class Net(nn.Module):\n    pass\n', 'Net()', '"experiment_runs/a/b.pth"',
  'base = ', 'x = base / "c"\n', 'site-packages', 'tl(p)', 'run = root / "automotive"\n', 'run / "best.pth"', 'self.find_ckpt("*.ckpt")',
  'def make():\n    class Cfg:\n        root = "experiment_runs"\n    return Cfg\n', 'use = root + "/automotive/best.pth"\n', 'self.out = ROOT\n',
  'self.run_dir = "osc_jobs/run"\n', 'self.run_dir = self.base\n', 'self.base = "experiment_runs"\n', 'glob.glob(self.run_dir + "/*.pt")',
  '\n    def extra(self):\n        return glob.glob(self.run_dir + "/*.ckpt")\n', '@staticmethod\n',
];

// `undo`: go back to the text before the previous edit (breaking the syntax and mending it is what typing does most).
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...pieces, ''), undo: fc.boolean() });

/**
 * One document per analyzer, kept in step: after each text, the scoped document must report what a complete run on
 * the same tree reports, and what a fresh analysis reports when the text parses without errors.
 */
function documentsInStep(scoped: Analyzer, complete: Analyzer, relativePath: string, text: string) {
  const document = scoped.openPythonDocument(relativePath, text);
  const reference = complete.openPythonDocument(relativePath, text);
  document.update(text);
  reference.update(text);
  return {
    /** Checks `next`; true when it parses without errors (and was also compared with a fresh analysis). */
    update(next: string): boolean {
      const result = visible(document.update(next));
      assert.deepEqual(result, visible(reference.update(next)));
      const fresh = scoped.analyzeText(relativePath, next);
      if (!fresh.hasSyntaxErrors) {
        assert.deepEqual(result, visible(fresh));
      }
      return !fresh.hasSyntaxErrors;
    },
    dispose(): void {
      document.dispose();
      reference.dispose();
    },
  };
}

describe('per-statement results of an open document', () => {
  it('equal a complete run on the same tree after every edit, and a fresh analysis when the text parses cleanly', async function () {
    this.timeout(240_000);
    const scoped = await analyzerFor(allRules);
    const complete = await analyzerFor(allRules.map(unscoped));
    const files = pythonFiles(exampleRepo);
    let edits = 0;
    let cleanEdits = 0;
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.constantFrom(...files, ''), fc.array(edit, { minLength: 1, maxLength: 15 }), (file, appended, changes) => {
        const relativePath = path.relative(exampleRepo, file).split(path.sep).join('/');
        // Two files in one text: more statements, more names shared between them.
        let text = readFileSync(file, 'utf8') + (appended === '' ? '' : `\n${readFileSync(appended, 'utf8')}`);
        const documents = documentsInStep(scoped, complete, relativePath, text);
        try {
          let before = text;
          for (const change of changes) {
            const next = change.undo && before !== text ? before : applyEdit(text, change);
            before = text;
            text = next;
            edits++;
            if (documents.update(text)) cleanEdits++;
          }
        } finally {
          documents.dispose();
        }
      }),
      { numRuns: 120, seed: 20_261_128 },
    );
    assert.ok(edits > 500 && cleanEdits > 50, `${edits} edits, ${cleanEdits} without syntax errors`);
  });

  it('stay equal under renames and string edits on a file full of reads across statements', async function () {
    this.timeout(240_000);
    const fixture = readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'python', 'crossStatementReads.py'), 'utf8');
    const scoped = await analyzerFor(allRules);
    const complete = await analyzerFor(allRules.map(unscoped));
    // Edits inside words and strings keep the syntax valid most of the time, so module constants, aliases, class
    // fields, helpers and `self` attributes get renamed and re-valued rather than broken.
    const wordEdit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom('insert', 'delete', 'insert', 'word'),
      word: fc.constantFrom('x', '_path', '_dir', '.pth', '/osc_jobs', 'experiment_runs/', 'ckpt', 'ROOT', 'self'),
    });
    let cleanEdits = 0;
    fc.assert(
      fc.property(fc.array(wordEdit, { minLength: 1, maxLength: 20 }), (changes) => {
        let text = fixture;
        const documents = documentsInStep(scoped, complete, 'src/train.py', text);
        try {
          for (const change of changes) {
            // The first position at or after `at` between two word, path or quote characters.
            let at = Math.floor(change.at * text.length);
            while (at < text.length && !(/[\w./*"]/.test(text[at - 1] ?? '') && /[\w./*"]/.test(text[at] ?? ''))) at++;
            if (at >= text.length) continue;
            text = change.kind === 'delete' ? (/\w/.test(text[at] ?? '') ? text.slice(0, at) + text.slice(at + 1) : text) : text.slice(0, at) + (change.kind === 'word' ? change.word : 'x') + text.slice(at);
            if (documents.update(text)) cleanEdits++;
          }
        } finally {
          documents.dispose();
        }
      }),
      { numRuns: 150, seed: 20_261_129 },
    );
    assert.ok(cleanEdits > 300, `${cleanEdits} edits without syntax errors`);
  });

  it('re-evaluates only the edited statement and the statements that use a name it re-binds', async () => {
    const { probe, scopes } = scopeProbe();
    const analyzer = await analyzerFor([probe]);
    const text = ['import os', 'ROOT = "experiment_runs"', 'def uses_root():', '    return os.path.join(ROOT, "a")', 'def other():', '    value = 1', '    return value', ''].join('\n');
    const document = analyzer.openPythonDocument('src/example.py', text);
    document.update(text);
    assert.deepEqual(scopes, ['complete']);
    // Inside a function body: that statement only.
    const inBody = text.replace('value = 1', 'value = 12');
    document.update(inBody);
    assert.deepEqual(scopes[1], ['def other():']);
    // A module constant: its statement and the function that mentions it.
    const constant = inBody.replace('"experiment_runs"', '"experiment_runs/x"');
    document.update(constant);
    assert.deepEqual(scopes[2], ['ROOT = "experiment_runs/x"', 'def uses_root():']);
    // An import alias: the statements mentioning `os`.
    const alias = constant.replace('import os', 'import os as os');
    document.update(alias);
    assert.deepEqual(scopes[3], ['import os as os', 'def uses_root():']);
    document.dispose();
  });

  it('keeps the results of statements a syntax error did not touch, while broken and once mended', async () => {
    const { probe, scopes } = scopeProbe();
    const analyzer = await analyzerFor([probe]);
    const text = [
      'ROOT = "experiment_runs"',
      '',
      '',
      'class Loader:',
      '    def first(self):',
      '        return 1',
      '',
      '    def second(self):',
      '        value = 2',
      '        return value',
      '',
      '    def third(self):',
      '        return ROOT',
      '',
      '',
      'def tail():',
      '    return 3',
      '',
    ].join('\n');
    const document = analyzer.openPythonDocument('src/loader.py', text);
    document.update(text);
    const runs = (): number => scopes.length;
    // Broken inside one method: the class stays split, so only that method is evaluated again.
    const brokenMethod = text.replace('value = 2', 'value = 2 +');
    let before = runs();
    assert.ok(document.update(brokenMethod).hasSyntaxErrors);
    assert.deepEqual(scopes.slice(before), [['def second(self):']]);
    // Mended by another text: that method again.
    before = runs();
    document.update(text.replace('value = 2', 'value = 22'));
    assert.deepEqual(scopes.slice(before), [['def second(self):']]);
    // Broken in the class header, error recovery restructures the class. Mended back to the same text, the results
    // come from before the break: nothing is evaluated again.
    document.update(text);
    const brokenHeader = text.replace('class Loader:', 'clas Loader:');
    document.update(brokenHeader);
    before = runs();
    assert.equal(document.update(text).hasSyntaxErrors, false);
    assert.deepEqual(scopes.slice(before), []);
    // Edited elsewhere while broken, then mended: what changed since the last clean version is one method.
    document.update(brokenHeader);
    document.update(brokenHeader.replace('value = 2', 'value = 3'));
    before = runs();
    document.update(text.replace('value = 2', 'value = 3'));
    assert.deepEqual(scopes.slice(before), [['def second(self):']]);
    // Mended differently (the class renamed): the class's parts, whose header changed, are evaluated again.
    document.update(brokenHeader);
    before = runs();
    document.update(text.replace('class Loader:', 'class Loader2:'));
    assert.deepEqual(scopes.slice(before), [['class Loader2:', 'def first(self):', 'def second(self):', 'def third(self):']]);
    document.dispose();
  });

  it('re-evaluates a use of a name re-bound in a block that an earlier edit inside one of its functions touched', async () => {
    // The first edit changes a function inside a module-level `if`; the second renames a binding of that same block.
    // What the block bound must be read from its own tree, not from the previous tree after the re-parse edited it.
    const scoped = await analyzerFor(allRules);
    const text = [
      '# finds experiment_runs/*.pt checkpoints via glob.glob(PATTERN)',
      'import glob',
      'import sys',
      '',
      'if sys.platform != "win32":',
      '    def helper():',
      '        return 1',
      '    PATTERN = "experiment_runs/*.pt"',
      '',
      '',
      'def latest():',
      '    return sorted(glob.glob(PATTERN))[-1]',
      '',
    ].join('\n');
    const document = scoped.openPythonDocument('src/blocks.py', text);
    document.update(text);
    const insideFunction = text.replace('return 1', 'return 2');
    document.update(insideFunction);
    const renamed = insideFunction.replace('    PATTERN = ', '    PATTERNS = ');
    assert.deepEqual(visible(document.update(renamed)), visible(scoped.analyzeText('src/blocks.py', renamed)));
    document.dispose();
  });

  it('keeps a decorated class split by method while one of its methods is broken', async () => {
    const { probe, scopes } = scopeProbe();
    const analyzer = await analyzerFor([probe]);
    const text = ['@dataclass', 'class Loader:', '    def first(self):', '        return 1', '', '    def second(self):', '        return 2', ''].join('\n');
    const document = analyzer.openPythonDocument('src/decorated.py', text);
    document.update(text);
    const before = scopes.length;
    assert.ok(document.update(text.replace('return 2', 'return 2 +')).hasSyntaxErrors);
    assert.deepEqual(scopes.slice(before), [['def second(self):']]);
    document.dispose();
  });

  it('does not evaluate a statement with a syntax error again when an edit elsewhere leaves its syntax as it was', async () => {
    const { probe, scopes } = scopeProbe();
    const analyzer = await analyzerFor([probe]);
    const text = ['limit = 1 +', '', '', 'def head():', '    return 1', '', '', 'def tail():', '    value = 2', '    return value', ''].join('\n');
    const document = analyzer.openPythonDocument('src/broken.py', text);
    assert.ok(document.update(text).hasSyntaxErrors);
    const before = scopes.length;
    document.update(text.replace('value = 2', 'value = 23'));
    document.update(text.replace('value = 2', 'value = 234'));
    assert.deepEqual(scopes.slice(before), [['def tail():'], ['def tail():']]);
    document.dispose();
  });

  it('re-evaluates a module-level use when a class inside a function re-binds its name', async () => {
    const scoped = await analyzerFor(allRules);
    // The comment keeps RR001's trigger words in the text after the edit.
    const text = ['import glob  # finds checkpoints', '', 'def make():', '    class Cfg:', '        pattern = "runs/*.pt"', '    return Cfg', '', 'found = glob.glob(pattern)', ''].join('\n');
    const document = scoped.openPythonDocument('src/nested.py', text);
    const before = document.update(text);
    assert.deepEqual(before.findings.map((finding) => [finding.rule, finding.range.line]), [['RR001', 8]]);
    const edited = text.replace('"runs/*.pt"', '"runs/*.csv"');
    assert.deepEqual(visible(document.update(edited)), visible(scoped.analyzeText('src/nested.py', edited)));
    assert.equal(document.update(edited).findings.length, 0);
    document.dispose();
  });

  it("re-evaluates a method when another method changes what it assigns to self", async () => {
    const scoped = await analyzerFor(allRules);
    const text = [
      'import glob',
      '',
      'class Runs:',
      '    def __init__(self, base):',
      '        self.pattern = base + "/*.ckpt"',
      '',
      '    def latest(self):',
      '        return sorted(glob.glob(self.pattern))[-1]',
      '',
    ].join('\n');
    const document = scoped.openPythonDocument('src/runs.py', text);
    assert.deepEqual(visible(document.update(text)), visible(scoped.analyzeText('src/runs.py', text)));
    assert.equal(document.update(text).findings.length, 1);
    // The model checkpoints become data files: only __init__ changed, the finding in latest() must go.
    const edited = text.replace('"/*.ckpt"', '"/*.csv"  # no checkpoints here');
    assert.deepEqual(visible(document.update(edited)), visible(scoped.analyzeText('src/runs.py', edited)));
    assert.equal(document.update(edited).findings.length, 0);
    document.dispose();
  });

  it('follows a name that starts with "for" to its binding', async () => {
    const [rr002] = allRules.filter((rule) => rule.id === 'RR002');
    assert.ok(rr002 !== undefined);
    const source = ['format_root = "experiment_runs"', 'def checkpoint():', '    return format_root + "/automotive/best.pth"', ''].join('\n');
    const analysis = await analyzeForTest([rr002], 'src/paths.py', source);
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.range.line, finding.range.column]),
      [[3, 12]],
    );
  });

  it('reads the module children of a re-parse around the edit exactly as a full walk of the new tree', async function () {
    this.timeout(60_000);
    const parser = await PythonParser.load(wasmLocationIn(path.resolve(__dirname, '..', '..', '..', '..', 'dist')));
    const files = pythonFiles(exampleRepo);
    const walk = (tree: ReturnType<PythonParser['parse']>): unknown => {
      const ranges: number[] = [];
      const types: string[] = [];
      const cursor = tree.rootNode.walk();
      for (let has = cursor.gotoFirstChild(); has; has = cursor.gotoNextSibling()) {
        ranges.push(cursor.startIndex, cursor.endIndex);
        types.push(cursor.nodeType);
      }
      cursor.delete();
      return { ranges, types };
    };
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(edit, { minLength: 1, maxLength: 8 }), (file, changes) => {
        let text = readFileSync(file, 'utf8');
        let tree = parser.parse(text);
        topLevelChildren(tree);
        try {
          for (const change of changes) {
            const next = applyEdit(text, change);
            const textChange = diffTexts(text, next);
            const nextTree = parser.reparse(tree, text, next, textChange);
            const children = topLevelChildrenAfterEdit(nextTree, tree, textChange);
            assert.deepEqual({ ranges: [...children.ranges], types: [...children.types] }, walk(nextTree));
            checked++;
            tree.delete();
            tree = nextTree;
            text = next;
          }
        } finally {
          tree.delete();
        }
      }),
      { numRuns: 300, seed: 17 },
    );
    assert.ok(checked > 1000);
  });

  it('reads "*.pth means site configuration" exactly as the regexes it replaces', () => {
    const reference = (source: string): boolean =>
      !/\btorch\b/.test(source) && /site-packages|\bsitedir\b|\bimport site\b|\bsite\.(?:addsitedir|getsitepackages|getusersitepackages)|\.pth files?\b/.test(source);
    const alphabet = fc.constantFrom('site', '-packages', 'dir', 'import ', ' ', '.pth', ' file', 's', 'x', '.', 'addsitedir', 'getsitepackages', 'torch', '\n', '_', 'é');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 14 }).map((parts) => parts.join('')), (text) => {
        assert.equal(pthMeansSiteConfig(text), reference(text), JSON.stringify(text));
      }),
      { numRuns: 20_000, seed: 13 },
    );
  });

  // importAliasesInText and moduleClassNames read their lines through lineAnchoredMatches.
  it('finds import lines and class headers exactly as the line-anchored regexes do', () => {
    const importRegex = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/gm;
    const classRegex = /^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)/gm;
    const alphabet = fc.constantFrom('import ', 'from ', 'class ', 'x', ' as ', 'y', '\n', '\r', '\r\n', '(', ')', ',', ' ', '\t', '#', ';', '.', 'importlib', '\u2028', 'torch', 'A(nn.Module)', 'classes');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        for (const [keyword, regex] of [['import', importRegex], ['class', classRegex]] as const) {
          const expected = [...text.matchAll(regex)].map((match) => [match.index, match[0]]);
          const sticky = new RegExp(regex.source.slice(1), 'y');
          assert.deepEqual(lineAnchoredMatches(text, keyword, sticky).map((match) => [match.index, match[0]]), expected, JSON.stringify(text));
        }
      }),
      { numRuns: 3_000, seed: 11 },
    );
  });
});

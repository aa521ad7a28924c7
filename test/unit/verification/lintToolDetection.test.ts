import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findIniSection, iniSections } from '../../../src/core/verification/iniSections';
import { chooseLintTool } from '../../../src/core/verification/lintToolDetection';
import { findTomlPath, tomlKeyPaths } from '../../../src/core/verification/tomlTablePaths';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function files(contents: Record<string, string>): (relativePath: string) => string | undefined {
  return (relativePath) => contents[relativePath];
}

describe('lint tool detection', () => {
  it('a setting other than auto is used as it is, whatever the project configures', () => {
    const choice = chooseLintTool('pylint', files({ 'pyproject.toml': '[tool.ruff]\n' }));
    assert.deepEqual(choice, { tool: 'pylint', reason: 'refactorRunbook.lintTool is "pylint"', alsoConfigured: [] });
  });

  it("auto on the example workspace: ruff, from its pyproject.toml's [tool.ruff] line", () => {
    const example = path.join(repoRoot, 'examples', 'legacy-research-repo');
    const read = (relative: string): string | undefined => {
      try {
        return readFileSync(path.join(example, relative), 'utf8');
      } catch {
        return undefined;
      }
    };
    const line = (read('pyproject.toml') ?? '').split('\n').indexOf('[tool.ruff]') + 1;
    assert.ok(line > 0);
    assert.deepEqual(chooseLintTool('auto', read), { tool: 'ruff', reason: `refactorRunbook.lintTool is "auto" and the project configures ruff: [tool.ruff] in pyproject.toml (line ${line})`, alsoConfigured: [] });
  });

  it('auto: each configuration file points at its tool', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.ruff.lint]\nselect = ["E"]\n' }, 'ruff', /\[tool\.ruff\] in pyproject\.toml \(line 4\)/],
      [{ 'ruff.toml': 'line-length = 100\n' }, 'ruff', /ruff\.toml exists/],
      [{ '.ruff.toml': '' }, 'ruff', /\.ruff\.toml exists/],
      [{ 'pyproject.toml': '[tool.pylint.messages_control]\ndisable = ["C0114"]\n' }, 'pylint', /\[tool\.pylint\] in pyproject\.toml \(line 1\)/],
      [{ '.pylintrc': '[MASTER]\n' }, 'pylint', /\.pylintrc exists/],
      [{ pylintrc: '' }, 'pylint', /pylintrc exists/],
      [{ 'setup.cfg': '[metadata]\nname = x\n\n[flake8]\nmax-line-length = 100\n' }, 'flake8', /\[flake8\] in setup\.cfg \(line 4\)/],
      [{ 'tox.ini': '[tox]\nenvlist = py311\n[flake8]\nexclude = .venv\n' }, 'flake8', /\[flake8\] in tox\.ini \(line 3\)/],
      [{ '.flake8': '[flake8]\n' }, 'flake8', /\.flake8 exists/],
    ];
    for (const [contents, tool, reason] of cases) {
      const choice = chooseLintTool('auto', files(contents));
      assert.equal(choice.tool, tool, JSON.stringify(contents));
      assert.match(choice.reason, reason);
    }
  });

  it('auto with several configured: ruff, then pylint, then flake8, and the others are named', () => {
    const choice = chooseLintTool('auto', files({ 'pyproject.toml': '[tool.pylint]\n[tool.ruff]\n', 'setup.cfg': '[flake8]\n' }));
    assert.equal(choice.tool, 'ruff');
    assert.deepEqual(choice.alsoConfigured, ['pylint: [tool.pylint] in pyproject.toml (line 1)', 'flake8: [flake8] in setup.cfg (line 1)']);
  });

  it('auto with no configuration: ruff, saying that nothing was found', () => {
    const choice = chooseLintTool('auto', files({ 'pyproject.toml': '[project]\nname = "x"\n', 'setup.cfg': '[metadata]\n' }));
    assert.equal(choice.tool, 'ruff');
    assert.match(choice.reason, /no linter is configured/);
    assert.match(choice.reason, /runbook's `ruff check \.`/);
  });

  it('auto ignores look-alikes: [tool.flake8] (needs a plugin), [tool.ruffian], a header inside a string or an indented continuation', () => {
    const pyproject = [
      '[tool.flake8]',
      'max-line-length = 100',
      '[tool.ruffian]',
      'x = 1',
      'notes = """',
      '[tool.ruff]',
      '"""',
      "literal = '''",
      '[tool.pylint]',
      "'''",
      'nested = [',
      '  [1, 2],',
      '  ["tool.ruff"],',
      ']',
    ].join('\n');
    const setupCfg = ['[metadata]', 'description =', '    a project', '    [flake8]', '# [flake8]', '; [flake8]'].join('\n');
    const choice = chooseLintTool('auto', files({ 'pyproject.toml': pyproject, 'setup.cfg': setupCfg }));
    assert.match(choice.reason, /no linter is configured/, choice.reason);
  });
});

describe('TOML key paths', () => {
  it('finds tables, dotted keys, keys inside [tool], quoted keys and array tables, with their lines', () => {
    const text = ['title = "x"', 'tool.ruff.line-length = 100', '', '[tool]', 'pylint.max-line-length = 120', '', '[ "tool" . "mypy" ]  # spaced and quoted', 'strict = true', '[[tool.ruff.per-file]]', 'path = "a"'].join('\n');
    const paths = tomlKeyPaths(text).map((entry) => `${entry.line}:${entry.kind}:${entry.path.join('.')}`);
    assert.deepEqual(paths, ['1:key:title', '2:key:tool.ruff.line-length', '4:table:tool', '5:key:tool.pylint.max-line-length', '7:table:tool.mypy', '8:key:tool.mypy.strict', '9:table:tool.ruff.per-file', '10:key:tool.ruff.per-file.path']);
    assert.equal(findTomlPath(text, ['tool', 'pylint'])?.line, 5);
    assert.equal(findTomlPath(text, ['tool', 'ruff'])?.line, 2);
    assert.equal(findTomlPath(text, ['tool', 'black']), undefined);
  });

  it('skips multi-line strings with escaped and doubled quotes, and inline tables over several lines', () => {
    const text = ['a = """x \\""" [tool.no1]', '[tool.no2] """', 'b = """ends with quotes"""""', 'c = { x = 1, y = [', '  "[tool.no3]" ] }', '[tool.yes]'].join('\n');
    assert.deepEqual(
      tomlKeyPaths(text).map((entry) => entry.path.join('.')),
      ['a', 'b', 'c', 'tool.yes'],
    );
  });
});

describe('INI sections', () => {
  it('finds headers with their lines, with comments after them, and not in continuations or comments', () => {
    const text = ['; comment', '[metadata]', 'long_description =', '    first line', '', '    [not-a-section]', '[flake8]  # lint', 'max-line-length = 100', '#[commented]'].join('\n');
    assert.deepEqual(iniSections(text), [
      { name: 'metadata', line: 2 },
      { name: 'flake8', line: 7 },
    ]);
    assert.equal(findIniSection(text, 'flake8')?.line, 7);
    assert.equal(findIniSection('[flake8:local-plugins]\n', 'flake8'), undefined);
  });
});

import assert from 'node:assert/strict';
import { suppressionReasonPlaceholder, placeSuppression } from '../../src/core/analysis/suppressionPlacement';
import { SourceText } from '../../src/core/text/sourceText';
import { scanSuppressions } from '../../src/core/analysis/suppressions';
import { PythonParser } from '../../src/core/python/pythonParser';
import { testWasmLocation } from './support/testWasm';
import { assertGoldenMessages } from './support/messageGolden';

function apply(lines: readonly string[], edit: { range: { line: number; column: number }; newText: string }): string {
  const text = lines.join('\n');
  let offset = 0;
  for (let line = 1; line < edit.range.line; line++) offset = text.indexOf('\n', offset) + 1;
  offset += edit.range.column - 1;
  return text.slice(0, offset) + edit.newText + text.slice(offset);
}

describe('suppression placement', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await PythonParser.load(testWasmLocation);
  });

  function placePython(source: string, line: number) {
    const tree = parser.parse(source);
    try {
      return placeSuppression(source.split('\n'), 'python', 'RR004', line, tree);
    } finally {
      tree.delete();
    }
  }

  it('puts a Python comment line above the flagged line, with its indentation', () => {
    const source = 'def load(path):\n    return torch.load(path)\n';
    const placement = placePython(source, 2);
    assert.ok(placement.ok);
    assert.equal(apply(source.split('\n'), placement.edit), 'def load(path):\n    # refactor-runbook: ignore[RR004] <reason>\n    return torch.load(path)\n');
    assert.equal(placement.edit.newText.slice(placement.placeholderOffset, placement.placeholderOffset + suppressionReasonPlaceholder.length), suppressionReasonPlaceholder);
  });

  it('accepts a line inside brackets (a comment line is legal there)', () => {
    const source = 'x = load(\n    torch.load(p),\n)\n';
    assert.equal(placePython(source, 2).ok, true);
  });

  it('refuses a line inside a multi-line string (generated SBATCH text)', () => {
    const source = 'SCRIPT = """#!/bin/bash\n#SBATCH --output=osc_jobs/%j.out\n"""\n';
    const placement = placePython(source, 2);
    assert.equal(placement.ok, false);
    assert.match(placement.ok ? '' : placement.reason, /inside a multi-line string/);
  });

  it('refuses a line after a backslash continuation', () => {
    const placement = placeSuppression(['mkdir -p \\', '  osc_jobs/x'], 'shell', 'RR006', 2);
    assert.equal(placement.ok, false);
    assert.match(placement.ok ? '' : placement.reason, /backslash continuation/);
  });

  it('appends an HTML comment to a Markdown line, but not inside a code fence', () => {
    const lines = ['Logs go to `osc_jobs/logs`.', '', '```bash', 'ls osc_jobs', '```'];
    const prose = placeSuppression(lines, 'markdown', 'RR006', 1);
    assert.ok(prose.ok);
    assert.equal(apply(lines, prose.edit).split('\n')[0], 'Logs go to `osc_jobs/logs`. <!-- refactor-runbook: ignore[RR006] <reason> -->');
    const fenced = placeSuppression(lines, 'markdown', 'RR006', 4);
    assert.equal(fenced.ok, false);
  });

  it('puts a shell comment line above an #SBATCH line', () => {
    const lines = ['#!/bin/bash', '#SBATCH --output=osc_jobs/%j.out'];
    const placement = placeSuppression(lines, 'shell', 'RR006', 2);
    assert.ok(placement.ok);
    assert.equal(apply(lines, placement.edit), '#!/bin/bash\n# refactor-runbook: ignore[RR006] <reason>\n#SBATCH --output=osc_jobs/%j.out');
  });

  function applyReplacing(lines: readonly string[], edit: { range: { line: number; column: number; endLine: number; endColumn: number }; newText: string }): string {
    const offsetOf = (line: number, column: number): number => lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
    const text = lines.join('\n');
    return text.slice(0, offsetOf(edit.range.line, edit.range.column)) + edit.newText + text.slice(offsetOf(edit.range.endLine, edit.range.endColumn));
  }

  it('adds a second rule to the comment above instead of writing a second comment between it and the code', () => {
    const lines = ['def load(cfg):', '    # refactor-runbook: ignore[RR003] the legacy loader is deleted in PR #4', '    path = getattr(cfg, "ckpt_path", "osc_jobs/best.pth")'];
    const tree = parser.parse(lines.join('\n'));
    const placement = placeSuppression(lines, 'python', 'RR002', 3, tree);
    tree.delete();
    assert.ok(placement.ok);
    const merged = applyReplacing(lines, placement.edit);
    assert.equal(merged.split('\n')[1], '    # refactor-runbook: ignore[RR002, RR003] the legacy loader is deleted in PR #4');
    assert.equal(merged.split('\n').length, 3, 'no new line');
    assert.equal(placement.placeholderText, 'the legacy loader is deleted in PR #4');
    assert.equal(placement.edit.newText.slice(placement.placeholderOffset, placement.placeholderOffset + placement.placeholderText.length), placement.placeholderText);
    const scan = scanSuppressions(new SourceText(merged), 'python');
    assert.deepEqual(scan.suppressions.map((suppression) => [suppression.targetLine, suppression.ruleIds, suppression.hasReason]), [[3, ['RR002', 'RR003'], true]]);
  });

  it('joins a trailing comment on the flagged line, a Markdown comment, and a noqa of our codes only', () => {
    const trailing = placeSuppression(['mkdir -p osc_jobs/x  # refactor-runbook: ignore[RR006] scratch'], 'shell', 'RR002', 1);
    assert.ok(trailing.ok);
    assert.equal(applyReplacing(['mkdir -p osc_jobs/x  # refactor-runbook: ignore[RR006] scratch'], trailing.edit), 'mkdir -p osc_jobs/x  # refactor-runbook: ignore[RR002, RR006] scratch');
    const markdown = ['See `osc_jobs/`. <!-- refactor-runbook: ignore[RR006] history -->'];
    const joinedMarkdown = placeSuppression(markdown, 'markdown', 'RR002', 1);
    assert.ok(joinedMarkdown.ok);
    assert.equal(applyReplacing(markdown, joinedMarkdown.edit), 'See `osc_jobs/`. <!-- refactor-runbook: ignore[RR002, RR006] history -->');
    const noqa = ['# noqa: RR003 kept for the old runs', 'x = 1'];
    const joinedNoqa = placeSuppression(noqa, 'shell', 'RR002', 2);
    assert.ok(joinedNoqa.ok);
    assert.equal(applyReplacing(noqa, joinedNoqa.edit).split('\n')[0], '# refactor-runbook: ignore[RR002, RR003] kept for the old runs');
    const foreign = placeSuppression(['x = 1  # noqa: E501, RR003 long'], 'shell', 'RR002', 1);
    assert.equal(foreign.ok, false);
    assert.match(foreign.ok ? '' : foreign.reason, /other linters' codes; add RR002 to it by hand/);
    const again = placeSuppression(['x = 1  # refactor-runbook: ignore[RR002] r'], 'shell', 'RR002', 1);
    assert.equal(again.ok, false);
  });

  it('inserts a comment that is reported, and silences nothing, until the placeholder is replaced', () => {
    const lines = ['def load(path):', '    return torch.load(path)'];
    const tree = parser.parse(lines.join('\n'));
    const placement = placeSuppression(lines, 'python', 'RR004', 2, tree);
    tree.delete();
    assert.ok(placement.ok);
    const scan = scanSuppressions(new SourceText(apply(lines, placement.edit)), 'python');
    assert.deepEqual(scan.suppressions.map((suppression) => [suppression.targetLine, suppression.ruleIds, suppression.hasReason]), [[3, ['RR004'], false]]);
    assert.equal(scan.problems.length, 1);
    assertGoldenMessages('suppression placement / the inserted placeholder is reported', scan.problems);
    const explained = scanSuppressions(new SourceText(apply(lines, placement.edit).replace('<reason>', 'converted once, source logged')), 'python');
    assert.deepEqual(explained.problems, []);
  });

  it('needs the parse tree for Python and a line inside the file', () => {
    assert.equal(placeSuppression(['x = 1'], 'python', 'RR004', 1).ok, false);
    assert.equal(placeSuppression(['x = 1'], 'shell', 'RR006', 5).ok, false);
  });
});

// Where a suppression comment for a finding can go without changing what the file means. In Python and shell it is
// a line of its own above the flagged line (suppressions there apply to the next line), with the flagged line's
// indentation; in Markdown an HTML comment at the end of the flagged line (a comment line in the middle of a
// paragraph would split it). It is refused where the comment would alter code: inside a multi-line Python string (the SBATCH text a job manager
// generates), after a backslash continuation, or inside a Markdown code fence (whose HTML comment would become code).
import type { Tree } from 'web-tree-sitter';
import type { RuleId, TextEdit } from '../model/finding';
import type { FileLanguage } from '../model/fileLanguage';

/** Shown where the reason goes; the suppression scanner reports it until it is replaced. */
export const suppressionReasonPlaceholder = '<reason>';

export type SuppressionPlacement =
  | { readonly ok: true; readonly edit: TextEdit; /** Offset of the placeholder inside edit.newText. */ readonly placeholderOffset: number }
  | { readonly ok: false; readonly reason: string };

function commentFor(language: FileLanguage, rule: RuleId): string {
  const body = `refactor-runbook: ignore[${rule}] ${suppressionReasonPlaceholder}`;
  return language === 'markdown' ? `<!-- ${body} -->` : `# ${body}`;
}

function isInsideMarkdownFence(lines: readonly string[], lineIndex: number): boolean {
  let fence: string | undefined;
  for (let index = 0; index < lineIndex; index++) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[index] ?? '')?.[1];
    if (marker === undefined) continue;
    if (fence === undefined) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
  }
  return fence !== undefined;
}

function isInsideMultilinePythonString(tree: Tree, lineIndex: number): boolean {
  for (let node = tree.rootNode.descendantForPosition({ row: lineIndex, column: 0 }); node !== null; node = node.parent) {
    if ((node.type === 'string' || node.type === 'string_content') && node.startPosition.row < lineIndex) return true;
  }
  return false;
}

/**
 * `line` is the finding's 1-based start line. `pythonTree` must be the parse of `lines` when the language is Python.
 */
export function placeSuppression(lines: readonly string[], language: FileLanguage, rule: RuleId, line: number, pythonTree?: Tree): SuppressionPlacement {
  const lineIndex = line - 1;
  const flagged = lines[lineIndex];
  if (flagged === undefined) return { ok: false, reason: `line ${line} is outside the file` };
  const previous = lineIndex > 0 ? lines[lineIndex - 1] ?? '' : '';
  if (language !== 'markdown' && /\\\s*$/.test(previous)) {
    return { ok: false, reason: `line ${line - 1} ends with a backslash continuation, so a comment line cannot go between it and line ${line}` };
  }
  if (language === 'markdown' && isInsideMarkdownFence(lines, lineIndex)) {
    return { ok: false, reason: `line ${line} is inside a fenced code block; an HTML comment there would become part of the code` };
  }
  if (language === 'python') {
    if (pythonTree === undefined) return { ok: false, reason: 'the Python parse tree is not available' };
    if (isInsideMultilinePythonString(pythonTree, lineIndex)) {
      return { ok: false, reason: `line ${line} is inside a multi-line string, so a comment there would change the string` };
    }
  }
  const comment = commentFor(language, rule);
  if (language === 'markdown') {
    const endColumn = flagged.length + 1;
    return {
      ok: true,
      edit: { range: { line, column: endColumn, endLine: line, endColumn }, newText: ` ${comment}` },
      placeholderOffset: 1 + comment.indexOf(suppressionReasonPlaceholder),
    };
  }
  const indentation = /^[ \t]*/.exec(flagged)?.[0] ?? '';
  const newText = `${indentation}${comment}\n`;
  return {
    ok: true,
    edit: { range: { line, column: 1, endLine: line, endColumn: 1 }, newText },
    placeholderOffset: indentation.length + comment.indexOf(suppressionReasonPlaceholder),
  };
}

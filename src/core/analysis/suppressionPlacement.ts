// Where a suppression comment for a finding can go without changing what the file means. In Python and shell it is
// a line of its own above the flagged line (suppressions there apply to the next line), with the flagged line's
// indentation; in Markdown an HTML comment at the end of the flagged line (a comment line in the middle of a
// paragraph would split it). It is refused where the comment would alter code: inside a multi-line Python string (the SBATCH text a job manager
// generates), after a backslash continuation, or inside a Markdown code fence (whose HTML comment would become code).
// When the line already has a suppression comment, the rule id joins it (`ignore[RR002, RR003] reason`): a second
// comment line would sit between the first and the code and cancel it.
import type { Tree } from 'web-tree-sitter';
import type { RuleId, TextEdit } from '../model/finding';
import type { FileLanguage } from '../model/fileLanguage';
import { suppressionCommentsOn } from './suppressionComments';
import type { SuppressionComment } from './suppressionComments';

/** Shown where the reason goes; the suppression scanner reports it until it is replaced. */
export const suppressionReasonPlaceholder = '<reason>';

export type SuppressionPlacement =
  | {
      readonly ok: true;
      readonly edit: TextEdit;
      /** Offset of the reason inside edit.newText. */
      readonly placeholderOffset: number;
      /** The reason as written: the placeholder for a new comment, the existing reason when the rule joins one. */
      readonly placeholderText: string;
    }
  | { readonly ok: false; readonly reason: string };

function commentFor(language: FileLanguage, rules: readonly string[], reason: string): string {
  const body = `refactor-runbook: ignore[${rules.join(', ')}] ${reason}`;
  return language === 'markdown' ? `<!-- ${body} -->` : `# ${body}`;
}

/** The suppression comment that already applies to the flagged line: alone on the line above, or at its end. */
function existingComment(lines: readonly string[], language: FileLanguage, lineIndex: number): { readonly lineIndex: number; readonly comment: SuppressionComment } | undefined {
  const onLine = suppressionCommentsOn(lines[lineIndex] ?? '', language).find((comment) => !comment.standsAlone);
  if (onLine !== undefined) return { lineIndex, comment: onLine };
  if (language === 'markdown' || lineIndex === 0) return undefined;
  const above = suppressionCommentsOn(lines[lineIndex - 1] ?? '', language).find((comment) => comment.standsAlone);
  return above === undefined ? undefined : { lineIndex: lineIndex - 1, comment: above };
}

function joined(language: FileLanguage, rule: RuleId, existing: { readonly lineIndex: number; readonly comment: SuppressionComment }): SuppressionPlacement {
  const { comment } = existing;
  if (comment.ids.includes(rule)) return { ok: false, reason: `the suppression comment on line ${existing.lineIndex + 1} already names ${rule}` };
  if (comment.foreignCodes.length > 0) {
    return { ok: false, reason: `line ${existing.lineIndex + 1} has a noqa comment that also names other linters' codes; add ${rule} to it by hand` };
  }
  const rules = [...new Set([...comment.ids, rule])].sort();
  const reason = comment.reason === '' ? suppressionReasonPlaceholder : comment.reason;
  const newText = commentFor(language, rules, reason);
  const editLine = existing.lineIndex + 1;
  return {
    ok: true,
    edit: { range: { line: editLine, column: comment.column + 1, endLine: editLine, endColumn: comment.column + comment.text.length + 1 }, newText },
    placeholderOffset: newText.lastIndexOf(reason),
    placeholderText: reason,
  };
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
  const existing = existingComment(lines, language, lineIndex);
  if (existing !== undefined) return joined(language, rule, existing);
  const comment = commentFor(language, [rule], suppressionReasonPlaceholder);
  if (language === 'markdown') {
    const endColumn = flagged.length + 1;
    return {
      ok: true,
      edit: { range: { line, column: endColumn, endLine: line, endColumn }, newText: ` ${comment}` },
      placeholderOffset: 1 + comment.indexOf(suppressionReasonPlaceholder),
      placeholderText: suppressionReasonPlaceholder,
    };
  }
  const indentation = /^[ \t]*/.exec(flagged)?.[0] ?? '';
  const newText = `${indentation}${comment}\n`;
  return {
    ok: true,
    edit: { range: { line, column: 1, endLine: line, endColumn: 1 }, newText },
    placeholderOffset: indentation.length + comment.indexOf(suppressionReasonPlaceholder),
    placeholderText: suppressionReasonPlaceholder,
  };
}

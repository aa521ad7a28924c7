// An editor's edits as tree-sitter wants them. VS Code (like LSP's incremental sync) reports one event's changes so
// that applying them in order gives the new text; each becomes one tree-sitter Edit, so a re-parse never has to diff
// the whole old and new text to find out what changed.
import type { Edit, Point } from 'web-tree-sitter';

/** One replaced span, as VS Code's `TextDocumentContentChangeEvent` gives it (UTF-16 offsets). */
export interface ContentChange {
  /** Where the replaced span starts, in the text as the changes before this one left it. */
  readonly offset: number;
  /** How many code units were replaced. */
  readonly length: number;
  readonly text: string;
}

/** Row/column (UTF-16 code units, as web-tree-sitter counts them for string input) of an offset. */
export function pointAt(text: string, offset: number): Point {
  return pointAfter(text, { row: 0, column: 0 }, 0, offset);
}

/** The point at `offset`, counted on from `from` (the point of `fromOffset`, which is not after `offset`). */
function pointAfter(text: string, from: Point, fromOffset: number, offset: number): Point {
  let row = from.row;
  let lineStart = fromOffset - from.column;
  for (let index = text.indexOf('\n', fromOffset); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * The tree-sitter edits that take `oldText` to `newText` by `changes`, or undefined when the changes do not produce
 * `newText` (an event was missed): the caller then parses from scratch, which gives the same tree.
 */
export function editsOfChanges(oldText: string, changes: readonly ContentChange[], newText: string): Edit[] | undefined {
  const edits: Edit[] = [];
  let text = oldText;
  for (const { offset, length, text: inserted } of changes) {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > text.length) {
      return undefined;
    }
    const next = text.slice(0, offset) + inserted + text.slice(offset + length);
    const startPosition = pointAt(text, offset);
    edits.push({
      startIndex: offset,
      oldEndIndex: offset + length,
      newEndIndex: offset + inserted.length,
      startPosition,
      oldEndPosition: pointAfter(text, startPosition, offset, offset + length),
      newEndPosition: pointAfter(next, startPosition, offset, offset + inserted.length),
    });
    text = next;
  }
  return text === newText ? edits : undefined;
}

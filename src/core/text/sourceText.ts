// Line and range arithmetic shared by the rule contexts, suppressions and fingerprints. Lines end as in Python: at
// "\n", "\r\n" or a lone "\r" (the "\r" of "\r\n" stays part of the line's raw text but not of `lines`); the parser
// is given lone "\r"s as "\n" (pythonLineBreaks.ts), so tree-sitter's rows are these lines.
import type { SourceRange } from '../model/finding';
import { pythonLineStarts } from './pythonLineBreaks';

export class SourceText {
  private lineStartOffsets: number[] | undefined;
  private splitLines: string[] | undefined;

  constructor(readonly text: string) {}

  /** Offsets where each line starts (0-based, UTF-16). */
  get lineStarts(): readonly number[] {
    this.lineStartOffsets ??= lineStartsIn(this.text);
    return this.lineStartOffsets;
  }

  /** Lines without their terminators ("\r\n", "\n" or "\r"). */
  get lines(): readonly string[] {
    if (this.splitLines === undefined && this.text.includes('\r')) {
      this.splitLines = this.lineStarts.map((_, index) => this.lineText(index));
    }
    if (this.splitLines === undefined) {
      this.splitLines = this.text.split('\n');
    }
    return this.splitLines;
  }

  /** One line of `lines`, read without splitting the whole text. */
  lineText(lineIndex: number): string {
    if (this.splitLines !== undefined) {
      return this.splitLines[lineIndex] ?? '';
    }
    const starts = this.lineStarts;
    const start = starts[lineIndex];
    if (start === undefined) {
      return '';
    }
    const next = starts[lineIndex + 1];
    const line = this.text.slice(start, next === undefined ? this.text.length : next - 1);
    return next !== undefined && line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** The 0-based index of the line holding `offset`. */
  lineIndexAt(offset: number): number {
    return this.positionOf(offset).lineIndex;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Length of a 0-based line including a trailing "\r" (positions up to it are valid). */
  rawLineLength(lineIndex: number): number {
    const start = this.lineStarts[lineIndex] ?? this.text.length;
    const next = this.lineStarts[lineIndex + 1];
    return (next === undefined ? this.text.length : next - 1) - start;
  }

  rangeAt(lineIndex: number, startColumn: number, endColumn: number, endLineIndex: number = lineIndex): SourceRange {
    return { line: lineIndex + 1, column: startColumn + 1, endLine: endLineIndex + 1, endColumn: endColumn + 1 };
  }

  private positionOf(offset: number): { lineIndex: number; column: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { lineIndex: low, column: offset - (starts[low] ?? 0) };
  }

  rangeOfOffsets(startOffset: number, endOffset: number): SourceRange {
    const start = this.positionOf(startOffset);
    const end = this.positionOf(endOffset);
    return this.rangeAt(start.lineIndex, start.column, end.column, end.lineIndex);
  }

  /** Why `range` does not lie inside this text, or undefined when it does. */
  rangeProblem(range: SourceRange): string | undefined {
    const { line, column, endLine, endColumn } = range;
    if (![line, column, endLine, endColumn].every(Number.isInteger)) {
      return 'range has a non-integer position';
    }
    if (line < 1 || endLine > this.lineCount || endLine < line) {
      return `lines ${line}-${endLine} are outside 1-${this.lineCount}`;
    }
    if (column < 1 || column > this.rawLineLength(line - 1) + 1 || endColumn < 1 || endColumn > this.rawLineLength(endLine - 1) + 1) {
      return `columns ${column}-${endColumn} are outside lines ${line}-${endLine}`;
    }
    if (line === endLine && endColumn < column) {
      return 'range ends before it starts';
    }
    return undefined;
  }
}

function lineStartsIn(text: string): number[] {
  if (text.includes('\r')) return pythonLineStarts(text);
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}


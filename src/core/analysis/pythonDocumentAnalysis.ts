// One open Python document in the editor: its last text and tree, so an edit re-parses only the edited region
// (tree-sitter's incremental parse, fed the editor's own change list). The rules then run on the whole tree, exactly
// as in a one-shot analysis, so the editor and the CLI cannot disagree.
import { Buffer } from 'node:buffer';
import type { Tree } from 'web-tree-sitter';
import { editsOfChanges } from '../python/contentChanges';
import type { ContentChange } from '../python/contentChanges';
import { ParseCancelledError } from '../python/pythonParser';
import type { PythonParser } from '../python/pythonParser';
import type { Analyzer } from './analyzer';
import { errorMessage } from '../model/errorMessage';
import { skippedFile } from '../model/fileAnalysis';
import type { FileAnalysis } from '../model/fileAnalysis';
import { SourceText } from '../text/sourceText';

export class PythonDocumentAnalysis {
  /** The text `tree` was parsed from; undefined before the first update and after dispose(). */
  private parsed: { readonly text: string; readonly tree: Tree } | undefined;

  constructor(private readonly analyzer: Analyzer, private readonly parser: PythonParser, readonly relativePath: string) {}

  /**
   * Analyses `text`. `changes` are the edits since the previous update, in the editor's order; without them (or when
   * they do not lead from the previous text to `text`) the text is parsed from scratch. Always parses, even when no
   * rule is triggered, so the next edit stays incremental.
   */
  update(text: string, changes?: readonly ContentChange[]): FileAnalysis {
    const bytes = Buffer.byteLength(text);
    let tree: Tree;
    try {
      tree = this.parse(text, changes);
    } catch (error) {
      this.dispose();
      const detail = error instanceof ParseCancelledError ? error.message : `the parser failed (${errorMessage(error)})`;
      return skippedFile(this.relativePath, 'python', bytes, { kind: 'parse-timeout', detail });
    }
    return this.analyzer.analyzeTree(this.relativePath, bytes, new SourceText(text), tree);
  }

  private parse(text: string, changes: readonly ContentChange[] | undefined): Tree {
    const previous = this.parsed;
    if (previous?.text === text) return previous.tree;
    // The parser reads a lone "\r" as a line break (pythonLineBreaks.ts) and edits count rows by "\n": texts holding a
    // "\r" are parsed afresh rather than risk rows that disagree.
    const incremental = previous !== undefined && changes !== undefined && !previous.text.includes('\r') && !text.includes('\r');
    const edits = incremental ? editsOfChanges(previous.text, changes, text) : undefined;
    // Once edited, the previous tree no longer matches its text: it is deleted whether or not the re-parse succeeds.
    this.parsed = undefined;
    try {
      const tree = previous === undefined || edits === undefined ? this.parser.parse(text) : this.parser.reparse(previous.tree, edits, text);
      this.parsed = { text, tree };
      return tree;
    } finally {
      previous?.tree.delete();
    }
  }

  dispose(): void {
    this.parsed?.tree.delete();
    this.parsed = undefined;
  }
}

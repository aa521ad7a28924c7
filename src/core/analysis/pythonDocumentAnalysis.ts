// One open Python document in the editor: the last tree, text and per-statement results, so a keystroke re-parses
// only the edited region and re-evaluates only the statements it can affect (statementResults.ts).
import { Buffer } from 'node:buffer';
import type { Tree } from 'web-tree-sitter';
import { carrySubtreeFacts, shareTreeFacts, trackSubtreeFacts } from '../rules/pythonSyntax';
import { diffTexts, ParseCancelledError } from '../python/pythonParser';
import type { PythonParser, TextChange } from '../python/pythonParser';
import type { Analyzer } from './analyzer';
import { errorMessage } from './errorMessage';
import { skippedFile } from './fileAnalysis';
import type { FileAnalysis } from './fileAnalysis';
import { SourceText } from './sourceText';
import { StatementResults } from './statementResults';
import type { TriggerWordSightings } from './triggerWordGroups';

/**
 * One open Python document: keeps the last tree so a keystroke re-parses only the edited region. Always parses
 * (even when no rule is triggered) so the next edit stays incremental.
 */
export class PythonDocumentAnalysis {
  private text: string;
  private tree: Tree | undefined;
  /** Trigger-word sightings in `text`, kept so an edit re-checks only around the changed span. */
  private sightings: TriggerWordSightings | undefined;
  /** The UTF-8 size of a text (the last one analysed), so the next is counted from it. */
  private bytes: { readonly text: string; readonly bytes: number } | undefined;
  /** `text` with its line starts, so the next version shifts them instead of searching the whole text. */
  private sourceText: SourceText | undefined;
  /** What the last advance() made of `text`: its size and source, or why it could not be parsed. */
  private parsed: { readonly text: string; readonly bytes: number; readonly source: SourceText } | { readonly text: string; readonly failure: FileAnalysis } | undefined;
  /** Results per module-level statement, so an edit re-evaluates only the statements it can affect. */
  private readonly statements = new StatementResults();
  /**
   * The last tree without syntax errors and its text, kept (as an unedited copy) while the document has errors: when
   * it parses cleanly again, the statement results move from there (StatementResults.saveCheckpoint).
   */
  private checkpoint: { readonly tree: Tree; readonly text: string } | undefined;

  constructor(private readonly analyzer: Analyzer, private readonly parser: PythonParser, readonly relativePath: string, text: string) {
    this.text = text;
  }

  /**
   * Parses `newText` (re-parsing incrementally and moving the per-statement results), without running the rules: the
   * editor calls it at each keystroke, so the debounced update() that follows only has the rules left to run.
   * Does nothing when `newText` is already the text parsed last.
   */
  advance(newText: string, change?: TextChange): void {
    const parsed = this.parsed;
    if (parsed !== undefined && parsed.text === newText) return;
    const oldText = this.text;
    // The changed span, when something can be carried from the previous text (a tree, its size).
    const span = change ?? (this.tree !== undefined || this.bytes?.text === oldText ? diffTexts(oldText, newText) : undefined);
    const bytes = this.byteLengthOf(newText, oldText, span);
    const previous = this.sightings;
    // Cleared first: if parsing fails below, the next update scans the whole text again.
    this.sightings = undefined;
    try {
      const edit = this.tree === undefined ? undefined : span;
      const scoped = this.analyzer.hasStatementScopedRules;
      // Reparsing edits the previous tree in place; a copy (cheap: subtrees are shared) keeps the clean version.
      const clean = scoped && this.checkpoint === undefined && this.tree !== undefined && !this.tree.rootNode.hasError ? this.tree.copy() : undefined;
      if (clean !== undefined && this.tree !== undefined) shareTreeFacts(this.tree, clean);
      let next: Tree;
      try {
        next = this.tree === undefined || edit === undefined ? this.parser.parse(newText) : this.parser.reparse(this.tree, oldText, newText, edit);
      } catch (error) {
        clean?.delete();
        throw error;
      }
      // Until moveStatements takes the copy over (keeping it as the checkpoint or deleting it), it is ours to delete.
      let ownsCopy = clean !== undefined;
      try {
        if (this.tree === undefined) {
          trackSubtreeFacts(next);
        } else {
          carrySubtreeFacts(this.tree, next);
        }
        if (scoped) {
          ownsCopy = false;
          this.moveStatements(next, newText, oldText, edit, clean);
        }
      } catch (error) {
        // `next` was not adopted yet; a checkpoint already kept goes with dispose() below.
        next.delete();
        if (ownsCopy) clean?.delete();
        throw error;
      }
      this.tree?.delete();
      this.tree = next;
      this.text = newText;
      // Trigger words are re-checked around the edit only (the rest of the text is unchanged).
      this.sightings = this.analyzer.triggerSightings(newText, previous === undefined || edit === undefined ? undefined : { sightings: previous, change: edit });
      const source = this.sourceText?.text === oldText && span !== undefined ? SourceText.afterChange(this.sourceText, newText, span) : new SourceText(newText);
      this.sourceText = source;
      this.parsed = { text: newText, bytes, source };
    } catch (error) {
      this.dispose();
      this.text = newText;
      const failure = skippedFile(this.relativePath, 'python', bytes, { kind: 'parse-timeout', detail: error instanceof ParseCancelledError ? error.message : `the parser failed (${errorMessage(error)})` });
      this.parsed = { text: newText, failure };
    }
  }

  /** Analyses `newText` (parsing it first unless advance() already did); pass the change when the editor knows it. */
  update(newText: string = this.text, change?: TextChange): FileAnalysis {
    this.advance(newText, change);
    const parsed = this.parsed;
    const tree = this.tree;
    const sightings = this.sightings;
    if (parsed === undefined || 'failure' in parsed || tree === undefined || sightings === undefined) {
      return parsed !== undefined && 'failure' in parsed ? parsed.failure : skippedFile(this.relativePath, 'python', Buffer.byteLength(newText), { kind: 'parse-timeout', detail: 'the document has no parse' });
    }
    const { bytes, source } = parsed;
    const rules = this.analyzer.pythonRulesTriggeredBy(sightings.mask);
    for (const rule of this.analyzer.rules) {
      if (!rules.some((entry) => entry.rule === rule)) this.statements.forget(rule.id);
    }
    return this.analyzer.analyzeTree(this.relativePath, bytes, source, tree, rules, (rule, context) => {
      if (rule.statementScoped === undefined) return rule.checkPython(context);
      try {
        return this.statements.check(rule, context, source);
      } catch (error) {
        this.statements.forget(rule.id);
        throw error;
      }
    });
  }

  /** UTF-8 size of `newText`, from the previous text's when only a span changed (no pass over the whole text). */
  private byteLengthOf(newText: string, oldText: string, span: TextChange | undefined): number {
    const known = this.bytes;
    let bytes: number;
    if (known === undefined || known.text !== oldText || span === undefined) {
      bytes = Buffer.byteLength(newText);
    } else {
      // Counted over whole code points: a surrogate pair split by the span's ends is taken in whole on both sides.
      const start = isHighSurrogate(newText.charCodeAt(span.startOffset - 1)) ? span.startOffset - 1 : span.startOffset;
      const widen = isLowSurrogate(newText.charCodeAt(span.newEndOffset)) ? 1 : 0;
      bytes = known.bytes - Buffer.byteLength(oldText.slice(start, span.oldEndOffset + widen)) + Buffer.byteLength(newText.slice(start, span.newEndOffset + widen));
    }
    this.bytes = { text: newText, bytes };
    return bytes;
  }

  /**
   * Moves the statement results to `next`; from the checkpoint when `next` mends the syntax broken since then. Takes
   * `clean` (an unedited copy of the previous tree) over: keeps it as the checkpoint or deletes it, before anything
   * that can throw.
   */
  private moveStatements(next: Tree, newText: string, oldText: string, edit: TextChange | undefined, clean: Tree | undefined): void {
    if (this.checkpoint !== undefined && !this.statements.hasCheckpoint) {
      // The results started over (a first move): the saved tree has nothing left to move from.
      this.checkpoint.tree.delete();
      this.checkpoint = undefined;
    }
    const checkpoint = this.checkpoint;
    if (checkpoint !== undefined && !next.rootNode.hasError) {
      this.checkpoint = undefined;
      try {
        this.statements.rewind();
        this.statements.moveTo(next, newText, checkpoint.tree, checkpoint.text, diffTexts(checkpoint.text, newText));
      } finally {
        checkpoint.tree.delete();
      }
      return;
    }
    if (clean !== undefined && next.rootNode.hasError) {
      this.checkpoint = { tree: clean, text: oldText };
      this.statements.saveCheckpoint();
    } else {
      clean?.delete();
    }
    this.statements.moveTo(next, newText, this.tree, oldText, edit);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.parsed = undefined;
    this.checkpoint?.tree.delete();
    this.checkpoint = undefined;
    this.statements.dropCheckpoint();
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

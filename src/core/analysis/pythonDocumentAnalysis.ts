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

/** What advance() made of a text: its tree and what the next version carries over, or why it could not be parsed. */
type ParsedText =
  | {
      readonly text: string;
      /** UTF-8 size. */
      readonly bytes: number;
      readonly tree: Tree;
      /** The text with its line starts, which the next version shifts instead of searching the whole text. */
      readonly source: SourceText;
      /** Trigger-word sightings, which the next version re-checks only around the changed span. */
      readonly sightings: TriggerWordSightings;
    }
  | { readonly text: string; readonly bytes: number; readonly failure: FileAnalysis };

/**
 * One open Python document: keeps the last tree so a keystroke re-parses only the edited region. Always parses
 * (even when no rule is triggered) so the next edit stays incremental.
 */
export class PythonDocumentAnalysis {
  private text: string;
  /** The last text advance() handled (it is `text` whenever set); undefined at first and after dispose(). */
  private parsed: ParsedText | undefined;
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
  advance(newText: string, change?: TextChange): ParsedText {
    const parsed = this.parsed;
    if (parsed !== undefined && parsed.text === newText) return parsed;
    const oldText = this.text;
    // What the next version carries over from the previous one: a tree, line starts and sightings only if it parsed.
    const known = parsed?.text === oldText ? parsed : undefined;
    const previous = known !== undefined && 'tree' in known ? known : undefined;
    const span = change ?? (known === undefined ? undefined : diffTexts(oldText, newText));
    const bytes = byteLengthAfter(known?.bytes, oldText, newText, span);
    this.text = newText;
    try {
      this.parsed = { text: newText, bytes, ...this.parse(previous, oldText, newText, span) };
    } catch (error) {
      this.dispose();
      const detail = error instanceof ParseCancelledError ? error.message : `the parser failed (${errorMessage(error)})`;
      this.parsed = { text: newText, bytes, failure: skippedFile(this.relativePath, 'python', bytes, { kind: 'parse-timeout', detail }) };
    }
    return this.parsed;
  }

  /** Analyses `newText` (parsing it first unless advance() already did); pass the change when the editor knows it. */
  update(newText: string = this.text, change?: TextChange): FileAnalysis {
    const parsed = this.advance(newText, change);
    if ('failure' in parsed) return parsed.failure;
    const { bytes, source, tree } = parsed;
    const rules = this.analyzer.pythonRulesTriggeredBy(parsed.sightings.mask);
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

  /**
   * Parses `newText`, incrementally from `previous` (the parse of `oldText`, which it replaces and deletes) when there
   * is one, and moves the statement results.
   */
  private parse(previous: Extract<ParsedText, { tree: Tree }> | undefined, oldText: string, newText: string, span: TextChange | undefined): { tree: Tree; source: SourceText; sightings: TriggerWordSightings } {
    const edit = previous === undefined ? undefined : span;
    const scoped = this.analyzer.hasStatementScopedRules;
    const previousTree = previous?.tree;
    // Reparsing edits the previous tree in place; a copy (cheap: subtrees are shared) keeps the clean version.
    const clean = scoped && this.checkpoint === undefined && previousTree !== undefined && !previousTree.rootNode.hasError ? previousTree.copy() : undefined;
    if (clean !== undefined && previousTree !== undefined) shareTreeFacts(previousTree, clean);
    let next: Tree;
    try {
      next = previousTree === undefined || edit === undefined ? this.parser.parse(newText) : this.parser.reparse(previousTree, oldText, newText, edit);
    } catch (error) {
      clean?.delete();
      throw error;
    }
    // Until moveStatements takes the copy over (keeping it as the checkpoint or deleting it), it is ours to delete.
    let ownsCopy = clean !== undefined;
    let carried: { source: SourceText; sightings: TriggerWordSightings };
    try {
      carried = {
        // Line starts are shifted, and trigger words re-checked around the edit only (the rest of the text is unchanged).
        source: previous !== undefined && span !== undefined ? SourceText.afterChange(previous.source, newText, span) : new SourceText(newText),
        sightings: this.analyzer.triggerSightings(newText, previous === undefined || edit === undefined ? undefined : { sightings: previous.sightings, change: edit }),
      };
      if (previousTree === undefined) {
        trackSubtreeFacts(next);
      } else {
        carrySubtreeFacts(previousTree, next);
      }
      if (scoped) {
        ownsCopy = false;
        this.moveStatements(next, newText, previousTree, oldText, edit, clean);
      }
    } catch (error) {
      // `next` was not adopted yet; a checkpoint already kept goes with dispose().
      next.delete();
      if (ownsCopy) clean?.delete();
      throw error;
    }
    previousTree?.delete();
    // Gone with its tree; the caller stores `next` in its place (nothing below can throw).
    this.parsed = undefined;
    return { tree: next, ...carried };
  }

  /**
   * Moves the statement results to `next`; from the checkpoint when `next` mends the syntax broken since then. Takes
   * `clean` (an unedited copy of the previous tree) over: keeps it as the checkpoint or deletes it, before anything
   * that can throw.
   */
  private moveStatements(next: Tree, newText: string, previousTree: Tree | undefined, oldText: string, edit: TextChange | undefined, clean: Tree | undefined): void {
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
    this.statements.moveTo(next, newText, previousTree, oldText, edit);
  }

  dispose(): void {
    const parsed = this.parsed;
    if (parsed !== undefined && 'tree' in parsed) parsed.tree.delete();
    this.parsed = undefined;
    this.checkpoint?.tree.delete();
    this.checkpoint = undefined;
    this.statements.dropCheckpoint();
  }
}

/**
 * UTF-8 size of `newText`: from `knownBytes` (the size of `oldText`) when only `span` changed, so there is no pass
 * over the whole text; counted in full otherwise.
 */
function byteLengthAfter(knownBytes: number | undefined, oldText: string, newText: string, span: TextChange | undefined): number {
  if (knownBytes === undefined || span === undefined) {
    return Buffer.byteLength(newText);
  }
  // Counted over whole code points: a surrogate pair split by the span's ends is taken in whole on both sides.
  const start = isHighSurrogate(newText.charCodeAt(span.startOffset - 1)) ? span.startOffset - 1 : span.startOffset;
  const widen = isLowSurrogate(newText.charCodeAt(span.newEndOffset)) ? 1 : 0;
  return knownBytes - Buffer.byteLength(oldText.slice(start, span.oldEndOffset + widen)) + Buffer.byteLength(newText.slice(start, span.newEndOffset + widen));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

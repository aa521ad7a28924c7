// The analysis pipeline for one file: pick the language, prefilter on the rules' trigger words, decode, parse once,
// run the rules, apply severities from the project file, suppressions and the baseline, sort. It never throws for
// bad input: unreadable, binary, non-UTF-8 and oversized files are skipped with a reason, and a rule that throws
// is recorded as a rule failure for that file.
import { isUtf8 } from 'node:buffer';
import type { Tree } from 'web-tree-sitter';
import { allRules } from '../rules/allRules';
import { completeScope, isPythonRule, isTextRule } from '../rules/rule';
import { carrySubtreeFacts, shareTreeFacts, trackSubtreeFacts } from '../rules/pythonSyntax';
import type { FileLanguage, PythonRule, PythonRuleContext, Rule, RuleFinding, TextLanguage, TextRule, TextRuleContext } from '../rules/rule';
import { createLayoutModel } from '../layout/layoutGrammar';
import type { LayoutModel } from '../layout/layoutModel';
import type { ProjectSettings, SeveritySetting } from '../config/projectSettings';
import { diffTexts, PythonParser, ParseCancelledError } from '../python/pythonParser';
import type { TextChange, WasmLocation } from '../python/pythonParser';
import { fingerprintFindings } from './baseline';
import type { BaselineFilter } from './baseline';
import type { Finding, Severity } from './finding';
import { compareFindings } from './findingOrder';
import { skippedFile } from './fileAnalysis';
import type { FileAnalysis, RuleFailure } from './fileAnalysis';
import { languageOfPath } from './fileLanguage';
import { SourceText } from './sourceText';
import { StatementResults } from './statementResults';
import { TriggerWordGroups } from './triggerWordGroups';
import type { TriggerWordSightings } from './triggerWordGroups';
import { TriggerWordMatcher } from './triggerWordMatcher';
import { FileReader } from '../workspace/fileReader';
import type { FileContent } from '../workspace/fileReader';
import { scanSuppressions, suppressionRuleId, suppressionRuleMetadata, suppressionRuleName, suppressionTriggerWords, withoutSuppressed } from './suppressions';

export interface AnalyzerOptions {
  readonly wasm: WasmLocation;
  readonly settings: ProjectSettings;
  /** Defaults to every rule in allRules.ts; tests pass a single rule. */
  readonly rules?: readonly Rule[];
  readonly baseline?: BaselineFilter;
  readonly parseTimeoutMs?: number;
}

interface ActiveRule<T extends Rule> {
  readonly rule: T;
  /** The project file's severity for the rule, when it sets one (never 'off': those rules are not active). */
  readonly configuredSeverity: Severity | undefined;
  /** `triggerWordsFor(layout)` when the rule has it, else `triggerWords`. */
  readonly triggerWords: readonly string[];
  /** This rule's bit in the analyzer's TriggerWordGroups. */
  readonly triggerBit: number;
}

function severityOf(entry: ActiveRule<Rule>, language: FileLanguage): Severity {
  return entry.configuredSeverity ?? entry.rule.defaultSeverityByLanguage?.[language] ?? entry.rule.defaultSeverity;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function triggeredBy<T extends Rule>(rules: readonly ActiveRule<T>[], matchedBits: number): ActiveRule<T>[] {
  return rules.filter((entry) => (matchedBits & entry.triggerBit) !== 0);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class Analyzer {
  readonly layout: LayoutModel;
  private readonly pythonRules: readonly ActiveRule<PythonRule>[];
  private readonly textRules: ReadonlyMap<TextLanguage, readonly ActiveRule<TextRule>[]>;
  private readonly suppressionSeverity: SeveritySetting;
  /** One pass over a text tells which active rules it triggers. */
  private readonly triggerGroups: TriggerWordGroups;
  /** Matches every word that can make a file worth decoding (any active rule's trigger words, suppression markers). */
  private readonly anyTriggerWord: TriggerWordMatcher | undefined;
  /** Reads whole files into one reused buffer (analyzeFile). */
  private readonly fileReader = new FileReader();

  constructor(
    private readonly parser: PythonParser,
    readonly settings: ProjectSettings,
    readonly rules: readonly Rule[],
    private readonly baseline: BaselineFilter | undefined,
  ) {
    this.layout = createLayoutModel(settings.layout);
    const active: ActiveRule<Rule>[] = [];
    for (const rule of rules) {
      const configured = settings.ruleSeverities[rule.id];
      if (configured !== 'off') {
        const triggerWords = rule.triggerWordsFor?.(settings.layout) ?? rule.triggerWords;
        active.push({ rule, configuredSeverity: configured, triggerWords, triggerBit: 1 << active.length });
      }
    }
    this.pythonRules = active.filter((entry): entry is ActiveRule<PythonRule> => isPythonRule(entry.rule));
    const textRules = new Map<TextLanguage, ActiveRule<TextRule>[]>();
    for (const entry of active) {
      if (isTextRule(entry.rule)) {
        for (const language of entry.rule.languages) {
          textRules.set(language, [...(textRules.get(language) ?? []), entry as ActiveRule<TextRule>]);
        }
      }
    }
    this.textRules = textRules;
    this.triggerGroups = new TriggerWordGroups(active.map((entry) => entry.triggerWords));
    this.suppressionSeverity = settings.ruleSeverities[suppressionRuleId] ?? suppressionRuleMetadata.defaultSeverity;
    this.anyTriggerWord = active.some((entry) => entry.triggerWords.length === 0)
      ? undefined
      : new TriggerWordMatcher([...active.flatMap((entry) => entry.triggerWords), ...suppressionTriggerWords]);
  }

  /** Reads and analyses a file; `relativePath` is relative to the repository root with POSIX separators. */
  analyzeFile(absolutePath: string, relativePath: string): FileAnalysis {
    const language = languageOfPath(relativePath);
    if (language === undefined) {
      return skippedFile(relativePath, language, 0, { kind: 'unsupported-file-type', detail: 'not a Python (.py), shell/Slurm (.sh, .sbatch, .slurm) or Markdown (.md) file' });
    }
    let content: FileContent;
    try {
      content = this.fileReader.read(absolutePath, this.settings.maxFileSizeBytes);
    } catch (error) {
      return skippedFile(relativePath, language, 0, { kind: 'unreadable', detail: `cannot read it (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})` });
    }
    if (content.kind === 'too-large') {
      return skippedFile(relativePath, language, content.size, { kind: 'too-large', detail: `${formatBytes(content.size)} exceeds maxFileSizeBytes (${this.settings.maxFileSizeBytes}); raise it in refactor-runbook.json to analyse this file` });
    }
    // The bytes live in the reader's buffer until the next read; analyzeBytes keeps nothing of them but decoded text.
    return this.analyzeBytes(relativePath, content.bytes);
  }

  /** Analyses file content given as bytes (binary, non-UTF-8 and oversized content is skipped with a reason). */
  analyzeBytes(relativePath: string, bytes: Uint8Array): FileAnalysis {
    const language = languageOfPath(relativePath);
    if (language === undefined) {
      return skippedFile(relativePath, language, bytes.length, { kind: 'unsupported-file-type', detail: 'not a Python, shell/Slurm or Markdown file' });
    }
    if (bytes.length > this.settings.maxFileSizeBytes) {
      return skippedFile(relativePath, language, bytes.length, { kind: 'too-large', detail: `${formatBytes(bytes.length)} exceeds maxFileSizeBytes (${this.settings.maxFileSizeBytes})` });
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (buffer.indexOf(0) !== -1) {
      return skippedFile(relativePath, language, bytes.length, { kind: 'binary', detail: `contains a NUL byte at offset ${buffer.indexOf(0)}, so it is not a text file` });
    }
    if (!isUtf8(buffer)) {
      return skippedFile(relativePath, language, bytes.length, { kind: 'not-utf8', detail: 'is not valid UTF-8; re-save it as UTF-8 to analyse it' });
    }
    // Most files of a large repository mention no trigger word at all: skip decoding them.
    if (this.anyTriggerWord !== undefined && !this.anyTriggerWord.matchesAny(buffer)) {
      return this.emptyResult(relativePath, language, bytes.length);
    }
    return this.analyzeText(relativePath, new TextDecoder('utf-8', { fatal: true }).decode(buffer), bytes.length);
  }

  private emptyResult(relativePath: string, language: FileLanguage, bytes: number): FileAnalysis {
    return { relativePath, language, bytes, parsed: false, hasSyntaxErrors: false, findings: [], suppressedCount: 0, baselinedCount: 0, ruleFailures: [] };
  }

  /** Analyses decoded text (the editor's unsaved buffer, or a file's content). */
  analyzeText(relativePath: string, text: string, bytes: number = Buffer.byteLength(text)): FileAnalysis {
    const language = languageOfPath(relativePath);
    if (language === undefined) {
      return skippedFile(relativePath, language, bytes, { kind: 'unsupported-file-type', detail: 'not a Python, shell/Slurm or Markdown file' });
    }
    const source = new SourceText(text);
    if (language !== 'python') {
      const rules = triggeredBy(this.textRules.get(language) ?? [], this.triggerGroups.matchedGroups(text));
      return this.finish(relativePath, language, bytes, source, false, false, (failures) => this.runTextRules(rules, this.textContext(relativePath, source, language), failures));
    }
    // Exact pre-parse gate: a triggered rule whose own candidate search finds nothing in the text cannot report a
    // finding (PythonRule.mayFind), so it is not run, and the file is not parsed when no rule is left. Suppression
    // comments are scanned on the text in finish() either way, so their findings do not depend on parsing.
    const rules = triggeredBy(this.pythonRules, this.triggerGroups.matchedGroups(text)).filter((entry) => this.mayFind(entry.rule, text));
    if (rules.length === 0) {
      return this.finish(relativePath, language, bytes, source, false, false, () => []);
    }
    let tree: Tree;
    try {
      tree = this.parser.parse(text);
    } catch (error) {
      return skippedFile(relativePath, language, bytes, { kind: 'parse-timeout', detail: error instanceof ParseCancelledError ? error.message : `the parser failed (${errorMessage(error)})` });
    }
    try {
      return this.analyzeTree(relativePath, bytes, source, tree, rules);
    } finally {
      tree.delete();
    }
  }

  /** A rule's pre-parse gate; a gate that throws counts as "may find" (the rule then runs and its failure is recorded). */
  private mayFind(rule: PythonRule, text: string): boolean {
    try {
      return rule.mayFind?.(text, this.layout) ?? true;
    } catch {
      return true;
    }
  }

  /**
   * Runs the Python rules on an already parsed tree (the caller keeps ownership of `tree`). `check` runs one rule
   * (an open document passes its per-statement results); by default the rule checks the whole file.
   */
  analyzeTree(
    relativePath: string,
    bytes: number,
    source: SourceText,
    tree: Tree,
    rules = triggeredBy(this.pythonRules, this.triggerGroups.matchedGroups(source.text)),
    check: (rule: PythonRule, context: PythonRuleContext) => RuleFinding[] = (rule, context) => rule.checkPython(context),
  ): FileAnalysis {
    const context = this.pythonContext(relativePath, source, tree);
    return this.finish(relativePath, 'python', bytes, source, true, tree.rootNode.hasError, (failures) =>
      rules.flatMap((entry) => this.collect(entry, 'python', source, () => check(entry.rule, context), failures)),
    );
  }

  /** Where the active rules' trigger words occur in `text` (an open document keeps this between edits). */
  triggerSightings(text: string, previous?: { readonly sightings: TriggerWordSightings; readonly change: TextChange }): TriggerWordSightings {
    return previous === undefined ? this.triggerGroups.sightings(text) : this.triggerGroups.sightingsAfterChange(previous.sightings, text, previous.change);
  }

  /** True when an active Python rule can re-check only some statements of an open document (StatementScope). */
  get hasStatementScopedRules(): boolean {
    return this.pythonRules.some((entry) => entry.rule.statementScoped !== undefined);
  }

  /** The active Python rules a text with these trigger-word groups triggers. */
  pythonRulesTriggeredBy(matchedGroups: number): ActiveRule<PythonRule>[] {
    return triggeredBy(this.pythonRules, matchedGroups);
  }

  /** Incremental analysis of one open Python document (the editor keeps one per document). */
  openPythonDocument(relativePath: string, text: string): PythonDocumentAnalysis {
    return new PythonDocumentAnalysis(this, this.parser, relativePath, text);
  }

  private finish(
    relativePath: string,
    language: FileLanguage,
    bytes: number,
    source: SourceText,
    parsed: boolean,
    hasSyntaxErrors: boolean,
    runRules: (failures: RuleFailure[]) => Finding[],
  ): FileAnalysis {
    const ruleFailures: RuleFailure[] = [];
    const ruleFindings = runRules(ruleFailures);
    const scan = scanSuppressions(source, language);
    const kept = withoutSuppressed(ruleFindings, scan.suppressions);
    const suppressionFindings: Finding[] =
      this.suppressionSeverity === 'off'
        ? []
        : scan.problems.map((problem) => ({ rule: suppressionRuleId, name: suppressionRuleName, severity: this.suppressionSeverity as Severity, range: problem.range, message: problem.message }));
    const sorted = [...kept, ...suppressionFindings].sort(compareFindings);
    const fingerprinted = fingerprintFindings(relativePath, source, sorted);
    const reported = this.baseline === undefined ? fingerprinted : fingerprinted.filter((finding) => !this.baseline?.isAccepted(finding));
    return {
      relativePath,
      language,
      bytes,
      parsed,
      hasSyntaxErrors,
      findings: reported,
      suppressedCount: ruleFindings.length - kept.length,
      baselinedCount: fingerprinted.length - reported.length,
      ruleFailures,
    };
  }

  private collect<T extends Rule>(entry: ActiveRule<T>, language: FileLanguage, source: SourceText, check: () => RuleFinding[], failures: RuleFailure[]): Finding[] {
    const severity = severityOf(entry, language);
    let found: RuleFinding[];
    try {
      found = check();
    } catch (error) {
      failures.push({ rule: entry.rule.id, message: errorMessage(error) });
      return [];
    }
    const findings: Finding[] = [];
    for (const finding of found) {
      const problem = source.rangeProblem(finding.range) ?? (finding.fix?.edits.map((edit) => source.rangeProblem(edit.range)).find((editProblem) => editProblem !== undefined));
      if (problem !== undefined) {
        failures.push({ rule: entry.rule.id, message: `reported an invalid range (${problem}); the finding was dropped` });
        continue;
      }
      const { origin: _origin, ...reported } = finding;
      void _origin;
      findings.push({ ...reported, rule: entry.rule.id, name: entry.rule.name, severity });
    }
    return findings;
  }

  private runTextRules(rules: readonly ActiveRule<TextRule>[], context: TextRuleContext & { sourceText: SourceText }, failures: RuleFailure[]): Finding[] {
    return rules.flatMap((entry) => this.collect(entry, context.language, context.sourceText, () => entry.rule.checkText(context), failures));
  }

  private fileContext(relativePath: string, source: SourceText) {
    return {
      source: source.text,
      sourceText: source,
      relativePath,
      isAtRepositoryRoot: !relativePath.includes('/'),
      layout: this.layout,
      rangeAt: (lineIndex: number, startColumn: number, endColumn: number, endLineIndex?: number) => source.rangeAt(lineIndex, startColumn, endColumn, endLineIndex),
      rangeOfOffsets: (startOffset: number, endOffset: number) => source.rangeOfOffsets(startOffset, endOffset),
    };
  }

  private pythonContext(relativePath: string, source: SourceText, tree: Tree): PythonRuleContext & { sourceText: SourceText } {
    return {
      ...this.fileContext(relativePath, source),
      tree,
      // web-tree-sitter reports columns in UTF-16 code units for string input, exactly what SourceRange wants.
      rangeOf: (node) => ({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, endLine: node.endPosition.row + 1, endColumn: node.endPosition.column + 1 }),
      query: (querySource) => this.parser.query(querySource),
      scope: completeScope,
    };
  }

  private textContext(relativePath: string, source: SourceText, language: TextLanguage): TextRuleContext & { sourceText: SourceText } {
    return { ...this.fileContext(relativePath, source), language, lines: source.lines };
  }
}

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

  /** Analyses the current text; pass the new text after each change (and the change when the editor knows it). */
  update(newText: string = this.text, change?: TextChange): FileAnalysis {
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
      if (this.tree === undefined) {
        trackSubtreeFacts(next);
      } else {
        carrySubtreeFacts(this.tree, next);
      }
      if (scoped) {
        this.moveStatements(next, newText, oldText, edit, clean);
      }
      this.tree?.delete();
      this.tree = next;
      this.text = newText;
      // Trigger words are re-checked around the edit only (the rest of the text is unchanged).
      this.sightings = this.analyzer.triggerSightings(newText, previous === undefined || edit === undefined ? undefined : { sightings: previous, change: edit });
    } catch (error) {
      this.dispose();
      this.text = newText;
      return skippedFile(this.relativePath, 'python', bytes, { kind: 'parse-timeout', detail: error instanceof ParseCancelledError ? error.message : `the parser failed (${errorMessage(error)})` });
    }
    const source = this.sourceText?.text === oldText && span !== undefined ? SourceText.afterChange(this.sourceText, newText, span) : new SourceText(newText);
    this.sourceText = source;
    const rules = this.analyzer.pythonRulesTriggeredBy(this.sightings.mask);
    for (const rule of this.analyzer.rules) {
      if (!rules.some((entry) => entry.rule === rule)) this.statements.forget(rule.id);
    }
    return this.analyzer.analyzeTree(this.relativePath, bytes, source, this.tree, rules, (rule, context) => {
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

  /** Moves the statement results to `next`; from the checkpoint when `next` mends the syntax broken since then. */
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

export async function createAnalyzer(options: AnalyzerOptions): Promise<Analyzer> {
  const parser = await PythonParser.load(options.wasm, options.parseTimeoutMs);
  return new Analyzer(parser, options.settings, options.rules ?? allRules, options.baseline);
}

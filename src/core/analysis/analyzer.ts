// The analysis pipeline for one file: pick the language, prefilter on the rules' trigger words, decode, parse once,
// run the rules, apply severities from the project file, suppressions and the baseline, sort. It never throws for
// bad input: unreadable, binary, non-UTF-8 and oversized files are skipped with a reason, and a rule that throws
// is recorded as a rule failure for that file.
import { isUtf8 } from 'node:buffer';
import type { Tree } from 'web-tree-sitter';
import { allRules } from '../rules/allRules';
import { isPythonRule, isTextRule } from '../rules/rule';
import type { PythonRule, PythonRuleContext, Rule, RuleFinding, TextRule, TextRuleContext } from '../rules/rule';
import type { FileLanguage, TextLanguage } from '../model/fileLanguage';
import { createLayoutModel } from '../layout/layoutGrammar';
import type { LayoutModel } from '../layout/layoutModel';
import { ruleVocabulary } from '../rules/projectVocabulary';
import type { RuleVocabulary } from '../rules/projectVocabulary';
import type { ProjectSettings, SeveritySetting } from '../config/projectSettings';
import { PythonParser, ParseCancelledError } from '../python/pythonParser';
import { readFailureText } from '../files/regularFile';
import type { WasmLocation } from '../python/pythonParser';
import { fingerprintFindings } from './baseline';
import type { BaselineFilter } from './baseline';
import type { Finding, Severity } from '../model/finding';
import { compareFindings } from '../model/findingOrder';
import { skippedFile } from '../model/fileAnalysis';
import type { FileAnalysis, RuleFailure } from '../model/fileAnalysis';
import { languageOfPath } from '../model/fileLanguage';
import { SourceText } from '../text/sourceText';
import { PythonDocumentAnalysis } from './pythonDocumentAnalysis';
import { errorMessage } from '../model/errorMessage';
import { TriggerWordGroups } from './triggerWordGroups';
import { TriggerWordMatcher } from './triggerWordMatcher';
import { FileReader } from '../workspace/fileReader';
import type { FileContent } from '../workspace/fileReader';
import { scanSuppressions, suppressionRuleId, suppressionRuleMetadata, suppressionRuleName, suppressionTriggerWords, unusedSuppressionProblems, withoutSuppressed } from './suppressions';

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
  /** `triggerWordsFor(layout, vocabulary)` when the rule has it, else `triggerWords`. */
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

export class Analyzer {
  readonly layout: LayoutModel;
  readonly vocabulary: RuleVocabulary;
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
    this.vocabulary = ruleVocabulary(settings.vocabulary);
    const active: ActiveRule<Rule>[] = [];
    for (const rule of rules) {
      const configured = settings.ruleSeverities[rule.id];
      if (configured !== 'off') {
        const triggerWords = rule.triggerWordsFor?.(settings.layout, this.vocabulary) ?? rule.triggerWords;
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
      return skippedFile(relativePath, language, 0, { kind: 'unreadable', detail: `cannot read it (${readFailureText(error)})` });
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
      return skippedFile(relativePath, language, bytes, error instanceof ParseCancelledError ? { kind: 'parse-timeout', detail: error.message } : { kind: 'parse-failed', detail: error instanceof Error ? error.message : String(error) });
    }
    let analysis: FileAnalysis;
    try {
      analysis = this.analyzeTree(relativePath, bytes, source, tree, rules);
    } finally {
      tree.delete();
    }
    // A rule that threw may have met a failing parser runtime: then nothing found in this file can be trusted.
    if (analysis.ruleFailures.length > 0 && this.parser.checkAfterFailure()) {
      return skippedFile(relativePath, language, bytes, { kind: 'parse-failed', detail: `the parser failed while this file was analysed (${analysis.ruleFailures.map((failure) => failure.message).join('; ')}) and was restarted for the next files` });
    }
    return analysis;
  }

  /** Resolves once the parser is fully restarted after a failure; call between files when `parserRestartPending`. */
  ready(): Promise<void> {
    return this.parser.ready();
  }

  get parserRestartPending(): boolean {
    return this.parser.restartPending;
  }

  /** Call between files: after a file that broke the parser, waits for its replacement so the next file is analysed, not refused. */
  async settled(): Promise<void> {
    if (this.parserRestartPending) await this.ready();
  }

  /** A rule's pre-parse gate; a gate that throws counts as "may find" (the rule then runs and its failure is recorded). */
  private mayFind(rule: PythonRule, text: string): boolean {
    try {
      return rule.mayFind?.(text, this.layout, this.vocabulary) ?? true;
    } catch {
      return true;
    }
  }

  /** Runs the Python rules on an already parsed tree (the caller keeps ownership of `tree`). */
  analyzeTree(relativePath: string, bytes: number, source: SourceText, tree: Tree, rules = triggeredBy(this.pythonRules, this.triggerGroups.matchedGroups(source.text))): FileAnalysis {
    const context = this.pythonContext(relativePath, source, tree);
    return this.finish(relativePath, 'python', bytes, source, true, tree.rootNode.hasError, (failures) =>
      rules.flatMap((entry) => this.collect(entry, 'python', source, () => entry.rule.checkPython(context), failures)),
    );
  }

  /** Incremental analysis of one open Python document (the editor keeps one per document). */
  openPythonDocument(relativePath: string): PythonDocumentAnalysis {
    return new PythonDocumentAnalysis(this, this.parser, relativePath);
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
    // Rules may miss code around a syntax error, so a suppression that silenced nothing there proves nothing.
    const problems = hasSyntaxErrors ? scan.problems : [...scan.problems, ...unusedSuppressionProblems(ruleFindings, scan.suppressions, (rule) => this.checks(rule, language) && !ruleFailures.some((failure) => failure.rule === rule))];
    const suppressionFindings: Finding[] =
      this.suppressionSeverity === 'off'
        ? []
        : problems.map((problem) => ({ rule: suppressionRuleId, name: suppressionRuleName, severity: this.suppressionSeverity as Severity, range: problem.range, message: problem.message }));
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

  /** Whether an active rule checks files of `language` (a suppression of any other rule cannot be used there). */
  private checks(rule: string, language: FileLanguage): boolean {
    const active = language === 'python' ? this.pythonRules : (this.textRules.get(language) ?? []);
    return active.some((entry) => entry.rule.id === rule);
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
      findings.push({ ...finding, rule: entry.rule.id, name: entry.rule.name, severity });
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
      vocabulary: this.vocabulary,
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
    };
  }

  private textContext(relativePath: string, source: SourceText, language: TextLanguage): TextRuleContext & { sourceText: SourceText } {
    return { ...this.fileContext(relativePath, source), language, lines: source.lines };
  }
}

export async function createAnalyzer(options: AnalyzerOptions): Promise<Analyzer> {
  const parser = await PythonParser.load(options.wasm, options.parseTimeoutMs);
  return new Analyzer(parser, options.settings, options.rules ?? allRules, options.baseline);
}

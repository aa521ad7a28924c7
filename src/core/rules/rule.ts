// The contract between the analysis pipeline and the rules. A rule sees one file at a time, already read, decoded
// and (for Python) parsed; it returns findings without severity, rule id or name: the pipeline adds those from the
// rule's metadata and the project file, then applies suppressions and the baseline.
import type { Node, Query, Tree } from 'web-tree-sitter';
import type { Finding, RuleId, Severity, SourceRange } from '../model/finding';
import type { FileLanguage, TextLanguage } from '../model/fileLanguage';
import type { LayoutModel, LayoutSettings } from '../layout/layoutModel';
import type { RuleVocabulary } from './projectVocabulary';

/** What a rule reports; `rule`, `name` and `severity` are filled in by the pipeline. */
export type RuleFinding = Omit<Finding, 'rule' | 'name' | 'severity'>;

export interface RuleMetadata {
  readonly id: RuleId;
  /** Stable kebab-case name, e.g. 'legacy-artifact-discovery'. */
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One sentence: what the rule catches and what to do instead (shown as SARIF help and in `--help`-like lists). */
  readonly description: string;
  /**
   * Cheap text prefilter: the rule runs on a file only if the file's text contains at least one of these words
   * (plain substring, case-sensitive). An empty list means "always run".
   */
  readonly triggerWords: readonly string[];
  /**
   * Trigger words that depend on the project's layout (e.g. its experiment root and legacy root names) or vocabulary
   * (its artifact words). When present the pipeline uses these instead of `triggerWords`; keep `triggerWords` as the
   * words of the default layout and vocabulary.
   */
  triggerWordsFor?(layout: LayoutSettings, vocabulary: RuleVocabulary): readonly string[];
  /** Default severity per file language, when it differs from `defaultSeverity` (a project-file severity overrides both). */
  readonly defaultSeverityByLanguage?: Readonly<Partial<Record<FileLanguage, Severity>>>;
}

interface FileContext {
  /** The whole file text, decoded from UTF-8. */
  readonly source: string;
  /** POSIX separators, relative to the repository root (the folder holding the project file, or the scan root). */
  readonly relativePath: string;
  /** True when the file sits directly in the repository root (e.g. `train.py`), where `Path(__file__).parent` is the root. */
  readonly isAtRepositoryRoot: boolean;
  readonly layout: LayoutModel;
  /** The project's names: its path function, its model words, its artifact words and extensions (projectVocabulary.ts). */
  readonly vocabulary: RuleVocabulary;
  /**
   * 1-based, UTF-16 range from 0-based line and 0-based UTF-16 column positions (end exclusive), e.g. from a regex
   * match on one line: `rangeAt(lineIndex, match.index, match.index + match[0].length)`.
   */
  rangeAt(lineIndex: number, startColumn: number, endColumn: number, endLineIndex?: number): SourceRange;
  /** 1-based, UTF-16 range from 0-based UTF-16 offsets into `source` (end exclusive). */
  rangeOfOffsets(startOffset: number, endOffset: number): SourceRange;
}

export interface PythonRuleContext extends FileContext {
  readonly tree: Tree;
  /** The finding range for a syntax node (web-tree-sitter columns are UTF-16 code units, so this is exact). */
  rangeOf(node: Node): SourceRange;
  /**
   * Compiles a tree-sitter query for the Python grammar once per process and returns the cached instance.
   * Throws (and the pipeline records the rule as failed) if the query text is invalid.
   */
  query(source: string): Query;
}

export interface TextRuleContext extends FileContext {
  readonly language: TextLanguage;
  /** `source` split into lines without their terminators (`\r\n`, `\n` or `\r`). */
  readonly lines: readonly string[];
}

export interface PythonRule extends RuleMetadata {
  checkPython(context: PythonRuleContext): RuleFinding[];
  /**
   * Exact pre-parse gate for one-shot analysis (Analyzer.analyzeText/analyzeBytes): false when the rule's own
   * candidate search (the regexes over the source it starts with, e.g. callNameHits) finds no candidate in `source`,
   * so `checkPython` could not report anything there. When every triggered rule says false the file is not parsed
   * (suppression comments are still scanned on the text). Open editor documents always parse and ignore this.
   *
   * Invariant (tested in test/unit/rules/mayFindGate.test.ts): if `checkPython` reports a finding for a text, then
   * `mayFind(text, layout, vocabulary)` is true for that text, layout and vocabulary. Implement it by calling the same functions and regexes
   * that `checkPython` uses to find candidates, never a second approximation; when a rule gains a new way to find
   * candidates, `mayFind` must include it. Omit it to always parse.
   */
  mayFind?(source: string, layout: LayoutModel, vocabulary: RuleVocabulary): boolean;
}

export interface TextRule extends RuleMetadata {
  readonly languages: readonly TextLanguage[];
  checkText(context: TextRuleContext): RuleFinding[];
}

/** A rule may check Python, text files, or both (RR006 checks Slurm scripts and SBATCH text inside Python strings). */
export type Rule = PythonRule | TextRule | (PythonRule & TextRule);

export function isPythonRule(rule: Rule): rule is PythonRule {
  return typeof (rule as Partial<PythonRule>).checkPython === 'function';
}

export function isTextRule(rule: Rule): rule is TextRule {
  return typeof (rule as Partial<TextRule>).checkText === 'function' && Array.isArray((rule as Partial<TextRule>).languages);
}

// The result of analysing one file: findings plus what happened (parsed, skipped and why, rules that failed), so
// the CLI's stats and --verbose output and the editor's log can state every reason.
import type { FingerprintedFinding, RuleId } from './finding';
import type { FileLanguage } from './fileLanguage';

export type SkipKind = 'unsupported-file-type' | 'too-large' | 'binary' | 'not-utf8' | 'unreadable' | 'parse-timeout' | 'parse-failed';

export interface SkipReason {
  readonly kind: SkipKind;
  /** e.g. "3.1 MB exceeds maxFileSizeBytes (2097152)". */
  readonly detail: string;
}

export interface RuleFailure {
  readonly rule: RuleId;
  readonly message: string;
}

export interface FileAnalysis {
  /** POSIX, relative to the repository root. */
  readonly relativePath: string;
  readonly language: FileLanguage | undefined;
  readonly bytes: number;
  /** True when the Python parser ran (the text prefilter let at least one Python rule through). */
  readonly parsed: boolean;
  /** True when the parse tree has syntax errors: the rest of the file was still analysed. */
  readonly hasSyntaxErrors: boolean;
  readonly skipped?: SkipReason;
  /** Sorted; suppressed and baselined findings removed. */
  readonly findings: readonly FingerprintedFinding[];
  readonly suppressedCount: number;
  readonly baselinedCount: number;
  /** Rules that threw or returned a range outside the file on this file; their findings here are dropped. */
  readonly ruleFailures: readonly RuleFailure[];
}

export function skippedFile(relativePath: string, language: FileLanguage | undefined, bytes: number, skipped: SkipReason): FileAnalysis {
  return { relativePath, language, bytes, parsed: false, hasSyntaxErrors: false, skipped, findings: [], suppressedCount: 0, baselinedCount: 0, ruleFailures: [] };
}

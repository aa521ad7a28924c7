// What every rule reports and every front end (CLI, editor, checklist) consumes.

export const ruleIds = ['RR001', 'RR002', 'RR003', 'RR004', 'RR005', 'RR006'] as const;
export type RuleId = (typeof ruleIds)[number];

/** `off` only ever appears in configuration; findings always carry one of the other four. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * 1-based lines and columns; columns count UTF-16 code units (what VS Code and most editors use);
 * the end is exclusive, so a one-character range has endColumn = column + 1.
 */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface TextEdit {
  readonly range: SourceRange;
  readonly newText: string;
}

export interface Fix {
  /** Shown as the quick-fix title, e.g. "Add weights_only=True". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly rule: RuleId | 'RR000';
  readonly name: string;
  readonly severity: Severity;
  readonly range: SourceRange;
  /** What is wrong and what to do instead (the runbook's remedy). */
  readonly message: string;
  readonly fix?: Fix;
}

/** A finding with its baseline fingerprint (rule, file, the flagged line's text, occurrence). */
export interface FingerprintedFinding extends Finding {
  readonly fingerprint: string;
}

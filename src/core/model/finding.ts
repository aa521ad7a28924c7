// What every rule reports and every front end (CLI, editor, checklist) consumes.

/** A rule's public, stable id (`RR001`); the registry (rules/allRules.ts) lists the ones that exist. */
export type RuleId = `RR${string}`;

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
  readonly rule: RuleId;
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

// Runs one rule on a snippet through the real pipeline (prefilter by trigger words, parse, severities), so rule tests
// also prove that the trigger words let every positive case through, and applies fixes so tests can assert the text a
// quick fix produces.
import type { Finding, SourceRange, TextEdit } from '../../../src/core/model/finding';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings, VocabularySettings } from '../../../src/core/config/projectSettings';
import { defaultLayoutSettings } from '../../../src/core/layout/layoutGrammar';
import type { LayoutSettings } from '../../../src/core/layout/layoutModel';
import type { Rule } from '../../../src/core/rules/rule';
import { findingsFor } from '../support/ruleHarness';

export interface CheckOptions {
  /** POSIX path relative to the repository root; decides the language (`.py`, `.sh`/`.sbatch`/`.slurm`, `.md`). */
  readonly relativePath?: string;
  readonly layout?: Partial<LayoutSettings>;
  /** The project's names (`layout.pathFunction`, `vocabulary.modelWords`); defaults to none. */
  readonly vocabulary?: VocabularySettings;
}

function settingsFor(options: CheckOptions): ProjectSettings {
  return {
    ...defaultProjectSettings,
    ...(options.layout === undefined ? {} : { layout: { ...defaultLayoutSettings, ...options.layout } }),
    ...(options.vocabulary === undefined ? {} : { vocabulary: options.vocabulary }),
  };
}

/** Findings of `rule` for `source`, sorted by position, after the pipeline's prefilter. */
export function check(rule: Rule, source: string, options: CheckOptions = {}): Promise<Finding[]> {
  return findingsFor(rule, options.relativePath ?? 'src/training/train.py', source, settingsFor(options));
}

/** `[line, column, endLine, endColumn]`, for compact assertions. */
export function rangeTuple(range: SourceRange): [number, number, number, number] {
  return [range.line, range.column, range.endLine, range.endColumn];
}

/** The source text a finding's range covers. */
export function textAt(source: string, range: SourceRange): string {
  return source.slice(offsetOf(source, range.line, range.column), offsetOf(source, range.endLine, range.endColumn));
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) {
      return source.length;
    }
    offset = next + 1;
  }
  return offset + column - 1;
}

/** Applies text edits (1-based ranges, end exclusive) to `source`, last edit first. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => offsetOf(source, b.range.line, b.range.column) - offsetOf(source, a.range.line, a.range.column));
  let result = source;
  for (const edit of ordered) {
    const start = offsetOf(source, edit.range.line, edit.range.column);
    const end = offsetOf(source, edit.range.endLine, edit.range.endColumn);
    result = result.slice(0, start) + edit.newText + result.slice(end);
  }
  return result;
}

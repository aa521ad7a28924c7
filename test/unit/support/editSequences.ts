// Shared by the random-edit tests of open documents: the example's Python files, what a user sees of an analysis,
// and one text edit.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { FileAnalysis } from '../../../src/core/analysis/fileAnalysis';

export const exampleRepo = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'legacy-research-repo');

/** Every `.py` file under `folder`, in a stable order. */
export function pythonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      return entry.isDirectory() ? pythonFiles(full) : entry.name.endsWith('.py') ? [full] : [];
    });
}

/** What a user sees: rule, range, message and fix of each finding, plus rule failures and a skip. */
export function visible(analysis: FileAnalysis): unknown {
  return { findings: analysis.findings.map(({ rule, range, message, fix }) => ({ rule, range, message, fix })), failures: analysis.ruleFailures, skipped: analysis.skipped };
}

/** Replaces `remove` code units at fraction `at` of the text with `insert`. */
export function applyEdit(text: string, change: { readonly at: number; readonly remove: number; readonly insert: string }): string {
  const start = Math.min(text.length, Math.floor(change.at * text.length));
  return text.slice(0, start) + change.insert + text.slice(Math.min(text.length, start + change.remove));
}

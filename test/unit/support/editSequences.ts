// Shared by the random-edit tests of open documents: the example's Python files, what a user sees of an analysis,
// and one text edit.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { FileAnalysis } from '../../../src/core/model/fileAnalysis';
import type { ContentChange } from '../../../src/core/python/contentChanges';

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

/** A random edit: replace `remove` code units at fraction `at` of the text with `insert`. */
export interface RandomEdit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** The edit as the editor reports it (VS Code's contentChanges entry) for `text`. */
export function contentChangeOf(text: string, edit: RandomEdit): ContentChange {
  const offset = Math.min(text.length, Math.floor(edit.at * text.length));
  return { offset, length: Math.min(text.length - offset, edit.remove), text: edit.insert };
}

/** Applies content changes in order, as the editor does. */
export function applyChanges(text: string, changes: readonly ContentChange[]): string {
  return changes.reduce((current, change) => current.slice(0, change.offset) + change.text + current.slice(change.offset + change.length), text);
}

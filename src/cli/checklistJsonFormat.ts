// `checklist --format json`, exactly the shape issue 5 specifies:
// {"version":1,"steps":[{"id","title","items":[{"id","title","state","reason","location":{"path","line"}}]}],
//  "summary":{"passed","manualDone","total"}}
// `location` is null when an item has none; paths are relative to the working directory with "/" separators.
import type { ChecklistEvaluation, ChecklistLocation } from '../core/checklist/checklistResult';

export const checklistJsonVersion = 1;

export interface ChecklistJsonDocument {
  readonly version: number;
  readonly steps: readonly {
    readonly id: string;
    readonly title: string;
    readonly items: readonly { readonly id: string; readonly title: string; readonly state: string; readonly reason: string; readonly location: { readonly path: string; readonly line: number } | null }[];
  }[];
  readonly summary: { readonly passed: number; readonly manualDone: number; readonly total: number };
}

export function checklistJsonDocument(evaluation: ChecklistEvaluation, displayPath: (location: ChecklistLocation) => string): ChecklistJsonDocument {
  return {
    version: checklistJsonVersion,
    steps: evaluation.steps.map((step) => ({
      id: step.id,
      title: step.title,
      items: step.items.map((item) => ({
        id: item.id,
        title: item.title,
        state: item.state,
        reason: item.reason,
        location: item.location === undefined ? null : { path: displayPath(item.location), line: item.location.line },
      })),
    })),
    summary: { passed: evaluation.summary.passed, manualDone: evaluation.summary.manualDone, total: evaluation.summary.total },
  };
}

export function formatChecklistJson(evaluation: ChecklistEvaluation, displayPath: (location: ChecklistLocation) => string): string {
  return `${JSON.stringify(checklistJsonDocument(evaluation, displayPath), null, 2)}\n`;
}

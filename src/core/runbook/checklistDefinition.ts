// What a checklist is made of: steps (one per planned pull request) holding items, each with the checks that verify
// it. An item without checks is manual: only a person can tick it. Validated with zod because projects add items.
import { z } from 'zod';
import { checkSchema, workspacePathOrGlob } from './checkSchema';
import type { Check } from './checkSchema';
import { patternedString } from '../text/patternedString';

/** Item and step ids: stable, lower-case, dotted (`config.validate-config`), referenced by progress and project files. */
export const checklistIdSchema = patternedString(/^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*$/, 'must be lower-case letters, digits, "-" and "." (e.g. "jobs.auto-chain")');

export const checklistItemSchema = z
  .strictObject({
    id: checklistIdSchema,
    title: z.string().min(1, 'must not be empty').max(300),
    label: z.string().min(1, 'must not be empty').max(40).optional().describe("The item's short title in the sidebar (the title is shown in full in its tooltip); without it the sidebar shows the title."),
    file: workspacePathOrGlob.optional().describe('The file (or folder) the item is about; opened from the sidebar.'),
    checks: z.array(checkSchema).max(20).optional().describe('How the item verifies itself; leave out for a manual item.'),
  })
  .superRefine((item, context) => {
    const seen = new Set<string>();
    (item.checks ?? []).forEach((check, index) => {
      if (check.id === undefined) return;
      if (seen.has(check.id)) context.addIssue({ code: 'custom', path: ['checks', index, 'id'], message: `duplicate check id "${check.id}" in item "${item.id}"` });
      seen.add(check.id);
    });
  });

export interface ChecklistItemDefinition {
  readonly id: string;
  /** The full wording, as the runbook has it. */
  readonly title: string;
  /** A short title for the sidebar (at most 40 characters); the title is used when there is none. */
  readonly label?: string;
  /** Workspace-relative file the item is about, when the runbook names one. */
  readonly file?: string;
  /** Empty or absent: a manual item. */
  readonly checks?: readonly Check[];
}

export interface ChecklistStepDefinition {
  readonly id: string;
  readonly title: string;
  /** The pull request the runbook plans for this step. */
  readonly pullRequest?: number;
  readonly file?: string;
  readonly items: readonly ChecklistItemDefinition[];
}

export function isManualItem(item: ChecklistItemDefinition): boolean {
  return item.checks === undefined || item.checks.length === 0;
}

/** Check kinds that settle an item only when the code does; otherwise the item is ticked by a person. */
const decideAndTickKinds: ReadonlySet<string> = new Set(['chaining-opt-in']);

/** Manual items, and decide-and-tick items (whose tick counts while the code does not settle them). */
export function canBeTicked(item: ChecklistItemDefinition): boolean {
  return isManualItem(item) || (item.checks ?? []).every((check) => decideAndTickKinds.has(check.kind));
}

/** The id under which a check is addressed: its own id, or its position in the item (`1`, `2`, …). */
export function checkIdOf(check: Check, index: number): string {
  return check.id ?? String(index + 1);
}

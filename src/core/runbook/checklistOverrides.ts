// A project's changes to the default checklist, under the key `checklist` of refactor-runbook.json: reword, re-point
// or drop items, replace, add, drop or reword their checks, reword steps, and add items of its own. Every reference
// to an id is checked, so a typo is an error at that key, never an override that silently does nothing.
import { z } from 'zod';
import { checkSchema, workspacePathOrGlob } from './checkSchema';
import type { Check } from './checkSchema';
import { checkIdOf, checklistIdSchema, checklistItemSchema } from './checklistDefinition';
import type { ChecklistItemDefinition, ChecklistStepDefinition } from './checklistDefinition';
import { patternedString } from '../text/patternedString';

const checkId = patternedString(/^[a-z0-9][a-z0-9-]*$/, 'must be a check id (lower-case letters, digits, "-") or a 1-based position');

const stepOverrideSchema = z.strictObject({
  title: z.string().min(1).max(200).optional().describe('New wording of the step.'),
  pullRequest: z.int().positive().optional().describe('The pull request number planned for the step.'),
  file: workspacePathOrGlob.optional().describe('The file the step is about.'),
});

const itemOverrideSchema = z
  .strictObject({
    drop: z.literal(true).optional().describe('Remove the item from the checklist.'),
    title: z.string().min(1).max(300).optional().describe('New wording of the item.'),
    label: z.string().min(1).max(40).optional().describe("New short title in the sidebar (a new title without one makes the sidebar show the new title)."),
    file: workspacePathOrGlob.optional().describe('The file the item is about.'),
    checks: z.array(checkSchema).max(20).optional().describe('Replace every check of the item ([] makes it a manual item).'),
    addChecks: z.array(checkSchema).max(20).optional().describe('Checks added after the item\'s own.'),
    dropChecks: z.array(checkId).optional().describe('Ids (or 1-based positions) of the item\'s checks to remove.'),
    checkLabels: z.record(checkId, z.string().min(1).max(200)).optional().describe('New wording of checks, by id.'),
  })
  .superRefine((override, context) => {
    if (override.drop === true && Object.keys(override).length > 1) {
      context.addIssue({ code: 'custom', path: ['drop'], message: '"drop" removes the item, so it cannot be combined with other changes' });
    }
    if (override.checks !== undefined && (override.addChecks !== undefined || override.dropChecks !== undefined)) {
      context.addIssue({ code: 'custom', path: ['checks'], message: '"checks" replaces every check; do not combine it with "addChecks" or "dropChecks"' });
    }
  });

const addedItemSchema = z.strictObject({
  step: checklistIdSchema.describe('Id of the step the item belongs to (config, trainer, training, jobs, docs).'),
  after: checklistIdSchema.optional().describe('Id of the item it follows; at the end of the step when absent.'),
  item: checklistItemSchema,
});

export const checklistOverridesSchema = z
  .strictObject({
    steps: z.record(checklistIdSchema, stepOverrideSchema).optional().describe('Changes to steps, by step id.'),
    items: z.record(checklistIdSchema, itemOverrideSchema).optional().describe('Changes to items, by item id.'),
    add: z.array(addedItemSchema).max(100).optional().describe('Items the project adds.'),
  })
  .describe('Changes to the default checklist (the runbook\'s five steps).');

export type ChecklistOverrides = z.infer<typeof checklistOverridesSchema>;

/** A problem with the overrides; `path` starts below the project file's `checklist` key. */
export interface OverrideProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix: string;
}

export type OverrideResult = { readonly ok: true; readonly steps: readonly ChecklistStepDefinition[] } | { readonly ok: false; readonly problems: readonly OverrideProblem[] };

function applyItemOverride(item: ChecklistItemDefinition, override: NonNullable<ChecklistOverrides['items']>[string], path: readonly (string | number)[], problems: OverrideProblem[]): ChecklistItemDefinition {
  let checks: Check[] = override.checks !== undefined ? [...override.checks] : [...(item.checks ?? [])];
  const knownIds = (item.checks ?? []).map((check, index) => checkIdOf(check, index));
  for (const [index, dropped] of (override.dropChecks ?? []).entries()) {
    if (!knownIds.includes(dropped)) {
      problems.push({ path: [...path, 'dropChecks', index], message: `item "${item.id}" has no check "${dropped}"`, fix: `use one of ${knownIds.join(', ') || '(the item has no checks)'}` });
    }
  }
  if (override.dropChecks !== undefined) checks = checks.filter((check, index) => !override.dropChecks?.includes(checkIdOf(check, index)));
  checks = [...checks, ...(override.addChecks ?? [])];
  const ids = checks.map((check, index) => checkIdOf(check, index));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    problems.push({ path: [...path, override.addChecks !== undefined ? 'addChecks' : 'checks'], message: `item "${item.id}" would have two checks with the id "${duplicate}"`, fix: 'give the added check another "id"' });
  }
  for (const [id, label] of Object.entries(override.checkLabels ?? {})) {
    const index = ids.indexOf(id);
    if (index === -1) {
      problems.push({ path: [...path, 'checkLabels', id], message: `item "${item.id}" has no check "${id}"`, fix: `use one of ${ids.join(', ') || '(the item has no checks)'}` });
      continue;
    }
    checks[index] = { ...(checks[index]), label };
  }
  return {
    id: item.id,
    title: override.title ?? item.title,
    // A reworded item keeps no short title of the old wording.
    ...(override.label !== undefined ? { label: override.label } : override.title === undefined && item.label !== undefined ? { label: item.label } : {}),
    ...(override.file !== undefined ? { file: override.file } : item.file !== undefined ? { file: item.file } : {}),
    checks,
  };
}

/** Applies `overrides` to `defaults`; every unknown id or conflicting change is a problem with its key path. */
export function applyChecklistOverrides(defaults: readonly ChecklistStepDefinition[], overrides: ChecklistOverrides): OverrideResult {
  const problems: OverrideProblem[] = [];
  const stepIds = defaults.map((step) => step.id);
  const itemIds = defaults.flatMap((step) => step.items.map((item) => item.id));

  for (const stepId of Object.keys(overrides.steps ?? {})) {
    if (!stepIds.includes(stepId)) problems.push({ path: ['steps', stepId], message: `there is no step "${stepId}"`, fix: `use one of ${stepIds.join(', ')}` });
  }
  for (const itemId of Object.keys(overrides.items ?? {})) {
    if (!itemIds.includes(itemId)) problems.push({ path: ['items', itemId], message: `there is no item "${itemId}"`, fix: `use one of the default item ids (${itemIds.join(', ')}); add new items under "add"` });
  }

  let steps: ChecklistStepDefinition[] = defaults.map((step) => {
    const stepOverride = overrides.steps?.[step.id];
    const items = step.items
      .filter((item) => overrides.items?.[item.id]?.drop !== true)
      .map((item) => {
        const override = overrides.items?.[item.id];
        return override === undefined ? item : applyItemOverride(item, override, ['items', item.id], problems);
      });
    return {
      ...step,
      ...(stepOverride?.title === undefined ? {} : { title: stepOverride.title }),
      ...(stepOverride?.pullRequest === undefined ? {} : { pullRequest: stepOverride.pullRequest }),
      ...(stepOverride?.file === undefined ? {} : { file: stepOverride.file }),
      items,
    };
  });

  const addedIds = new Set<string>();
  for (const [index, added] of (overrides.add ?? []).entries()) {
    const path = ['add', index];
    if (itemIds.includes(added.item.id) || addedIds.has(added.item.id)) {
      problems.push({ path: [...path, 'item', 'id'], message: `the item id "${added.item.id}" is already taken`, fix: 'choose a new id, e.g. "<step>.<what-it-checks>"; to change a default item use "items"' });
      continue;
    }
    addedIds.add(added.item.id);
    const stepIndex = steps.findIndex((step) => step.id === added.step);
    const step = steps[stepIndex];
    if (step === undefined) {
      problems.push({ path: [...path, 'step'], message: `there is no step "${added.step}"`, fix: `use one of ${stepIds.join(', ')}` });
      continue;
    }
    const newItem: ChecklistItemDefinition = { id: added.item.id, title: added.item.title, ...(added.item.label === undefined ? {} : { label: added.item.label }), ...(added.item.file === undefined ? {} : { file: added.item.file }), checks: added.item.checks ?? [] };
    let position = step.items.length;
    if (added.after !== undefined) {
      const afterIndex = step.items.findIndex((item) => item.id === added.after);
      if (afterIndex === -1) {
        problems.push({ path: [...path, 'after'], message: `step "${step.id}" has no item "${added.after}"`, fix: `use one of ${step.items.map((item) => item.id).join(', ') || '(the step has no items)'}, or leave "after" out to add at the end` });
        continue;
      }
      position = afterIndex + 1;
    }
    const items = [...step.items.slice(0, position), newItem, ...step.items.slice(position)];
    steps = steps.map((candidate, candidateIndex) => (candidateIndex === stepIndex ? { ...candidate, items } : candidate));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, steps };
}

// The shared progress file (`refactor-runbook-progress.json`, committed next to refactor-runbook.json): which manual
// items are ticked, when and by whom, so the whole team sees the same checklist. Parsing reports every problem with
// its line and column; writing produces stable, sorted, diff-friendly JSON.
import { z } from 'zod';
import { createJsonKeyLocator, keyPathToString, positionOfOffset } from '../config/jsonKeyLocator';
import { checklistIdSchema, isManualItem } from '../runbook/checklistDefinition';
import type { ChecklistStepDefinition } from '../runbook/checklistDefinition';
import type { ManualTick } from './checklistResult';

export const defaultProgressFileName = 'refactor-runbook-progress.json';
export const progressFileVersion = 1;

const tickSchema = z.strictObject({
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as "2025-06-01T09:30:00.000Z"' }).describe('When the item was ticked.'),
  by: z.string().min(1).max(200).optional().describe('Who ticked it (their git user name).'),
});

export const progressFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(progressFileVersion, { message: `must be ${progressFileVersion}` }),
    done: z.record(checklistIdSchema, tickSchema).describe('Ticked manual items, by item id.'),
  })
  .describe('Refactor Runbook shared checklist progress.');

export type ProgressFileContent = z.infer<typeof progressFileSchema>;

export const emptyProgress: ProgressFileContent = { version: progressFileVersion, done: {} };

export interface ProgressProblem {
  /** e.g. `done["jobs.auto-chain-opt-in"].at`, or `(file)`. */
  readonly keyPath: string;
  readonly message: string;
  readonly fix: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

export type ProgressParse = { readonly ok: true; readonly content: ProgressFileContent } | { readonly ok: false; readonly problems: readonly ProgressProblem[] };

/** Parses the file's text; a zero-byte file is an empty progress file (there are no bytes of the user's to keep). */
export function parseProgressText(text: string): ProgressParse {
  if (text.length === 0) return { ok: true, content: emptyProgress };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = offset === undefined ? lastPosition(text) : positionOfOffset(text, Number(offset) + (body === text ? 0 : 1));
    return { ok: false, problems: [{ keyPath: '(file)', message: `not valid JSON: ${message}`, fix: 'correct the JSON syntax (no comments or trailing commas), or delete the file to start over', ...position }] };
  }
  const parsed = progressFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, content: parsed.data };
  const locator = createJsonKeyLocator(text);
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((issue) => {
      const issuePath = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issuePath, key]) : [issuePath];
      return keys.map((keyPath) => ({
        keyPath: keyPathToString(keyPath),
        message: issue.code === 'unrecognized_keys' ? `unknown key "${String(keyPath[keyPath.length - 1])}"` : issue.message,
        fix: 'the file holds {"version": 1, "done": {"<item id>": {"at": "<ISO date-time>", "by": "<name>"}}}; correct it or delete the entry',
        ...locator.locate(keyPath),
      }));
    }),
  };
}

function lastPosition(text: string): { line: number; column: number } {
  return positionOfOffset(text, text.length);
}

/** Stable output: keys sorted, 2-space indentation, trailing newline, so concurrent ticks merge cleanly in git. */
export function serializeProgress(content: ProgressFileContent): string {
  const done = Object.fromEntries(
    Object.keys(content.done)
      .sort()
      .map((id) => {
        const tick = content.done[id] as ManualTick;
        return [id, tick.by === undefined ? { at: tick.at } : { at: tick.at, by: tick.by }];
      }),
  );
  return `${JSON.stringify({ ...(content.$schema === undefined ? {} : { $schema: content.$schema }), version: progressFileVersion, done }, null, 2)}\n`;
}

export function ticksOf(content: ProgressFileContent): ReadonlyMap<string, ManualTick> {
  return new Map(Object.entries(content.done));
}

export interface ProgressWarning {
  readonly itemId: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Ticks the checklist ignores: unknown items (dropped or misspelled) and items that verify themselves. */
export function progressWarnings(text: string, content: ProgressFileContent, steps: readonly ChecklistStepDefinition[]): ProgressWarning[] {
  const items = new Map(steps.flatMap((step) => step.items.map((item) => [item.id, item] as const)));
  const locator = createJsonKeyLocator(text);
  return Object.keys(content.done).flatMap((itemId) => {
    const item = items.get(itemId);
    const position = locator.locate(['done', itemId]);
    if (item === undefined) return [{ itemId, message: `"${itemId}" is not an item of this checklist (dropped, renamed or misspelled); its tick is ignored`, ...position }];
    if (!isManualItem(item)) return [{ itemId, message: `"${itemId}" verifies itself from the code, so a manual tick is ignored; remove the entry`, ...position }];
    return [];
  });
}

// The `refactorRunbook.checklist.*` editor settings, validated with zod (here in the core, so the editor loads zod
// lazily with the rest of the checklist engine; see config/validatedSettings.ts).
import { z } from 'zod';
import { defaultProgressFileName } from './progressFile';
import { workspacePathOrGlob } from '../runbook/checkSchema';
import { readValidatedSettings } from '../config/validatedSettings';
import type { ValidatedSettings } from '../config/validatedSettings';

export const checklistSettingsSection = 'refactorRunbook.checklist';

const settingSchemas = {
  progressFile: workspacePathOrGlob.refine((value) => !/[*?[\]{}]/.test(value) && value.endsWith('.json'), 'must be one .json file path relative to the workspace folder'),
  reverifyDelayMs: z.number().int().min(100).max(10_000),
  showStatusBar: z.boolean(),
  recordAuthor: z.boolean(),
} as const;

export interface ChecklistSettings {
  /** Relative to the workspace folder. */
  readonly progressFile: string;
  /** Quiet time after the last file change before items are re-verified. */
  readonly reverifyDelayMs: number;
  readonly showStatusBar: boolean;
  /** Record `git config user.name` with each tick. */
  readonly recordAuthor: boolean;
}

export const defaultChecklistSettings: ChecklistSettings = {
  progressFile: defaultProgressFileName,
  reverifyDelayMs: 500,
  showStatusBar: true,
  recordAuthor: true,
};

/** `read(key)` returns the configured value of `refactorRunbook.checklist.<key>` (undefined when unregistered). */
export function readChecklistSettings(read: (key: keyof ChecklistSettings) => unknown): ValidatedSettings<ChecklistSettings> {
  return readValidatedSettings(checklistSettingsSection, settingSchemas, defaultChecklistSettings, read);
}

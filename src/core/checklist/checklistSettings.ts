// The `refactorRunbook.checklist.*` editor settings, validated with zod (here in the core, so the editor loads zod
// lazily with the rest of the checklist engine). VS Code hands over whatever settings.json holds, so an invalid value
// is reported by name and replaced by that setting's documented default (never silently).
import { z } from 'zod';
import { defaultProgressFileName } from './progressFile';
import { workspacePathOrGlob } from './checkSchema';

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

export interface ChecklistSettingsRead {
  readonly settings: ChecklistSettings;
  /** One message per invalid setting, naming it and the default used instead. */
  readonly problems: readonly string[];
}

/** `read(key)` returns the configured value of `refactorRunbook.checklist.<key>` (undefined when unregistered). */
export function readChecklistSettings(read: (key: keyof ChecklistSettings) => unknown): ChecklistSettingsRead {
  const problems: string[] = [];
  const valueOf = <K extends keyof ChecklistSettings>(key: K): ChecklistSettings[K] => {
    const raw = read(key);
    if (raw === undefined) return defaultChecklistSettings[key];
    const parsed = settingSchemas[key].safeParse(raw);
    if (parsed.success) return parsed.data as ChecklistSettings[K];
    problems.push(`${checklistSettingsSection}.${key} is ${JSON.stringify(raw)}, which is not valid (${parsed.error.issues.map((issue) => issue.message).join('; ')}); using ${JSON.stringify(defaultChecklistSettings[key])} until it is fixed`);
    return defaultChecklistSettings[key];
  };
  return {
    settings: { progressFile: valueOf('progressFile'), reverifyDelayMs: valueOf('reverifyDelayMs'), showStatusBar: valueOf('showStatusBar'), recordAuthor: valueOf('recordAuthor') },
    problems,
  };
}

// The `refactorRunbook.*` settings that drive inline warnings, validated with zod (see validatedSettings.ts).
import { z } from 'zod';
import type { RuleId } from '../model/finding';
import { reportedRuleIds } from '../rules/allRules';
import type { ConfigurableRuleId, SeveritySetting } from './projectSettings';
import { settingsSection } from './settingsSection';
import { readValidatedSettings } from './validatedSettings';
import type { ValidatedSettings } from './validatedSettings';


const severitySetting = z.enum(['error', 'warning', 'information', 'hint', 'off']);
const ruleId = z.enum(reportedRuleIds as [RuleId, ...RuleId[]]);

const settingSchemas = {
  enable: z.boolean(),
  scanOnStartup: z.boolean(),
  debounceMs: z.number().int().min(50).max(5000),
  severityOverrides: z.partialRecord(ruleId, severitySetting),
  maxFileSizeBytes: z.number().int().min(1024).max(64 * 1024 * 1024).nullable(),
} as const;

export interface InlineWarningSettings {
  readonly enable: boolean;
  readonly scanOnStartup: boolean;
  readonly debounceMs: number;
  readonly severityOverrides: Readonly<Partial<Record<ConfigurableRuleId, SeveritySetting>>>;
  /** null: use the project file's value (default 2 MiB). */
  readonly maxFileSizeBytes: number | null;
}

export const defaultInlineWarningSettings: InlineWarningSettings = {
  enable: true,
  scanOnStartup: true,
  debounceMs: 300,
  severityOverrides: {},
  maxFileSizeBytes: null,
};

/** `read(key)` returns the raw configured value (VS Code merges defaults, so undefined only when unregistered). */
export function readInlineWarningSettings(read: (key: keyof InlineWarningSettings) => unknown): ValidatedSettings<InlineWarningSettings> {
  return readValidatedSettings(settingsSection, settingSchemas, defaultInlineWarningSettings, read);
}

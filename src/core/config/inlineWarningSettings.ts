// The `refactorRunbook.*` settings that drive inline warnings, validated with zod. VS Code shows schema errors in
// settings.json but still hands us whatever is there, so an invalid value is reported by name and replaced by the
// documented default for that one setting (never silently).
import { z } from 'zod';
import type { ConfigurableRuleId, SeveritySetting } from './projectSettings';
import { settingsSection } from './settingsSection';


const severitySetting = z.enum(['error', 'warning', 'information', 'hint', 'off']);
const ruleId = z.enum(['RR000', 'RR001', 'RR002', 'RR003', 'RR004', 'RR005', 'RR006']);

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

export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
}

export interface SettingsRead {
  readonly settings: InlineWarningSettings;
  readonly problems: readonly SettingProblem[];
}

/** `read(key)` returns the raw configured value (VS Code merges defaults, so undefined only when unregistered). */
export function readInlineWarningSettings(read: (key: keyof InlineWarningSettings) => unknown): SettingsRead {
  const problems: SettingProblem[] = [];
  const valueOf = <K extends keyof InlineWarningSettings>(key: K): InlineWarningSettings[K] => {
    const raw = read(key);
    if (raw === undefined) return defaultInlineWarningSettings[key];
    const parsed = settingSchemas[key].safeParse(raw);
    if (parsed.success) return parsed.data as InlineWarningSettings[K];
    const detail = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
    problems.push({
      setting: `${settingsSection}.${key}`,
      message: `${JSON.stringify(raw)} is not valid (${detail}); using the default ${JSON.stringify(defaultInlineWarningSettings[key])} until it is fixed`,
    });
    return defaultInlineWarningSettings[key];
  };
  return {
    settings: {
      enable: valueOf('enable'),
      scanOnStartup: valueOf('scanOnStartup'),
      debounceMs: valueOf('debounceMs'),
      severityOverrides: valueOf('severityOverrides'),
      maxFileSizeBytes: valueOf('maxFileSizeBytes'),
    },
    problems,
  };
}

// Reads VS Code settings one by one against zod schemas. VS Code shows schema errors in settings.json but still
// hands over whatever is there, so an invalid value is reported by name and replaced by that one setting's
// documented default until it is fixed: never silently.
import type { z } from 'zod';

export interface SettingProblem {
  /** The full setting id, e.g. `refactorRunbook.debounceMs`. */
  readonly setting: string;
  /** A sentence naming the setting, the bad value, why it is bad and the default used instead. */
  readonly message: string;
}

export interface ValidatedSettings<T> {
  readonly settings: T;
  readonly problems: readonly SettingProblem[];
}

/** `read(key)` returns the configured value of `<section>.<key>`; undefined means "not registered": the default. */
export function readValidatedSettings<T extends object>(
  section: string,
  schemas: { readonly [K in keyof T]: z.ZodType<T[K]> },
  defaults: T,
  read: (key: keyof T & string) => unknown,
): ValidatedSettings<T> {
  const settings = { ...defaults };
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const raw = read(key);
    if (raw === undefined) continue;
    const parsed = schemas[key].safeParse(raw);
    if (parsed.success) {
      settings[key] = parsed.data;
      continue;
    }
    const setting = `${section}.${key}`;
    const detail = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`).join('; ');
    problems.push({ setting, message: `${setting} is ${JSON.stringify(raw)}, which is not valid (${detail}); using ${JSON.stringify(defaults[key])} until it is fixed` });
  }
  return { settings, problems };
}

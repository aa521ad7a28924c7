// Arguments of `refactor-runbook checklist [dir] [--format text|json|markdown] [--step ID] [--config FILE]
// [--progress FILE]`, parsed with node:util parseArgs; every mistake is a UsageError that names the option.
import { parseArgs } from 'node:util';
import { UsageError } from './cliArguments';

export const checklistFormats = ['text', 'json', 'markdown'] as const;
export type ChecklistFormat = (typeof checklistFormats)[number];

export interface ChecklistArguments {
  readonly help: boolean;
  /** As given (relative to the working directory); undefined means the working directory. */
  readonly directory?: string;
  readonly format: ChecklistFormat;
  /** Only this step (by id), for a pull request's description. */
  readonly step?: string;
  readonly config?: string;
  readonly progress?: string;
}

function nonEmpty(value: string | boolean | undefined, option: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${option} needs ${what}`);
  return value;
}

export function parseChecklistArguments(argv: readonly string[]): ChecklistArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { format: { type: 'string' }, step: { type: 'string' }, config: { type: 'string' }, progress: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`checklist takes one folder (the repository); got ${positionals.join(' ')}`);
  const format = nonEmpty(values.format, 'format', 'one of text, json, markdown') ?? 'text';
  if (!(checklistFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${checklistFormats.join(', ')}; got "${format}"`);
  const step = nonEmpty(values.step, 'step', 'a step id such as "config"');
  const config = nonEmpty(values.config, 'config', 'a file path');
  const progress = nonEmpty(values.progress, 'progress', 'a file path');
  return {
    help: values.help === true,
    ...(positionals[0] === undefined ? {} : { directory: positionals[0] }),
    format: format as ChecklistFormat,
    ...(step === undefined ? {} : { step }),
    ...(config === undefined ? {} : { config }),
    ...(progress === undefined ? {} : { progress }),
  };
}

export const checklistUsageText = `Usage: refactor-runbook checklist [dir] [options]

Evaluates the refactor checklist (the runbook's five steps) on a repository without VS Code: every item that the
code can prove is verified from the workspace; manual items take their ticks from the shared progress file.

Arguments:
  dir                          The repository (default: the working directory). Its refactor-runbook.json, or
                               the one in a folder above it, configures the layout and checklist overrides.

Options:
  --format text|json|markdown  Output format (default text). markdown prints a GitHub task list.
  --step ID                    Only this step (config, trainer, training, jobs, docs, or a project's own).
  --config FILE                Project file to use instead of looking for refactor-runbook.json.
  --progress FILE              Progress file with manual ticks (default: refactor-runbook-progress.json in the
                               repository root).
  --help, -h                   Show this help.

Exit codes: 0 no item failed, 1 at least one item failed, 2 usage or configuration error (including a malformed
project or progress file).
`;

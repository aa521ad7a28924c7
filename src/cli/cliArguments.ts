// Command-line parsing with node:util parseArgs. Each subcommand has its own option set, so a later `checklist`
// subcommand only adds an entry here and a command module.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

export const outputFormats = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export interface CheckArguments {
  readonly command: 'check';
  /** As given (relative to the working directory); empty means the working directory. */
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly config?: string;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  readonly verbose: boolean;
  /** Threads (this one and jobs-1 workers); undefined means automatic (the CPU count for large checks, else 1). */
  readonly jobs?: number;
  /** --no-cache: neither read nor write the result cache. */
  readonly noCache: boolean;
}

export interface RulesArguments {
  readonly command: 'rules';
  readonly format: 'text' | 'json';
}

export type CliArguments = { readonly command: 'help' } | { readonly command: 'version' } | CheckArguments | RulesArguments;

/** A mistake in how the tool was called; reported with the usage and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

function strictParse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages already name the option ("Unknown option '--fromat'").
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function optionalString(value: string | boolean | (string | boolean)[] | undefined, name: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`--${name} needs a value`);
  }
  return value;
}

export function parseCliArguments(argv: readonly string[]): CliArguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help' };
  }
  if (command === '--version' || command === '-v') {
    return { command: 'version' };
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    return { command: 'help' };
  }
  switch (command) {
    case 'check': {
      const { values, positionals } = strictParse(rest, {
        format: { type: 'string' },
        config: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        verbose: { type: 'boolean' },
        jobs: { type: 'string' },
        'no-cache': { type: 'boolean' },
      });
      const jobs = optionalString(values.jobs, 'jobs');
      if (jobs !== undefined && !/^(?:[1-9]|[1-5][0-9]|6[0-4])$/.test(jobs)) {
        throw new UsageError(`--jobs must be a whole number from 1 to 64; got "${jobs}"`);
      }
      const baseline = optionalString(values.baseline, 'baseline');
      const writeBaseline = optionalString(values['write-baseline'], 'write-baseline');
      if (baseline !== undefined && writeBaseline !== undefined) {
        throw new UsageError('--baseline and --write-baseline cannot be combined: --write-baseline records every current finding');
      }
      const config = optionalString(values.config, 'config');
      return {
        command: 'check',
        paths: positionals,
        format: parseFormat(typeof values.format === 'string' ? values.format : undefined, outputFormats, 'text'),
        ...(config === undefined ? {} : { config }),
        ...(baseline === undefined ? {} : { baseline }),
        ...(writeBaseline === undefined ? {} : { writeBaseline }),
        verbose: values.verbose === true,
        ...(jobs === undefined ? {} : { jobs: Number(jobs) }),
        noCache: values['no-cache'] === true,
      };
    }
    case 'rules': {
      const { values, positionals } = strictParse(rest, { format: { type: 'string' } });
      if (positionals.length > 0) {
        throw new UsageError(`rules takes no paths; got ${positionals.join(' ')}`);
      }
      return { command: 'rules', format: parseFormat(typeof values.format === 'string' ? values.format : undefined, ['text', 'json'] as const, 'text') };
    }
    default:
      throw new UsageError(`unknown command "${command}"; the commands are check, checklist and rules`);
  }
}

export const usageText = `Usage: refactor-runbook <command> [options]

Commands:
  check [paths...]   Report legacy discovery, silent fallbacks, non-canonical paths and unsafe save/load
                     in Python, shell/Slurm and Markdown files (default path: the working directory).
  checklist [dir]    Evaluate the refactor checklist (the runbook's five steps) without VS Code:
                     --format text|json|markdown, --step ID, --config FILE, --progress FILE
                     (exit 0 no item failed, 1 an item failed, 2 usage/configuration error).
  rules              List the rules with their ids, names and default severities.
  migrate plan|script|converter
                     Plan the move of legacy artifacts into the layout, write the migration script or the
                     checkpoint converter (refactor-runbook migrate --help).

Options for check:
  --format text|json|sarif   Output format (default text: path:line:col: RULE message).
  --config FILE              Project file (default: refactor-runbook.json in the working directory or above,
                             up to the repository's .git folder; without one, the defaults).
  --baseline FILE            Report only findings not recorded in this baseline (default: the project file's
                             "baseline", when set).
  --write-baseline FILE      Record every current finding in FILE and report none.
  --verbose                  Also print skipped files and folders, with the reason, to stderr.
  --jobs N                   Analyse on N threads, this one and N-1 workers (default: one per CPU, up to 4,
                             when 200 files or more need analysing; otherwise 1).
  --no-cache                 Neither read nor write the result cache (.refactor-runbook-cache/ in the
                             project root), which reuses the results of files whose content, path, settings
                             and tool version are unchanged since an earlier check.

Options for rules:
  --format text|json

  --help, -h                 Show this help.
  --version, -v              Show the version.

Exit codes: 0 nothing reported, 1 findings reported, 2 usage or configuration error.
`;

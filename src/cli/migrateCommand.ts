// `refactor-runbook migrate plan|script|converter`: the migration plan of the project's legacy artifacts, and the two
// scripts that carry it out (src/core/migration). Parses its own options, like `checklist`.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeProjectProblems, loadProjectFile, searchProjectFile } from '../core/config/projectFile';
import { projectFileName } from '../core/config/projectFileSchema';
import { defaultMigrationSettings } from '../core/config/migrationSchema';
import { buildMigrationPlan } from '../core/migration/migrationPlan';
import type { MigrationPlan } from '../core/migration/migrationPlan';
import { migrationScriptText } from '../core/migration/migrationScript';
import { converterScriptText } from '../core/migration/converterScript';
import { planAsJson, planAsMarkdown, planAsText } from '../core/migration/planFormats';
import type { CliEnvironment } from './cliEnvironment';
import { exitCodes } from './cliEnvironment';

export const migrateUsageText = `Usage: refactor-runbook migrate <plan|script|converter> [dir] [options]

  plan [dir]        Lists every file under the migration roots (migration.roots, default layout.legacyRoots) with
                    its target or why it has none: to move, needs conversion, conflict, already in place,
                    excluded, unmapped. [dir]: plan only this folder (relative to the repository root).
                    --format text|json|markdown (default text). Exit 1 when there are conflicts or unmapped files.
  script            Writes the POSIX sh migration script (default migration.script or
                    scripts/migrate_legacy_artifacts.sh; --output FILE). Refuses while the plan has conflicts.
  converter         Writes the checkpoint converter for the files that need conversion (default
                    migration.converter or scripts/convert_legacy_checkpoints.py; --output FILE).

Options: --config FILE (the project file), --repository DIR (default: the working directory), --help.
`;

interface MigrateArguments {
  readonly action: 'plan' | 'script' | 'converter';
  readonly directory?: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly output?: string;
  readonly config?: string;
  readonly repository?: string;
}

class MigrateUsageError extends Error {}

function parseArguments(argv: readonly string[]): MigrateArguments | 'help' {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') return 'help';
  if (action !== 'plan' && action !== 'script' && action !== 'converter') throw new MigrateUsageError(`unknown migrate command "${action}" (use plan, script or converter)`);
  let format: MigrateArguments['format'] = 'text';
  let directory: string | undefined;
  let output: string | undefined;
  let config: string | undefined;
  let repository: string | undefined;
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index];
    const value = (): string => {
      const next = rest[++index];
      if (next === undefined) throw new MigrateUsageError(`${argument} needs a value`);
      return next;
    };
    if (argument === '--help' || argument === '-h') return 'help';
    if (argument === '--format') {
      const chosen = value();
      if (chosen !== 'text' && chosen !== 'json' && chosen !== 'markdown') throw new MigrateUsageError(`--format ${chosen}: use text, json or markdown`);
      if (action !== 'plan') throw new MigrateUsageError('--format applies to migrate plan only');
      format = chosen;
    } else if (argument === '--output') {
      if (action === 'plan') throw new MigrateUsageError('--output applies to migrate script and migrate converter');
      output = value();
    } else if (argument === '--config') {
      config = value();
    } else if (argument === '--repository') {
      repository = value();
    } else if (argument.startsWith('-')) {
      throw new MigrateUsageError(`unknown option ${argument}`);
    } else if (directory === undefined && action === 'plan') {
      directory = argument;
    } else {
      throw new MigrateUsageError(`unexpected argument "${argument}"`);
    }
  }
  return { action, format, ...(directory === undefined ? {} : { directory }), ...(output === undefined ? {} : { output }), ...(config === undefined ? {} : { config }), ...(repository === undefined ? {} : { repository }) };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

export function runMigrateCommand(argv: readonly string[], environment: CliEnvironment): number {
  const fail = (message: string): number => {
    environment.writeStderr(`refactor-runbook migrate: ${message}\n`);
    return exitCodes.usageOrConfiguration;
  };
  let args: MigrateArguments | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof MigrateUsageError) {
      environment.writeStderr(`refactor-runbook migrate: ${error.message}\n\n${migrateUsageText}`);
      return exitCodes.usageOrConfiguration;
    }
    throw error;
  }
  if (args === 'help') {
    environment.writeStdout(migrateUsageText);
    return exitCodes.clean;
  }
  const start = path.resolve(environment.workingDirectory, args.repository ?? '.');
  if (!existsSync(start) || !statSync(start).isDirectory()) return fail(`${start} is not a folder`);
  const found = args.config === undefined ? searchProjectFile(start, existsSync) : { projectFile: path.resolve(environment.workingDirectory, args.config) };
  const projectFile = found.projectFile ?? path.join(found.repositoryRoot ?? start, projectFileName);
  const loaded = loadProjectFile(projectFile, found.repositoryRoot ?? start);
  if (!loaded.ok) return fail(describeProjectProblems(loaded.filePath, loaded.problems));
  const { rootDirectory, settings } = loaded.project;
  let roots: string[] | undefined;
  if (args.directory !== undefined) {
    const absolute = path.resolve(environment.workingDirectory, args.directory);
    const relative = toPosix(path.relative(rootDirectory, absolute));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return fail(`${args.directory} is not a folder inside the repository ${rootDirectory}`);
    if (!existsSync(absolute) || !statSync(absolute).isDirectory()) return fail(`${args.directory} is not a folder`);
    roots = [relative];
  }
  const plan = buildMigrationPlan(rootDirectory, settings, roots === undefined ? {} : { roots });
  const migration = settings.migration ?? defaultMigrationSettings;
  const command = `refactor-runbook migrate ${argv.join(' ')}`;
  switch (args.action) {
    case 'plan': {
      environment.writeStdout(args.format === 'json' ? planAsJson(plan) : args.format === 'markdown' ? planAsMarkdown(plan) : planAsText(plan));
      return plan.summary.conflict.files > 0 || plan.summary.unmapped.files > 0 ? exitCodes.findings : exitCodes.clean;
    }
    case 'script': {
      if (plan.summary.conflict.files > 0) {
        return fail(`the plan has ${plan.summary.conflict.files} conflict(s); resolve them first (refactor-runbook migrate plan lists them):\n${conflictLines(plan)}`);
      }
      const output = outputPath(rootDirectory, environment.workingDirectory, args.output, migration.script);
      const written = writeScript(rootDirectory, output, migrationScriptText(plan, { scriptPath: output, toolVersion: environment.toolVersion, command, converterPath: migration.converter }));
      if (typeof written !== 'string') return fail(written.error);
      environment.writeStdout(`wrote ${written}: ${plan.summary.move.files} file(s) to move from plan ${plan.id}; run \`sh ${written}\` for a dry run, then with --apply.${plan.summary.unmapped.files > 0 ? ` ${plan.summary.unmapped.files} unmapped file(s) stay where they are (refactor-runbook migrate plan says why).` : ''}${plan.summary.convert.files > 0 ? ` ${plan.summary.convert.files} checkpoint(s) need conversion: refactor-runbook migrate converter.` : ''}\n`);
      return exitCodes.clean;
    }
    case 'converter': {
      const output = outputPath(rootDirectory, environment.workingDirectory, args.output, migration.converter);
      const written = writeScript(rootDirectory, output, converterScriptText(plan, { scriptPath: output, toolVersion: environment.toolVersion, command }));
      if (typeof written !== 'string') return fail(written.error);
      environment.writeStdout(`wrote ${written}: ${plan.summary.convert.files} checkpoint(s) to convert from plan ${plan.id}; run \`python ${written}\` for a dry run, then with --apply.\n`);
      return exitCodes.clean;
    }
  }
}

function conflictLines(plan: MigrationPlan): string {
  return plan.entries.filter((entry) => entry.status === 'conflict').map((entry) => `  ${JSON.stringify(entry.source)} -> ${JSON.stringify(entry.target)}: ${entry.reason ?? ''}`).join('\n');
}

/** `--output` is relative to the working directory, the project file's paths to the repository root. */
function outputPath(rootDirectory: string, workingDirectory: string, option: string | undefined, configured: string): string {
  const absolute = option === undefined ? path.join(rootDirectory, configured) : path.resolve(workingDirectory, option);
  return toPosix(path.relative(rootDirectory, absolute));
}

function writeScript(rootDirectory: string, relative: string, text: string): string | { error: string } {
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { error: `${relative} is outside the repository ${rootDirectory}; the script finds the repository from its own location` };
  const absolute = path.join(rootDirectory, relative);
  try {
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text, { mode: 0o755 });
  } catch (error) {
    return { error: `cannot write ${absolute} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  return relative;
}

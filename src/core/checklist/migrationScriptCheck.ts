// `migration-script`: the runbook's migration guide is "a shell script to move or symlink useful legacy artifacts into
// experiment_runs". A script qualifies when it both names a legacy root and the experiment root and really moves or
// links files: `mv`, `ln -s`, `rsync --remove-source-files` in shell (indented in a loop too; comments and
// here-documents ignored); `shutil.move`, `os.rename`, `os.replace`, `os.symlink`, `Path.rename`, `Path.symlink_to` in
// Python (read from the parse tree). Copying or only creating folders does not migrate anything. And the migration
// must be complete on paper: the current migration plan (src/core/migration) has no unmapped artifact and no
// conflict; files deliberately left behind are listed in `migration.exclude` with a reason.
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, listInWords, passed, patternsInWords, unknown } from './checkContext';
import { defaultMigrationScriptFiles } from '../runbook/checkSchema';
import type { MigrationScriptCheck } from '../runbook/checkSchema';
import type { SourcePosition } from './pythonModuleFacts';
import { calleeMatches } from './pythonSymbols';
import { buildMigrationPlan } from '../migration/migrationPlan';
import { displayName } from '../migration/planFormats';

const pythonMoveCalls = ['shutil.move', 'os.rename', 'os.replace', 'os.renames', 'os.symlink', 'os.link', 'rename', 'symlink_to', 'hardlink_to'];

/**
 * A command at the start of a shell command (line start after any indentation, as in a loop or `if` body; after `;`,
 * `&&`, `||`, `|`, `then`, `do`, `else`; or after `sudo`). `echo ln -s …` only prints the command.
 */
const shellMove = /(?:^\s*|[;&|]\s*|\b(?:then|do|else)\s+)(?:sudo\s+)?(mv\s|ln\s+(?:-\w*s\w*|--symbolic)\b|rsync\b.*--remove-source-files)/;

/** `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"` (not the here-string `<<<`): the lines up to the delimiter are text, not commands. */
const hereDocument = /(?<!<)<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

interface Evidence extends SourcePosition {
  readonly text: string;
}

function stripShellComment(line: string): string {
  // A `#` starts a comment at the line start or after whitespace (not inside words such as `$#` or `a#b`).
  const match = /(?:^|\s)#/.exec(line);
  return match === null ? line : line.slice(0, match.index);
}

function shellEvidence(text: string, roots: { legacy: readonly string[]; experiment: string }): { move?: Evidence; mentionsLegacy: boolean; mentionsExperiment: boolean } {
  let move: Evidence | undefined;
  let mentionsLegacy = false;
  let mentionsExperiment = false;
  let hereDocumentEnd: { delimiter: string; tabsStripped: boolean } | undefined;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    if (hereDocumentEnd !== undefined) {
      // A script that writes another script (`cat > job.sh <<EOF … mv … EOF`) does not itself run what it writes.
      if ((hereDocumentEnd.tabsStripped ? rawLine.replace(/^\t+/, '') : rawLine) === hereDocumentEnd.delimiter) hereDocumentEnd = undefined;
      return;
    }
    const line = stripShellComment(rawLine);
    const opened = hereDocument.exec(line);
    if (opened !== null) hereDocumentEnd = { delimiter: opened[3] ?? '', tabsStripped: opened[1] === '-' };
    if (roots.legacy.some((root) => line.includes(root))) mentionsLegacy = true;
    if (line.includes(roots.experiment)) mentionsExperiment = true;
    const found = shellMove.exec(line);
    if (move === undefined && found !== null) move = { line: index + 1, column: found.index + found[0].length - (found[1] ?? '').length + 1, text: line.trim() };
  });
  return { ...(move === undefined ? {} : { move }), mentionsLegacy, mentionsExperiment };
}

export function evaluateMigrationScript(check: MigrationScriptCheck, context: CheckContext): CheckOutcome {
  const script = findMigrationScript(check, context);
  if (script.state !== 'passed') return script;
  return planVerdict(context, script);
}

/** A script alone is not enough: every legacy artifact must have a target (or be excluded with a reason). */
function planVerdict(context: CheckContext, script: CheckOutcome): CheckOutcome {
  const { settings } = context.workspace.analyzer;
  let plan;
  try {
    plan = buildMigrationPlan(context.workspace.rootDirectory, settings);
  } catch (error) {
    return unknown(`${script.reason}, but the migration plan could not be made (${error instanceof Error ? error.message : String(error)})`, script.location);
  }
  const open = plan.entries.filter((entry) => entry.status === 'unmapped' || entry.status === 'conflict');
  if (open.length === 0) {
    const { move, convert, excluded } = plan.summary;
    return passed(`${script.reason}; the migration plan maps every legacy artifact (${move.files} to move, ${convert.files} to convert, ${excluded.files} excluded with a reason)`, script.location);
  }
  const shown = open.slice(0, 3).map((entry) => `${displayName(entry.source)}: ${entry.status === 'conflict' ? 'conflict, ' : ''}${entry.reason ?? ''}`).join('; ');
  const unmapped = open.filter((entry) => entry.status === 'unmapped').length;
  return failed(
    `${script.reason}, but the migration plan has ${unmapped} unmapped artifact(s) and ${open.length - unmapped} conflict(s) (${shown}${open.length > 3 ? '; …' : ''}); map them with migration.from in refactor-runbook.json or list them in migration.exclude with a reason (refactor-runbook migrate plan shows all)`,
    script.location,
  );
}

function findMigrationScript(check: MigrationScriptCheck, context: CheckContext): CheckOutcome {
  const patterns = check.files ?? defaultMigrationScriptFiles;
  const legacy = context.layout.settings.legacyRoots;
  const experiment = context.layout.settings.experimentRoot;
  const scripts = filesOf(context, patterns).filter((file) => /\.(?:py|sh|bash|sbatch|slurm)$/.test(file) && !/(?:^|\/)tests?\//.test(file));
  const nearMisses: string[] = [];
  for (const file of scripts) {
    if (file.endsWith('.py')) {
      const read = context.workspace.pythonFacts(file);
      if (read.kind !== 'facts') continue;
      const functions = [read.facts.moduleBody, ...read.facts.functions, ...read.facts.classes.flatMap((cls) => cls.methods)];
      const strings = functions.flatMap((fn) => fn.strings.map((literal) => literal.value));
      const mentionsLegacy = strings.some((value) => legacy.some((root) => value.includes(root)));
      const mentionsExperiment = strings.some((value) => value.includes(experiment));
      const move = functions.flatMap((fn) => fn.calls).find((call) => pythonMoveCalls.some((wanted) => calleeMatches(call.callee, wanted)));
      if (mentionsLegacy && mentionsExperiment && move !== undefined) {
        return passed(`${file} moves or links artifacts from ${listInWords(legacy, 'or')} into ${experiment} (line ${move.line}: ${move.callee.replace(/^<expr>\./, '….')})`, { path: file, line: move.line, column: move.column });
      }
      if (mentionsLegacy && mentionsExperiment) nearMisses.push(`${file} names both roots but neither moves nor links files`);
      continue;
    }
    const read = context.workspace.readText(file);
    if (read.kind !== 'text') continue;
    const evidence = shellEvidence(read.text, { legacy, experiment });
    if (evidence.mentionsLegacy && evidence.mentionsExperiment && evidence.move !== undefined) {
      return passed(`${file} moves or links artifacts from ${listInWords(legacy, 'or')} into ${experiment} (line ${evidence.move.line}: ${evidence.move.text})`, { path: file, line: evidence.move.line, column: evidence.move.column });
    }
    if (evidence.mentionsLegacy && evidence.mentionsExperiment) nearMisses.push(`${file} names both roots but neither moves nor links files`);
  }
  const hint = nearMisses.length > 0 ? ` (${nearMisses.join('; ')})` : '';
  return failed(
    `no script in ${patternsInWords(patterns)} moves (mv, shutil.move, os.rename) or symlinks (ln -s, os.symlink, Path.symlink_to) artifacts from ${listInWords(legacy, 'or')} into ${experiment}${hint}; add one, e.g. scripts/migrate_legacy_artifacts.sh`,
  );
}

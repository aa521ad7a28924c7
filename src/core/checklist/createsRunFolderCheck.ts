// `creates-run-folder`: "SBATCH scripts create [the output directories]". Where job scripts are built in Python, the
// run's canonical folder must be created: by the script text (`mkdir -p {run_dir}` with the folder taken from the
// config) or by the Python code before submitting (`run_dir.mkdir(parents=True)` next to canonical_experiment_dir()).
// A job manager that only creates a log folder elsewhere has not done it.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, passed, patternsInWords, unknown } from './checkContext';
import type { CreatesRunFolderCheck } from '../runbook/checkSchema';
import { calleeMatches } from './pythonSymbols';
import { everyFunction, readPythonFiles } from './pythonFileSet';
import { mapDottedName } from '../runbook/symbolMapping';

export function evaluateCreatesRunFolder(check: CreatesRunFolderCheck, context: CheckContext): CheckOutcome {
  const set = readPythonFiles(context, check.files);
  const depends = set.followed.alsoDependsOn;
  if (set.read.length === 0 && set.notFullyRead.length === 0) return dependingOn(unknown(`no Python file matches ${patternsInWords(check.files)}; correct the check's "files" if the job manager moved`), depends);
  if (set.notFullyRead.length > 0) return dependingOn(unknown(`cannot tell whether the run folder is created: ${set.notFullyRead.join('; ')}`), depends);
  const canonical = mapDottedName('canonical_experiment_dir', context.symbols);
  const root = context.layout.settings.experimentRoot;
  for (const { file, facts } of set.read) {
    const functions = everyFunction(facts);
    const usesCanonical = functions.some((fn) => fn.calls.some((call) => calleeMatches(call.callee, canonical) || calleeMatches(call.callee, mapDottedName('model_artifact_path', context.symbols))));
    if (!usesCanonical) continue;
    for (const fn of functions) {
      // `mkdir -p {run_dir}` (the folder interpolated) or `mkdir -p experiment_runs/…`, not `mkdir -p slurm_logs`.
      const scriptMkdir = fn.strings.find((text) => {
        const lines = text.value.replace(/\\[nrt]/g, '\n');
        return [...lines.matchAll(/(?:^|\s|;|&&)mkdir\s+-p\s*([^\s;&]*)/gm)].some((match) => {
          const target = (match[1] ?? '').replace(/^["']|["']$/g, '');
          return target === '' || target === root || target.startsWith(`${root}/`);
        });
      });
      const runNames = /run_dir|exp_dir|experiment_dir|run_path|output_dir|canonical/;
      const codeMkdir = fn.calls.find(
        (call) =>
          (calleeMatches(call.callee, 'mkdir') && (runNames.test(call.receiver ?? '') || (call.receiver === undefined && fn.calls.some((other) => calleeMatches(other.callee, canonical))))) ||
          (calleeMatches(call.callee, 'makedirs') && runNames.test(call.argumentTexts[0] ?? '')),
      );
      const mentionsRun = fn.calls.some((call) => calleeMatches(call.callee, canonical)) || fn.references.some((reference) => runNames.test(reference.lastName)) || fn.strings.some((text) => text.value.includes(root));
      const made = scriptMkdir ?? codeMkdir;
      if (made !== undefined && mentionsRun) return dependingOn(passed(`${fn.qualifiedName} creates the run's canonical folder (${file}:${made.line})`, { path: file, line: made.line }), depends);
    }
  }
  const files = set.read.map((entry) => entry.file).join(', ');
  return dependingOn(failed(`the job scripts built in ${files} never create the run's canonical folder; add mkdir -p for config.canonical_experiment_dir() to the script (or create it before sbatch)`, set.read[0] === undefined ? undefined : { path: set.read[0].file, line: 1 }), depends);
}

// `no-code-anchored-paths`: preset paths "point to canonical paths" only if they resolve under the experiment root
// of the repository, wherever the code is run from. `Path(__file__).parent / "experiment_runs" / …` resolves under the
// code folder (src/config/experiment_runs/…), a look-alike of a canonical path. A function (or the module body) that
// anchors at `__file__` and builds an experiment path is flagged; `__file__` used for anything else is left alone.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, passed, patternsInWords, unknown } from './checkContext';
import type { CodeAnchoredPathsCheck } from '../runbook/checkSchema';
import { everyFunction, readPythonFiles } from './pythonFileSet';
import { mapSymbolPattern } from '../runbook/symbolMapping';

export function evaluateCodeAnchoredPaths(check: CodeAnchoredPathsCheck, context: CheckContext): CheckOutcome {
  const set = readPythonFiles(context, check.files);
  const depends = set.followed.alsoDependsOn;
  if (set.read.length === 0 && set.notFullyRead.length === 0) return dependingOn(unknown(`no Python file matches ${patternsInWords(check.files)}, so there is nothing to check; correct the check's "files" if the code moved`), depends);
  const root = context.layout.settings.experimentRoot;
  for (const { file, facts } of set.read) {
    const anchoredNames = new Set<string>();
    for (const fn of everyFunction(facts)) {
      const anchor = fn.references.find((reference) => reference.name === '__file__');
      if (anchor === undefined) continue;
      const buildsExperimentPath = fn.strings.some((text) => text.value === root || text.value.startsWith(`${root}/`)) || fn.calls.some((call) => /canonical_experiment_dir|model_artifact_path/.test(call.callee));
      if (buildsExperimentPath) return dependingOn(failed(`${fn.qualifiedName === '<module>' ? 'the module' : fn.qualifiedName} anchors experiment paths at the code folder with __file__ (${file}:${anchor.line}); they resolve under ${file.split('/').slice(0, -1).join('/') || '.'}/, not the repository's ${root}/. Use paths relative to the repository root or ${mapSymbolPattern('CANGraphConfig.canonical_experiment_dir', context.symbols)}()`, { path: file, line: anchor.line, column: anchor.column }), depends);
      for (const name of fn.assigned) anchoredNames.add(name);
    }
    // `ROOT = Path(__file__).parent` at module level, used by a preset function with "experiment_runs".
    for (const fn of everyFunction(facts)) {
      const use = fn.references.find((reference) => anchoredNames.has(reference.name.split('.')[0] ?? ''));
      if (use !== undefined && fn.strings.some((text) => text.value === root || text.value.startsWith(`${root}/`))) {
        return dependingOn(failed(`${fn.qualifiedName} builds experiment paths from ${use.name}, which is anchored at the code folder with __file__ (${file}:${use.line}); use paths relative to the repository root`, { path: file, line: use.line, column: use.column }), depends);
      }
    }
  }
  if (set.notFullyRead.length > 0) return dependingOn(unknown(`cannot tell how paths are anchored: ${set.notFullyRead.join('; ')}`), depends);
  return dependingOn(passed(`no experiment path is anchored at the code folder in ${set.read.map((entry) => entry.file).join(', ')}`), depends);
}

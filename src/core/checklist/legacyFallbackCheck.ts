// `no-legacy-fallback`: "no fallback to legacy paths". A function that tests whether a path exists and assigns a path
// under a legacy root (`if not os.path.exists(path): path = os.path.join("osc_jobs", …)`) falls back to the legacy
// layout, whatever the variable is called. Complements RR003, which judges fallbacks by what the path looks like.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, passed, patternsInWords, unknown } from './checkContext';
import type { LegacyFallbackCheck } from '../runbook/checkSchema';
import { everyFunction, readPythonFiles } from './pythonFileSet';
import { calleeMatches } from './pythonSymbols';

const existenceTests = ['os.path.exists', 'os.path.isfile', 'os.path.isdir', 'exists', 'is_file', 'is_dir'];

export function evaluateLegacyFallback(check: LegacyFallbackCheck, context: CheckContext): CheckOutcome {
  const set = readPythonFiles(context, check.files);
  const depends = set.followed.alsoDependsOn;
  if (set.read.length === 0 && set.notFullyRead.length === 0) return dependingOn(unknown(`no Python file matches ${patternsInWords(check.files)}, so there is nothing to check; correct the check's "files" if the code moved`), depends);
  const roots = context.layout.settings.legacyRoots;
  const legacyLiteral = new RegExp(`["'](?:\\./)?(?:${roots.map((root) => root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:/|["'])`);
  for (const { file, facts } of set.read) {
    for (const fn of everyFunction(facts)) {
      const test = fn.calls.find((call) => existenceTests.some((name) => calleeMatches(call.callee, name)));
      if (test === undefined) continue;
      const assignment = Object.entries(fn.assignedValues).find(([, value]) => legacyLiteral.test(value));
      if (assignment !== undefined) {
        return dependingOn(failed(`${fn.qualifiedName} tests whether a path exists (line ${test.line}) and falls back to ${assignment[0]} = ${assignment[1]} under a legacy root; raise FileNotFoundError naming the missing artifact instead`, { path: file, line: test.line, column: test.column }), depends);
      }
    }
  }
  if (set.notFullyRead.length > 0) return dependingOn(unknown(`cannot tell whether anything falls back to a legacy path: ${set.notFullyRead.join('; ')}`), depends);
  return dependingOn(passed(`nothing in ${set.read.map((entry) => entry.file).join(', ')} falls back to a path under ${roots.join(', ')}`), depends);
}

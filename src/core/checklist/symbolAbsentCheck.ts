// `symbol-absent`: no class, function or Class.member matching a pattern is left in the files, e.g. no dataset-level
// config class still defines `experiment_root`. A pattern that matches no file at all proves nothing: unknown.
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, passed, unknown } from './checkContext';
import type { SymbolAbsentCheck } from '../runbook/checkSchema';
import { findSymbols } from './pythonSymbols';

export function evaluateSymbolAbsent(check: SymbolAbsentCheck, context: CheckContext): CheckOutcome {
  const files = filesOf(context, [check.file]).filter((file) => file.endsWith('.py'));
  if (files.length === 0) return unknown(`no Python file matches ${check.file}, so there is nothing to check; correct the check's "file" if the code moved`);
  const unreadable: string[] = [];
  for (const file of files) {
    const read = context.workspace.pythonFacts(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'facts') continue;
    const found = findSymbols(read.facts, check.symbol)[0];
    if (found !== undefined) {
      return failed(`${found.name} is still defined (${file}:${found.position.line}); remove it`, { path: file, line: found.position.line, column: found.position.column });
    }
  }
  if (unreadable.length > 0) return unknown(`cannot tell whether ${check.symbol} is gone: ${unreadable.join('; ')}`);
  return passed(`nothing matches ${check.symbol} in ${files.length === 1 ? files[0] : `the ${files.length} files matching ${check.file}`}`);
}

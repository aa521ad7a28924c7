// `symbol-absent`: no class, function or Class.member matching a pattern is left in the files, e.g. no dataset-level
// config class still defines `experiment_root`. A pattern that matches no file at all proves nothing: unknown.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, filesOf, passed, unknown } from './checkContext';
import { definesSubject, filesDefining } from './symbolLocation';
import { mapSymbolPattern } from '../runbook/symbolMapping';
import type { SymbolAbsentCheck } from '../runbook/checkSchema';
import { findSymbols } from './pythonSymbols';

export function evaluateSymbolAbsent(check: SymbolAbsentCheck, context: CheckContext): CheckOutcome {
  const hinted = filesOf(context, [check.file]).filter((file) => file.endsWith('.py'));
  // Where the classes are is what matters: when the hinted files define none matching the pattern (the config moved,
  // perhaps next to files that stayed), look wherever they are defined.
  if (hinted.length > 0 && definesSubject(context, hinted, check.symbol)) return evaluateIn(hinted, check, context);
  const pattern = mapSymbolPattern(check.symbol, context.symbols);
  const classPattern = pattern.includes('.') ? pattern.slice(0, pattern.indexOf('.')) : pattern;
  const elsewhere = filesDefining(context, check.symbol).filter((file) => !hinted.includes(file));
  if (elsewhere.length === 0 && hinted.length > 0) return dependingOn(evaluateIn(hinted, check, context), ['**/*.py']);
  if (elsewhere.length === 0) return dependingOn(unknown(`no Python file matches ${check.file} and no class matching ${classPattern} is defined anywhere, so there is nothing to check; correct the check's "file" if the code moved`), ['**/*.py']);
  return dependingOn(evaluateIn([...hinted, ...elsewhere], check, context), ['**/*.py']);
}

function evaluateIn(files: readonly string[], check: SymbolAbsentCheck, context: CheckContext): CheckOutcome {
  const unreadable: string[] = [];
  for (const file of files) {
    const read = context.workspace.pythonFacts(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'facts') continue;
    const found = findSymbols(read.facts, mapSymbolPattern(check.symbol, context.symbols))[0];
    if (found !== undefined) {
      return failed(`${found.name} is still defined (${file}:${found.position.line}); remove it`, { path: file, line: found.position.line, column: found.position.column });
    }
  }
  if (unreadable.length > 0) return unknown(`cannot tell whether ${check.symbol} is gone: ${unreadable.join('; ')}`);
  return passed(`nothing matches ${check.symbol} in ${files.length === 1 ? files[0] : `the ${files.length} files matching ${check.file}`}`);
}

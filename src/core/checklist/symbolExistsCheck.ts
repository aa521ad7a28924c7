// `symbol-exists`: a class, function or Class.member exists in a Python file and, when asked, has the structure the
// runbook describes: fields on a class, the layout's segments built in grammar order, exceptions raised (with a
// message), calls made, texts mentioned. Read from the parse tree, so comments and strings never fake a pass.
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, listInWords, passed, unknown } from './checkContext';
import type { SymbolExistsCheck } from '../runbook/checkSchema';
import type { ChecklistLocation } from './checklistResult';
import { isGlobPattern } from './pathPatterns';
import type { FunctionFacts, PythonModuleFacts } from './pythonModuleFacts';
import { calleeMatches, findSymbols, functionsOfSymbol } from './pythonSymbols';
import type { PythonSymbol } from './pythonSymbols';
import { checkSegmentOrder } from './segmentOrder';

interface StructureVerdict {
  readonly ok: boolean;
  /** What was proven (when ok) or what is missing (when not). */
  readonly text: string;
  readonly location: ChecklistLocation;
}

function at(file: string, position: { line: number; column: number }): ChecklistLocation {
  return { path: file, line: position.line, column: position.column };
}

function alternativesText(requirement: string | readonly string[]): string {
  return typeof requirement === 'string' ? requirement : listInWords(requirement, 'or');
}

/** Every requirement of the check, in a fixed order; the first unmet one is the reason. */
function verdicts(check: SymbolExistsCheck, symbol: PythonSymbol, facts: PythonModuleFacts, file: string, context: CheckContext): StructureVerdict[] {
  const results: StructureVerdict[] = [];
  const symbolAt = at(file, symbol.position);
  const requiredFields = [...(check.fields ?? []), ...(check.fieldsForSegments === true ? [...context.layout.settings.segments, 'experiment_root'] : [])];
  if (requiredFields.length > 0) {
    if (symbol.kind !== 'class') {
      results.push({ ok: false, text: `${symbol.name} is a ${symbol.kind}, but fields can only be checked on a class`, location: symbolAt });
    } else {
      const defined = new Set(symbol.facts.fields.map((field) => field.name));
      const missing = requiredFields.filter((field) => !defined.has(field));
      results.push(
        missing.length === 0
          ? { ok: true, text: `defines ${listInWords(requiredFields)}`, location: symbolAt }
          : { ok: false, text: `${symbol.name} does not define ${listInWords(missing)}`, location: symbolAt },
      );
    }
  }
  if (check.buildsSegments === true) {
    if (symbol.kind !== 'function') {
      results.push({ ok: false, text: `${symbol.name} is a ${symbol.kind}; the segment order can only be checked on a function or method`, location: symbolAt });
    } else {
      const order = checkSegmentOrder(symbol.facts, context.layout.settings.segments);
      results.push(order.ok ? { ok: true, text: `builds ${context.layout.settings.segments.join('/')} in grammar order`, location: symbolAt } : { ok: false, text: order.reason, location: at(file, order.position) });
    }
  }
  const functions: FunctionFacts[] = functionsOfSymbol(facts, symbol);
  const needsBehaviour = (check.raises?.length ?? 0) + (check.calls?.length ?? 0) + (check.mentions?.length ?? 0) > 0;
  if (needsBehaviour && symbol.kind === 'field') {
    results.push({ ok: false, text: `${symbol.name} is a field; raises, calls and mentions need a function, method or class`, location: symbolAt });
    return results;
  }
  for (const exception of check.raises ?? []) {
    const raises = functions.flatMap((fn) => fn.raises.filter((raise) => raise.exception === exception));
    const withMessage = raises.filter((raise) => raise.hasMessage);
    if (raises.length === 0) results.push({ ok: false, text: `${symbol.name} does not raise ${exception}`, location: symbolAt });
    else if (check.raisesWithMessage === true && withMessage.length === 0) {
      const first = raises[0];
      results.push({ ok: false, text: `${symbol.name} raises ${exception} without a message (line ${first.line}); say what is wrong and how to fix it`, location: at(file, first) });
    } else results.push({ ok: true, text: `raises ${exception}${check.raisesWithMessage === true ? ' with a message' : ''}`, location: symbolAt });
  }
  const calls = functions.flatMap((fn) => fn.calls);
  for (const requirement of check.calls ?? []) {
    const alternatives = typeof requirement === 'string' ? [requirement] : requirement;
    const call = calls.find((candidate) => alternatives.some((wanted) => calleeMatches(candidate.callee, wanted)));
    results.push(call === undefined ? { ok: false, text: `${symbol.name} does not call ${alternativesText(requirement)}`, location: symbolAt } : { ok: true, text: `calls ${call.callee.replace(/^<expr>\./, '…')}`, location: symbolAt });
  }
  const strings = functions.flatMap((fn) => fn.strings);
  for (const text of check.mentions ?? []) {
    const found = strings.find((literal) => literal.value.includes(text));
    results.push(found === undefined ? { ok: false, text: `${symbol.name} has no string mentioning "${text}"`, location: symbolAt } : { ok: true, text: `mentions "${text}"`, location: symbolAt });
  }
  return results;
}

export function evaluateSymbolExists(check: SymbolExistsCheck, context: CheckContext): CheckOutcome {
  const files = filesOf(context, [check.file]).filter((file) => file.endsWith('.py'));
  if (files.length === 0) return failed(isGlobPattern(check.file) ? `no Python file matches ${check.file}` : `${check.file} does not exist`);
  let firstFailure: StructureVerdict | undefined;
  const unreadable: string[] = [];
  const containers: { name: string; location: ChecklistLocation }[] = [];
  for (const file of files) {
    const read = context.workspace.pythonFacts(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'facts') continue;
    for (const symbol of findSymbols(read.facts, check.symbol)) {
      const results = verdicts(check, symbol, read.facts, file, context);
      const unmet = results.find((result) => !result.ok);
      if (unmet === undefined) {
        const proven = results.map((result) => result.text);
        return passed(`${symbol.name} exists (${file}:${symbol.position.line})${proven.length > 0 ? ` and ${listInWords(proven)}` : ''}`, at(file, symbol.position));
      }
      firstFailure ??= unmet;
    }
    const classPattern = check.symbol.includes('.') ? check.symbol.slice(0, check.symbol.indexOf('.')) : undefined;
    if (classPattern !== undefined) {
      for (const cls of findSymbols(read.facts, classPattern).filter((symbol) => symbol.kind === 'class')) containers.push({ name: cls.name, location: at(file, cls.position) });
    }
  }
  if (firstFailure !== undefined) return failed(firstFailure.text, firstFailure.location);
  if (unreadable.length > 0) return unknown(`cannot tell whether ${check.symbol} exists: ${unreadable.join('; ')}`);
  const where = files.length === 1 ? (files[0]) : `${files.length} files matching ${check.file}`;
  const container = containers[0];
  if (container !== undefined) {
    return failed(`${container.name} has no member ${check.symbol.slice(check.symbol.indexOf('.') + 1)} (${where})`, container.location);
  }
  const syntaxError = files.map((file) => ({ file, read: context.workspace.pythonFacts(file) })).find((entry) => entry.read.kind === 'facts' && entry.read.facts.firstSyntaxError !== undefined);
  const syntaxNote =
    syntaxError !== undefined && syntaxError.read.kind === 'facts' && syntaxError.read.facts.firstSyntaxError !== undefined
      ? `; note that ${syntaxError.file} has a syntax error at line ${syntaxError.read.facts.firstSyntaxError.line}`
      : '';
  return failed(`no class, function or field named ${check.symbol} in ${where}${syntaxNote}`, files.length === 1 ? { path: files[0], line: 1 } : undefined);
}

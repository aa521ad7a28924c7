// `symbol-exists`: a class, function or Class.member exists and, when asked, has the structure the runbook describes:
// fields on a class (stored or derived), the layout's segments built in grammar order, exceptions raised (with a
// message), calls made, texts mentioned, paths built from other runs' configs. Read from the parse tree, so comments
// and strings never fake a pass. The symbol is looked for in the hinted file, then anywhere in the workspace (see
// symbolLocation.ts); a method may be written as a module-level function. A stub never passes.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, listInWords, passed, unknown } from './checkContext';
import type { SymbolExistsCheck } from '../runbook/checkSchema';
import type { ChecklistLocation } from './checklistResult';
import { followMovedFiles } from './movedFiles';
import type { CallUse, FunctionFacts, PythonModuleFacts } from './pythonModuleFacts';
import { calleeMatches, functionsOfSymbol } from './pythonSymbols';
import type { PythonSymbol } from './pythonSymbols';
import { checkSegmentOrder, grammarText, segmentNamesOf } from './segmentOrder';
import { equivalentTableVerdict } from './equivalentTable';
import { locateSymbol } from './symbolLocation';
import { mapDottedName } from '../runbook/symbolMapping';

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

/** Fields a class stores, plus what its methods derive: properties, locals assigned, attribute chains used. */
function fieldVerdict(symbol: Extract<PythonSymbol, { kind: 'class' }>, requiredFields: readonly string[], symbolAt: ChecklistLocation): StructureVerdict {
  const stored = new Set(symbol.facts.fields.map((field) => field.name));
  const derived = new Map<string, string>();
  for (const method of symbol.facts.methods) {
    if (method.isStub) continue;
    if (requiredFields.includes(method.name)) derived.set(method.name, `${method.name}()`);
    for (const local of method.assigned) if (!derived.has(local)) derived.set(local, method.name);
    for (const reference of method.references) {
      if (!reference.name.startsWith('self.')) continue;
      for (const name of segmentNamesOf(reference)) if (!derived.has(name) && name.includes('_') && !reference.name.endsWith(`.${name}`)) derived.set(name, method.name);
    }
  }
  const missing = requiredFields.filter((field) => !stored.has(field) && !derived.has(field));
  if (missing.length > 0) return { ok: false, text: `${symbol.name} does not define ${listInWords(missing)} (neither as a field nor derived in a method)`, location: symbolAt };
  const derivedOnes = requiredFields.filter((field) => !stored.has(field));
  const byMethod = new Map<string, string[]>();
  for (const field of derivedOnes) {
    const where = derived.get(field) ?? '';
    byMethod.set(where, [...(byMethod.get(where) ?? []), field]);
  }
  const derivedText = [...byMethod].map(([where, fields]) => `derives ${listInWords(fields)} in ${where}`).join(', ');
  const storedText = requiredFields.filter((field) => stored.has(field));
  return { ok: true, text: `${storedText.length > 0 ? `defines ${listInWords(storedText)}` : ''}${storedText.length > 0 && derivedText !== '' ? ' and ' : ''}${derivedText}`, location: symbolAt };
}

const canonicalBuilders = ['canonical_experiment_dir', 'model_artifact_path'];

/** Paths built from other runs' configs, not from this run's own folder (`self.canonical_experiment_dir().parent`). */
function otherRunsVerdict(functions: readonly FunctionFacts[], start: FunctionFacts, file: string, context: CheckContext): StructureVerdict {
  const builders = canonicalBuilders.map((name) => mapDottedName(name, context.symbols));
  const own = new Set(['self', 'cls', ...(start.className === undefined ? start.parameters.slice(0, 1) : [])]);
  const calls = functions.flatMap((fn) => fn.calls.filter((call) => builders.some((wanted) => calleeMatches(call.callee, wanted))));
  const ownCalls = calls.filter((call) => call.receiver !== undefined && own.has(call.receiver));
  const otherCalls = calls.filter((call) => call.receiver === undefined || !own.has(call.receiver));
  const navigation = functions.flatMap((fn) => fn.references.filter((reference) => reference.lastName === 'parent' || reference.lastName === 'parents'));
  const where = at(file, start);
  if (otherCalls.length === 0) {
    return {
      ok: false,
      text: `${start.qualifiedName} builds its paths only from this run's own config${ownCalls[0] === undefined ? '' : ` (line ${ownCalls[0].line})`}; return each producing run's canonical path, e.g. replace(self, model_arch=<the upstream model>).model_artifact_path()`,
      location: ownCalls[0] === undefined ? where : at(file, ownCalls[0]),
    };
  }
  if (ownCalls.length > 0 && navigation.length > 0) {
    const first = navigation[0] as { line: number; column: number };
    return { ok: false, text: `${start.qualifiedName} navigates from this run's folder with .parent (line ${first.line}), which yields paths under the current run, not the producing runs' canonical folders`, location: at(file, first) };
  }
  const first = otherCalls[0] as { line: number; callee: string };
  return { ok: true, text: `builds other runs' canonical paths (line ${first.line})`, location: where };
}

/** No call is given `folder` at the repository root: `"mlruns"`, `"./mlruns"`, `"file:./mlruns"`, `Path("mlruns")`. */
function notAtRootVerdict(functions: readonly FunctionFacts[], symbol: PythonSymbol, file: string, folder: string): StructureVerdict {
  const atRoot = new RegExp(`^(?:file:)?(?:\\./)?${folder.replace(/[.]/g, '\\.')}/?$`);
  for (const fn of functions) {
    for (const call of fn.calls) {
      const given = [...call.stringArguments, ...Object.values(call.keywords).map((value) => value.replace(/^[rRbBuU]?["']|["']$/g, ''))];
      const value = given.find((text) => atRoot.test(text));
      if (value !== undefined) {
        const dot = call.callee.lastIndexOf('.');
        return { ok: false, text: `${fn.qualifiedName} passes "${value}" to ${call.callee.slice(dot + 1)} (line ${call.line}): ${folder} at the repository root, not inside the run's canonical folder`, location: at(file, call) };
      }
    }
  }
  return { ok: true, text: '', location: at(file, symbol.position) };
}

/** Every `torch.save` saves a state_dict: `m.state_dict()`, a local assigned from one, or a dict holding them. */
function stateDictVerdict(functions: readonly FunctionFacts[], symbol: PythonSymbol, file: string): StructureVerdict {
  const saves = functions.flatMap((fn) => fn.calls.filter((call) => calleeMatches(call.callee, 'torch.save')).map((call) => ({ fn, call })));
  const holdsStateDict = (fn: FunctionFacts, text: string): boolean => text.includes('state_dict') || (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && (fn.assignedValues[text] ?? '').includes('state_dict'));
  const wrong = saves.find(({ fn, call }) => !holdsStateDict(fn, call.argumentTexts[0] ?? ''));
  if (wrong !== undefined) {
    return { ok: false, text: `${wrong.fn.qualifiedName} saves ${wrong.call.argumentTexts[0] ?? 'something'} with torch.save (line ${wrong.call.line}), not a state_dict; save ${wrong.call.argumentTexts[0] ?? 'model'}.state_dict()`, location: at(file, wrong.call) };
  }
  return { ok: true, text: saves.length === 0 ? '' : 'saves state_dicts only', location: at(file, symbol.position) };
}

/** Every requirement of the check, in a fixed order; the first unmet one is the reason. */
function verdicts(check: SymbolExistsCheck, symbol: PythonSymbol, facts: PythonModuleFacts, file: string, context: CheckContext): StructureVerdict[] {
  const results: StructureVerdict[] = [];
  const symbolAt = at(file, symbol.position);
  if (symbol.kind === 'function' && symbol.facts.isStub) results.push({ ok: false, text: `${symbol.name} is a stub (its body does nothing yet)`, location: symbolAt });
  // A field in an optional part of the template (`[_{aux}]`) may be absent from the config.
  const segmentFields = context.layout.template.fields.filter((field) => !field.optional).map((field) => field.name);
  const requiredFields = [...(check.fields ?? []), ...(check.fieldsForSegments === true ? [...segmentFields, 'experiment_root'] : [])];
  if (requiredFields.length > 0) {
    if (symbol.kind !== 'class') results.push({ ok: false, text: `${symbol.name} is a ${symbol.kind}, but fields can only be checked on a class`, location: symbolAt });
    else results.push(fieldVerdict(symbol, requiredFields, symbolAt));
  }
  if (check.buildsSegments === true) {
    if (symbol.kind !== 'function') {
      results.push({ ok: false, text: `${symbol.name} is a ${symbol.kind}; the segment order can only be checked on a function or method`, location: symbolAt });
    } else {
      const start = symbol.facts;
      const helperOf = (call: CallUse): FunctionFacts | undefined => {
        const name = call.callee.slice(call.callee.lastIndexOf('.') + 1);
        if (call.receiver === 'self' || call.receiver === 'cls') return facts.classes.find((cls) => cls.name === start.className)?.methods.find((method) => method.name === name);
        return call.receiver === undefined && call.callee === name ? facts.functions.find((candidate) => candidate.name === name) : undefined;
      };
      const order = checkSegmentOrder(start, context.layout.template, helperOf);
      results.push(order.ok ? { ok: true, text: `builds ${grammarText(context.layout.template)} in grammar order`, location: symbolAt } : { ok: false, text: order.reason, location: at(file, order.position) });
    }
  }
  const functions: FunctionFacts[] = functionsOfSymbol(facts, symbol);
  const needsBehaviour = (check.raises?.length ?? 0) + (check.calls?.length ?? 0) + (check.mentions?.length ?? 0) > 0 || check.otherRunsPaths === true;
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
    const alternatives = (typeof requirement === 'string' ? [requirement] : requirement).map((name) => mapDottedName(name, context.symbols));
    const call = calls.find((candidate) => alternatives.some((wanted) => calleeMatches(candidate.callee, wanted)));
    results.push(call === undefined ? { ok: false, text: `${symbol.name} does not call ${alternativesText(alternatives)}`, location: symbolAt } : { ok: true, text: `calls ${call.callee.replace(/^<expr>\./, '…')}`, location: symbolAt });
  }
  const strings = functions.flatMap((fn) => fn.strings);
  for (const text of check.mentions ?? []) {
    const found = strings.find((literal) => literal.value.includes(text));
    results.push(found === undefined ? { ok: false, text: `${symbol.name} has no string mentioning "${text}"`, location: symbolAt } : { ok: true, text: `mentions "${text}"`, location: symbolAt });
  }
  if (check.otherRunsPaths === true && symbol.kind === 'function') results.push(otherRunsVerdict(functions, symbol.facts, file, context));
  if (check.savesStateDict === true) results.push(stateDictVerdict(functions, symbol, file));
  for (const folder of check.notAtRepositoryRoot ?? []) results.push(notAtRootVerdict(functions, symbol, file, folder));
  return results;
}

function endLineOf(symbol: PythonSymbol): number {
  return symbol.kind === 'field' ? symbol.position.line : symbol.facts.endLine;
}

export function evaluateSymbolExists(check: SymbolExistsCheck, context: CheckContext): CheckOutcome {
  const hinted = followMovedFiles(context, [check.file], (file) => file.endsWith('.py'));
  const location = locateSymbol(context, hinted.files, check.symbol);
  const depends = [...hinted.alsoDependsOn, ...(location.kind === 'nowhere' ? ['**/*.py'] : location.alsoDependsOn)];
  const unreadable = hinted.files.flatMap((file) => {
    const read = context.workspace.pythonFacts(file);
    return read.kind === 'unreadable' ? [read.detail] : [];
  });
  if (location.kind !== 'found') {
    if (check.equivalentTable === true) {
      const table = equivalentTableVerdict(context, hinted.files, check.symbol);
      if (table !== undefined) return dependingOn(table, depends);
    }
    if (unreadable.length > 0) return dependingOn(unknown(`cannot tell whether ${check.symbol} exists: ${unreadable.join('; ')}`), depends);
    const broken = hinted.files.map((file) => ({ file, read: context.workspace.pythonFacts(file) })).find((entry) => entry.read.kind === 'facts' && entry.read.facts.firstSyntaxError !== undefined);
    if (broken !== undefined && broken.read.kind === 'facts' && broken.read.facts.firstSyntaxError !== undefined) {
      return dependingOn(unknown(`${check.symbol} was not found, but ${broken.file} has a syntax error at line ${broken.read.facts.firstSyntaxError.line}, so it could not be read fully; fix the syntax error to verify`, { path: broken.file, line: broken.read.facts.firstSyntaxError.line }), depends);
    }
    if (location.kind === 'member-missing') {
      return dependingOn(failed(`${location.container} has no member ${location.member} (${location.file}), and no function ${location.member} is defined elsewhere`, at(location.file, location.position)), depends);
    }
    return dependingOn(unknown(`${location.reason}${location.unreadable.length > 0 ? `; not every file could be read: ${location.unreadable.slice(0, 3).join('; ')}` : ''}`), depends);
  }
  let firstFailure: StructureVerdict | undefined;
  for (const candidate of location.candidates) {
    const results = verdicts(check, candidate.symbol, candidate.facts, candidate.file, context);
    const unmet = results.find((result) => !result.ok);
    const syntaxError = candidate.facts.firstSyntaxError;
    const brokenInside = syntaxError !== undefined && syntaxError.line >= candidate.symbol.position.line && syntaxError.line <= endLineOf(candidate.symbol);
    if (unmet === undefined && !brokenInside) {
      const proven = results.map((result) => result.text).filter((text) => text !== '');
      return dependingOn(passed(`${candidate.symbol.name} exists (${candidate.file}:${candidate.symbol.position.line})${proven.length > 0 ? ` and ${listInWords(proven)}` : ''}${location.note}`, at(candidate.file, candidate.symbol.position)), depends);
    }
    if (unmet === undefined && brokenInside) {
      firstFailure ??= { ok: false, text: `unknown:${candidate.symbol.name} has a syntax error at line ${syntaxError.line}, so its body could not be read; fix it to verify`, location: at(candidate.file, syntaxError) };
      continue;
    }
    if (unmet !== undefined) firstFailure ??= { ...unmet, text: `${unmet.text}${location.note}` };
  }
  const failure = firstFailure as StructureVerdict;
  if (failure.text.startsWith('unknown:')) return dependingOn(unknown(failure.text.slice('unknown:'.length), failure.location), depends);
  return dependingOn(failed(failure.text, failure.location), depends);
}

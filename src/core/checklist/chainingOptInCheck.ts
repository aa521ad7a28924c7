// `chaining-opt-in`: "if jobs are chained, --auto-chain is an explicit opt-in flag (decide and tick)". The code
// settles it when it chains (an `--dependency=afterok:…` in the sbatch call or script text): chaining behind an
// option that is off by default and guards the chaining is done; chaining with no such option, or with one that
// defaults to on, is not. When the code chains nothing, whether to offer chaining is a decision: the item stays a
// manual one for a person to tick.
import type { CheckContext, CheckOutcome } from './checkContext';
import { dependingOn, failed, listInWords, passed, unknown } from './checkContext';
import type { ChainingOptInCheck } from '../runbook/checkSchema';
import type { CallUse, FunctionFacts } from './pythonModuleFacts';
import { everyFunction, readPythonFiles } from './pythonFileSet';

export const defaultChainingFlags: readonly string[] = ['--auto-chain', '--chain'];

const chainingText = /--dependency|\bafter(?:ok|any|notok|corr)?:/;

function optionDest(flag: string): string {
  return flag.replace(/^--/, '').replace(/-/g, '_');
}

/** Off by default: store_true without default=True, or BooleanOptionalAction/store_const without a true default. */
function defaultsOff(call: CallUse): boolean {
  const action = call.keywords.action?.replace(/["']/g, '');
  const defaultValue = call.keywords.default;
  if (defaultValue !== undefined && !/^(?:False|None|0)$/.test(defaultValue)) return false;
  if (action === 'store_false') return false;
  return action === 'store_true' || action === undefined || /BooleanOptionalAction|store_const/.test(action);
}

export function evaluateChainingOptIn(check: ChainingOptInCheck, context: CheckContext): CheckOutcome {
  const flags = check.flags ?? defaultChainingFlags;
  const set = readPythonFiles(context, [check.file]);
  const depends = set.followed.alsoDependsOn;
  if (set.read.length === 0 && set.notFullyRead.length === 0) return dependingOn({ state: 'unknown', reason: `no Python file matches ${check.file}; the code cannot settle this decision`, decidedByTick: true }, depends);
  if (set.notFullyRead.length > 0) return dependingOn(unknown(`cannot tell how jobs are chained: ${set.notFullyRead.join('; ')}`), depends);
  const chaining: { file: string; fn: FunctionFacts; line: number }[] = [];
  const options: { file: string; call: CallUse; flag: string }[] = [];
  for (const { file, facts } of set.read) {
    for (const fn of everyFunction(facts)) {
      const literal = fn.strings.find((text) => chainingText.test(text.value));
      if (literal !== undefined) chaining.push({ file, fn, line: literal.line });
      for (const call of fn.calls) {
        if (!/(?:^|\.)add_argument$/.test(call.callee)) continue;
        const flag = call.stringArguments.find((argument) => flags.includes(argument));
        if (flag !== undefined) options.push({ file, call, flag });
      }
    }
  }
  const first = chaining[0];
  if (first === undefined) {
    return dependingOn({ state: 'passed', reason: `the code chains no jobs (no --dependency in ${set.read.map((entry) => entry.file).join(', ')})${options.length > 0 ? `, though it offers ${options[0]?.flag ?? ''}` : ''}`, decidedByTick: true }, depends);
  }
  const where = { path: first.file, line: first.line };
  const option = options[0];
  if (option === undefined) return dependingOn(failed(`jobs are chained automatically (${first.file}:${first.line}, ${first.fn.qualifiedName}) with no opt-in flag; add ${flags[0] ?? '--auto-chain'} with action="store_true" and chain only when it is given`, where), depends);
  if (!defaultsOff(option.call)) return dependingOn(failed(`${option.flag} (${option.file}:${option.call.line}) is on by default (${Object.entries(option.call.keywords).map(([key, value]) => `${key}=${value}`).join(', ')}); an opt-in flag must default to off`, { path: option.file, line: option.call.line }), depends);
  // The chaining must depend on the option: the chaining function, or a function that leads to it, reads the option.
  const dests = [...new Set([...flags.map(optionDest), ...(option.call.keywords.dest === undefined ? [] : [option.call.keywords.dest.replace(/["']/g, '')])])];
  const readsOption = (fn: FunctionFacts): boolean => fn.references.some((reference) => dests.includes(reference.lastName)) || fn.parameters.some((parameter) => dests.includes(parameter));
  const allFunctions = set.read.flatMap((entry) => everyFunction(entry.facts));
  const guarded = chaining.every(({ fn }) => readsOption(fn) || allFunctions.some((caller) => readsOption(caller) && (caller.localCalls.some((call) => call === fn.name || call === `self.${fn.name}`) || caller.calls.some((call) => call.callee.endsWith(`.${fn.name}`)))));
  if (!guarded) return dependingOn(failed(`${option.flag} exists, but ${first.fn.qualifiedName} chains jobs (${first.file}:${first.line}) without reading it; chain only when ${listInWords(dests.map((dest) => `args.${dest}`), 'or')} is set`, where), depends);
  return dependingOn(passed(`jobs are chained only behind ${option.flag} (${option.file}:${option.call.line}), which is off by default`, where), depends);
}

// `test-exists`: some test function (pytest's `test_*` at module level or in a `Test*` class) uses the given names,
// expects the given exceptions (`pytest.raises`, `assertRaises`) and, when asked, lives in a file that imports a
// given module. Helpers the test calls in its own file count as part of the test.
import type { CheckContext, CheckOutcome } from './checkContext';
import { failed, filesOf, listInWords, passed, patternsInWords, unknown } from './checkContext';
import { defaultTestFiles } from '../runbook/checkSchema';
import type { NameAlternatives, TestExistsCheck } from '../runbook/checkSchema';
import type { FunctionFacts, PythonModuleFacts } from './pythonModuleFacts';
import { moduleNameOfPath } from './pythonModuleFacts';
import { calleeMatches, reachableFunctions } from './pythonSymbols';

function testFunctions(facts: PythonModuleFacts): FunctionFacts[] {
  return [
    ...facts.functions.filter((fn) => fn.name.startsWith('test')),
    ...facts.classes.filter((cls) => cls.name.startsWith('Test')).flatMap((cls) => cls.methods.filter((method) => method.name.startsWith('test'))),
  ];
}

/** True when the file imports `module` (`src.training.fusion_training`), also through a shorter package root. */
export function importsModule(imports: readonly string[], module: string): boolean {
  const parts = module.split('.');
  const suffixes = parts.map((_, index) => parts.slice(index).join('.'));
  return imports.some((imported) => suffixes.some((suffix) => imported === suffix || imported.startsWith(`${suffix}.`)));
}

function usesName(functions: readonly FunctionFacts[], requirement: NameAlternatives): boolean {
  const alternatives = typeof requirement === 'string' ? [requirement] : requirement;
  return functions.some(
    (fn) =>
      fn.references.some((reference) => alternatives.some((wanted) => calleeMatches(reference.name, wanted))) ||
      fn.calls.some((call) => alternatives.some((wanted) => calleeMatches(call.callee, wanted))),
  );
}

function expects(functions: readonly FunctionFacts[], exception: string): boolean {
  return functions.some((fn) => fn.expectedRaises.some((expected) => expected.lastName === exception));
}

function requirementText(check: TestExistsCheck): string {
  const parts: string[] = [];
  if (check.references !== undefined && check.references.length > 0) {
    parts.push(`uses ${listInWords(check.references.map((requirement) => (typeof requirement === 'string' ? requirement : listInWords(requirement, 'or'))))}`);
  }
  if (check.expectsRaises !== undefined && check.expectsRaises.length > 0) parts.push(`expects ${listInWords(check.expectsRaises)} to be raised`);
  return parts.length === 0 ? 'exists' : listInWords(parts);
}

export function evaluateTestExists(check: TestExistsCheck, context: CheckContext): CheckOutcome {
  const patterns = check.files ?? defaultTestFiles;
  const files = filesOf(context, patterns).filter((file) => file.endsWith('.py'));
  const wanted = `a test that ${requirementText(check)}${check.importsFrom === undefined ? '' : ` in a file importing ${check.importsFrom}`}`;
  if (files.length === 0) return failed(`no test file matches ${patternsInWords(patterns)}; add ${wanted}`);
  const targetModule = check.importsFrom === undefined ? undefined : moduleNameOfPath(check.importsFrom);
  const unreadable: string[] = [];
  let importingFiles = 0;
  let testsSeen = 0;
  for (const file of files) {
    const read = context.workspace.pythonFacts(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'facts') continue;
    if (targetModule !== undefined && !importsModule(read.facts.imports, targetModule)) continue;
    importingFiles++;
    for (const test of testFunctions(read.facts)) {
      testsSeen++;
      const body = reachableFunctions(read.facts, test);
      const meetsReferences = (check.references ?? []).every((requirement) => usesName(body, requirement));
      const meetsRaises = (check.expectsRaises ?? []).every((exception) => expects(body, exception));
      if (meetsReferences && meetsRaises) {
        return passed(`${file}::${test.qualifiedName} ${requirementText(check)}`, { path: file, line: test.line, column: test.column });
      }
    }
  }
  if (unreadable.length > 0) return unknown(`cannot tell whether there is ${wanted}: ${unreadable.join('; ')}`);
  if (targetModule !== undefined && importingFiles === 0) {
    return failed(`no test file imports ${check.importsFrom ?? ''} (checked ${files.length} file${files.length === 1 ? '' : 's'} matching ${patternsInWords(patterns)}); add ${wanted}`);
  }
  return failed(`none of the ${testsSeen} test${testsSeen === 1 ? '' : 's'} in ${patternsInWords(patterns)} ${requirementText(check)}; add one`);
}

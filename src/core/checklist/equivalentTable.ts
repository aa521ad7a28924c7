// "A strict resource_profiles table" under another name: a dict literal (a class attribute or a module constant)
// keyed by the training types, which the command line restricts its choices to (`choices=sorted(PROFILES)`,
// `choices=list(Manager.PROFILES.keys())`). The restriction is what shows the intent; a table nothing restricts to
// could be any dict, so that case stays unknown with what would settle it.
import type { CheckContext, CheckOutcome } from './checkContext';
import { passed, unknown } from './checkContext';
import type { FieldFacts, FunctionFacts, PythonModuleFacts } from './pythonModuleFacts';

interface Table {
  readonly file: string;
  readonly owner: string;
  readonly field: FieldFacts;
}

function tablesOf(file: string, facts: PythonModuleFacts): Table[] {
  const keyed = (field: FieldFacts): boolean => (field.dictKeys?.length ?? 0) >= 2;
  return [
    ...facts.variables.filter(keyed).map((field) => ({ file, owner: '', field })),
    ...facts.classes.flatMap((cls) => cls.fields.filter(keyed).map((field) => ({ file, owner: `${cls.name}.`, field }))),
  ];
}

function allFunctions(facts: PythonModuleFacts): FunctionFacts[] {
  return [facts.moduleBody, ...facts.functions, ...facts.classes.flatMap((cls) => cls.methods)];
}

export function equivalentTableVerdict(context: CheckContext, files: readonly string[], symbol: string): CheckOutcome | undefined {
  const unrestricted: Table[] = [];
  for (const file of files) {
    const read = context.workspace.pythonFacts(file);
    if (read.kind !== 'facts') continue;
    const tables = tablesOf(file, read.facts);
    if (tables.length === 0) continue;
    const choices = allFunctions(read.facts).flatMap((fn) => fn.calls.filter((call) => call.keywords.choices !== undefined));
    for (const table of tables) {
      const name = table.field.name;
      const restriction = choices.find((call) => new RegExp(`(?<![\\w])${name}(?![\\w])`).test(call.keywords.choices ?? ''));
      if (restriction !== undefined) {
        return passed(
          `no ${symbol}, but ${table.owner}${name} (${file}:${table.field.line}) is an equivalent table keyed by ${(table.field.dictKeys ?? []).join(', ')}, and ${restriction.stringArguments[0] ?? 'the command line'} is restricted to its keys (line ${restriction.line})`,
          { path: file, line: table.field.line, column: table.field.column },
        );
      }
      unrestricted.push(table);
    }
  }
  const first = unrestricted[0];
  if (first === undefined) return undefined;
  return unknown(
    `no ${symbol}; ${first.owner}${first.field.name} (${first.file}:${first.field.line}) is a table keyed by ${(first.field.dictKeys ?? []).join(', ')}, but nothing restricts the training types to its keys; add choices=sorted(${first.owner}${first.field.name}) to the command line's argument, or map the name in refactor-runbook.json`,
    { path: first.file, line: first.field.line },
  );
}

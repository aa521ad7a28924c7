// Finding `Class`, `function` or `Class.member` (with * and ? wildcards) in a file's facts, and following the calls a
// function makes to its own class's methods or its module's functions, so "validate_config raises X" also holds
// when it raises through a helper it calls.
import type { ClassFacts, FieldFacts, FunctionFacts, PythonModuleFacts, SourcePosition } from './pythonModuleFacts';

export type PythonSymbol =
  | { readonly kind: 'class'; readonly name: string; readonly facts: ClassFacts; readonly position: SourcePosition }
  | { readonly kind: 'function'; readonly name: string; readonly facts: FunctionFacts; readonly position: SourcePosition }
  | { readonly kind: 'field'; readonly name: string; readonly facts: FieldFacts; readonly position: SourcePosition };

const wildcardCache = new Map<string, RegExp>();

/** `*` matches any run of identifier characters, `?` one; everything else literally. */
export function wildcardMatcher(pattern: string): RegExp {
  let matcher = wildcardCache.get(pattern);
  if (matcher === undefined) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    matcher = new RegExp(`^${source}$`);
    wildcardCache.set(pattern, matcher);
  }
  return matcher;
}

export function matchesName(pattern: string, name: string): boolean {
  return wildcardMatcher(pattern).test(name);
}

export function findSymbols(facts: PythonModuleFacts, pattern: string): PythonSymbol[] {
  const [first, member] = pattern.split('.') as [string, string | undefined];
  if (member === undefined) {
    return [
      ...facts.classes.filter((cls) => matchesName(first, cls.name)).map((cls): PythonSymbol => ({ kind: 'class', name: cls.name, facts: cls, position: cls })),
      ...facts.functions.filter((fn) => matchesName(first, fn.name)).map((fn): PythonSymbol => ({ kind: 'function', name: fn.name, facts: fn, position: fn })),
      ...facts.variables.filter((variable) => matchesName(first, variable.name)).map((variable): PythonSymbol => ({ kind: 'field', name: variable.name, facts: variable, position: variable })),
    ];
  }
  return facts.classes
    .filter((cls) => matchesName(first, cls.name))
    .flatMap((cls) => [
      ...cls.methods.filter((method) => matchesName(member, method.name)).map((method): PythonSymbol => ({ kind: 'function', name: `${cls.name}.${method.name}`, facts: method, position: method })),
      ...cls.fields.filter((field) => matchesName(member, field.name)).map((field): PythonSymbol => ({ kind: 'field', name: `${cls.name}.${field.name}`, facts: field, position: field })),
    ]);
}

/** Deep enough for real helper chains, bounded so a recursive call graph cannot loop. */
const maxCallDepth = 4;

/** `start` plus every function of the same file it reaches through `self.x()` or `x()` calls. */
export function reachableFunctions(facts: PythonModuleFacts, start: FunctionFacts): FunctionFacts[] {
  const reached = new Map<string, FunctionFacts>([[start.qualifiedName, start]]);
  let frontier = [start];
  for (let depth = 0; depth < maxCallDepth && frontier.length > 0; depth++) {
    const next: FunctionFacts[] = [];
    for (const fn of frontier) {
      for (const call of fn.localCalls) {
        const target = call.startsWith('self.')
          ? facts.classes.find((cls) => cls.name === fn.className)?.methods.find((method) => method.name === call.slice('self.'.length))
          : facts.functions.find((candidate) => candidate.name === call);
        if (target !== undefined && !reached.has(target.qualifiedName)) {
          reached.set(target.qualifiedName, target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  return [...reached.values()];
}

/** The functions a structural requirement looks at: a function with its helpers, or every method of a class. */
export function functionsOfSymbol(facts: PythonModuleFacts, symbol: PythonSymbol): FunctionFacts[] {
  if (symbol.kind === 'function') return reachableFunctions(facts, symbol.facts);
  if (symbol.kind === 'class') return symbol.facts.methods.flatMap((method) => reachableFunctions(facts, method));
  return [];
}

/** True when `callee` (`self.config.canonical_experiment_dir`) is `wanted` or ends with `.wanted` (wildcards allowed). */
export function calleeMatches(callee: string, wanted: string): boolean {
  if (!/[*?]/.test(wanted)) return callee === wanted || callee.endsWith(`.${wanted}`);
  const parts = callee.split('.');
  const wantedParts = wanted.split('.').length;
  return parts.length >= wantedParts && matchesName(wanted, parts.slice(parts.length - wantedParts).join('.'));
}

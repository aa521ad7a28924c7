// Finding the code an item is about. The runbook names a symbol (`CANGraphConfig.validate_config`) and the file it
// lives in in the runbook's repository; a project may keep it elsewhere, under its own name, or write a method as a
// module-level function. Looked up in order: the hinted file, then the workspace's definition index. What could not
// be found anywhere is not a failure of the item but a question for the user (map the name in the project file).
import type { CheckContext } from './checkContext';
import type { PythonModuleFacts, SourcePosition } from './pythonModuleFacts';
import { findSymbols } from './pythonSymbols';
import type { PythonSymbol } from './pythonSymbols';
import { mapSymbolPattern, mappingNote } from '../runbook/symbolMapping';

export interface SymbolCandidate {
  readonly file: string;
  readonly symbol: PythonSymbol;
  readonly facts: PythonModuleFacts;
}

export type SymbolLocation =
  | {
      readonly kind: 'found';
      readonly candidates: readonly SymbolCandidate[];
      /** Words appended to the reason: where the definition was found when it is not in the hinted file. */
      readonly note: string;
      readonly alsoDependsOn: readonly string[];
    }
  | { readonly kind: 'member-missing'; readonly container: string; readonly file: string; readonly position: SourcePosition; readonly member: string; readonly alsoDependsOn: readonly string[] }
  | { readonly kind: 'nowhere'; readonly reason: string; readonly unreadable: readonly string[] };

/** `Class.member` in one file: the member, or a module-level function of that name beside the class. */
function inFile(facts: PythonModuleFacts, pattern: string): PythonSymbol[] {
  const found = findSymbols(facts, pattern);
  if (found.length > 0) return found;
  const dot = pattern.indexOf('.');
  if (dot === -1) return [];
  const member = pattern.slice(dot + 1);
  return findSymbols(facts, member).filter((symbol) => symbol.kind === 'function');
}

function classPart(pattern: string): string | undefined {
  const dot = pattern.indexOf('.');
  return dot === -1 ? undefined : pattern.slice(0, dot);
}

export function locateSymbol(context: CheckContext, hintedFiles: readonly string[], runbookPattern: string): SymbolLocation {
  const pattern = mapSymbolPattern(runbookPattern, context.symbols);
  const mapped = mappingNote(runbookPattern, context.symbols);
  const collect = (files: readonly string[]): SymbolCandidate[] =>
    files.flatMap((file) => {
      const read = context.workspace.pythonFacts(file);
      return read.kind === 'facts' ? inFile(read.facts, pattern).map((symbol) => ({ file, symbol, facts: read.facts })) : [];
    });
  const hinted = collect(hintedFiles);
  if (hinted.length > 0) return { kind: 'found', candidates: hinted, note: mapped, alsoDependsOn: [] };

  const index = context.workspace.definitionIndex();
  const container = classPart(pattern);
  const member = container === undefined ? undefined : pattern.slice(container.length + 1);
  const classFiles = (name: string): string[] => [...new Set(index.classesMatching(name).flatMap((entry) => entry.files))].sort();
  const searched = container === undefined ? [...new Set([...classFiles(pattern), ...(/[*?]/.test(pattern) ? [] : index.functionFiles(pattern))])].sort() : classFiles(container);
  // A class can only define the member if the member's name is in its file's text: `*.resource_profiles` would
  // otherwise parse every file that defines any class (785 of the standard library's files).
  const mayDefineMember = (file: string): boolean => {
    if (member === undefined || /[*?]/.test(member)) return true;
    const read = context.workspace.readText(file);
    return read.kind !== 'text' || read.text.includes(member);
  };
  let elsewhere = collect(searched.filter((file) => !hintedFiles.includes(file) && mayDefineMember(file)));
  if (elsewhere.length === 0 && member !== undefined && !/[*?]/.test(member)) {
    // `def validate_config(config)` in another module does the member's job.
    elsewhere = collect(index.functionFiles(member).filter((file) => !hintedFiles.includes(file))).filter((candidate) => candidate.symbol.kind === 'function');
  }
  const hintText = hintedFiles.length === 0 ? 'the runbook\'s file is absent' : `${hintedFiles.join(', ')} does not define it`;
  if (elsewhere.length > 0) {
    const files = [...new Set(elsewhere.map((candidate) => candidate.file))];
    return { kind: 'found', candidates: elsewhere, note: `${mapped}; found in ${files.join(', ')} (${hintText})`, alsoDependsOn: ['**/*.py'] };
  }
  if (container !== undefined && member !== undefined) {
    for (const file of [...hintedFiles, ...classFiles(container)]) {
      const read = context.workspace.pythonFacts(file);
      if (read.kind !== 'facts') continue;
      const cls = findSymbols(read.facts, container).find((symbol) => symbol.kind === 'class');
      if (cls !== undefined) return { kind: 'member-missing', container: cls.name, file, position: cls.position, member, alsoDependsOn: ['**/*.py'] };
    }
  }
  const subject = container ?? pattern;
  return {
    kind: 'nowhere',
    reason: `no definition of ${subject} anywhere in the workspace's ${index.fileCount} Python files${mapped}; if the project names it differently, map it in refactor-runbook.json ("symbols": {"${classPart(runbookPattern) ?? runbookPattern}": "YourName"})`,
    unreadable: index.unreadable,
  };
}

/** Files that define a class (or function) matching `runbookPattern`'s first part, confirmed from their parse trees. */
export function filesDefining(context: CheckContext, runbookPattern: string): string[] {
  const pattern = mapSymbolPattern(runbookPattern, context.symbols);
  const name = classPart(pattern) ?? pattern;
  const index = context.workspace.definitionIndex();
  const candidates = [...new Set([...index.classesMatching(name).flatMap((entry) => entry.files), ...(/[*?]/.test(name) ? [] : index.functionFiles(name))])].sort();
  return candidates.filter((file) => {
    const read = context.workspace.pythonFacts(file);
    return read.kind === 'facts' && findSymbols(read.facts, name).some((symbol) => symbol.kind !== 'field');
  });
}

/** True when one of `files` defines a class or function matching the pattern's first part. */
export function definesSubject(context: CheckContext, files: readonly string[], runbookPattern: string): boolean {
  const pattern = mapSymbolPattern(runbookPattern, context.symbols);
  const name = classPart(pattern) ?? pattern;
  return files.some((file) => {
    const read = context.workspace.pythonFacts(file);
    return read.kind === 'facts' && findSymbols(read.facts, name).some((symbol) => symbol.kind !== 'field');
  });
}

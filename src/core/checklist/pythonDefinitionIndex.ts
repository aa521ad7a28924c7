// Where each class and function of the workspace is defined: one pass over every Python file's parsed facts (the
// workspace caches them), built on first need and rebuilt after a Python file changes, so an item whose hinted file
// moved finds its definition with one lookup instead of a scan per item. Names with wildcards are matched against the
// index's keys, never against file text.
import type { ChecklistWorkspace } from './checklistWorkspace';
import { matchesName } from './pythonSymbols';

export interface DefinitionIndex {
  /** Files defining a class of this exact name, sorted. */
  classFiles(name: string): readonly string[];
  /** Files defining a module-level function of this exact name, sorted. */
  functionFiles(name: string): readonly string[];
  /** Class names matching a wildcard pattern, with their files. */
  classesMatching(pattern: string): readonly { readonly name: string; readonly files: readonly string[] }[];
  /** Files that could not be read or parsed, with the reason: a lookup that finds nothing cannot rule them out. */
  readonly unreadable: readonly string[];
  /** How many Python files were indexed. */
  readonly fileCount: number;
}

function addTo(map: Map<string, string[]>, name: string, file: string): void {
  const files = map.get(name);
  if (files === undefined) map.set(name, [file]);
  else if (files[files.length - 1] !== file) files.push(file);
}

export function buildDefinitionIndex(workspace: ChecklistWorkspace): DefinitionIndex {
  const classes = new Map<string, string[]>();
  const functions = new Map<string, string[]>();
  const unreadable: string[] = [];
  const pythonFiles = workspace.listFiles().filter((file) => file.endsWith('.py'));
  for (const file of pythonFiles) {
    const read = workspace.pythonFacts(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'facts') continue;
    for (const cls of read.facts.classes) addTo(classes, cls.name, file);
    for (const fn of read.facts.functions) addTo(functions, fn.name, file);
  }
  return {
    classFiles: (name) => classes.get(name) ?? [],
    functionFiles: (name) => functions.get(name) ?? [],
    classesMatching: (pattern) => [...classes].filter(([name]) => matchesName(pattern, name)).map(([name, files]) => ({ name, files })),
    unreadable,
    fileCount: pythonFiles.length,
  };
}

// Where each top-level class and function of the workspace may be defined: one pass over every Python file's text
// (a line-start `class Name` / `def name`), built on first need and dropped after a Python file changes, so an item
// whose hinted file moved finds its candidates with one lookup instead of a scan per item. The index only narrows the
// search: every candidate is then confirmed from the file's parse tree (symbolLocation.ts), so a `class X` inside a
// docstring never counts. Reading text instead of parsing every file keeps a 2,000-file tree's lookup cheap.
import type { ChecklistWorkspace } from './checklistWorkspace';
import { matchesName } from './pythonSymbols';

export interface DefinitionIndex {
  /** Files that may define a top-level class of this exact name, sorted. */
  classFiles(name: string): readonly string[];
  /** Files that may define a module-level function of this exact name, sorted. */
  functionFiles(name: string): readonly string[];
  /** Class names matching a wildcard pattern, with the files that may define them. */
  classesMatching(pattern: string): readonly { readonly name: string; readonly files: readonly string[] }[];
  /** Files that could not be read, with the reason: a lookup that finds nothing cannot rule them out. */
  readonly unreadable: readonly string[];
  /** How many Python files were indexed. */
  readonly fileCount: number;
}

function addTo(map: Map<string, string[]>, name: string, file: string): void {
  const files = map.get(name);
  if (files === undefined) map.set(name, [file]);
  else if (files[files.length - 1] !== file) files.push(file);
}

const topLevelDefinition = /^(?:async[ \t]+)?(class|def)[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm;

export function buildDefinitionIndex(workspace: ChecklistWorkspace): DefinitionIndex {
  const classes = new Map<string, string[]>();
  const functions = new Map<string, string[]>();
  const unreadable: string[] = [];
  const pythonFiles = workspace.listFiles().filter((file) => file.endsWith('.py'));
  for (const file of pythonFiles) {
    const read = workspace.readText(file);
    if (read.kind === 'unreadable') unreadable.push(read.detail);
    if (read.kind !== 'text') continue;
    for (const match of read.text.matchAll(topLevelDefinition)) {
      const name = match[2];
      if (name !== undefined) addTo(match[1] === 'class' ? classes : functions, name, file);
    }
  }
  return {
    classFiles: (name) => classes.get(name) ?? [],
    functionFiles: (name) => functions.get(name) ?? [],
    classesMatching: (pattern) => [...classes].filter(([name]) => matchesName(pattern, name)).map(([name, files]) => ({ name, files })),
    unreadable,
    fileCount: pythonFiles.length,
  };
}

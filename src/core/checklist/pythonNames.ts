// The few readings of the Python syntax tree the checklist needs: dotted names, import aliases, string literal text.
// Kept here rather than borrowed from the rules' helpers, whose signatures follow the rules' needs.
import type { Node, Tree } from 'web-tree-sitter';

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else (calls, subscripts…). */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (object === null || attribute === null) return undefined;
  const prefix = dottedName(object);
  return prefix === undefined ? undefined : `${prefix}.${attribute.text}`;
}

/** Local name → imported dotted name: `import torch as th` gives th → torch, `from os import path` gives path → os.path. */
export function importAliases(tree: Tree): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const statement of tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (statement === null) continue;
    if (statement.type === 'import_statement') {
      for (const child of namedChildren(statement)) {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (child.type === 'aliased_import' && name !== undefined && alias !== undefined) aliases.set(alias, name);
      }
      continue;
    }
    const moduleNode = statement.childForFieldName('module_name');
    if (moduleNode === null || moduleNode.type === 'relative_import') continue;
    for (const child of statement.childrenForFieldName('name')) {
      if (child === null) continue;
      if (child.type === 'dotted_name') aliases.set(child.text, `${moduleNode.text}.${child.text}`);
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (child.type === 'aliased_import' && name !== undefined && alias !== undefined) aliases.set(alias, `${moduleNode.text}.${name}`);
    }
  }
  return aliases;
}

/** The dotted name a call calls with its first part resolved through imports; `<expr>.name` for `f(x).name(…)`. */
export function calleeName(call: Node, aliases: ReadonlyMap<string, string>): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee === null) return undefined;
  const name = dottedName(callee);
  if (name === undefined) {
    const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    return method === undefined ? undefined : `<expr>.${method}`;
  }
  const dot = name.indexOf('.');
  const first = dot === -1 ? name : name.slice(0, dot);
  const resolved = aliases.get(first);
  return resolved === undefined ? name : `${resolved}${dot === -1 ? '' : name.slice(dot)}`;
}

/** The fixed text of a string literal: the whole text of a plain string, the literal parts of an f-string. */
export function stringLiteralText(node: Node): string {
  const parts = node.type === 'concatenated_string' ? namedChildren(node) : [node];
  return parts
    .flatMap((part) => namedChildren(part))
    .filter((child) => child.type === 'string_content' || child.type === 'escape_sequence')
    .map((child) => child.text)
    .join('');
}

// Small, rule-agnostic helpers over the tree-sitter-python syntax tree: dotted call names with import aliases
// resolved, argument lookup, string literal contents, docstrings and scopes. Several rules need exactly the same
// reading of a call (`torch.load`, `glob.glob`, `os.path.join`), so it lives here once.
import type { Node, Tree } from 'web-tree-sitter';

/** Function definitions, lambdas and class bodies start a new name scope. */
export const scopeNodeTypes: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** Named children without nulls (web-tree-sitter types children as nullable). */
export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export function childrenOf(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

/** The smallest node that starts at `offset` (a name, a keyword, a string part), or undefined inside trivia. */
export function nodeAt(tree: Tree, offset: number): Node | undefined {
  return tree.rootNode.descendantForIndex(offset, offset + 1) ?? undefined;
}

/**
 * Calls whose callee's last name matches `names` (`load` finds `torch.load(...)` and `load(...)`), found by a regex
 * over the source and one node lookup per hit: far cheaper than visiting every call node of a large file. Hits in
 * comments and strings are dropped because they are not identifiers of a call.
 */
export function callsNamed(tree: Tree, source: string, names: string): Node[] {
  const pattern = new RegExp(`(?<![\\w])(?:${names})(?=\\s*\\()`, 'g');
  const calls: Node[] = [];
  for (const match of source.matchAll(pattern)) {
    const call = callAtName(tree, match.index ?? 0);
    if (call !== undefined) {
      calls.push(call);
    }
  }
  return calls;
}

/** The call whose callee's last name starts at `offset` (`load` in `torch.load(x)`), if there is one. */
export function callAtName(tree: Tree, offset: number): Node | undefined {
  const identifier = nodeAt(tree, offset);
  if (identifier === undefined || identifier.type !== 'identifier') {
    return undefined;
  }
  let callee = identifier;
  const parent = identifier.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) {
    callee = parent;
  }
  const call = callee.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === callee.id ? call : undefined;
}

/** Offsets where `name` (a dotted name such as `self.root`) occurs as a whole word. */
export function occurrencesOf(source: string, name: string, from = 0, to = source.length): number[] {
  const pattern = new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\s*\\.\\s*')}(?![\\w])`, 'g');
  pattern.lastIndex = from;
  const offsets: number[] = [];
  for (let match = pattern.exec(source); match !== null && match.index < to; match = pattern.exec(source)) {
    offsets.push(match.index);
  }
  return offsets;
}

/** Skips parentheses around an expression. */
export function unwrapParentheses(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.firstNamedChild;
    if (inner === null) {
      break;
    }
    current = inner;
  }
  return current;
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else (calls, subscripts...). */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') {
    return node.text;
  }
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (object === null || attribute === null) {
      return undefined;
    }
    const prefix = dottedName(object);
    return prefix === undefined ? undefined : `${prefix}.${attribute.text}`;
  }
  return undefined;
}

/** The last name of an identifier or attribute chain (`self.model` → `model`); undefined otherwise. */
export function lastName(node: Node): string | undefined {
  const unwrapped = unwrapParentheses(node);
  if (unwrapped.type === 'identifier') {
    return unwrapped.text;
  }
  if (unwrapped.type === 'attribute') {
    return unwrapped.childForFieldName('attribute')?.text;
  }
  return undefined;
}

const aliasCache = new WeakMap<Tree, ReadonlyMap<string, string>>();

const importLine = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/gm;

/**
 * Local name → fully qualified name from the file's imports: `import torch as th` gives th → torch,
 * `from glob import glob` gives glob → glob.glob, `from os.path import join as pjoin` gives pjoin → os.path.join.
 * Read from the text (one regex pass), which is far cheaper than visiting syntax nodes.
 */
export function importAliases(tree: Tree, source: string): ReadonlyMap<string, string> {
  const cached = aliasCache.get(tree);
  if (cached !== undefined) {
    return cached;
  }
  const aliases = new Map<string, string>();
  for (const match of source.matchAll(importLine)) {
    const moduleName = match[1];
    const names = (match[2] ?? '').replace(/[()\\]/g, ' ');
    if (moduleName?.startsWith('.')) {
      continue;
    }
    for (const part of names.split(',')) {
      const item = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (item === null) {
        continue;
      }
      const [, name = '', alias] = item;
      if (moduleName === undefined) {
        if (alias !== undefined) {
          aliases.set(alias, name);
        }
      } else if (name !== '*') {
        aliases.set(alias ?? name, `${moduleName}.${name}`);
      }
    }
  }
  aliasCache.set(tree, aliases);
  return aliases;
}

/**
 * The qualified dotted name of what a call calls, with the first name resolved through imports:
 * `th.load(x)` → `torch.load` after `import torch as th`; `glob(x)` → `glob.glob` after `from glob import glob`.
 */
export function qualifiedCallee(call: Node, tree: Tree, source: string): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee === null) {
    return undefined;
  }
  const name = dottedName(callee);
  if (name === undefined) {
    return undefined;
  }
  const [first, ...rest] = name.split('.');
  const resolved = first === undefined ? undefined : importAliases(tree, source).get(first);
  return resolved === undefined ? name : [resolved, ...rest].join('.');
}

/** The method name when the call is `<expr>.name(...)`, else undefined. */
export function methodName(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
}

/** The receiver of a method call (`x` in `x.glob("*")`). */
export function methodReceiver(call: Node): Node | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? (callee.childForFieldName('object') ?? undefined) : undefined;
}

export interface CallArguments {
  readonly positional: readonly Node[];
  readonly keywords: ReadonlyMap<string, Node>;
  /** `*args` or `**kwargs` present: any argument might be passed that we cannot see. */
  readonly hasSplat: boolean;
}

export function callArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let hasSplat = false;
  const argumentList = call.childForFieldName('arguments');
  if (argumentList !== null && argumentList.type === 'argument_list') {
    for (const argument of namedChildrenOf(argumentList)) {
      if (argument.type === 'keyword_argument') {
        const name = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value');
        if (name !== undefined && value !== null) {
          keywords.set(name, value);
        }
      } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
        hasSplat = true;
      } else if (argument.type !== 'comment') {
        positional.push(argument);
      }
    }
  }
  return { positional, keywords, hasSplat };
}

/** Positional argument `index`, or the keyword argument `keyword` when given that way. */
export function argumentAt(call: Node, index: number, keyword?: string): Node | undefined {
  const args = callArguments(call);
  return args.positional[index] ?? (keyword === undefined ? undefined : args.keywords.get(keyword));
}

/** True for `f"..."` strings. */
export function isFormatString(node: Node): boolean {
  return node.type === 'string' && /^[A-Za-z]*[fF]/.test(node.firstChild?.text ?? '');
}

function isRawString(node: Node): boolean {
  return /^[A-Za-z]*[rR]/.test(node.firstChild?.text ?? '');
}

const simpleEscapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Decodes the common escapes of a non-raw literal part; anything exotic is kept verbatim (it never matters for paths). */
export function decodeEscapes(text: string): string {
  return text.replace(/\\(.)/gs, (whole, next: string) => simpleEscapes[next] ?? (next === '\n' ? '' : whole));
}

/**
 * The literal text of a plain (non-f) string or implicitly concatenated plain strings, escapes decoded;
 * undefined for f-strings and anything else.
 */
export function plainStringValue(node: Node): string | undefined {
  const target = unwrapParentheses(node);
  if (target.type === 'concatenated_string') {
    let text = '';
    for (const part of namedChildrenOf(target)) {
      const value = plainStringValue(part);
      if (value === undefined) {
        return undefined;
      }
      text += value;
    }
    return text;
  }
  if (target.type !== 'string' || isFormatString(target)) {
    return undefined;
  }
  const raw = isRawString(target);
  let text = '';
  for (const child of namedChildrenOf(target)) {
    if (child.type === 'string_content') {
      text += raw ? child.text : decodeEscapes(child.text);
    } else if (child.type === 'interpolation') {
      return undefined;
    }
  }
  return text;
}

/** A bare string statement: a docstring or commented-out text, never a value anyone uses as a path. */
export function isStringStatement(node: Node): boolean {
  let current = node;
  while (current.parent !== null && current.parent.type === 'concatenated_string') {
    current = current.parent;
  }
  const statement = current.parent;
  if (statement === null || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) {
    return false;
  }
  return true;
}

/** The nearest enclosing function definition, or undefined at module or class level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current !== null; current = current.parent) {
    if (current.type === 'function_definition') {
      return current;
    }
    if (current.type === 'class_definition') {
      return undefined;
    }
  }
  return undefined;
}

/** The nearest enclosing class definition (through methods). */
export function enclosingClass(node: Node): Node | undefined {
  for (let current = node.parent; current !== null; current = current.parent) {
    if (current.type === 'class_definition') {
      return current;
    }
  }
  return undefined;
}

/** The nearest enclosing statement (a direct child of a block or the module). */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent !== null && current.parent.type !== 'block' && current.parent.type !== 'module') {
    current = current.parent;
  }
  return current;
}

/**
 * Every descendant of `root` of the given types, in document order, without entering nested functions, lambdas and
 * classes (unless `root` is one).
 */
export function descendantsInScope(root: Node, types: ReadonlySet<string>): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    for (const child of namedChildrenOf(node)) {
      if (types.has(child.type)) {
        found.push(child);
      }
      if (!scopeNodeTypes.has(child.type)) {
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}

/** Identifier/attribute names split into lower-case words: `bestCkptPath` and `best_ckpt_path` → best, ckpt, path. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Shortens source text for a message: first line only, at most `limit` characters. */
export function snippet(text: string, limit = 60): string {
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  const collapsed = firstLine.trim();
  const multiLine = firstLine.length < text.length;
  if (collapsed.length <= limit && !multiLine) {
    return collapsed;
  }
  return `${collapsed.slice(0, limit).trimEnd()}…`;
}

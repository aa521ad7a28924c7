// Small, rule-agnostic helpers over the tree-sitter-python syntax tree: dotted call names with import aliases
// resolved, argument lookup, string literal contents, docstrings and scopes. Several rules need exactly the same
// reading of a call (`torch.load`, `glob.glob`, `os.path.join`), so it lives here once.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from '../python/perTree';

/** Function definitions, lambdas and class bodies start a new name scope. */
export const scopeNodeTypes: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

const parents = new PerTree<Map<number, Node | null>>('parents');

/**
 * `node.parent`, memoised per tree: tree-sitter finds a parent by descending from the root (a scan of the module's
 * statements each time), and the rules climb the same ancestors from several starting points.
 */
export function parentOf(node: Node): Node | null {
  let known = parents.get(node.tree);
  if (known === undefined) {
    known = new Map();
    parents.set(node.tree, known);
  }
  let parent = known.get(node.id);
  if (parent === undefined) {
    parent = node.parent;
    known.set(node.id, parent);
  }
  return parent;
}

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
 * Per-tree memo tables. Several rules ask the same questions of the same tree (the `load` calls, their callees,
 * their arguments); each answer costs WebAssembly round trips and fresh Node objects, so each is computed once per
 * tree. Keyed by the Tree (a new tree per parse), so nothing outlives the analysis that made it.
 */
interface TreeMemo {
  readonly callAtOffset: Map<number, Node | null>;
  readonly callsByPattern: Map<string, readonly Node[]>;
  readonly hitsByPattern: Map<string, readonly CallNameHit[]>;
  readonly calleeById: Map<number, string | null>;
  readonly argumentsById: Map<number, CallArguments>;
}

const treeMemos = new PerTree<TreeMemo>('tree memos');

function memoOf(tree: Tree): TreeMemo {
  let memo = treeMemos.get(tree);
  if (memo === undefined) {
    memo = { callAtOffset: new Map(), callsByPattern: new Map(), hitsByPattern: new Map(), calleeById: new Map(), argumentsById: new Map() };
    treeMemos.set(tree, memo);
  }
  return memo;
}

/** A regex sighting of a call name: the name's start and end, and where its `(` is (after optional whitespace). */
export interface CallNameHit {
  readonly offset: number;
  readonly nameEnd: number;
  readonly parenOffset: number;
}

/**
 * Sightings of a call to a name matching `names` (`load` finds `torch.load(...)` and `load(...)`), in text order, from
 * a regex over the source: no syntax nodes are touched. Hits in comments and strings are included; callAtHit drops them.
 */
export function callNameHits(tree: Tree, source: string, names: string): readonly CallNameHit[] {
  const memo = memoOf(tree);
  const cached = memo.hitsByPattern.get(names);
  if (cached !== undefined) {
    return cached;
  }
  const pattern = callNamePattern(names);
  const hits: CallNameHit[] = [];
  for (const match of source.matchAll(pattern)) {
    const offset = match.index ?? 0;
    const nameEnd = offset + match[0].length;
    hits.push({ offset, nameEnd, parenOffset: nameEnd + (match[1] ?? '').length });
  }
  memo.hitsByPattern.set(names, hits);
  return hits;
}

/**
 * The matches of a global regex that start inside `start`..`end` (a class body, say): the same matches a whole-text
 * search has there, without searching the rest.
 */
export function* matchesBetween(source: string, pattern: RegExp, start: number, end: number): Generator<RegExpExecArray> {
  const search = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  // Searched in a slice, so a search that finds nothing stops at the range's end instead of the file's. The slice
  // keeps the character before the range (for lookbehinds such as `(?<![\w])`) and runs past the range through
  // the next non-space character (for lookaheads such as `(?=\s*\()`); matches must start inside the range.
  const from = Math.max(0, start - 1);
  let to = end;
  while (to < source.length && /\s/.test(source.charAt(to))) {
    to++;
  }
  const text = source.slice(from, Math.min(source.length, to + 1));
  search.lastIndex = start - from;
  for (let match = search.exec(text); match !== null && match.index + from < end; match = search.exec(text)) {
    match.index += from;
    yield match;
    if (match[0] === '') {
      search.lastIndex++;
    }
  }
}

/** Offsets of a word (non-overlapping, left to right). */
export function wordOffsets(source: string, word: string): number[] {
  const offsets: number[] = [];
  if (word === '') {
    return offsets;
  }
  for (let offset = source.indexOf(word); offset >= 0; offset = source.indexOf(word, offset + word.length)) {
    offsets.push(offset);
  }
  return offsets;
}

/** The regex behind callNameHits (and hasCallNameHit): a name matching `names` followed by optional whitespace and `(`. */
function callNamePattern(names: string): RegExp {
  return new RegExp(`(?<![\\w])(?:${names})(?=(\\s*)\\()`, 'g');
}

/**
 * True when callNameHits(tree, source, names) is not empty, read from the text alone (no tree needed): the same regex.
 * Rules use it in their `mayFind` pre-parse gate.
 */
export function hasCallNameHit(source: string, names: string): boolean {
  return callNamePattern(names).test(source);
}

/** Whether callNameHits(tree, source, names) has a hit at or after `from` (the same regex, text only). */
export function hasCallNameHitFrom(source: string, names: string, from: number): boolean {
  const pattern = callNamePattern(names);
  pattern.lastIndex = from;
  return pattern.test(source);
}

/** The call a sighting names (memoised per tree), or undefined when the name is not a call's callee there. */
export function callAtHit(tree: Tree, hit: CallNameHit): Node | undefined {
  const known = memoOf(tree).callAtOffset;
  let call = known.get(hit.offset);
  if (call === undefined) {
    call = callSpanning(tree, hit.offset, hit.nameEnd, hit.parenOffset) ?? null;
    known.set(hit.offset, call);
  }
  return call ?? undefined;
}

/**
 * Calls whose callee's last name matches `names` (`load` finds `torch.load(...)` and `load(...)`), found by a regex
 * over the source and one node lookup per hit: far cheaper than visiting every call node of a large file. Hits in
 * comments and strings are dropped because they are not identifiers of a call.
 */
export function callsNamed(tree: Tree, source: string, names: string): Node[] {
  const memo = memoOf(tree);
  const cached = memo.callsByPattern.get(names);
  if (cached !== undefined) {
    return [...cached];
  }
  const calls: Node[] = [];
  for (const hit of callNameHits(tree, source, names)) {
    const call = callAtHit(tree, hit);
    if (call !== undefined) {
      calls.push(call);
    }
  }
  memo.callsByPattern.set(names, calls);
  return [...calls];
}

/** The call whose callee's last name starts at `offset` (`load` in `torch.load(x)`), if there is one. */
export function callAtName(tree: Tree, offset: number): Node | undefined {
  const memo = memoOf(tree).callAtOffset;
  const cached = memo.get(offset);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const call = findCallAtName(tree, offset);
  memo.set(offset, call ?? null);
  return call;
}

/**
 * The same answer as findCallAtName for a name that ends at `nameEnd` and is followed (after whitespace) by `(` at
 * `parenOffset`, without climbing from the name: `.parent` re-descends from the root in tree-sitter, which costs a
 * scan of the module's statements per call. If the name is a call's callee (or its last attribute), the smallest
 * node spanning the name and the `(` is that call: its function ends at the name and its arguments start at the `(`.
 */
function callSpanning(tree: Tree, nameStart: number, nameEnd: number, parenOffset: number): Node | undefined {
  const call = tree.rootNode.descendantForIndex(nameStart, parenOffset + 1);
  if (call === null || call.type !== 'call') {
    return undefined;
  }
  // The function is a call's first child; its last name is the identifier that ends where it ends.
  const callee = call.firstChild;
  if (callee === null || callee.endIndex !== nameEnd) {
    return undefined;
  }
  const calleeType = callee.type;
  if (calleeType === 'identifier') {
    return callee.startIndex <= nameStart ? call : undefined;
  }
  if (calleeType === 'attribute') {
    const attribute = callee.lastChild;
    return attribute !== null && attribute.startIndex <= nameStart && attribute.type === 'identifier' ? call : undefined;
  }
  return undefined;
}

function findCallAtName(tree: Tree, offset: number): Node | undefined {
  const identifier = nodeAt(tree, offset);
  if (identifier === undefined || identifier.type !== 'identifier') {
    return undefined;
  }
  let callee = identifier;
  const parent = parentOf(identifier);
  if (parent === null) {
    return undefined;
  }
  let parentType = parent.type;
  // Offsets replace field lookups: an identifier child of an attribute that ends where the attribute ends is its
  // `attribute` field (the object comes before the dot), and the child of a call that starts where the call starts
  // is its `function` field (the arguments come after it).
  if (parentType === 'attribute' && parent.endIndex === identifier.endIndex) {
    callee = parent;
    const grandparent = parentOf(parent);
    if (grandparent === null) {
      return undefined;
    }
    parentType = grandparent.type;
    return parentType === 'call' && grandparent.startIndex === callee.startIndex ? grandparent : undefined;
  }
  return parentType === 'call' && parent.startIndex === callee.startIndex ? parent : undefined;
}

function occurrencePattern(name: string): RegExp {
  return new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\s*\\.\\s*')}(?![\\w])`, 'g');
}

/** Offsets where `name` (a dotted name such as `self.root`) occurs as a whole word. */
export function occurrencesOf(source: string, name: string, from = 0, to = source.length): number[] {
  const offsets: number[] = [];
  // A zero-width (MISSING) identifier from error recovery has an empty name, which would match everywhere.
  if (name === '') {
    return offsets;
  }
  const pattern = occurrencePattern(name);
  pattern.lastIndex = from;
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

const aliasCache = new PerTree<ReadonlyMap<string, string>>('import aliases');

/** `/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/gm`, for lineAnchoredMatches. */
const importLineAt = /[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/y;

/**
 * The matches of a line-anchored pattern (`/^.../gm` written as a sticky regex without the `^`) over `source`,
 * found from the occurrences of `keyword`, which every match has on the line it starts on, instead of trying the
 * pattern at every line start: the same matches, an order of magnitude faster on a large file.
 */
export function lineAnchoredMatches(source: string, keyword: string, stickyPattern: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let scannedTo = 0;
  let lastTried = -1;
  // `^` with the m flag matches after any line terminator; most files only have "\n".
  const otherTerminators = source.includes('\r') || source.includes('\u2028') || source.includes('\u2029');
  for (let at = source.indexOf(keyword); at >= 0; at = source.indexOf(keyword, at + keyword.length)) {
    const newline = source.lastIndexOf('\n', at);
    const lineStart = (otherTerminators ? Math.max(newline, source.lastIndexOf('\r', at), source.lastIndexOf('\u2028', at), source.lastIndexOf('\u2029', at)) : newline) + 1;
    if (lineStart < scannedTo || lineStart === lastTried) {
      continue;
    }
    lastTried = lineStart;
    stickyPattern.lastIndex = lineStart;
    const match = stickyPattern.exec(source);
    if (match !== null) {
      matches.push(match);
      scannedTo = match.index + match[0].length;
    }
  }
  return matches;
}

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
  const aliases = importAliasesInText(source);
  aliasCache.set(tree, aliases);
  return aliases;
}

/** importAliases read from the text alone (what importAliases memoises per tree); used by pre-parse gates. */
export function importAliasesInText(source: string): ReadonlyMap<string, string> {
  return aliasesOfImportLines(lineAnchoredMatches(source, 'import', importLineAt));
}

function aliasesOfImportLines(matches: readonly RegExpExecArray[]): ReadonlyMap<string, string> {
  const aliases = new Map<string, string>();
  for (const match of matches) {
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
  return aliases;
}

/**
 * The qualified dotted name of what a call calls, with the first name resolved through imports:
 * `th.load(x)` → `torch.load` after `import torch as th`; `glob(x)` → `glob.glob` after `from glob import glob`.
 */
export function qualifiedCallee(call: Node, tree: Tree, source: string): string | undefined {
  const memo = memoOf(tree).calleeById;
  const cached = memo.get(call.id);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const qualified = computeQualifiedCallee(call, tree, source);
  memo.set(call.id, qualified ?? null);
  return qualified;
}

/** The callee's dotted name as written (before import aliases), or null. */
function writtenCallee(call: Node): string | null {
  const callee = call.childForFieldName('function');
  return callee === null ? null : (dottedName(callee) ?? null);
}

function computeQualifiedCallee(call: Node, tree: Tree, source: string): string | undefined {
  const name = writtenCallee(call);
  if (name === null) {
    return undefined;
  }
  const dot = name.indexOf('.');
  const first = dot === -1 ? name : name.slice(0, dot);
  const resolved = importAliases(tree, source).get(first);
  return resolved === undefined ? name : dot === -1 ? resolved : `${resolved}${name.slice(dot)}`;
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
  const memo = memoOf(call.tree).argumentsById;
  const cached = memo.get(call.id);
  if (cached !== undefined) {
    return cached;
  }
  const computed = computeCallArguments(call);
  memo.set(call.id, computed);
  return computed;
}

function computeCallArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let hasSplat = false;
  const argumentList = call.childForFieldName('arguments');
  if (argumentList !== null && argumentList.type === 'argument_list') {
    for (const argument of namedChildrenOf(argumentList)) {
      const type = argument.type;
      if (type === 'keyword_argument') {
        const name = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value');
        if (name !== undefined && value !== null) {
          keywords.set(name, value);
        }
      } else if (type === 'list_splat' || type === 'dictionary_splat') {
        hasSplat = true;
      } else if (type !== 'comment') {
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
  for (let parent = parentOf(current); parent !== null && parent.type === 'concatenated_string'; parent = parentOf(current)) {
    current = parent;
  }
  const statement = parentOf(current);
  if (statement === null || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) {
    return false;
  }
  return true;
}

const enclosingFunctions = new PerTree<Map<number, Node | null>>('enclosing functions');

/** The nearest enclosing function definition, or undefined at module or class level (memoised per tree: `.parent` is not cheap). */
export function enclosingFunction(node: Node): Node | undefined {
  let known = enclosingFunctions.get(node.tree);
  if (known === undefined) {
    known = new Map();
    enclosingFunctions.set(node.tree, known);
  }
  const cached = known.get(node.id);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  let found: Node | undefined;
  for (let current = parentOf(node); current !== null; current = parentOf(current)) {
    const type = current.type;
    if (type === 'function_definition') {
      found = current;
      break;
    }
    if (type === 'class_definition') {
      break;
    }
  }
  known.set(node.id, found ?? null);
  return found;
}

/** The nearest enclosing class definition (through methods). */
export function enclosingClass(node: Node): Node | undefined {
  for (let current = parentOf(node); current !== null; current = parentOf(current)) {
    if (current.type === 'class_definition') {
      return current;
    }
  }
  return undefined;
}

/** The nearest enclosing statement (a direct child of a block or the module). */
export function enclosingStatement(node: Node): Node {
  let current = node;
  for (let parent = parentOf(current); parent !== null && parent.type !== 'block' && parent.type !== 'module'; parent = parentOf(current)) {
    current = parent;
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

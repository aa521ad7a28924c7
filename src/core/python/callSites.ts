// Calls, found from regex sightings of their names (no walk of every call node) and read once per tree: the callee
// with import aliases resolved, the method and receiver, the arguments.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from './perTree';
import { importAliases } from './imports';
import { dottedName, namedChildrenOf, nodeAt, parentOf } from './treeNavigation';

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
  const hits = textCallNameHits(source, names);
  memo.hitsByPattern.set(names, hits);
  return hits;
}

/** callNameHits without a tree (for pre-parse gates): the same regex, not memoised. */
export function textCallNameHits(source: string, names: string): CallNameHit[] {
  const hits: CallNameHit[] = [];
  for (const match of source.matchAll(callNamePattern(names))) {
    const offset = match.index ?? 0;
    const nameEnd = offset + match[0].length;
    hits.push({ offset, nameEnd, parenOffset: nameEnd + (match[1] ?? '').length });
  }
  return hits;
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

// Small, rule-agnostic helpers over the tree-sitter-python syntax tree: dotted call names with import aliases
// resolved, argument lookup, string literal contents, docstrings and scopes. Several rules need exactly the same
// reading of a call (`torch.load`, `glob.glob`, `os.path.join`), so it lives here once.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from '../python/perTree';
import type { TextChange } from '../python/pythonParser';

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

/**
 * Facts that depend only on a node's own subtree (its tokens and their structure), carried from one parse of an open
 * document to the next so an edit re-derives them only where the text changed. Tree-sitter reuses unchanged
 * subtrees in an incremental parse, and a node's id is the address of its slot in its parent's child array: the new
 * tree is built while the previous one is alive, so a node of the new tree with the id of a node of the previous tree
 * is the same (reused, immutable) subtree, possibly shifted. As a second guard the fact is only reused when the
 * node's text is also the same. Facts must be plain data, never Nodes (nodes belong to one tree).
 * Only trees registered with trackSubtreeFacts/carrySubtreeFacts keep facts; elsewhere subtreeFact just computes.
 */
interface RecordedFact {
  readonly text: string;
  readonly value: unknown;
}

interface SubtreeFactTable {
  readonly previous: ReadonlyMap<string, ReadonlyMap<number, RecordedFact>> | undefined;
  readonly current: Map<string, Map<number, RecordedFact>>;
  /** Module-level statement facts by kind (topLevelStatementFact). */
  readonly previousByText: ReadonlyMap<string, StatementFacts> | undefined;
  readonly currentByText: Map<string, StatementFacts>;
}

/** Facts about module-level statements of one tree, by start offset and by distance from the end of the text. */
interface StatementFacts {
  readonly byStart: Map<number, RecordedFact>;
  readonly byEndDistance: Map<number, RecordedFact>;
}

const subtreeFactTables = new PerTree<SubtreeFactTable>('subtree facts');

/** Starts keeping subtree facts for a document's first tree. */
export function trackSubtreeFacts(tree: Tree): void {
  if (!subtreeFactTables.has(tree)) {
    subtreeFactTables.set(tree, { previous: undefined, current: new Map(), previousByText: undefined, currentByText: new Map() });
  }
}

/**
 * Makes the facts recorded on `previous` available to `next`, its incremental re-parse. Call it after parsing `next`
 * and before deleting `previous`; only the immediately previous tree's facts are carried (older ones are dropped).
 */
export function carrySubtreeFacts(previous: Tree, next: Tree): void {
  const carried = subtreeFactTables.get(previous);
  subtreeFactTables.set(next, { previous: carried?.current, current: new Map(), previousByText: carried?.currentByText, currentByText: new Map() });
}

/** `compute(node)`, reused from the previous tree of the document when the node's subtree is unchanged. */
export function subtreeFact<T>(node: Node, kind: string, compute: (node: Node) => T): T {
  const table = subtreeFactTables.get(node.tree);
  if (table === undefined) {
    return compute(node);
  }
  let facts = table.current.get(kind);
  if (facts === undefined) {
    facts = new Map();
    table.current.set(kind, facts);
  }
  const known = facts.get(node.id);
  if (known !== undefined) {
    return known.value as T;
  }
  const text = node.text;
  const carried = table.previous?.get(kind)?.get(node.id);
  if (carried !== undefined && carried.text === text) {
    facts.set(node.id, carried);
    return carried.value as T;
  }
  const value = compute(node);
  facts.set(node.id, { text, value });
  return value;
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

/** Statement ranges to search ([start, end) offsets in text order), or undefined for the whole text (StatementScope.ranges). */
export type SearchRanges = ReadonlyArray<readonly [number, number]> | undefined;

/**
 * The matches of a global regex whose matches never span two module-level statements, over the whole text or only
 * those starting inside `ranges`: the same matches a whole-text search has there, without searching the rest.
 */
export function* matchesIn(source: string, pattern: RegExp, ranges: SearchRanges): Generator<RegExpExecArray> {
  const search = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  if (ranges === undefined) {
    yield* source.matchAll(search);
    return;
  }
  for (const [start, end] of ranges) {
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
}

/** Offsets of a word (non-overlapping, left to right) over the whole text or only inside `ranges`. */
export function wordOffsetsIn(source: string, word: string, ranges: SearchRanges): number[] {
  const offsets: number[] = [];
  if (word === '') {
    return offsets;
  }
  for (const [start, end] of ranges ?? [[0, source.length] as const]) {
    // A slice, so a word absent from the range is not searched for in the rest of the file.
    const text = source.slice(start, Math.min(source.length, end + word.length - 1));
    for (let offset = text.indexOf(word); offset >= 0 && start + offset < end; offset = text.indexOf(word, offset + word.length)) {
      offsets.push(start + offset);
    }
  }
  return offsets;
}

/** callNameHits over the whole text (memoised per tree), or only those inside `ranges`. */
export function callNameHitsIn(tree: Tree, source: string, names: string, ranges: SearchRanges): readonly CallNameHit[] {
  if (ranges === undefined) {
    return callNameHits(tree, source, names);
  }
  const hits: CallNameHit[] = [];
  for (const match of matchesIn(source, callNamePattern(names), ranges)) {
    const nameEnd = match.index + match[0].length;
    hits.push({ offset: match.index, nameEnd, parenOffset: nameEnd + (match[1] ?? '').length });
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

/** Items that fall inside one module-level statement (`start`..`end`), or outside all of them (`start` = -1). */
export interface TopLevelGroup<T> {
  readonly start: number;
  readonly end: number;
  readonly items: readonly T[];
}

/**
 * Groups items at ascending offsets by the module-level statement that contains them (no Node objects). A statement that directly follows a word character (only possible in error
 * recovery) is left ungrouped, since a regex lookbehind at its first character could depend on text outside it.
 */
export function groupByTopLevelStatement<T>(tree: Tree, source: string, items: readonly T[], offsetOf: (item: T) => number): Array<TopLevelGroup<T>> {
  const groups: Array<TopLevelGroup<T>> = [];
  if (items.length === 0) {
    return groups;
  }
  const ranges = topLevelRanges(tree);
  let statement = 0;
  let index = 0;
  while (index < items.length) {
    const first = items[index];
    const offset = offsetOf(first);
    while (statement < ranges.length && (ranges[statement + 1] ?? 0) <= offset) {
      statement += 2;
    }
    const start = ranges[statement] ?? -1;
    const end = ranges[statement + 1] ?? -1;
    if (statement >= ranges.length || start > offset || (start > 0 && /\w/.test(source.charAt(start - 1)))) {
      groups.push({ start: -1, end: -1, items: [first] });
      index++;
      continue;
    }
    const members: T[] = [];
    while (index < items.length && offsetOf(items[index]) < end) {
      members.push(items[index]);
      index++;
    }
    groups.push({ start, end, items: members });
  }
  return groups;
}

/** The module's children: their start and end offsets (flattened pairs) and their node types, in order. */
export interface TopLevelChildren {
  readonly ranges: readonly number[];
  readonly types: readonly string[];
}

const topLevelChildrenByTree = new PerTree<TopLevelChildren>('module children');

/** The module's children, read once per tree with a cursor (no Node objects). */
export function topLevelChildren(tree: Tree): TopLevelChildren {
  const cached = topLevelChildrenByTree.get(tree);
  if (cached !== undefined) {
    return cached;
  }
  const ranges: number[] = [];
  const types: string[] = [];
  const cursor = tree.rootNode.walk();
  try {
    for (let has = cursor.gotoFirstChild(); has; has = cursor.gotoNextSibling()) {
      ranges.push(cursor.startIndex, cursor.endIndex);
      types.push(cursor.nodeType);
    }
  } finally {
    cursor.delete();
  }
  const children = { ranges, types };
  topLevelChildrenByTree.set(tree, children);
  return children;
}

/**
 * The module's children of `tree`, the re-parse of `previousTree` after `change`, read only around the edit: children
 * before the first one the edit reaches are the previous ones; from the edited one on, they are read with
 * nextSibling until one has the same extent as a previous child, shifted, and the rest are the previous ones,
 * shifted (the parser is back in the module's state there, so it built the same children). Only for trees without
 * syntax errors (others are walked in full). Remembered for `tree`.
 */
export function topLevelChildrenAfterEdit(tree: Tree, previousTree: Tree, change: TextChange): TopLevelChildren {
  const previous = topLevelChildrenByTree.get(previousTree);
  // Error recovery can leave the parser outside the module's state after a child, so trees with errors are walked.
  if (previous === undefined || topLevelChildrenByTree.has(tree) || tree.rootNode.hasError || previousTree.rootNode.hasError) {
    return topLevelChildren(tree);
  }
  const delta = change.newEndOffset - change.oldEndOffset;
  const count = previous.types.length;
  // The new module child holding the edit's start (or the character before it): everything before it parsed as
  // before, so the previous children up to there stand.
  let node: Node | null = null;
  for (const offset of [change.startOffset - 1, change.startOffset]) {
    let candidate = offset < 0 ? null : tree.rootNode.descendantForIndex(offset);
    while (candidate !== null && candidate.parent !== null && candidate.parent.type !== 'module') {
      candidate = candidate.parent;
    }
    if (candidate !== null && candidate.parent !== null && (node === null || candidate.startIndex < node.startIndex)) {
      node = candidate;
    }
  }
  let first = 0;
  while (node !== null && first < count && (previous.ranges[first * 2] ?? 0) < node.startIndex) {
    first++;
  }
  if (node === null || first >= count || previous.ranges[first * 2] !== node.startIndex || node.startIndex > change.startOffset) {
    return topLevelChildren(tree);
  }
  // The child before must be the previous one (a reduction that looked ahead into the edit would have changed it).
  const before = node.previousSibling;
  if (first > 0 && (before === null || before.startIndex !== previous.ranges[first * 2 - 2] || before.endIndex !== previous.ranges[first * 2 - 1] || before.type !== previous.types[first - 1])) {
    return topLevelChildren(tree);
  }
  const ranges: number[] = previous.ranges.slice(0, first * 2);
  const types: string[] = previous.types.slice(0, first);
  // Previous children after the edit, by their start shifted into the new text.
  let next = first;
  for (let current: Node | null = node; current !== null; current = current.nextSibling) {
    const start = current.startIndex;
    const end = current.endIndex;
    if (start > change.newEndOffset) {
      while (next < count && (previous.ranges[next * 2] ?? 0) + delta < start) {
        next++;
      }
      if (next < count && (previous.ranges[next * 2] ?? 0) + delta === start && (previous.ranges[next * 2 + 1] ?? 0) + delta === end && previous.types[next] === current.type) {
        for (let index = next; index < count; index++) {
          ranges.push((previous.ranges[index * 2] ?? 0) + delta, (previous.ranges[index * 2 + 1] ?? 0) + delta);
          types.push(previous.types[index] ?? '');
        }
        const children = { ranges, types };
        topLevelChildrenByTree.set(tree, children);
        return children;
      }
    }
    ranges.push(start, end);
    types.push(current.type);
  }
  const children = { ranges, types };
  topLevelChildrenByTree.set(tree, children);
  return children;
}

/** Start and end offsets of the module's children (flattened pairs), read once per tree with a cursor (no Node objects). */
export function topLevelRanges(tree: Tree): readonly number[] {
  return topLevelChildren(tree).ranges;
}

/** The index of the first module child that ends after `offset` (the number of children when none does). */
export function topLevelIndexAfter(tree: Tree, offset: number): number {
  const ranges = topLevelRanges(tree);
  let low = 0;
  let high = ranges.length / 2;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((ranges[middle * 2 + 1] ?? 0) <= offset) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

const errorFreeTrees = new PerTree<boolean>('error free');

/**
 * `compute()`, a fact about a module-level statement (a group from groupByTopLevelStatement) that depends only on the
 * statement's own text and `kind`, reused from the previous tree of an open document when the statement's text is
 * unchanged. Matched by text, not node id: an incremental re-parse rebuilds most module-level nodes (new ids) even
 * where the text did not change. In a tree without syntax errors a module-level statement's subtree is determined by
 * its text (it starts in the module's parse state, with no open bracket, string or indentation), so the fact holds
 * for any statement with that text; trees with errors always compute, and so do runs that are not `complete`.
 */
export function topLevelStatementFact<T>(tree: Tree, source: string, group: TopLevelGroup<unknown>, kind: string, compute: () => T, complete = true): T {
  const table = subtreeFactTables.get(tree);
  // A scoped run (StatementScope) may hold only some of the statement's items: such a fact is not about its text.
  if (table === undefined || group.start < 0 || !complete) {
    return compute();
  }
  let errorFree = errorFreeTrees.get(tree);
  if (errorFree === undefined) {
    errorFree = !tree.rootNode.hasError;
    errorFreeTrees.set(tree, errorFree);
  }
  if (!errorFree) {
    return compute();
  }
  let facts = table.currentByText.get(kind);
  if (facts === undefined) {
    facts = { byStart: new Map(), byEndDistance: new Map() };
    table.currentByText.set(kind, facts);
  }
  const known = facts.byStart.get(group.start);
  if (known !== undefined) {
    return known.value as T;
  }
  // Looked up where the statement would be if the edit was after it (same start) or before it (same distance from
  // the end), then compared by text: cheaper than hashing every statement's text.
  const text = source.slice(group.start, group.end);
  const endDistance = source.length - group.end;
  const previous = table.previousByText?.get(kind);
  let recorded = previous?.byStart.get(group.start);
  if (recorded === undefined || recorded.text !== text) {
    recorded = previous?.byEndDistance.get(endDistance);
  }
  if (recorded === undefined || recorded.text !== text) {
    recorded = { text, value: compute() };
  }
  facts.byStart.set(group.start, recorded);
  facts.byEndDistance.set(endDistance, recorded);
  return recorded.value as T;
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

/** occurrencesOf over the whole text, or only inside `ranges`. */
export function occurrencesIn(source: string, name: string, ranges: SearchRanges): number[] {
  if (ranges === undefined || name === '') {
    return occurrencesOf(source, name);
  }
  return [...matchesIn(source, occurrencePattern(name), ranges)].map((match) => match.index);
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
  const matches = lineAnchoredMatches(source, 'import', importLineAt);
  const aliases = aliasesOfImportLines(matches);
  aliasCache.set(tree, aliases);
  importLineSpans.set(tree, spansOfImportLines(matches));
  return aliases;
}

interface ImportLineSpans {
  /** Start and end offsets of each import-line match (flattened pairs, in order). */
  readonly spans: readonly number[];
  /** Start of the first match whose `(` found no `)`: text anywhere after it can change it. */
  readonly openFrom: number;
}

const importLineSpans = new PerTree<ImportLineSpans>('import lines');

function spansOfImportLines(matches: readonly RegExpExecArray[]): ImportLineSpans {
  const spans: number[] = [];
  let openFrom = Number.POSITIVE_INFINITY;
  for (const match of matches) {
    spans.push(match.index, match.index + match[0].length);
    const names = match[2] ?? '';
    if (names.startsWith('(') && !names.endsWith(')')) {
      openFrom = Math.min(openFrom, match.index);
    }
  }
  return { spans, openFrom };
}

/**
 * Gives `tree` (the re-parse of `previousTree` after `change`) the previous tree's import aliases when the edit
 * cannot have changed them: it touches no import line (nor the lines next to one), adds no line with "import", and
 * no import before it has an unclosed `(`. Returns true when the aliases were carried (they are then unchanged).
 */
export function carryImportAliases(previousTree: Tree, previousSource: string, tree: Tree, source: string, change: TextChange): boolean {
  const aliases = aliasCache.get(previousTree);
  const lines = importLineSpans.get(previousTree);
  if (aliases === undefined || lines === undefined || aliasCache.has(tree) || /[\r\u2028\u2029]/.test(source.slice(change.startOffset, change.newEndOffset))) {
    return false;
  }
  if (previousSource.includes('\r') || previousSource.includes('\u2028') || previousSource.includes('\u2029')) {
    return false;
  }
  const lineStart = previousSource.lastIndexOf('\n', change.startOffset - 1) + 1;
  const oldLineEnd = previousSource.indexOf('\n', change.oldEndOffset);
  const newLineEnd = source.indexOf('\n', change.newEndOffset);
  const from = lineStart - 1;
  const to = (oldLineEnd < 0 ? previousSource.length : oldLineEnd) + 1;
  if (lines.openFrom <= to || source.slice(lineStart, newLineEnd < 0 ? source.length : newLineEnd).includes('import')) {
    return false;
  }
  const delta = change.newEndOffset - change.oldEndOffset;
  const spans: number[] = [];
  for (let index = 0; index < lines.spans.length; index += 2) {
    const start = lines.spans[index] ?? 0;
    const end = lines.spans[index + 1] ?? 0;
    if (start <= to && from <= end) {
      return false;
    }
    spans.push(start < from ? start : start + delta, end < from ? end : end + delta);
  }
  aliasCache.set(tree, aliases);
  importLineSpans.set(tree, { spans, openFrom: lines.openFrom === Number.POSITIVE_INFINITY ? lines.openFrom : lines.openFrom + delta });
  return true;
}

/**
 * Gives `copy` (Tree.copy of `tree`, made before `tree` is edited) the import aliases already read from `tree`. Facts
 * holding Nodes are not shared (nodes belong to one tree), nor are the module children: a tree that moves from the
 * copy is not its re-parse, so topLevelChildrenAfterEdit must walk it in full.
 */
export function shareTreeFacts(tree: Tree, copy: Tree): void {
  const aliases = aliasCache.get(tree);
  const lines = importLineSpans.get(tree);
  if (aliases !== undefined && lines !== undefined) {
    aliasCache.set(copy, aliases);
    importLineSpans.set(copy, lines);
  }
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
  const name = subtreeFact(call, 'written-callee', writtenCallee);
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

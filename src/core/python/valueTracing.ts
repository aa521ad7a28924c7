// Follows a name back to where its value is built, within one file: the assignment that reaches a use in the same
// function (or at module level), the parameter it came in through and the calls that pass it, a `for` loop's
// iterable, and `self.x = ...` in the same class. This is deliberately flow-insensitive and shallow: it answers
// "what is this pattern/path/object, most likely?" for rules that must not guess from names alone.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from './perTree';
import { matchesBetween } from '../text/textSearch';
import { callArguments, callsNamed } from './callSites';
import { dottedName, enclosingClass, enclosingFunction, namedChildrenOf, nodeAt, parentOf } from './treeNavigation';
import { escapeRegExp } from '../text/escapeRegExp';

export interface ParameterInfo {
  readonly name: string;
  /** Position among positional parameters (including `self`), or -1 for keyword-only and splat parameters. */
  readonly index: number;
  readonly defaultValue?: Node;
  readonly node: Node;
}

export type Definition =
  | { readonly kind: 'expression'; readonly value: Node; readonly site: Node }
  | { readonly kind: 'parameter'; readonly parameter: ParameterInfo; readonly functionNode: Node }
  | { readonly kind: 'loop'; readonly iterable: Node; readonly site: Node };

type Binding = { readonly offset: number; readonly definition: Definition };

/** One match of a name's binding pattern: where it starts and ends in the source, and its text. */
interface BindingMatch {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface NameBindings {
  /** Every position where the binding pattern matches (tried at each possible start), in order. */
  readonly matches: readonly BindingMatch[];
  /** The binding each match confirms on the tree (null when it is none), by match start. */
  readonly resolved: Map<number, Binding | null>;
}

/**
 * Per tree and name, the binding pattern's matches over the whole source. Each value traced used to re-run the regex
 * over the function or the whole module, which made tracing cost a file scan per name use; the matches are now found
 * once (at the name's occurrences and the `for` before them, the only places a match can start) and each query
 * replays the regex's left-to-right scan over them, which gives exactly the matches a scan from `from` finds.
 */
const bindingsByTree = new PerTree<{ readonly source: string; readonly byName: Map<string, NameBindings> }>('bindings by tree');

function nameBindings(tree: Tree, source: string, name: string): NameBindings {
  let perTree = bindingsByTree.get(tree);
  if (perTree === undefined || perTree.source !== source) {
    perTree = { source, byName: new Map() };
    bindingsByTree.set(tree, perTree);
  }
  const cached = perTree.byName.get(name);
  if (cached !== undefined) {
    return cached;
  }
  const escaped = escapeRegExp(name);
  const pattern = new RegExp(`(?<![\\w.])${escaped}\\s*(?::[^=\\n]+)?(?:=(?!=)|:=)|\\bfor\\s+${escaped}\\s+in\\b`, 'y');
  const starts = new Set<number>();
  if (name !== '') {
    for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
      // Both alternatives need the name to start after neither a word character nor a dot, and to be followed by
      // whitespace, `:` or `=`: other occurrences (`p` inside `path`) cannot start or end a match.
      const previous = source[at - 1] ?? ' ';
      const next = source[at + name.length] ?? '';
      if (/[\w.]/.test(previous) || !/[\s:=]/.test(next)) {
        continue;
      }
      starts.add(at);
      let before = at;
      while (before > 0 && /\s/.test(source[before - 1] ?? '')) {
        before--;
      }
      if (before < at && before >= 3 && source.startsWith('for', before - 3)) {
        starts.add(before - 3);
      }
    }
  }
  const matches: BindingMatch[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    pattern.lastIndex = start;
    const match = pattern.exec(source);
    if (match !== null) {
      matches.push({ start, end: start + match[0].length, text: match[0] });
    }
  }
  const bindings: NameBindings = { matches, resolved: new Map() };
  perTree.byName.set(name, bindings);
  return bindings;
}

/** The binding a match of `name`'s pattern confirms on the tree, if any. */
function bindingAt(tree: Tree, name: string, match: BindingMatch): Binding | undefined {
  // `for x in` matches start at the keyword; a name that merely starts with "for" (`format = ...`) does not.
  const offset = /^for\s/.test(match.text) ? match.start + match.text.indexOf(name, 3) : match.start;
  const identifier = nodeAt(tree, offset);
  const parent = identifier?.parent;
  // The text check matters for non-ASCII names: the pattern's `\w` lookbehind does not see `é` before `a` in `éa`.
  if (identifier === undefined || identifier.type !== 'identifier' || identifier.text !== name || parent === null || parent === undefined) {
    return undefined;
  }
  if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === identifier.id) {
    const value = parent.childForFieldName('right');
    return value === null ? undefined : { offset: parent.endIndex, definition: { kind: 'expression', value, site: parent } };
  }
  if (parent.type === 'named_expression' && parent.childForFieldName('name')?.id === identifier.id) {
    const value = parent.childForFieldName('value');
    return value === null ? undefined : { offset: parent.endIndex, definition: { kind: 'expression', value, site: parent } };
  }
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('left')?.id === identifier.id) {
    const iterable = parent.childForFieldName('right');
    // Comprehension variables are used before their clause in the text (`[x for x in y]`).
    const visibleFrom = parent.type === 'for_in_clause' ? (parentOf(parent)?.startIndex ?? parent.startIndex) : identifier.endIndex;
    return iterable === null ? undefined : { offset: visibleFrom, definition: { kind: 'loop', iterable, site: parent } };
  }
  return undefined;
}

/**
 * Bindings of `name` in `[from, to)` of the source, found by regex and confirmed on the tree: `name = ...`,
 * `name: T = ...`, `for name in ...`, `name := ...`, comprehension `for name in ...`. Returned in document order.
 */
function bindingsOf(tree: Tree, source: string, name: string, from: number, to: number): Binding[] {
  const { matches, resolved } = nameBindings(tree, source, name);
  // Replays a global regex scan starting at `from`: the leftmost match at or after the scan position, then on from its end.
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((matches[middle]?.start ?? 0) < from) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const found: Binding[] = [];
  let position = from;
  for (let index = low; index < matches.length; index++) {
    const match = matches[index];
    if (match === undefined || match.start >= to) {
      break;
    }
    if (match.start < position) {
      continue;
    }
    position = match.end;
    let binding = resolved.get(match.start);
    if (binding === undefined) {
      binding = bindingAt(tree, name, match) ?? null;
      resolved.set(match.start, binding);
    }
    if (binding !== null) {
      found.push(binding);
    }
  }
  return found;
}

/** The parameters of a function definition, in order. */
export function parametersOf(functionNode: Node): ParameterInfo[] {
  const parameters = functionNode.childForFieldName('parameters');
  if (parameters === null) {
    return [];
  }
  const result: ParameterInfo[] = [];
  let index = 0;
  let keywordOnly = false;
  for (const child of namedChildrenOf(parameters)) {
    switch (child.type) {
      case 'identifier':
        result.push({ name: child.text, index: keywordOnly ? -1 : index++, node: child });
        break;
      case 'typed_parameter': {
        const name = namedChildrenOf(child).find((part) => part.type === 'identifier');
        if (name !== undefined) {
          result.push({ name: name.text, index: keywordOnly ? -1 : index++, node: child });
        } else {
          // `*args: int` / `**kw: int`
          keywordOnly = true;
        }
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name !== null) {
          result.push({ name: name.text, index: keywordOnly ? -1 : index++, node: child, ...(value === null ? {} : { defaultValue: value }) });
        }
        break;
      }
      case 'list_splat_pattern':
      case 'keyword_separator':
      case 'dictionary_splat_pattern':
        keywordOnly = true;
        break;
      default:
        break;
    }
  }
  return result;
}

/** True for a function defined directly in a class body (a method; its first parameter is the instance). */
export function isMethod(functionNode: Node): boolean {
  let parent = parentOf(functionNode);
  if (parent?.type === 'decorated_definition') {
    const decorators = parent.text;
    if (/@staticmethod\b/.test(decorators)) {
      return false;
    }
    parent = parentOf(parent);
  }
  return parent?.type === 'block' && parentOf(parent)?.type === 'class_definition';
}

function sameScope(node: Node, scope: Node | undefined): boolean {
  const own = enclosingFunction(node);
  return own === undefined ? scope === undefined : scope !== undefined && own.id === scope.id;
}

/** The last binding before `offset` that belongs to `scope` (bindings inside nested functions do not count). */
function lastBindingIn(identifier: Node, source: string, scope: Node | undefined, from: number, to: number, offset: number): Definition | undefined {
  const bindings = bindingsOf(identifier.tree, source, identifier.text, from, to);
  for (let index = bindings.length - 1; index >= 0; index--) {
    const binding = bindings[index];
    if (binding !== undefined && binding.offset <= offset && binding.definition.kind !== 'parameter' && sameScope(binding.definition.site, scope) && !leavesBefore(binding.definition.site, identifier)) {
      return binding.definition;
    }
  }
  return undefined;
}

/**
 * True when the binding sits in a block that always returns or raises and does not hold `identifier`: in
 * `if remote: weights_only = False; return fetch(...)` the assignment never reaches the code after the `if`.
 */
function leavesBefore(site: Node, identifier: Node): boolean {
  for (let block = site.parent; block !== null && block.type !== 'module'; block = block.parent) {
    if (block.type === 'function_definition' || block.type === 'lambda' || block.type === 'class_definition') {
      return false;
    }
    if (block.type !== 'block' || (identifier.startIndex >= block.startIndex && identifier.endIndex <= block.endIndex)) {
      continue;
    }
    const statements = block.namedChildren.filter((child) => child !== null && child.type !== 'comment');
    const last = statements[statements.length - 1];
    if (last?.type === 'return_statement' || last?.type === 'raise_statement') {
      return true;
    }
  }
  return false;
}

/**
 * The definition that most plausibly reaches `identifier`: the last binding of that name before it in the same
 * function, else the function's parameter, else a closure variable, else the last module-level binding.
 */
export function reachingDefinition(identifier: Node, source: string): Definition | undefined {
  const name = identifier.text;
  const functionNode = enclosingFunction(identifier);
  if (functionNode !== undefined) {
    const local = lastBindingIn(identifier, source, functionNode, functionNode.startIndex, identifier.startIndex, identifier.startIndex);
    if (local !== undefined) {
      return local;
    }
    const parameter = parametersOf(functionNode).find((candidate) => candidate.name === name);
    if (parameter !== undefined) {
      return { kind: 'parameter', parameter, functionNode };
    }
    const outer = enclosingFunction(functionNode);
    if (outer !== undefined) {
      const closed = lastBindingIn(identifier, source, outer, outer.startIndex, functionNode.startIndex, functionNode.startIndex);
      if (closed !== undefined) {
        return closed;
      }
    }
  }
  // Module code has run by the time a function is called, so any module-level binding reaches it.
  const atModuleLevel = functionNode === undefined && enclosingClass(identifier) === undefined;
  const limit = atModuleLevel ? identifier.startIndex : source.length;
  return lastBindingIn(identifier, source, undefined, 0, limit, limit);
}

const selfAttributeValues = new PerTree<Map<string, Node | null>>('self attribute values');

/** For `self.attr` inside a class: the right-hand side of the single `self.attr = ...` in that class, if unique. */
export function selfAttributeValue(attribute: Node, source: string): Node | undefined {
  const object = attribute.childForFieldName('object');
  const attributeName = attribute.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || object.text !== 'self' || attributeName === undefined) {
    return undefined;
  }
  const classNode = enclosingClass(attribute);
  if (classNode === undefined) {
    return undefined;
  }
  let perTree = selfAttributeValues.get(attribute.tree);
  if (perTree === undefined) {
    perTree = new Map();
    selfAttributeValues.set(attribute.tree, perTree);
  }
  const key = `${classNode.id}\u0000${attributeName}`;
  const known = perTree.get(key);
  if (known !== undefined) {
    return known ?? undefined;
  }
  const values: Node[] = [];
  const pattern = new RegExp(`\\bself\\.${attributeName}\\s*(?::[^=\\n]+)?=(?!=)`, 'g');
  for (const match of matchesBetween(source, pattern, classNode.startIndex, classNode.endIndex)) {
    const left = nodeAt(attribute.tree, match.index)?.parent;
    const assignment = left?.parent;
    const right = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === left?.id ? assignment.childForFieldName('right') : null;
    if (left?.type === 'attribute' && dottedName(left) === `self.${attributeName}` && right !== null && right !== undefined) {
      values.push(right);
    }
  }
  const value = values.length === 1 ? values[0] : undefined;
  perTree.set(key, value ?? null);
  return value;
}

/** Calls of `functionNode` in the same file: `name(...)` for functions, `self.name(...)` / `cls.name(...)` for methods. */
export function callersOf(functionNode: Node, source: string): Node[] {
  const name = functionNode.childForFieldName('name')?.text;
  if (name === undefined) {
    return [];
  }
  const method = isMethod(functionNode);
  return callsNamed(functionNode.tree, source, name).filter((call) => {
    const callee = call.childForFieldName('function');
    if (callee === null) {
      return false;
    }
    if (!method) {
      return callee.type === 'identifier' && callee.text === name;
    }
    if (callee.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== name) {
      return false;
    }
    const receiver = callee.childForFieldName('object');
    return receiver?.type === 'identifier' && (receiver.text === 'self' || receiver.text === 'cls');
  });
}

/** The expression a call passes for `parameter` (positional or keyword), or undefined when it relies on the default. */
export function argumentForParameter(call: Node, functionNode: Node, parameter: ParameterInfo): Node | undefined {
  const args = callArguments(call);
  const keyword = args.keywords.get(parameter.name);
  if (keyword !== undefined) {
    return keyword;
  }
  if (parameter.index < 0) {
    return undefined;
  }
  // `self.method(a)` passes `a` as parameter 1.
  const offset = isMethod(functionNode) ? 1 : 0;
  return args.positional[parameter.index - offset];
}





const literalSequences: ReadonlySet<string> = new Set(['tuple', 'list', 'set']);

/**
 * The values a `for` loop variable takes when the loop runs over a literal sequence, written in place or held in a
 * name (a module constant: `_EXTENSIONS = (".safetensors", ".pth")` then `for ext in _EXTENSIONS:`). Undefined when
 * `identifier` is not such a loop variable, or the sequence is built some other way.
 */
export function loopValues(identifier: Node, source: string): Node[] | undefined {
  const definition = reachingDefinition(identifier, source);
  if (definition?.kind !== 'loop') {
    return undefined;
  }
  let iterable: Node | undefined = definition.iterable;
  for (let depth = 0; iterable?.type === 'identifier' && depth < 4; depth++) {
    const held = reachingDefinition(iterable, source);
    iterable = held?.kind === 'expression' ? held.value : undefined;
  }
  if (iterable === undefined || !literalSequences.has(iterable.type)) {
    return undefined;
  }
  const values = namedChildrenOf(iterable).filter((child) => child.type !== 'comment');
  return values.length > 0 && values.every((value) => value.type === 'string') ? values : undefined;
}

// Follows a name back to where its value is built, within one file: the assignment that reaches a use in the same
// function (or at module level), the parameter it came in through and the calls that pass it, a `for` loop's
// iterable, and `self.x = ...` in the same class. This is deliberately flow-insensitive and shallow: it answers
// "what is this pattern/path/object, most likely?" for rules that must not guess from names alone.
import type { Node, Tree } from 'web-tree-sitter';
import { callArguments, callsNamed, dottedName, enclosingClass, enclosingFunction, namedChildrenOf, nodeAt } from './pythonSyntax';

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

/**
 * Bindings of `name` in `[from, to)` of the source, found by regex and confirmed on the tree: `name = ...`,
 * `name: T = ...`, `for name in ...`, `name := ...`, comprehension `for name in ...`. Returned in document order.
 */
function bindingsOf(tree: Tree, source: string, name: string, from: number, to: number): Array<{ readonly offset: number; readonly definition: Definition }> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\w.])${escaped}\\s*(?::[^=\\n]+)?(?:=(?!=)|:=)|\\bfor\\s+${escaped}\\s+in\\b`, 'g');
  pattern.lastIndex = from;
  const found: Array<{ readonly offset: number; readonly definition: Definition }> = [];
  for (let match = pattern.exec(source); match !== null && match.index < to; match = pattern.exec(source)) {
    const offset = match[0].startsWith('for') ? match.index + match[0].indexOf(name, 3) : match.index;
    const identifier = nodeAt(tree, offset);
    const parent = identifier?.parent;
    if (identifier === undefined || identifier.type !== 'identifier' || parent === null || parent === undefined) {
      continue;
    }
    if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === identifier.id) {
      const value = parent.childForFieldName('right');
      if (value !== null) {
        found.push({ offset: parent.endIndex, definition: { kind: 'expression', value, site: parent } });
      }
    } else if (parent.type === 'named_expression' && parent.childForFieldName('name')?.id === identifier.id) {
      const value = parent.childForFieldName('value');
      if (value !== null) {
        found.push({ offset: parent.endIndex, definition: { kind: 'expression', value, site: parent } });
      }
    } else if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('left')?.id === identifier.id) {
      const iterable = parent.childForFieldName('right');
      if (iterable !== null) {
        // Comprehension variables are used before their clause in the text (`[x for x in y]`).
        const visibleFrom = parent.type === 'for_in_clause' ? (parent.parent?.startIndex ?? parent.startIndex) : identifier.endIndex;
        found.push({ offset: visibleFrom, definition: { kind: 'loop', iterable, site: parent } });
      }
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
  let parent = functionNode.parent;
  if (parent?.type === 'decorated_definition') {
    const decorators = parent.text;
    if (/@staticmethod\b/.test(decorators)) {
      return false;
    }
    parent = parent.parent;
  }
  return parent?.type === 'block' && parent.parent?.type === 'class_definition';
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
    if (binding !== undefined && binding.offset <= offset && binding.definition.kind !== 'parameter' && sameScope(binding.definition.site, scope)) {
      return binding.definition;
    }
  }
  return undefined;
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
  const values: Node[] = [];
  const pattern = new RegExp(`\\bself\\.${attributeName}\\s*(?::[^=\\n]+)?=(?!=)`, 'g');
  pattern.lastIndex = classNode.startIndex;
  for (let match = pattern.exec(source); match !== null && match.index < classNode.endIndex; match = pattern.exec(source)) {
    const left = nodeAt(attribute.tree, match.index)?.parent;
    const assignment = left?.parent;
    const right = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === left?.id ? assignment.childForFieldName('right') : null;
    if (left?.type === 'attribute' && dottedName(left) === `self.${attributeName}` && right !== null && right !== undefined) {
      values.push(right);
    }
  }
  return values.length === 1 ? values[0] : undefined;
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

// Finding one's way around the tree-sitter-python syntax tree: parents (memoised per tree), children, the node at an
// offset, dotted names and the enclosing function, class or statement.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from './perTree';

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

const identifierTypes: ReadonlySet<string> = new Set(['identifier']);

/** The identifiers in `root`, `root` itself included, in document order, without entering nested scopes (descendantsInScope). */
export function identifiersInScope(root: Node): Node[] {
  return root.type === 'identifier' ? [root] : descendantsInScope(root, identifierTypes);
}

// Finds the path-like text under the cursor for the layout hover. In Python it is the value of the string literal
// under the cursor, widened to the whole path expression it is part of (`Path("experiment_runs") / cfg.dataset`,
// `os.path.join(...)`, f-strings), evaluated statically; in shell and Markdown it is the whitespace-delimited token,
// without quotes, backticks and an `--option=` prefix.
import type { Node, Tree } from 'web-tree-sitter';
import { joinFunctions, pathConstructors, staticValueOf } from '../python/staticStringValue';
import { dottedName } from '../python/treeNavigation';

export interface PathAtPosition {
  readonly text: string;
  /** 0-based, end-exclusive, on one or more lines. */
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function isPathExpression(node: Node): boolean {
  if (node.type === 'binary_operator') {
    const operator = node.childForFieldName('operator')?.type;
    return operator === '/' || operator === '+';
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const name = callee === null ? undefined : dottedName(callee);
    return name !== undefined && (joinFunctions.has(name) || pathConstructors.has(name));
  }
  return node.type === 'argument_list' || node.type === 'parenthesized_expression';
}

/** `source` is the text `tree` was parsed from (evaluating against it avoids copying the text out of the tree). */
export function pythonPathAt(tree: Tree, source: string, line: number, column: number): PathAtPosition | undefined {
  let node: Node | null = tree.rootNode.descendantForPosition({ row: line, column });
  while (node !== null && node.type !== 'string') node = node.parent;
  if (node === null) return undefined;
  let expression: Node = node;
  for (let parent = expression.parent; parent !== null && isPathExpression(parent); parent = parent.parent) {
    if (parent.type !== 'argument_list' && parent.type !== 'parenthesized_expression') expression = parent;
  }
  const value = staticValueOf(expression, source);
  if (value.unknown || value.text === '') return undefined;
  return { text: value.text, startLine: expression.startPosition.row, startColumn: expression.startPosition.column, endLine: expression.endPosition.row, endColumn: expression.endPosition.column };
}

const tokenCharacter = /[^\s"'`()<>,;]/;

export function textPathAt(lineText: string, line: number, column: number): PathAtPosition | undefined {
  if (column > lineText.length || !tokenCharacter.test(lineText[column] ?? lineText[column - 1] ?? ' ')) return undefined;
  let start = Math.min(column, lineText.length - 1);
  if (!tokenCharacter.test(lineText[start] ?? ' ')) start--;
  let end = start;
  while (start > 0 && tokenCharacter.test(lineText[start - 1] ?? ' ')) start--;
  while (end < lineText.length && tokenCharacter.test(lineText[end] ?? ' ')) end++;
  let token = lineText.slice(start, end);
  const option = /^-{1,2}[A-Za-z][\w-]*=/.exec(token);
  if (option !== null) {
    start += option[0].length;
    token = token.slice(option[0].length);
  }
  token = token.replace(/[.:]+$/, '');
  if (!token.includes('/')) return undefined;
  return { text: token, startLine: line, startColumn: start, endLine: line, endColumn: start + token.length };
}

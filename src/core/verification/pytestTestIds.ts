// Finds pytest tests in a parsed Python file, the way pytest collects them by default: module-level functions named
// test*, and classes named Test* with test* methods and nested Test* classes (decorated or async alike). The focused
// test at the cursor is the innermost one around it; its node id is `path::Class::test` with a "/" path.
// Not covered: custom python_functions / python_classes patterns in the project's pytest configuration, and
// unittest.TestCase subclasses whose names do not start with Test.
import type { Node, Tree } from 'web-tree-sitter';

export interface PytestItem {
  /** Names from the module down, e.g. ["TestSaving", "test_state_dict_is_plain_dict"]. */
  readonly path: readonly string[];
  readonly kind: 'function' | 'class';
  /** 0-based first and last line, including decorators. */
  readonly startLine: number;
  readonly endLine: number;
}

export function isPytestFileName(fileName: string): boolean {
  return /^test_.*\.py$/.test(fileName) || /^.+_test\.py$/.test(fileName);
}

function definitionOf(statement: Node): Node | null {
  return statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
}

function collect(block: Node | null, parents: readonly string[], items: PytestItem[]): void {
  if (block === null) return;
  for (const statement of block.namedChildren) {
    if (statement === null) continue;
    const definition = definitionOf(statement);
    if (definition === null) continue;
    const name = definition.childForFieldName('name')?.text;
    if (name === undefined) continue;
    const range = { startLine: statement.startPosition.row, endLine: statement.endPosition.row };
    if (definition.type === 'function_definition' && name.startsWith('test')) {
      items.push({ path: [...parents, name], kind: 'function', ...range });
    } else if (definition.type === 'class_definition' && name.startsWith('Test')) {
      items.push({ path: [...parents, name], kind: 'class', ...range });
      collect(definition.childForFieldName('body'), [...parents, name], items);
    }
  }
}

/** Every test function and class in the file, in source order. */
export function findPytestItems(tree: Tree): PytestItem[] {
  const items: PytestItem[] = [];
  collect(tree.rootNode, [], items);
  return items;
}

/** The innermost test function or class whose lines include `line` (0-based), or undefined. */
export function pytestItemAtLine(items: readonly PytestItem[], line: number): PytestItem | undefined {
  let best: PytestItem | undefined;
  for (const item of items) {
    if (item.startLine <= line && line <= item.endLine && (best === undefined || item.endLine - item.startLine < best.endLine - best.startLine)) best = item;
  }
  return best;
}

/** `tests/test_config.py::TestSaving::test_x`, from a path relative to the folder pytest runs in (or absolute). */
export function pytestNodeId(filePath: string, item: PytestItem): string {
  return [filePath.split('\\').join('/'), ...item.path].join('::');
}

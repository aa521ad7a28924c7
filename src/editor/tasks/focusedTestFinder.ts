// Finds the pytest test to run: the test function or class around the cursor (parsed with tree-sitter, so nested
// classes, decorators and async tests are handled), or else every test under tests/ for a quick pick.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PythonParser } from '../../core/python/pythonParser';
import { loadVerificationEngine } from './lazyVerificationEngine';

export interface FoundTest {
  readonly nodeId: string;
  readonly kind: 'function' | 'class';
  readonly uri: vscode.Uri;
  readonly line: number;
}

/** The node id path: relative to the folder pytest runs in, with "/". */
function relativeTestPath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  return relative.startsWith('..') || path.isAbsolute(relative) ? uri.fsPath : relative.split(path.sep).join('/');
}

function testsIn(parser: PythonParser, folder: vscode.WorkspaceFolder, uri: vscode.Uri, text: string): FoundTest[] {
  const { findPytestItems, pytestNodeId } = loadVerificationEngine();
  const tree = parser.parse(text);
  try {
    const relative = relativeTestPath(folder, uri);
    return findPytestItems(tree).map((item) => ({ nodeId: pytestNodeId(relative, item), kind: item.kind, uri, line: item.startLine }));
  } finally {
    tree.delete();
  }
}

/** The innermost test around the cursor of `editor`, or undefined when the cursor is not inside one. */
export function testAtCursor(parser: PythonParser, folder: vscode.WorkspaceFolder, editor: vscode.TextEditor): FoundTest | undefined {
  const { findPytestItems, pytestItemAtLine, pytestNodeId } = loadVerificationEngine();
  const tree = parser.parse(editor.document.getText());
  try {
    const item = pytestItemAtLine(findPytestItems(tree), editor.selection.active.line);
    return item === undefined ? undefined : { nodeId: pytestNodeId(relativeTestPath(folder, editor.document.uri), item), kind: item.kind, uri: editor.document.uri, line: item.startLine };
  } finally {
    tree.delete();
  }
}

/** Every test in `tests/**` files named test_*.py or *_test.py, in file and source order. */
export async function testsUnderTestsFolder(parser: PythonParser, folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<FoundTest[]> {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, 'tests/**/*.py'), '**/{__pycache__,.venv,venv}/**', undefined, token);
  const { isPytestFileName } = loadVerificationEngine();
  const tests: FoundTest[] = [];
  for (const uri of files.filter((file) => isPytestFileName(path.basename(file.fsPath))).sort((left, right) => left.fsPath.localeCompare(right.fsPath))) {
    if (token.isCancellationRequested) break;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    tests.push(...testsIn(parser, folder, uri, open?.getText() ?? (await readFile(uri.fsPath, 'utf8'))));
  }
  return tests;
}

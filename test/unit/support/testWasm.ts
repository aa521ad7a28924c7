// The parser's wasm files straight from the npm packages, so unit tests need no build.
import path from 'node:path';
import type { WasmLocation } from '../../../src/core/python/pythonParser';

export const testWasmLocation: WasmLocation = {
  runtimeDirectory: path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm')),
  grammarDirectory: path.dirname(require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
};

// A fresh web-tree-sitter runtime (its own WebAssembly instance and memory) for when the current one can no longer be
// trusted. web-tree-sitter keeps one Emscripten module per loaded copy of its JavaScript, so a new instance needs a
// new evaluation of `tree-sitter.cjs`: it lies next to `tree-sitter.wasm` (npm run build copies both into dist/).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type * as WebTreeSitter from 'web-tree-sitter';

export type WebTreeSitterModule = typeof WebTreeSitter;

export const runtimeScriptFileName = 'tree-sitter.cjs';

/** Evaluates `<runtimeDirectory>/tree-sitter.cjs` anew; its Parser still needs `init()`. */
export function freshWebTreeSitter(runtimeDirectory: string): WebTreeSitterModule {
  const script = path.join(runtimeDirectory, runtimeScriptFileName);
  if (!existsSync(script)) {
    throw new Error(`The tree-sitter runtime script was not found at ${script}, so the parser cannot be restarted. Run \`npm run build\` (it copies ${runtimeScriptFileName} into dist/).`);
  }
  const load = createRequire(script);
  // Node caches a module by path: without removing it, require returns the instance that just failed.
  delete load.cache[script];
  try {
    return load(script) as WebTreeSitterModule;
  } finally {
    delete load.cache[script];
  }
}

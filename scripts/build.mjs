// Bundles the extension and the CLI with esbuild (vscode stays external) and copies the parser's wasm files
// next to the bundles, where the core looks for them at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'src/editor/extension.ts')], outfile: path.join(dist, 'extension.js') }),
  build({
    ...common,
    entryPoints: [path.join(root, 'src/cli/cli.ts')],
    outfile: path.join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  await copyFile(require.resolve(wasm), path.join(dist, path.basename(wasm)));
}
console.log(`build: dist/extension.js and dist/cli.js written in ${Date.now() - started} ms`);

// Bundles the extension and the CLI with esbuild (vscode stays external) and copies the parser's wasm files
// next to the bundles, where the core looks for them at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
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

// The editor loads the core lazily (src/editor/lazyCore.ts) from its own bundle, so activation never parses it.
const coreBundleAsSeparateFile = {
  name: 'core-bundle-as-separate-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/core\/coreBundle$/ }, () => ({ path: './core.js', external: true }));
  },
};

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'src/editor/extension.ts')], outfile: path.join(dist, 'extension.js'), plugins: [coreBundleAsSeparateFile] }),
  build({ ...common, entryPoints: [path.join(root, 'src/core/coreBundle.ts')], outfile: path.join(dist, 'core.js') }),
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
// The project file's JSON Schema comes from the same zod schema the core validates with, so they cannot drift.
const schemaModule = path.join(root, 'out', 'build', 'projectFileSchema.cjs');
await build({ ...common, sourcemap: false, minify: false, entryPoints: [path.join(root, 'src/core/config/projectFileSchema.ts')], outfile: schemaModule });
const { projectFileJsonSchema } = require(schemaModule);
await writeFile(path.join(dist, 'refactor-runbook.schema.json'), `${JSON.stringify(projectFileJsonSchema(), null, 2)}\n`);
console.log(`build: dist/extension.js dist/core.js dist/cli.js and dist/refactor-runbook.schema.json written in ${Date.now() - started} ms`);

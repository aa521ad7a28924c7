// Bundles the extension and the CLI with esbuild (vscode stays external) and copies the parser's wasm files
// next to the bundles, where the core looks for them at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  // The CLI: dist/cli.js is a small loader that runs dist/cliMain.js with a V8 code cache (src/cli/cliLoader.ts).
  // The loader compiles the bundle with vm.Script, where Node 20 cannot run import() without a flag, so esbuild
  // turns web-tree-sitter's `await import("fs/promises")` into a require.
  build({ ...common, entryPoints: [path.join(root, 'src/cli/cli.ts')], outfile: path.join(dist, 'cliMain.js'), supported: { 'dynamic-import': false } }),
  build({ ...common, sourcemap: false, entryPoints: [path.join(root, 'src/cli/cliLoader.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
// tree-sitter.cjs is web-tree-sitter's own script: the parser evaluates it again for a fresh runtime after a failure
// (src/core/python/treeSitterRuntime.ts).
const runtimeFolder = path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm'));
// re2.wasm: the linear-time engine of user-supplied patterns (src/core/checklist/linearRegex.ts) looks for it next to
// the bundle that requires it.
const re2Wasm = path.join(path.dirname(require.resolve('@adguard/re2-wasm')), '..', 'wasm', 're2.wasm');
for (const file of [require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(runtimeFolder, 'tree-sitter.cjs'), require.resolve('tree-sitter-python/tree-sitter-python.wasm'), re2Wasm]) {
  await copyFile(file, path.join(dist, path.basename(file)));
}
// The code cache holds what V8 compiled during a representative run: a check of the example workspace (walk,
// prefilter, parser, every rule, the JSON report). It is valid for this Node version only; another one ignores it.
const example = path.join(root, 'examples', 'legacy-research-repo');
const warmUp = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', '--format', 'json', '--no-cache', '.'], {
  cwd: existsSync(example) ? example : root,
  env: { ...process.env, REFACTOR_RUNBOOK_WRITE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
if (warmUp.status !== 0 && warmUp.status !== 1) {
  throw new Error(`build: the CLI failed on the example workspace while writing its code cache (exit ${warmUp.status}):\n${warmUp.stderr}`);
}
// The project file's JSON Schema comes from the same zod schema the core validates with, so they cannot drift.
const schemaModule = path.join(root, 'out', 'build', 'projectFileSchema.cjs');
await build({ ...common, sourcemap: false, minify: false, entryPoints: [path.join(root, 'src/core/config/projectFileSchema.ts')], outfile: schemaModule });
const { projectFileJsonSchema } = require(schemaModule);
await writeFile(path.join(dist, 'refactor-runbook.schema.json'), `${JSON.stringify(projectFileJsonSchema(), null, 2)}\n`);
console.log(`build: dist/extension.js dist/core.js dist/cli.js (with dist/cliMain.js and its code cache) and dist/refactor-runbook.schema.json written in ${Date.now() - started} ms`);

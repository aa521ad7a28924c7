// dist/cli.js, the `refactor-runbook` executable: loads the CLI bundle (dist/cliMain.js) with the V8 code cache the
// build wrote next to it (dist/cliMain.codecache), then runs it. Compiling the 1.4 MB bundle was a large part of a
// short run's time, and Node 20 caches no compiled code of its own (module.enableCompileCache came in Node 22).
// The cache is used only when it was made from exactly this bundle, in this place (a SHA-256 of the bundle's path and
// source heads the file: V8 itself compares only the source's length, and the compiled code keeps the file name it
// was made with, which stack traces show), and by this V8 with these flags (V8 checks those and rejects the rest);
// otherwise the bundle compiles as usual.
// Worker threads start this same script, so they load the bundle the same way.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/** The build sets this to write the code cache after a representative run (scripts/build.mjs). */
const writeCodeCacheVariable = 'REFACTOR_RUNBOOK_WRITE_CODE_CACHE';
const bundleFileName = 'cliMain.js';
const codeCacheFileName = 'cliMain.codecache';
const hashLength = 32;

interface CliBundle {
  main(entryScript: string, bundleHash: string): void;
}

function readCodeCache(cachePath: string, sourceHash: Buffer): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  return cache.length > hashLength && cache.subarray(0, hashLength).equals(sourceHash) ? cache.subarray(hashLength) : undefined;
}

function loadBundle(directory: string): { readonly bundle: CliBundle; readonly sourceHash: Buffer } {
  const bundlePath = path.join(directory, bundleFileName);
  const cachePath = path.join(directory, codeCacheFileName);
  const bytes = readFileSync(bundlePath);
  const sourceHash = createHash('sha256').update(bundlePath).update('\0').update(bytes).digest();
  const source = bytes.toString('utf8');
  const cachedData = readCodeCache(cachePath, sourceHash);
  // The same wrapper as Node's CommonJS loader, so the bundle sees the usual module variables.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: bundlePath, ...(cachedData === undefined ? {} : { cachedData }) });
  if (process.env[writeCodeCacheVariable] !== undefined && isMainThread) {
    // After the run, so the cache holds every function the run compiled, not only the top level.
    process.once('exit', () => writeFileSync(cachePath, Buffer.concat([sourceHash, script.createCachedData()])));
  }
  const bundleModule = { exports: {} as CliBundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(bundlePath), bundleModule, bundlePath, directory);
  return { bundle: bundleModule.exports, sourceHash };
}

const cli = loadBundle(__dirname);
// In a worker thread the bundle starts its analysis worker by itself.
if (isMainThread) {
  // The bundle's hash also identifies the running code for the result cache (src/cli/resultCache.ts).
  cli.bundle.main(__filename, cli.sourceHash.toString('hex'));
}

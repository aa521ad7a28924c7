// The `refactor-runbook` command (bundled to dist/cliMain.js, next to the parser's wasm files, and started by the
// loader dist/cli.js; run directly, the bundle starts itself).
import { wasmLocationIn } from '../core/python/pythonParser';
import packageJson from '../../package.json';
import { parseCliArguments, UsageError, usageText } from './cliArguments';
import type { CliArguments } from './cliArguments';
import { runCheckCommand } from './checkCommand';
import { runChecklistCommand } from './checklistCommand';
import type { CliEnvironment } from './cliEnvironment';
import { exitCodes } from './cliEnvironment';
import { runRulesCommand } from './rulesCommand';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runMigrateCommand } from './migrateCommand';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analysisWorkerRole, runAnalysisWorker } from './analysisWorkerPool';
import type { AnalysisWorkerData } from './analysisWorkerPool';

export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  // `checklist` parses its own options (src/cli/checklistArguments.ts).
  if (argv[0] === 'checklist') return runChecklistCommand(argv.slice(1), environment);
  if (argv[0] === 'migrate') return Promise.resolve(runMigrateCommand(argv.slice(1), environment));
  let args: CliArguments;
  try {
    args = parseCliArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      environment.writeStderr(`refactor-runbook: ${error.message}\n\n${usageText}`);
      return exitCodes.usageOrConfiguration;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      environment.writeStdout(usageText);
      return exitCodes.clean;
    case 'version':
      environment.writeStdout(`${environment.toolVersion}\n`);
      return exitCodes.clean;
    case 'rules':
      return runRulesCommand(args, environment);
    case 'check':
      return runCheckCommand(args, environment);
  }
}

/**
 * Runs the command line of this process. `entryScript` is the script worker threads start: this bundle, or the
 * loader (dist/cli.js) that loads it with its code cache (src/cli/cliLoader.ts).
 */
export function main(entryScript: string = __filename, bundleHash?: string): void {
  // A reader that stops early (`| head -1`) closes the pipe: stop writing and exit quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  const environment: CliEnvironment = {
    workingDirectory: process.cwd(),
    writeStdout: (text) => process.stdout.write(text),
    writeStderr: (text) => process.stderr.write(text),
    // The build copies tree-sitter.wasm and tree-sitter-python.wasm next to this bundle.
    wasm: wasmLocationIn(__dirname),
    toolVersion: packageJson.version,
    workerScript: entryScript,
    // The loader hashed the bundle already (for its code cache); run directly, the bundle hashes itself.
    codeIdentity: bundleHash ?? createHash('sha256').update(readFileSync(__filename)).digest('hex'),
  };
  runCli(process.argv.slice(2), environment).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`refactor-runbook: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command you ran.\n`);
      process.exitCode = exitCodes.usageOrConfiguration;
    },
  );
}

if (!isMainThread && (workerData as Partial<AnalysisWorkerData> | undefined)?.role === analysisWorkerRole && parentPort !== null) {
  const port = parentPort;
  // A failure here surfaces in the main thread as the worker's 'error' event.
  runAnalysisWorker(workerData as AnalysisWorkerData, port).catch((error: unknown) => {
    throw error;
  });
} else if (require.main === module) {
  main();
}

// `npm run bench:editor`: the editor-side figures in a real extension host (code-server): activation time, the heap
// after a whole-workspace scan of the Python standard library, and the time to re-analyse a 2,000-line file after a
// one-character edit. Prints figures; asserts nothing about them (targets are judged by people, not by timed tests).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer } from './codeServerInstall';
import { runIntegrationTestsInCodeServer } from './codeServerTestRun';
import { HostSetupError } from './hostError';
import { hostCacheFolder, integrationTestIndex, repositoryRoot, testResultsFolder } from './hostPaths';
import { generatedModule } from './benchmarkModule';
import { testEnvironment } from './testProtocol';

function pythonStandardLibrary(): string {
  const found = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  const folder = found.stdout.trim();
  if (found.status !== 0 || folder === '' || !existsSync(folder)) {
    throw new HostSetupError('python3 could not tell where its standard library is.', 'install python3 (apt-get install -y python3)');
  }
  return folder;
}

async function main(): Promise<void> {
  const workspace = path.join(hostCacheFolder, 'bench-workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const stdlib = pythonStandardLibrary();
  cpSync(stdlib, path.join(workspace, 'stdlib'), { recursive: true, filter: (source) => !source.includes(`${path.sep}site-packages`) && !source.includes('__pycache__') });
  writeFileSync(path.join(workspace, 'big_module.py'), generatedModule(2000));
  // The benchmark starts the scan itself (to measure it) and edits quickly (the debounce is not what is measured).
  mkdirSync(path.join(workspace, '.vscode'));
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'refactorRunbook.scanOnStartup': false, 'refactorRunbook.debounceMs': 50 }, null, 2));
  console.log(`Benchmark workspace: ${workspace} (standard library from ${stdlib}, site-packages excluded, plus big_module.py).`);

  const install = ensureCodeServer((line) => console.log(line));
  const result = await runIntegrationTestsInCodeServer({
    install,
    extensionDevelopmentPath: repositoryRoot,
    extensionTestsPath: integrationTestIndex,
    workspaceFolder: workspace,
    resultsFolder: testResultsFolder,
    timeoutMs: 15 * 60 * 1000,
    grep: 'editor benchmark',
    extraEnv: { [testEnvironment.benchmark]: '1' },
    log: (line) => {
      if (!/Ignoring fetching additional builtin extensions/.test(line)) console.log(line);
    },
  });
  rmSync(workspace, { recursive: true, force: true });
  if (!result.ok) throw new Error(`the benchmark run failed: ${result.reasons.join('; ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof HostSetupError ? `${error.message}\nFix: ${error.remedy}` : error);
  process.exit(1);
});

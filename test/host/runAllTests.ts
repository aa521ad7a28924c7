// `npm test`: the unit suites in plain Node, then the integration suites inside a real VS Code extension host.
// It names the host it used and never skips the integration suites silently: no host means a failing run.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostSetupError } from './hostError';
import { exampleWorkspace, integrationTestIndex, repositoryRoot, testResultsFolder } from './hostPaths';
import { ensureCodeServer } from './codeServerInstall';
import { runIntegrationTestsInCodeServer } from './codeServerTestRun';
import { describeDesktopVsCode, downloadDesktopVsCode, runIntegrationTestsInDesktop } from './electronTestRun';
import { chooseHost } from './hostSelection';
import type { TestRunSummary } from './testProtocol';
import { runUnitTests } from './unitTestRun';

const log = (line: string): void => console.log(line);
const defaultTimeoutMs = 10 * 60 * 1000;

function timeoutFromEnvironment(): number {
  const raw = process.env.REFACTOR_RUNBOOK_TEST_TIMEOUT_MS;
  if (raw === undefined || raw === '') return defaultTimeoutMs;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new HostSetupError(`REFACTOR_RUNBOOK_TEST_TIMEOUT_MS is "${raw}", not a positive number of milliseconds.`, 'e.g. REFACTOR_RUNBOOK_TEST_TIMEOUT_MS=600000 npm test');
  }
  return value;
}

interface IntegrationOutcome {
  readonly ok: boolean;
  readonly host: string;
  readonly summary?: TestRunSummary;
  readonly reasons: readonly string[];
}

async function runIntegration(): Promise<IntegrationOutcome> {
  const timeoutMs = timeoutFromEnvironment();
  const grep = process.env.REFACTOR_RUNBOOK_TEST_GREP || undefined;
  const choice = chooseHost({
    requestedHost: process.env.REFACTOR_RUNBOOK_TEST_HOST,
    vscodeExecutable: process.env.VSCODE_EXECUTABLE || undefined,
    hasDisplay: Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
    platform: process.platform,
  });
  log(`Integration host selection: ${choice.reason}.`);

  let desktopExecutable: string | undefined;
  if (choice.kind === 'electron-executable') {
    if (!existsSync(choice.executable)) {
      throw new HostSetupError(`VSCODE_EXECUTABLE is ${choice.executable}, which does not exist.`, 'point it at the VS Code executable (e.g. /usr/share/code/code), or unset it to use the code-server host');
    }
    desktopExecutable = choice.executable;
  }
  if (choice.kind === 'electron-download') {
    try {
      desktopExecutable = await downloadDesktopVsCode(30000);
    } catch (error) {
      if (!choice.fallbackToCodeServer) {
        throw new HostSetupError(`VS Code desktop could not be downloaded: ${String(error)}`, 'set VSCODE_EXECUTABLE to a local VS Code, or REFACTOR_RUNBOOK_TEST_HOST=code-server');
      }
      log(`VS Code desktop could not be downloaded (${String(error)}); using the code-server host.`);
    }
  }

  const workspace = copyOfExampleWorkspace();
  try {
    return await runIntegrationIn(workspace.folder, grep, desktopExecutable, timeoutMs);
  } finally {
    workspace.remove();
  }
}

/** The suites edit files in their workspace: they get a fresh copy, so the committed example is never touched. */
function copyOfExampleWorkspace(): { readonly folder: string; readonly remove: () => void } {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'rr-example-'));
  // Same last two folder names as the original, so the window and the tests see `examples/legacy-research-repo`.
  const folder = path.join(parent, path.basename(path.dirname(exampleWorkspace)), path.basename(exampleWorkspace));
  const generated = new Set(['__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', 'refactor-runbook-progress.json']);
  mkdirSync(path.dirname(folder), { recursive: true });
  cpSync(exampleWorkspace, folder, { recursive: true, filter: (source) => !generated.has(path.basename(source)) });
  log(`Integration workspace: a fresh copy of ${path.relative(repositoryRoot, exampleWorkspace)} in ${folder}`);
  return { folder, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

async function runIntegrationIn(workspaceFolder: string, grep: string | undefined, desktopExecutable: string | undefined, timeoutMs: number): Promise<IntegrationOutcome> {
  const common = { extensionDevelopmentPath: repositoryRoot, extensionTestsPath: integrationTestIndex, workspaceFolder, resultsFolder: testResultsFolder, grep };
  if (desktopExecutable !== undefined) {
    const host = describeDesktopVsCode(desktopExecutable);
    log(`Integration host: ${host}`);
    const exitCode = await runIntegrationTestsInDesktop({ ...common, vscodeExecutablePath: desktopExecutable });
    return { ok: exitCode === 0, host, reasons: exitCode === 0 ? [] : [`VS Code exited with code ${exitCode}`] };
  }

  const install = ensureCodeServer(log);
  const started = Date.now();
  const result = await runIntegrationTestsInCodeServer({ ...common, install, timeoutMs, log });
  const host = `code-server 4.100.3 (VS Code ${result.hostDescription ?? `${install.vscodeVersion}, version not reported by the host`}), headless Chromium`;
  log(`Integration host: ${host}; ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { ok: result.ok, host, summary: result.summary, reasons: result.reasons };
}

async function main(): Promise<number> {
  log('== Unit tests (plain Node) ==');
  const unit = await runUnitTests();

  log('\n== Integration tests (real VS Code extension host) ==');
  let integration: IntegrationOutcome;
  try {
    integration = await runIntegration();
  } catch (error) {
    if (!(error instanceof HostSetupError)) throw error;
    log(`\nNo VS Code host for the integration tests: ${error.message}\nFix: ${error.remedy}`);
    integration = { ok: false, host: 'none', reasons: ['no test host'] };
  }

  const unitOk = unit.exitCode === 0 && unit.summary.failures === 0 && unit.summary.passes > 0;
  log('\n== Summary ==');
  log(`unit: ${unit.summary.passes} passed, ${unit.summary.failures} failed, ${unit.summary.pending} pending${unitOk ? '' : ` (mocha exit ${unit.exitCode})`}`);
  const integrationSummary = integration.summary;
  log(`integration on ${integration.host}: ${integrationSummary ? `${integrationSummary.passes} passed, ${integrationSummary.failures} failed, ${integrationSummary.pending} pending` : 'no results'}`);
  for (const reason of integration.reasons) log(`  integration problem: ${reason}`);
  // A suite that broke without a failing test (no host, a crash) still counts as one failure in the closing line.
  const brokenSuites = (unitOk || unit.summary.failures > 0 ? 0 : 1) + (integration.ok || (integrationSummary?.failures ?? 0) > 0 ? 0 : 1);
  const passed = unit.summary.passes + (integrationSummary?.passes ?? 0);
  const failed = unit.summary.failures + (integrationSummary?.failures ?? 0) + brokenSuites;
  log(`tests: ${passed} passed, ${failed} failed`);
  return unitOk && integration.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof HostSetupError ? `${error.message}\nFix: ${error.remedy}` : error);
    process.exit(1);
  },
);

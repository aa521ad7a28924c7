// Runs the integration suites inside the VS Code server's extension host, with the workbench loaded in headless
// Chromium. The result is trusted only when the workbench, the server and the test index all agree.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { chromiumExecutable, launchChromium } from './chromiumBrowser';
import { onInterrupt } from './cleanupOnSignal';
import type { CodeServerInstall } from './codeServerInstall';
import { startCodeServer } from './codeServerProcess';
import type { KeysRequest, TestRunSummary } from './testProtocol';
import { hostLinePrefix, keysDoneFileOf, parseKeysRequest, parseScreenshotRequest, parseSummaryLine, rowsFileOf, testEnvironment, visibleTextFileOf } from './testProtocol';

export interface IntegrationRunOptions {
  readonly install: CodeServerInstall;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly workspaceFolder: string;
  readonly resultsFolder: string;
  readonly timeoutMs: number;
  readonly grep?: string;
  /** More environment for the extension host (e.g. to switch on the benchmark suite). */
  readonly extraEnv?: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export interface IntegrationRunResult {
  readonly ok: boolean;
  readonly reasons: readonly string[];
  readonly summary?: TestRunSummary;
  readonly hostDescription?: string;
}

export function workbenchUrl(port: number, workspaceFolder: string, payload: readonly (readonly [string, string])[]): string {
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.searchParams.set('folder', workspaceFolder);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

async function takeScreenshot(page: Page, folder: string, name: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const partial = path.join(folder, `.${name}.partial.png`);
  await page.screenshot({ path: partial });
  // The text the page renders at that moment, so a test can assert what the picture shows.
  const visibleText = await page.evaluate('document.body.innerText');
  writeFileSync(path.join(folder, visibleTextFileOf(name)), typeof visibleText === 'string' ? visibleText : '');
  // Every list and tree row: its label and description, and how much of each the row really shows (a row cuts off
  // with "…" what does not fit), so a test can assert what a person can read.
  const rows = await page.evaluate(`[...document.querySelectorAll('.monaco-list-row .monaco-icon-label-container')].map((container) => {
    const right = container.getBoundingClientRect().right;
    const shown = (element) => {
      const text = element === null ? '' : element.textContent ?? '';
      const node = element === null ? null : element.firstChild;
      if (node === null || node.nodeType !== 3) return text;
      const range = document.createRange();
      let fits = 0;
      for (let end = 1; end <= text.length; end++) {
        range.setStart(node, 0);
        range.setEnd(node, end);
        if (range.getBoundingClientRect().right > right + 0.5) break;
        fits = end;
      }
      return text.slice(0, fits);
    };
    const label = container.querySelector('.label-name');
    const description = container.querySelector('.label-description');
    return { label: label?.textContent ?? '', shownLabel: shown(label), description: description?.textContent ?? '', shownDescription: shown(description) };
  })`);
  writeFileSync(path.join(folder, rowsFileOf(name)), JSON.stringify(rows));
  // Tests poll for the file; renaming makes it appear complete or not at all.
  renameSync(partial, path.join(folder, name));
}

/** Types a test's keys into the page (into whatever has focus), then writes the file the test waits for. */
async function typeKeys(page: Page, folder: string, request: KeysRequest): Promise<void> {
  for (const step of request.steps) {
    if ('type' in step) await page.keyboard.type(step.type);
    else await page.keyboard.press(step.press);
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, keysDoneFileOf(request.id)), '');
}

export async function runIntegrationTestsInCodeServer(options: IntegrationRunOptions): Promise<IntegrationRunResult> {
  const serverEnv: NodeJS.ProcessEnv = {
    [testEnvironment.host]: 'code-server',
    [testEnvironment.resultsFolder]: options.resultsFolder,
    ...options.extraEnv,
  };
  if (options.grep !== undefined) serverEnv[testEnvironment.grep] = options.grep;
  // Fail before starting anything when the browser is missing.
  chromiumExecutable();
  const server = await startCodeServer(options.install, { extraEnv: serverEnv });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const forgetCleanup = onInterrupt(async () => {
    await browser.close();
    await server.stop();
  });
  const reasons: string[] = [];
  let summary: TestRunSummary | undefined;
  let hostDescription: string | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Screenshots and typed keys act on the page one after another, in the order the tests asked for them.
    let pageActions = Promise.resolve();
    const onPage = (action: () => Promise<void>, what: string): void => {
      pageActions = pageActions.then(action).catch((error: unknown) => {
        reasons.push(`${what} failed: ${String(error)}`);
      });
    };
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) {
        summary = parseSummaryLine(line) ?? summary;
        if (line.includes(hostLinePrefix)) hostDescription = line.slice(line.indexOf(hostLinePrefix) + hostLinePrefix.length);
        const screenshot = parseScreenshotRequest(line);
        if (screenshot !== undefined) onPage(() => takeScreenshot(page, options.resultsFolder, screenshot), `screenshot ${screenshot}`);
        const keys = parseKeysRequest(line);
        if (keys !== undefined) onPage(() => typeKeys(page, options.resultsFolder, keys), `typing ${JSON.stringify(keys.steps)}`);
      }
      options.log(text);
    });
    await page.goto(
      workbenchUrl(server.port, options.workspaceFolder, [
        ['extensionDevelopmentPath', `vscode-remote://remote${options.extensionDevelopmentPath}`],
        ['extensionTestsPath', `vscode-remote://remote${options.extensionTestsPath}`],
        ['skipWelcome', 'true'],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    await pageActions;
    if (outcome === 'timeout') {
      reasons.push(`the integration tests did not finish within ${options.timeoutMs} ms (set REFACTOR_RUNBOOK_TEST_TIMEOUT_MS to change the limit)`);
      await takeScreenshot(page, options.resultsFolder, 'timeout.png').catch(() => undefined);
    } else {
      if (outcome !== 0) reasons.push(`the workbench reported exit code ${outcome}`);
      // The workbench says 0 even when the extension host crashed; the server log and the summary line tell the truth.
      await waitFor(() => server.extensionHostExits.length > 0, 5000);
      for (const exit of server.extensionHostExits) {
        if (exit.code !== 0 || exit.signal !== null) reasons.push(`the extension host exited with code ${String(exit.code)}, signal ${String(exit.signal)}`);
      }
      if (server.extensionHostExits.length === 0) reasons.push('the server never reported the extension host exiting');
    }
    if (summary === undefined) reasons.push('the test index never printed its summary line (did it crash or never load?)');
    else if (summary.failures > 0) reasons.push(`${summary.failures} integration test(s) failed`);
    else if (summary.passes === 0) reasons.push('no integration test ran');
    if (reasons.length > 0) options.log(`--- last server output ---\n${server.output.slice(-30).join('\n')}`);
  } finally {
    forgetCleanup();
    await browser.close();
    await server.stop();
  }
  return { ok: reasons.length === 0, reasons, summary, hostDescription };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

// Helpers shared by the integration suites: polling instead of sleeping, and screenshots taken by the harness.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KeyStep } from '../host/testProtocol';
import { keysDoneFileOf, keysRequestPrefix, rowsFileOf, screenshotRequestPrefix, testEnvironment, visibleTextFileOf } from '../host/testProtocol';

export const extensionId = 'refactor-runbook.refactor-runbook';

export async function pollUntil<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, description: string, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** Whether this host can take screenshots (only the code-server harness drives a browser page). */
export function canTakeScreenshots(): boolean {
  return process.env[testEnvironment.host] === 'code-server';
}

function resultsFolder(): string {
  const folder = process.env[testEnvironment.resultsFolder];
  if (!folder) throw new Error(`${testEnvironment.resultsFolder} is not set; run the integration tests through npm test.`);
  return folder;
}

/** Asks the harness for a PNG of the whole workbench and waits until it is written. Returns its path. */
export async function captureWorkbench(fileName: string): Promise<string> {
  const folder = resultsFolder();
  const target = path.join(folder, fileName);
  const requestedAt = Date.now();
  console.log(`${screenshotRequestPrefix}${fileName}`);
  await pollUntil(
    () => existsSync(target) && statSync(target).mtimeMs >= requestedAt - 1000,
    (written) => written,
    `the harness to write ${target}`,
  );
  return target;
}

/** The text the workbench rendered when `captureWorkbench` took `screenshot` (written by the harness beside it). */
export function visibleTextOf(screenshot: string): string {
  return readFileSync(path.join(path.dirname(screenshot), visibleTextFileOf(path.basename(screenshot))), 'utf8');
}

export interface ScreenRow {
  readonly label: string;
  /** The part of the label the row shows (the rest is cut off with "…"). */
  readonly shownLabel: string;
  readonly description: string;
  readonly shownDescription: string;
}

/** The list and tree rows on screen when `captureWorkbench` took `screenshot`, with what each really shows. */
export function rowsOf(screenshot: string): ScreenRow[] {
  return JSON.parse(readFileSync(path.join(path.dirname(screenshot), rowsFileOf(path.basename(screenshot))), 'utf8')) as ScreenRow[];
}

let keysRequests = 0;

/**
 * Asks the harness to type into the workbench page as a person would (into whatever has focus: a quick input takes
 * no text from the API), and waits until it has. Only the code-server host can (see `canTakeScreenshots`).
 */
export async function typeInWorkbench(...steps: KeyStep[]): Promise<void> {
  keysRequests += 1;
  const id = `${process.pid}_${keysRequests}`;
  const done = path.join(resultsFolder(), keysDoneFileOf(id));
  console.log(`${keysRequestPrefix}${JSON.stringify({ id, steps })}`);
  await pollUntil(() => existsSync(done), (typed) => typed, `the harness to type ${JSON.stringify(steps)}`);
  rmSync(done);
}

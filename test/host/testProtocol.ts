// Lines the integration test index prints so the harness can tell a real, complete run from a crashed or empty one,
// and ask for screenshots (only the browser side can take them). Shared by the host harness and the test index.
export const resultLinePrefix = '[refactor-runbook:result] ';
export const hostLinePrefix = '[refactor-runbook:host] ';
export const screenshotRequestPrefix = '[refactor-runbook:screenshot] ';

export interface TestRunSummary {
  readonly passes: number;
  readonly failures: number;
  readonly pending: number;
}

/** Environment the harness gives the extension host so tests know where to write and which host they are in. */
export const testEnvironment = {
  host: 'REFACTOR_RUNBOOK_TEST_HOST',
  resultsFolder: 'REFACTOR_RUNBOOK_RESULTS_DIR',
  grep: 'REFACTOR_RUNBOOK_TEST_GREP',
  benchmark: 'REFACTOR_RUNBOOK_BENCH',
} as const;

export function parseSummaryLine(line: string): TestRunSummary | undefined {
  const at = line.indexOf(resultLinePrefix);
  if (at < 0) return undefined;
  try {
    const parsed = JSON.parse(line.slice(at + resultLinePrefix.length)) as Partial<TestRunSummary>;
    if (typeof parsed.passes === 'number' && typeof parsed.failures === 'number' && typeof parsed.pending === 'number') {
      return { passes: parsed.passes, failures: parsed.failures, pending: parsed.pending };
    }
  } catch {
    // not a summary line after all
  }
  return undefined;
}

/** Only plain file names inside the results folder may be requested: the request comes from test code. */
export function parseScreenshotRequest(line: string): string | undefined {
  const at = line.indexOf(screenshotRequestPrefix);
  if (at < 0) return undefined;
  const name = line.slice(at + screenshotRequestPrefix.length).trim();
  return /^[\w.-]+\.png$/.test(name) ? name : undefined;
}

/** Next to each screenshot the harness writes the page's rendered text (`innerText`) under this name. */
export function visibleTextFileOf(screenshotName: string): string {
  return screenshotName.replace(/\.png$/, '.visible.txt');
}

/** The list rows the page showed with a screenshot (label text, and whether it was cut off), beside the PNG. */
export function rowsFileOf(screenshotName: string): string {
  return screenshotName.replace(/\.png$/, '.rows.json');
}

export const keysRequestPrefix = '[refactor-runbook:keys] ';

/** The named keys a test may ask the harness to press (Playwright's names). */
export const pressableKeys = ['Enter', 'Escape', 'Backspace', 'ControlOrMeta+A'] as const;
export type PressableKey = (typeof pressableKeys)[number];

/** One thing typed into the page: text, or a named key. */
export type KeyStep = { readonly type: string } | { readonly press: PressableKey };

/** Keys typed into the page as a person would (quick inputs take no text from the API), then acknowledged by a file. */
export interface KeysRequest {
  readonly id: string;
  readonly steps: readonly KeyStep[];
}

/** The file the harness writes in the results folder once it has typed request `id`. */
export function keysDoneFileOf(id: string): string {
  return `keys-${id}.done`;
}

function keyStepOf(step: unknown): KeyStep | undefined {
  if (typeof step !== 'object' || step === null) return undefined;
  const entries: [string, unknown][] = Object.entries(step);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) return undefined;
  const [key, value] = entry;
  if (key === 'type' && typeof value === 'string') return { type: value };
  if (key === 'press') return pressableKeys.find((name) => name === value) === undefined ? undefined : { press: value as PressableKey };
  return undefined;
}

/** A keys request from test code: a plain id and a list of steps, each text to type or one of `pressableKeys`. */
export function parseKeysRequest(line: string): KeysRequest | undefined {
  const at = line.indexOf(keysRequestPrefix);
  if (at < 0) return undefined;
  let parsed: { id?: unknown; steps?: unknown };
  try {
    parsed = JSON.parse(line.slice(at + keysRequestPrefix.length)) as { id?: unknown; steps?: unknown };
  } catch {
    return undefined;
  }
  if (typeof parsed.id !== 'string' || !/^\w+$/.test(parsed.id) || !Array.isArray(parsed.steps) || parsed.steps.length === 0) return undefined;
  const steps = (parsed.steps as unknown[]).map(keyStepOf);
  if (steps.some((step) => step === undefined)) return undefined;
  return { id: parsed.id, steps: steps as KeyStep[] };
}

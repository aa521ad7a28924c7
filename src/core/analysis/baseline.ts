// A baseline records the findings a team accepts today so only new ones are reported. Fingerprints use the rule,
// the file's path (relative to the repository root), the flagged line's text with whitespace normalised, and the
// occurrence index among identical ones, so they survive edits that only shift lines; editing the flagged line
// itself makes the finding new again, which is intended.
import { createHash } from 'node:crypto';
import { readFailureText, readRegularFileSync } from '../files/regularFile';
import type { Finding, FingerprintedFinding } from '../model/finding';
import type { SourceText } from '../text/sourceText';

export const baselineVersion = 1;

function normalisedLine(source: SourceText, line: number): string {
  return source.lineText(line - 1).trim().replace(/\s+/g, ' ');
}

function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** Fingerprints for one file's findings; `findings` must already be in their final (sorted) order. */
export function fingerprintFindings(relativePath: string, source: SourceText, findings: readonly Finding[]): FingerprintedFinding[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const identity = `${finding.rule}\u0000${relativePath}\u0000${normalisedLine(source, finding.range.line)}`;
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    const fingerprint = fingerprintOf(`${identity}\u0000${occurrence}`);
    return { ...finding, fingerprint };
  });
}

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  /** Relative to the repository root, POSIX separators. Informative: matching uses the fingerprint only. */
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

export interface BaselineFile {
  readonly version: typeof baselineVersion;
  readonly findings: readonly BaselineEntry[];
}

export function createBaselineFile(entries: readonly BaselineEntry[]): BaselineFile {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.fingerprint < b.fingerprint ? -1 : 1)));
  return { version: baselineVersion, findings: sorted };
}

export function serializeBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export class BaselineError extends Error {
  constructor(readonly filePath: string, detail: string) {
    super(`Cannot use baseline ${filePath}: ${detail}. Regenerate it with \`refactor-runbook check --write-baseline ${filePath}\`.`);
    this.name = 'BaselineError';
  }
}

function isBaselineEntry(value: unknown): value is BaselineEntry {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return typeof entry.fingerprint === 'string' && typeof entry.rule === 'string' && typeof entry.path === 'string' && typeof entry.line === 'number' && typeof entry.message === 'string';
}

/** Parses baseline text; throws BaselineError saying what is wrong. */
export function parseBaseline(filePath: string, text: string): BaselineFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error: for a baseline linked to another file that is that file's content.
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new BaselineError(filePath, `not valid JSON${at === undefined ? '' : ` (at offset ${at})`}`);
  }
  const candidate = json as Partial<BaselineFile> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.version !== baselineVersion || !Array.isArray(candidate.findings)) {
    throw new BaselineError(filePath, `expected {"version": ${baselineVersion}, "findings": [...]}`);
  }
  const badIndex = candidate.findings.findIndex((entry) => !isBaselineEntry(entry));
  if (badIndex >= 0) {
    throw new BaselineError(filePath, `findings[${badIndex}] needs string fingerprint, rule, path, message and a numeric line`);
  }
  return candidate as BaselineFile;
}

export function readBaseline(filePath: string): BaselineFile {
  let text: string;
  try {
    text = readRegularFileSync(filePath, 'utf8');
  } catch (error) {
    throw new BaselineError(filePath, `cannot read it (${readFailureText(error)})`);
  }
  return parseBaseline(filePath, text);
}

/** Whether a finding was accepted in the baseline. */
export class BaselineFilter {
  readonly fingerprints: ReadonlySet<string>;

  /** From a baseline file, or from bare fingerprints (as sent to the CLI's worker threads). */
  constructor(source: BaselineFile | Iterable<string>) {
    this.fingerprints = new Set('findings' in source ? source.findings.map((entry) => entry.fingerprint) : source);
  }

  static forFile(baseline: BaselineFile): BaselineFilter {
    return new BaselineFilter(baseline);
  }

  isAccepted(finding: FingerprintedFinding): boolean {
    return this.fingerprints.has(finding.fingerprint);
  }
}

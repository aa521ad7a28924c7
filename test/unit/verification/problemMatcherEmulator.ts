// Runs problem matchers over terminal lines the way VS Code 1.100's task problem collector does (read from its
// workbench bundle): a buffer as long as the longest pattern, at each new line the longest patterns are tried first
// against the buffer's tail, a match clears the buffer, captures are trimmed, and severities map with its rules
// ("E"/"W"/"I", "note" and "hint" become error/warning/info; anything else falls back to the matcher's default).
import type { FileLocation, PatternLineKey, ProblemMatcher, ProblemPattern, ProblemSeverity } from '../../../src/core/verification/problemMatchers';
import { problemMatchers, problemPatterns } from '../../../src/core/verification/problemMatchers';

export interface EmulatedProblem {
  readonly owner: string;
  readonly source: string;
  /** How VS Code resolves `file`: against the workspace folder, or as it is. */
  readonly location: FileLocation;
  readonly file: string;
  readonly line: number;
  /** Undefined when the pattern has no column: VS Code then marks the whole line. */
  readonly column: number | undefined;
  readonly severity: ProblemSeverity;
  readonly code: string | undefined;
  readonly message: string;
}

interface CompiledMatcher {
  readonly matcher: ProblemMatcher;
  readonly lines: readonly { readonly regexp: RegExp; readonly fileLevel: boolean; readonly groups: Partial<Record<PatternLineKey, number>> }[];
}

function compile(name: string): CompiledMatcher {
  const matcher = problemMatchers.find((entry) => entry.name === name);
  if (matcher === undefined) throw new Error(`no problem matcher named ${name}`);
  const pattern: ProblemPattern | undefined = problemPatterns.find((entry) => entry.name === matcher.pattern);
  if (pattern === undefined) throw new Error(`matcher ${name} refers to a missing pattern ${matcher.pattern}`);
  return {
    matcher,
    lines: pattern.lines.map(({ regexp, kind, ...groups }) => ({ regexp: new RegExp(regexp), fileLevel: kind === 'file', groups })),
  };
}

function severityOf(value: string | undefined, fallback: ProblemSeverity): ProblemSeverity {
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'error') return 'error';
  if (lower === 'warning' || lower === 'warn') return 'warning';
  if (lower === 'info') return 'info';
  if (value === 'E') return 'error';
  if (value === 'W') return 'warning';
  if (value === 'I' || lower === 'hint' || lower === 'note') return 'info';
  return fallback;
}

function tryMatch(compiled: CompiledMatcher, buffer: readonly string[], start: number): EmulatedProblem | undefined {
  const data: Partial<Record<PatternLineKey, string>> = {};
  for (let index = 0; index < compiled.lines.length; index++) {
    const line = compiled.lines[index];
    const text = buffer[start + index];
    if (line === undefined || text === undefined) return undefined;
    const match = line.regexp.exec(text);
    if (match === null) return undefined;
    for (const [key, group] of Object.entries(line.groups) as [PatternLineKey, number][]) {
      const value = match[group];
      if (value === undefined) continue;
      const trimmed = key === 'line' || key === 'column' ? value : value.trim();
      if (data[key] === undefined) data[key] = trimmed;
      else if (key === 'message') data.message += `\n${trimmed}`;
    }
  }
  // `kind: "file"`: VS Code marks the whole file, at its first line.
  if (compiled.lines.some((line) => line.fileLevel)) data.line ??= '1';
  if (data.file === undefined || data.line === undefined || data.message === undefined || data.message === '') return undefined;
  return {
    owner: compiled.matcher.owner,
    source: compiled.matcher.source,
    location: compiled.matcher.fileLocation,
    file: data.file,
    line: Number.parseInt(data.line, 10),
    column: data.column === undefined ? undefined : Number.parseInt(data.column, 10),
    severity: severityOf(data.severity, compiled.matcher.severity),
    code: data.code,
    message: data.message,
  };
}

/** The problems the named matchers (as a task lists them) find in `output`. */
export function matchProblems(output: string, matcherNames: readonly string[]): EmulatedProblem[] {
  const compiled = matcherNames.map(compile);
  const bufferLength = Math.max(1, ...compiled.map((entry) => entry.lines.length));
  const byLength = new Map<number, CompiledMatcher[]>();
  for (const entry of compiled) byLength.set(entry.lines.length, [...(byLength.get(entry.lines.length) ?? []), entry]);
  const problems: EmulatedProblem[] = [];
  let buffer: string[] = [];
  // The terminal hands over rendered lines: no line ending, trailing spaces trimmed.
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (buffer.length < bufferLength) buffer.push(line);
    else buffer = [...buffer.slice(1), line];
    search: for (let start = 0; start < buffer.length; start++) {
      for (const candidate of byLength.get(buffer.length - start) ?? []) {
        const problem = tryMatch(candidate, buffer, start);
        if (problem !== undefined) {
          problems.push(problem);
          buffer = [];
          break search;
        }
      }
    }
  }
  return problems;
}

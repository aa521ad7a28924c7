// Reads the problems out of a verification tool's output with the contributed problem matchers (problemMatchers.ts),
// the way VS Code 1.100's task problem collector does (read from its workbench bundle): a buffer as long as the
// longest pattern, at each new line the longest patterns are tried first against the buffer's tail, a match clears
// the buffer, captures are trimmed, and severities map with its rules ("E"/"W"/"I", "note" and "hint" become
// error/warning/info; anything else falls back to the matcher's default). The extension's own tasks use this instead
// of VS Code's collector so that it decides which problems a run replaces (verificationProblemBook.ts); users' tasks
// that name the contributed matchers get the same results from VS Code.
import type { FileLocation, PatternLineKey, ProblemMatcher, ProblemPattern, ProblemSeverity } from './problemMatchers';
import { problemMatchers, problemPatterns } from './problemMatchers';

export interface MatchedProblem {
  readonly owner: string;
  readonly source: string;
  /** How `file` is meant: relative to the workspace folder, or as it is. */
  readonly location: FileLocation;
  readonly file: string;
  readonly line: number;
  /** Undefined when the pattern has no column: the whole line is meant. */
  readonly column: number | undefined;
  /** The pattern marks the whole file (pytest's summary line), shown at its first line. */
  readonly wholeFile: boolean;
  readonly severity: ProblemSeverity;
  readonly code: string | undefined;
  readonly message: string;
  /** The index of the output line that completed the match (which pytest failure section it is in). */
  readonly outputLine: number;
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

function tryMatch(compiled: CompiledMatcher, buffer: readonly string[], start: number, outputLine: number): MatchedProblem | undefined {
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
  const wholeFile = compiled.lines.some((line) => line.fileLevel);
  // `kind: "file"`: VS Code marks the whole file, at its first line.
  if (wholeFile) data.line ??= '1';
  if (data.file === undefined || data.line === undefined || data.message === undefined || data.message === '') return undefined;
  return {
    owner: compiled.matcher.owner,
    source: compiled.matcher.source,
    location: compiled.matcher.fileLocation,
    file: data.file,
    line: Number.parseInt(data.line, 10),
    column: data.column === undefined ? undefined : Number.parseInt(data.column, 10),
    wholeFile,
    severity: severityOf(data.severity, compiled.matcher.severity),
    code: data.code,
    message: data.message,
    outputLine,
  };
}

// Escape sequences the terminal acts on and never shows: CSI (colours, cursor moves), OSC (titles, links), character
// set choices (mypy ends each colour with `ESC ( B`) and the other two-character escapes.
// eslint-disable-next-line no-control-regex -- escape sequences are what it matches
const escapeSequence = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()*+][0-~]|\u001b[@-Z\\-_]/g;

/** Output as the terminal shows it, line by line: escape sequences removed, a carriage return overwrites, trailing spaces trimmed. */
export function renderedLines(output: string): string[] {
  return output.split(/\r?\n/).map((raw) => {
    const plain = raw.replace(escapeSequence, '');
    const overwritten = plain.lastIndexOf('\r');
    return (overwritten < 0 ? plain : plain.slice(overwritten + 1)).replace(/\s+$/, '');
  });
}

/** The problems the named matchers (as a task lists them) find in `output`. */
export function matchProblems(output: string, matcherNames: readonly string[]): MatchedProblem[] {
  const compiled = matcherNames.map(compile);
  const bufferLength = Math.max(1, ...compiled.map((entry) => entry.lines.length));
  const byLength = new Map<number, CompiledMatcher[]>();
  for (const entry of compiled) byLength.set(entry.lines.length, [...(byLength.get(entry.lines.length) ?? []), entry]);
  const problems: MatchedProblem[] = [];
  let buffer: string[] = [];
  renderedLines(output).forEach((line, lineIndex) => {
    if (buffer.length < bufferLength) buffer.push(line);
    else buffer = [...buffer.slice(1), line];
    search: for (let start = 0; start < buffer.length; start++) {
      for (const candidate of byLength.get(buffer.length - start) ?? []) {
        const problem = tryMatch(candidate, buffer, start, lineIndex);
        if (problem !== undefined) {
          problems.push(problem);
          buffer = [];
          break search;
        }
      }
    }
  });
  return problems;
}

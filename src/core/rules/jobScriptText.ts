// Reads Slurm/shell job text — a `.sbatch` file, or SBATCH text generated inside a Python string — for the places
// where a job decides where its output goes: `#SBATCH --output/--error/--chdir` (and `-o/-e/-D`), the same options
// on an `sbatch` command line, `mkdir` and `cd`. Shared by RR006 (which reports them) and RR002 (which leaves any
// string that is job-script text to RR006, so one string range is never reported twice).
import type { LayoutModel } from '../layout/layoutModel';
import { isFileName } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';

export type JobPathKind = 'output' | 'chdir' | 'mkdir' | 'cd' | 'redirect';

export interface JobPathReference {
  readonly kind: JobPathKind;
  /** The directive or command, for the message: `#SBATCH --output`, `mkdir -p`, `cd`. */
  readonly command: string;
  /** The directive or command with its path exactly as written: `#SBATCH --output=osc_jobs/%j.out`. */
  readonly written: string;
  /** The path token as written (quotes included), and its offsets in the scanned text. */
  readonly token: string;
  readonly start: number;
  readonly end: number;
}

// A path token: a quoted string, or a run of characters that ends at whitespace, quotes, a backslash (an escape
// such as `\n` inside a Python string), or a shell operator.
const pathToken = String.raw`"[^"\n\\]*"|'[^'\n\\]*'|[^\s"'\\;&|<>()]+`;

const directivePattern = new RegExp(String.raw`(#SBATCH[ \t]+)(--(output|error|chdir)(?:=|[ \t]+)|-([oeD])[ \t]*)(${pathToken})`, 'g');
const optionPattern = new RegExp(String.raw`(^|[\s"'\[,(])(--(output|error|chdir)(?:=|[ \t]+))(${pathToken})`, 'gm');
const mkdirPattern = new RegExp(String.raw`(^|[\s;&|(\x60"'])(mkdir((?:[ \t]+-[A-Za-z-]+)*))((?:[ \t]+(?:${pathToken}))+)`, 'gm');
const cdPattern = new RegExp(String.raw`(^|[\s;&|(\x60"'])(cd)[ \t]+(${pathToken})`, 'gm');
const redirectPattern = new RegExp(String.raw`(^|[^<>&0-9])((?:[12&])?>>?|\btee(?:[ \t]+-[A-Za-z]+)*)[ \t]*(${pathToken})`, 'gm');
const tokenPattern = new RegExp(pathToken, 'g');

/** A quick test for text that is job-script text rather than a bare path. */
export function looksLikeJobScriptText(text: string): boolean {
  return /#SBATCH|(^|[\s"'])--(output|error|chdir)[=\s]|(^|[\s;&|("'])(mkdir|cd|tee)[ \t]|\s>>?[ \t]*[^\s>=&]/.test(text);
}

/** Every output-relevant path reference in `text`, in order. The SBATCH directives are found even inside `#` comments. */
export function findJobPathReferences(text: string): JobPathReference[] {
  const references: JobPathReference[] = [];
  const directiveSpans: Array<[number, number]> = [];
  for (const match of text.matchAll(directivePattern)) {
    const [, prefix = '', option = '', longName, shortName, token = ''] = match;
    const kind: JobPathKind = longName === 'chdir' || shortName === 'D' ? 'chdir' : 'output';
    const start = (match.index ?? 0) + prefix.length + option.length;
    references.push({ kind, command: `#SBATCH ${option.replace(/[=\s]+$/, '')}`, written: text.slice((match.index ?? 0), start + token.length), token, start, end: start + token.length });
    directiveSpans.push([match.index ?? 0, start + token.length]);
  }
  const insideDirective = (offset: number): boolean => directiveSpans.some(([from, to]) => offset >= from && offset < to);
  for (const match of text.matchAll(optionPattern)) {
    const [, lead = '', option = '', name, token = ''] = match;
    const start = (match.index ?? 0) + lead.length + option.length;
    if (insideDirective(start)) {
      continue;
    }
    references.push({ kind: name === 'chdir' ? 'chdir' : 'output', command: option.replace(/[=\s]+$/, ''), written: `${option}${token}`, token, start, end: start + token.length });
  }
  for (const match of text.matchAll(mkdirPattern)) {
    const [, lead = '', command = '', , operands = ''] = match;
    let offset = (match.index ?? 0) + lead.length + command.length;
    for (const operand of operands.matchAll(tokenPattern)) {
      const token = operand[0];
      const start = offset + (operand.index ?? 0);
      if (!token.startsWith('-')) {
        references.push({ kind: 'mkdir', command: command.replace(/\s+/g, ' '), written: `${command.replace(/\s+/g, ' ')} ${token}`, token, start, end: start + token.length });
      }
    }
    offset += operands.length;
  }
  for (const match of text.matchAll(cdPattern)) {
    const [, lead = '', command = '', token = ''] = match;
    const start = (match.index ?? 0) + match[0].length - token.length;
    void lead;
    references.push({ kind: 'cd', command, written: `${command} ${token}`, token, start, end: start + token.length });
  }
  for (const match of text.matchAll(redirectPattern)) {
    const [, lead = '', operator = '', token = ''] = match;
    const start = (match.index ?? 0) + match[0].length - token.length;
    if (token.startsWith('&') || token.startsWith('-')) {
      continue;
    }
    void lead;
    references.push({ kind: 'redirect', command: operator.trim(), written: `${operator.trim()} ${token}`, token, start, end: start + token.length });
  }
  return references.sort((a, b) => a.start - b.start);
}

export function unquote(token: string): string {
  return /^(["']).*\1$/s.test(token) ? token.slice(1, -1) : token;
}

/**
 * Why a path written by a job is not canonical, or undefined when it is fine. Output files (`--output/--error`)
 * must be under the experiment root; folders a job creates or enters only must not be under a legacy root or a
 * mis-shaped experiment path (a job legitimately `cd`s into the code checkout).
 */
export function jobPathProblem(path: string, kind: JobPathKind, layout: LayoutModel, vocabulary: ArtifactVocabulary): string | undefined {
  const parsed = layout.parse(path);
  const { experimentRoot } = layout.settings;
  switch (parsed.classification) {
    case 'legacy':
      return `is under the legacy root '${parsed.root ?? ''}'`;
    case 'non-canonical': {
      const shallowFile = parsed.prefixOnly && isFileName(parsed.segments.filter((segment) => segment.value !== undefined).pop()?.value ?? '', vocabulary);
      if (parsed.prefixOnly && !shallowFile) {
        return undefined;
      }
      const problems = shallowFile ? [`a file sits where a folder segment should be`] : parsed.problems;
      return `is off the layout (${problems.join(', ')})`;
    }
    case 'unrelated': {
      if (kind !== 'output') {
        return undefined;
      }
      const firstPart = path.replace(/^\.\//, '').split(/[\\/]/)[0] ?? '';
      const hasFolder = /[\\/]/.test(path.replace(/^\.\//, ''));
      if (!hasFolder || path.startsWith('/dev/') || /^[$%{~]/.test(firstPart)) {
        return undefined;
      }
      return `is outside the experiment root '${experimentRoot}'`;
    }
    default:
      return undefined;
  }
}

// The shapes of a suppression comment on one line, found where they are: the scanner reads them to silence findings,
// the quick fix to add a rule id to an existing comment instead of writing a second one.
import type { FileLanguage } from '../model/fileLanguage';

export interface SuppressionComment {
  /** The whole comment, e.g. `# refactor-runbook: ignore[RR003] reason`. */
  readonly text: string;
  /** 0-based column of `text` on its line. */
  readonly column: number;
  readonly ids: readonly string[];
  readonly reason: string;
  readonly kind: 'ignore' | 'noqa';
  /** Nothing but whitespace before the comment: it applies to the next line. */
  readonly standsAlone: boolean;
  /** Other linters' codes in the same noqa (E501, F401). */
  readonly foreignCodes: readonly string[];
}

const hashIgnore = /(?:^|\s)(#\s*refactor-runbook:\s*ignore\[([^\]]*)\](.*))$/;
const htmlIgnore = /(<!--\s*refactor-runbook:\s*ignore\[([^\]]*)\](.*?)-->)/;
const hashNoqa = /(?:^|\s)(#\s*noqa:\s*((?:[A-Z]+[0-9]+(?:\s*,\s*|\s+|$))+)(.*))$/;

function idsIn(list: string): string[] {
  return list.split(/[\s,]+/).filter((id) => id !== '');
}

function cleanReason(text: string): string {
  // `# noqa: RR001  # loaded from our own pipeline` — a second `#` before the reason is common.
  return text.replace(/^[\s#:—-]+/, '').trim();
}

function commentOf(line: string, match: RegExpExecArray, codes: string[], kind: SuppressionComment['kind']): SuppressionComment {
  const text = match[1] ?? '';
  const column = line.indexOf(text, match.index);
  const ids = kind === 'noqa' ? codes.filter((code) => code.startsWith('RR')) : codes;
  const foreignCodes = kind === 'noqa' ? codes.filter((code) => !code.startsWith('RR')) : [];
  return { text, column, ids, reason: cleanReason(match[3] ?? ''), kind, standsAlone: line.slice(0, column).trim() === '', foreignCodes };
}

/** The suppression comments on `line` (only RR codes of a noqa count; other linters' codes are theirs). */
export function suppressionCommentsOn(line: string, language: FileLanguage): SuppressionComment[] {
  if (language === 'markdown') {
    const ignore = htmlIgnore.exec(line);
    return ignore === null ? [] : [commentOf(line, ignore, idsIn(ignore[2] ?? ''), 'ignore')];
  }
  const comments: SuppressionComment[] = [];
  const ignore = hashIgnore.exec(line);
  if (ignore !== null) comments.push(commentOf(line, ignore, idsIn(ignore[2] ?? ''), 'ignore'));
  const noqa = hashNoqa.exec(line);
  if (noqa !== null) {
    const comment = commentOf(line, noqa, idsIn(noqa[2] ?? ''), 'noqa');
    if (comment.ids.length > 0) comments.push(comment);
  }
  return comments;
}

// Explains a path against the canonical layout for a hover: each named segment with its value and what is wrong with
// it, the overall verdict, and the canonical path when the values needed can be derived (from the segments that are
// right, and from configured allowed values that identify a segment on their own).
import type { LayoutModel, ParsedLayoutPath } from './layoutModel';

export interface PathExplanation {
  readonly title: string;
  readonly parsed: ParsedLayoutPath;
  /** The canonical folder (plus the file part of the input) when it can be derived; undefined otherwise. */
  readonly canonicalPath?: string;
  /** Why no canonical path could be derived, when it could not. */
  readonly notDerivedBecause?: string;
}

const verdicts: Record<ParsedLayoutPath['classification'], string> = {
  canonical: 'canonical experiment path',
  'canonical-template': 'canonical experiment path template',
  'non-canonical': 'not canonical: under the experiment root but off the grammar',
  legacy: 'legacy path: this root must disappear',
  unrelated: 'not an experiment path',
};

/** Which segment a value can only belong to, going by the configured allowed values. */
function segmentOwningValue(layout: LayoutModel, value: string): string | undefined {
  const owners = Object.entries(layout.settings.allowedValues)
    .filter(([, allowed]) => allowed.includes(value))
    .map(([segment]) => segment);
  return owners.length === 1 ? owners[0] : undefined;
}

function deriveCanonical(layout: LayoutModel, parsed: ParsedLayoutPath): { path?: string; because?: string } {
  const values: Record<string, string> = {};
  for (const segment of parsed.segments) {
    if (segment.value !== undefined && segment.problem === undefined) values[segment.name] = segment.value;
  }
  // Values in the wrong place (or after a legacy root) still say which segment they are when allowed values tell.
  const candidates = [...parsed.segments.map((segment) => segment.value), ...parsed.rest.split('/')].filter((value): value is string => value !== undefined && value !== '');
  for (const value of candidates) {
    const owner = segmentOwningValue(layout, value);
    if (owner !== undefined && values[owner] === undefined) values[owner] = value;
  }
  const missing = layout.settings.segments.filter((segment) => values[segment] === undefined);
  if (missing.length > 0) {
    return { because: `the value of ${missing.map((segment) => `\`${segment}\``).join(', ')} cannot be told from this path${Object.keys(layout.settings.allowedValues).length === 0 ? ' (configure allowed values per segment in refactor-runbook.json to let more be derived)' : ''}` };
  }
  try {
    const folder = layout.format(values);
    const fileName = parsed.rest.split('/').filter((part) => part !== '' && segmentOwningValue(layout, part) === undefined).pop();
    return { path: fileName !== undefined && fileName.includes('.') ? `${folder}${fileName}` : folder };
  } catch (error) {
    return { because: error instanceof Error ? error.message : String(error) };
  }
}

/** A segment the caller knows to be wrong although the grammar accepts it (a file name where a folder belongs). */
export interface SegmentOverride {
  readonly segment: string;
  readonly message: string;
}

export function explainPath(layout: LayoutModel, path: string, override?: (parsed: ParsedLayoutPath) => SegmentOverride | undefined): PathExplanation {
  const grammatical = layout.parse(path);
  const wrong = override?.(grammatical);
  // The hover must say what the diagnostic says: the overridden segment is wrong, and so is the path.
  const parsed: ParsedLayoutPath =
    wrong === undefined
      ? grammatical
      : {
          ...grammatical,
          classification: 'non-canonical',
          segments: grammatical.segments.map((segment) => (segment.name === wrong.segment ? { ...segment, problem: wrong.message } : segment)),
          problems: [...grammatical.problems, wrong.message],
        };
  const title = wrong === undefined ? verdicts[parsed.classification] : `not canonical: ${wrong.message}`;
  if (parsed.classification === 'canonical' || parsed.classification === 'canonical-template' || parsed.classification === 'unrelated') {
    return { title, parsed };
  }
  const derived = deriveCanonical(layout, parsed);
  return { title, parsed, ...(derived.path === undefined ? {} : { canonicalPath: derived.path }), ...(derived.because === undefined ? {} : { notDerivedBecause: derived.because }) };
}

function escapeTableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Markdown for a hover, short enough to read at a glance: one verdict line (with `ruleLink`, a Markdown link to the
 * rule's page, when given), the segment table, and the canonical path when it can be derived.
 */
export function explanationMarkdown(explanation: PathExplanation, layout: LayoutModel, ruleLink?: string): string {
  const { parsed } = explanation;
  const link = ruleLink === undefined ? '' : ` · ${ruleLink}`;
  const lines: string[] = [];
  if (parsed.classification === 'legacy') {
    lines.push(`**Legacy path**: \`${parsed.root ?? ''}\` must disappear; outputs go under \`${layout.settings.experimentRoot}/\`${link}`);
  } else {
    const verdict = explanation.title.charAt(0).toUpperCase() + explanation.title.slice(1);
    const otherProblems = parsed.problems.filter((problem) => !parsed.segments.some((segment) => segment.problem === problem) && !explanation.title.includes(problem));
    lines.push(`**${verdict}**${otherProblems.length > 0 ? `: ${otherProblems.join('; ')}` : ''}${link}`, '');
    lines.push('| segment | value | |', '| --- | --- | --- |');
    for (const segment of parsed.segments) {
      const mark = segment.problem === undefined ? (segment.value === undefined ? 'missing' : '✓') : segment.value === undefined ? 'missing' : `✗ ${segment.problem}`;
      lines.push(`| ${segment.name} | ${segment.value === undefined ? '—' : `\`${escapeTableCell(segment.value)}\``} | ${escapeTableCell(mark)} |`);
    }
    if (parsed.rest !== '') lines.push(`| (file) | \`${escapeTableCell(parsed.rest)}\` | |`);
  }
  if (explanation.canonicalPath !== undefined) lines.push('', `Canonical: \`${explanation.canonicalPath}\``);
  return lines.join('\n').trimEnd();
}

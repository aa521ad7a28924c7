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

export function explainPath(layout: LayoutModel, path: string): PathExplanation {
  const parsed = layout.parse(path);
  const title = verdicts[parsed.classification];
  if (parsed.classification === 'canonical' || parsed.classification === 'canonical-template' || parsed.classification === 'unrelated') {
    return { title, parsed };
  }
  const derived = deriveCanonical(layout, parsed);
  return { title, parsed, ...(derived.path === undefined ? {} : { canonicalPath: derived.path }), ...(derived.because === undefined ? {} : { notDerivedBecause: derived.because }) };
}

function escapeTableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for a hover. */
export function explanationMarkdown(explanation: PathExplanation, layout: LayoutModel): string {
  const { parsed } = explanation;
  const lines = [`**Refactor Runbook** · ${explanation.title}`, '', `\`${parsed.input}\``, ''];
  if (parsed.classification === 'legacy') {
    lines.push(`\`${parsed.root ?? ''}\` is a legacy root. Outputs belong under \`${layout.template.source}/\`.`, '');
  } else {
    lines.push('| segment | value | |', '| --- | --- | --- |');
    for (const segment of parsed.segments) {
      const verdict = segment.problem ?? (segment.value === undefined ? 'missing' : '✓');
      lines.push(`| ${segment.name} | ${segment.value === undefined ? '—' : `\`${escapeTableCell(segment.value)}\``} | ${escapeTableCell(verdict)} |`);
    }
    if (parsed.rest !== '') lines.push(`| (below the run folder) | \`${escapeTableCell(parsed.rest)}\` | |`);
    lines.push('');
  }
  const otherProblems = parsed.problems.filter((problem) => !parsed.segments.some((segment) => segment.problem === problem));
  for (const problem of otherProblems) lines.push(`- ${problem}`);
  if (otherProblems.length > 0) lines.push('');
  if (explanation.canonicalPath !== undefined) lines.push(`Canonical: \`${explanation.canonicalPath}\``);
  else if (explanation.notDerivedBecause !== undefined) lines.push(`No canonical path derived: ${explanation.notDerivedBecause}. Build one with **Refactor Runbook: Compute Canonical Experiment Path**.`);
  return lines.join('\n').trimEnd();
}

// What the path wizard needs from the grammar: is a typed value one acceptable folder name for the segment it is typed
// for, and which values of each segment the workspace already uses (its presets, job scripts and docs).
import { escapeRegExp } from '../text/escapeRegExp';
import type { LayoutModel } from './layoutModel';

/** Why `value` cannot be segment number `values.length` after `values`, or undefined when it can. */
export function segmentValueProblem(layout: LayoutModel, values: readonly string[], value: string): string | undefined {
  const segment = layout.settings.segments[values.length] ?? 'this segment';
  if (value.trim() === '') return `Enter a value for ${segment}.`;
  if (/[/\\]/.test(value)) return `'${value}' is more than one folder: ${segment} is a single folder name, without '/' or '\\'.`;
  if (value === '.' || value === '..') return `'${value}' is not a folder name: ${segment} must name its own folder.`;
  if (/[{}*?[\]]/.test(value)) return `'${value}' is a placeholder or wildcard: ${segment} needs the actual folder name.`;
  const parsed = layout.parse([layout.settings.experimentRoot, ...values, value].join('/'));
  const problem = parsed.segments[values.length]?.problem;
  return problem === undefined ? undefined : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}

/** Each segment's values in the paths under the experiment root that `text` spells out, as far as they are valid. */
export function segmentValuesIn(layout: LayoutModel, text: string, into: Map<string, Set<string>> = new Map()): Map<string, Set<string>> {
  const root = layout.settings.experimentRoot;
  if (!text.includes(root)) return into;
  const paths = new RegExp(`(?<![\\w.-])${escapeRegExp(root)}/[\\w.+=,@{}/-]+`, 'g');
  for (const match of text.matchAll(paths)) {
    const parsed = layout.parse(match[0]);
    const present = parsed.segments.filter((segment) => segment.value !== undefined);
    // `experiment_runs/automotive/best.pth`: the last part is a file, not a value of the segment it stands in.
    const endsInFile = parsed.rest === '' && /\.[A-Za-z][A-Za-z0-9]{0,11}$/.test(present[present.length - 1]?.value ?? '');
    for (const segment of endsInFile ? present.slice(0, -1) : present) {
      if (segment.value === undefined || segment.problem !== undefined || /[{}*?]/.test(segment.value)) continue;
      const seen = into.get(segment.name) ?? new Set<string>();
      seen.add(segment.value);
      into.set(segment.name, seen);
    }
  }
  return into;
}

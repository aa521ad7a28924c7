// What the path wizard needs from the layout template: the fields to ask for (one at a time, optional ones
// skippable), whether a typed value can be the value of its field (one folder name, or one part of a folder that
// several fields share, so without that folder's separators), the path so far, and which values of each field the
// workspace already uses (its presets, job scripts and docs).
import { escapeRegExp } from '../text/escapeRegExp';
import type { LayoutModel } from './layoutModel';
import type { LayoutTemplate, TemplatePiece } from './layoutTemplate';

export interface WizardField {
  readonly name: string;
  readonly optional: boolean;
  /** The fields of its optional part (`[_{aux}]` → `aux`): all given or all left out together. Empty when required. */
  readonly optionalPart: readonly string[];
  /** The folder it belongs to, as written (`{model_type}_{scale}_{stage}[_{aux}]`). */
  readonly folder: string;
  /** True when the field is the whole folder. */
  readonly wholeFolder: boolean;
}

function fieldsOf(pieces: readonly TemplatePiece[]): string[] {
  return pieces.flatMap((piece) => (piece.kind === 'field' ? [piece.name] : piece.kind === 'optional' ? fieldsOf(piece.pieces) : []));
}

/** The template's fields in order, as the wizard asks for them. */
export function wizardFields(template: LayoutTemplate): WizardField[] {
  return template.fields.map((field) => {
    const folder = template.folders[field.folder];
    const part = folder?.pieces.find((piece) => piece.kind === 'optional' && fieldsOf(piece.pieces).includes(field.name));
    return {
      name: field.name,
      optional: field.optional,
      optionalPart: part?.kind === 'optional' ? fieldsOf(part.pieces) : [],
      folder: folder?.source ?? `{${field.name}}`,
      wholeFolder: folder?.pieces.length === 1 && folder.pieces[0]?.kind === 'field',
    };
  });
}

/** Why `value` cannot be the value of field `name`, or undefined when it can. */
export function fieldValueProblem(layout: LayoutModel, name: string, value: string): string | undefined {
  const field = layout.template.fields.find((candidate) => candidate.name === name);
  const folder = field === undefined ? undefined : layout.template.folders[field.folder];
  const what = folder === undefined || folder.fields.length <= 1 ? `${name} is a single folder name` : `${name} is one part of the folder ${folder.source}`;
  if (value.trim() === '') return `Enter a value for ${name}.`;
  if (/[/\\]/.test(value)) return `'${value}' is more than one folder: ${what}, without '/' or '\\'.`;
  if (value === '.' || value === '..') return `'${value}' is not a folder name: ${name} must name its own folder.`;
  if (/[{}*?[\]]/.test(value)) return `'${value}' is a placeholder or wildcard: ${name} needs the actual value.`;
  const separator = [...(folder?.separators ?? '')].find((character) => value.includes(character));
  if (separator !== undefined && folder !== undefined) {
    return `'${value}' contains '${separator}', which separates the fields of ${folder.source}: the folder could not be read back. Use a value without ${[...folder.separators].map((character) => `'${character}'`).join(' or ')}.`;
  }
  const problem = layout.checkValue(name, value);
  return problem === undefined ? undefined : `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;
}

/**
 * The path as far as it is known: given values in place, `{field}` for the rest, an optional part left out once it is
 * skipped (`experimentruns/cifar10/resnet18_{scale}_{stage}[_{aux}]`).
 */
export function pathPreview(template: LayoutTemplate, values: Readonly<Record<string, string>>, skipped: ReadonlySet<string>): string {
  const render = (pieces: readonly TemplatePiece[]): string =>
    pieces
      .map((piece) => {
        if (piece.kind === 'literal') return piece.text;
        if (piece.kind === 'field') return values[piece.name] ?? `{${piece.name}}`;
        const inner = fieldsOf(piece.pieces);
        if (inner.every((name) => skipped.has(name))) return '';
        return inner.every((name) => values[name] !== undefined) ? render(piece.pieces) : `[${render(piece.pieces)}]`;
      })
      .join('');
  return [...template.root, ...template.folders.map((folder) => render(folder.pieces))].join('/');
}

/** Each field's values in the paths under the experiment root that `text` spells out, as far as they are valid. */
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

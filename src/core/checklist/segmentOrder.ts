// "Builds the segments in the grammar's order", read against the layout template (layout/layoutTemplate.ts).
// Order: within one function, the uses of the template's fields (an attribute such as `self.dataset`, a part of an
// attribute chain such as `self.dataset.name` or `self.training.mode` for `training_mode`, a bare name or local, or
// the string "dataset" in `getattr(self, "dataset")`) must line up in the template's order. This reads
// `Path(root) / self.modality / self.dataset …`, `os.path.join(…)`, lists of parts and f-strings alike, because all of
// them mention the fields left to right. A field in `[...]` may be absent.
// Folders: fields that share a folder (`{model_type}_{scale}_{stage}[_{aux}]`) must be put together into one name
// with the template's literal text between them (`f"{model_type}_{scale}_{stage}"`, `"_".join([...])`, `+`,
// `.format`, `%`), not written as separate folders or with another separator; an optional part that the function uses
// must be added with its own literal text (`name += f"_{aux}"`, or in the same name). A helper that builds such a name
// (`self.run_name()`) counts where it is called.
import type { CallUse, FunctionFacts, NameUse, SourcePosition } from './pythonModuleFacts';
import type { LayoutTemplate, TemplateFolder, TemplatePiece } from '../layout/layoutTemplate';
import { insideSpan } from './textCompositions';
import type { TextComposition } from './textCompositions';

export type SegmentOrderResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly position: SourcePosition };

function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/** The segment names a reference can stand for: each part of its chain, and two neighbouring parts joined by "_". */
export function segmentNamesOf(reference: Pick<NameUse, 'name'>): string[] {
  const parts = reference.name.split('.').filter((part) => part !== 'self' && part !== 'cls');
  const names = [...parts];
  for (let index = 1; index < parts.length; index++) names.push(`${parts[index - 1] ?? ''}_${parts[index] ?? ''}`);
  return names;
}

/** The template after its root; a folder that is one field by its name: `dataset/{model_type}_{scale}_{stage}[_{aux}]`. */
export function grammarText(template: LayoutTemplate): string {
  return template.folders.map((folder) => (folder.pieces.length === 1 && folder.pieces[0]?.kind === 'field' ? folder.pieces[0].name : folder.source)).join('/');
}

function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** A value that is none of the template's fields, in a rendered composition. */
const otherValue = '\u0001';

/** A composition as text, each value shown as `{field}` when it stands for a template field (this folder's first). */
function renderComposition(composition: TextComposition, folderFields: readonly string[], allFields: readonly string[]): string {
  return composition.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const names = part.name === undefined ? [] : segmentNamesOf({ name: part.name });
      const field = names.find((name) => folderFields.includes(name)) ?? names.find((name) => allFields.includes(name));
      return field === undefined ? otherValue : `{${field}}`;
    })
    .join('');
}

function renderPieces(pieces: readonly TemplatePiece[], included: ReadonlySet<number>): string {
  return pieces.map((piece, index) => (piece.kind === 'literal' ? piece.text : piece.kind === 'field' ? `{${piece.name}}` : included.has(index) ? renderPieces(piece.pieces, included) : '')).join('');
}

/** The folder written with every choice of its optional parts, as `{field}` text; the fields each variant holds. */
function folderVariants(folder: TemplateFolder): { text: string; fields: string[] }[] {
  const optional = folder.pieces.flatMap((piece, index) => (piece.kind === 'optional' ? [index] : []));
  const variants: { text: string; fields: string[] }[] = [];
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const included = new Set(optional.filter((_, bit) => (mask & (1 << bit)) !== 0));
    const text = renderPieces(folder.pieces, included);
    variants.push({ text, fields: folder.fields.filter((name) => text.includes(`{${name}}`)) });
  }
  return variants;
}

/** `needle` inside `text` as a whole folder name: at the start or after `/` (or another value), and likewise at the end. */
function containsAsFolder(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    const startsFolder = at === 0 || text[at - 1] === '/' || text[at - 1] === otherValue;
    const endsFolder = end === text.length || text[end] === '/' || text[end] === otherValue;
    if (startsFolder && endsFolder) return true;
  }
  return false;
}

/** `… ending at the end of the text (or before `/`): an optional part appended on its own, e.g. `name += f"_{aux}"`. */
function endsWithPart(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (end === text.length || text[end] === '/' || text[end] === otherValue) return true;
  }
  return false;
}

function shown(rendered: string, fields: readonly string[]): string {
  const positions = fields.map((name) => rendered.indexOf(`{${name}}`)).filter((index) => index !== -1);
  const lastField = fields.map((name) => ({ name, at: rendered.lastIndexOf(`{${name}}`) })).reduce((a, b) => (b.at > a.at ? b : a));
  const start = Math.min(...positions);
  return rendered.slice(start, lastField.at + lastField.name.length + 2).replaceAll(otherValue, '{…}');
}

function folderResult(fn: FunctionFacts, template: LayoutTemplate, folder: TemplateFolder, used: ReadonlyMap<string, SourcePosition[]>): SegmentOrderResult {
  const allFields = template.fields.map((field) => field.name);
  const optionalUsed = template.fields.filter((field) => field.optional && folder.fields.includes(field.name) && used.has(field.name)).map((field) => field.name);
  const required = template.fields.filter((field) => !field.optional && folder.fields.includes(field.name)).map((field) => field.name);
  const variants = folderVariants(folder);
  const requiredOnly = variants[0]?.text ?? '';
  // A folder that is one required field and nothing else is any path part: nothing to check beyond the order.
  if (optionalUsed.length === 0 && requiredOnly === `{${required[0] ?? ''}}` && required.length === 1) return { ok: true };
  const rendered = fn.compositions.map((composition) => ({ composition, text: renderComposition(composition, folder.fields, allFields) }));
  const grammar = grammarText(template);
  const matched = variants.filter((variant) => required.every((name) => variant.fields.includes(name)) && rendered.some((entry) => containsAsFolder(entry.text, variant.text)));
  if (matched.length === 0) {
    const candidates = rendered
      .map((entry) => ({ ...entry, count: folder.fields.filter((name) => entry.text.includes(`{${name}}`)).length }))
      .filter((entry) => entry.count >= Math.min(2, folder.fields.length))
      .sort((a, b) => b.count - a.count);
    const best = candidates[0];
    const expected = `f"${requiredOnly}"`;
    if (best !== undefined) {
      return {
        ok: false,
        reason: `${fn.qualifiedName} writes the folder as ${shown(best.text, folder.fields.filter((name) => best.text.includes(`{${name}}`)))} (line ${best.composition.line}), but the template's folder is ${folder.source} (in ${grammar}); write it as ${expected}`,
        position: best.composition,
      };
    }
    const first = required.map((name) => used.get(name)?.[0]).find((position) => position !== undefined) ?? fn;
    return {
      ok: false,
      reason: `${fn.qualifiedName} never puts ${listNames(required)} together into one folder name; the template's folder is ${folder.source} (in ${grammar}), e.g. ${expected}`,
      position: first,
    };
  }
  for (const name of optionalUsed) {
    if (matched.some((variant) => variant.fields.includes(name))) continue;
    const part = folder.pieces.find((piece) => piece.kind === 'optional' && piece.pieces.some((inner) => inner.kind === 'field' && inner.name === name));
    const partText = part === undefined ? `{${name}}` : renderPieces([part], new Set([0]));
    if (rendered.some((entry) => endsWithPart(entry.text, partText))) continue;
    const position = used.get(name)?.[0] ?? fn;
    return {
      ok: false,
      reason: `${fn.qualifiedName} uses ${name} (line ${position.line}) but never adds it to the folder as ${partText}; the template's folder is ${folder.source} (in ${grammar}), e.g. name += f"${partText}"`,
      position,
    };
  }
  return { ok: true };
}

function composedFields(composition: TextComposition, fields: readonly string[]): string[] {
  return composition.parts.flatMap((part) => {
    if (part.kind !== 'value' || part.name === undefined) return [];
    const field = segmentNamesOf({ name: part.name }).find((name) => fields.includes(name));
    return field === undefined ? [] : [field];
  });
}

/**
 * A helper of the same file that builds a name from several fields (`self.run_name()` returning
 * `f"{self.model_type}_{self.scale}_{self.stage}"`) is read as if its texts stood where it is called. Only a call whose
 * result is used, and only texts holding two or more fields, count: a helper that merely checks values adds no uses.
 */
function helperCompositions(fn: FunctionFacts, fields: readonly string[], helperOf: (call: CallUse) => FunctionFacts | undefined): TextComposition[] {
  return fn.calls.flatMap((call) => {
    const helper = call.discarded === true ? undefined : helperOf(call);
    if (helper === undefined || helper === fn) return [];
    return helper.compositions.filter((composition) => composedFields(composition, fields).length >= 2).map((composition) => ({ line: call.line, column: call.column, parts: composition.parts, spans: [] }));
  });
}

export function checkSegmentOrder(fn: FunctionFacts, template: LayoutTemplate, helperOf: (call: CallUse) => FunctionFacts | undefined = () => undefined): SegmentOrderResult {
  const fields = template.fields.map((field) => field.name);
  const compositions = [...fn.compositions, ...helperCompositions(fn, fields, helperOf)];
  const withHelpers: FunctionFacts = { ...fn, compositions };
  const grammar = grammarText(template);
  // Every use of every field, in document order; derived locals are used where they are assigned and again where the
  // path is assembled, so the order is judged on the uses that can line up, not on the first mention.
  const uses = new Map<string, SourcePosition[]>();
  const record = (name: string, position: SourcePosition): void => {
    if (!fields.includes(name)) return;
    const list = uses.get(name) ?? [];
    list.push(position);
    uses.set(name, list);
  };
  // A text put together from fields (`f"{model_type}_{scale}"`, `"_".join(parts)`) uses them once, in its own order:
  // where it is built, or where its local is last used (`name = f"…"; return root / self.dataset / name`), so building
  // a folder's name first is in order. The references inside it are not counted again.
  const spans = compositions.flatMap((composition) => composition.spans);
  for (const reference of fn.references) {
    if (spans.some((span) => insideSpan(span, reference))) continue;
    for (const name of segmentNamesOf(reference)) record(name, reference);
  }
  for (const literal of fn.strings) record(literal.value, literal);
  const nextOffset = new Map<string, number>();
  for (const composition of compositions) {
    const laterUses = composition.assignedTo === undefined ? [] : fn.references.filter((reference) => reference.name === composition.assignedTo && before(composition, reference) && !spans.some((span) => insideSpan(span, reference)));
    const anchor = laterUses[laterUses.length - 1] ?? composition;
    const key = `${anchor.line}:${anchor.column}`;
    let offset = nextOffset.get(key) ?? 0;
    for (const name of composedFields(composition, fields)) record(name, { line: anchor.line, column: anchor.column + offset++ / 1000 });
    nextOffset.set(key, offset);
  }
  for (const list of uses.values()) list.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));

  const missing = template.fields.filter((field) => !field.optional && !uses.has(field.name)).map((field) => field.name);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `${fn.qualifiedName} does not use the segment${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; the grammar is ${grammar}`,
      position: fn,
    };
  }
  let previous: { segment: string; at: SourcePosition } | undefined;
  for (const segment of fields.filter((name) => uses.has(name))) {
    const list = uses.get(segment) as SourcePosition[];
    const next = previous === undefined ? list[0] : list.find((position) => before((previous as { at: SourcePosition }).at, position));
    if (next === undefined) {
      const last = list[list.length - 1];
      const prior = previous as { segment: string; at: SourcePosition };
      return {
        ok: false,
        reason: `${fn.qualifiedName} uses ${segment} (line ${last.line}) only before ${prior.segment} (line ${prior.at.line}); the grammar order is ${grammar}`,
        position: last,
      };
    }
    previous = { segment, at: next };
  }
  for (const folder of template.folders) {
    const result = folderResult(withHelpers, template, folder, uses);
    if (!result.ok) return result;
  }
  return { ok: true };
}

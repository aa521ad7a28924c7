// A layout template such as `experiment_runs/{modality}/{dataset}/…/{training_mode}` or
// `experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]`: folders separated by `/`, each made of literal
// text, `{field}`s and `[optional parts]`. The leading all-literal folders are the root.
//
// Several fields may share a folder when separators stand between them. Then no value in that folder may contain a
// separator character of that folder (every non-alphanumeric character of its literal text): otherwise
// `a_b_c_d` read against `{x}_{y}_{z}` could be split in more than one way, and a split would be a guess. Such a
// value is reported, by format and by parse, never split.

export type TemplatePiece =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'optional'; readonly pieces: readonly TemplatePiece[] };

export interface TemplateFolder {
  /** The folder as written in the template, e.g. `{model_type}_{scale}_{stage}[_{aux}]`. */
  readonly source: string;
  readonly pieces: readonly TemplatePiece[];
  /** Field names in the folder, in order. */
  readonly fields: readonly string[];
  /** Characters no value in this folder may contain (empty when the folder has at most one field). */
  readonly separators: string;
}

export interface TemplateField {
  readonly name: string;
  readonly optional: boolean;
  /** Index into `folders`. */
  readonly folder: number;
}

/** Why one value does not fit its field, or undefined. Used for allowed values and folder-name safety. */
export type ValueCheck = (field: string, value: string) => string | undefined;

export interface TemplateProblem {
  /** The field the problem is about, when one field can be named. */
  readonly field?: string;
  /** Index into the template's folders (after the root), when the problem is about one folder. */
  readonly folder?: number;
  readonly message: string;
}

export type FolderMatch =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly message: string; readonly fields: readonly string[] };

export type TemplateParse =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>>; readonly rest: string }
  | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

export interface LayoutTemplate {
  readonly source: string;
  /** The root folders (leading folders without fields), e.g. `['experiment_runs']`. */
  readonly root: readonly string[];
  /** The folders after the root. */
  readonly folders: readonly TemplateFolder[];
  readonly fields: readonly TemplateField[];
  /** Reads one path component as `folders[index]`. */
  matchFolder(index: number, text: string): FolderMatch;
  /** One folder with these values; undefined for an optional part whose fields have no value. Throws on problems. */
  formatFolder(index: number, values: Readonly<Record<string, string>>): string;
  /**
   * `root/…/last/` from values (trailing `/`); throws an Error listing every problem: a missing or unknown field, a
   * value containing a separator, a value the check rejects, an optional part given only some of its values.
   */
  format(values: Readonly<Record<string, string>>, check?: ValueCheck): string;
  /**
   * Reads a relative POSIX path that starts with the root: the fields' values and whatever follows the last folder,
   * or every problem found (which field, and why).
   */
  parse(path: string, check?: ValueCheck): TemplateParse;
}

export type TemplateParseResult = { readonly ok: true; readonly template: LayoutTemplate } | { readonly ok: false; readonly message: string };

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const literalCharacter = /^[A-Za-z0-9._+=,@-]$/;

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldsOf(pieces: readonly TemplatePiece[]): string[] {
  return pieces.flatMap((piece) => (piece.kind === 'field' ? [piece.name] : piece.kind === 'optional' ? fieldsOf(piece.pieces) : []));
}

function literalTextOf(pieces: readonly TemplatePiece[]): string {
  return pieces.map((piece) => (piece.kind === 'literal' ? piece.text : piece.kind === 'optional' ? literalTextOf(piece.pieces) : '')).join('');
}

function showPieces(pieces: readonly TemplatePiece[]): string {
  return pieces.map((piece) => (piece.kind === 'literal' ? piece.text : piece.kind === 'field' ? `{${piece.name}}` : `[${showPieces(piece.pieces)}]`)).join('');
}

class TemplateSyntaxError extends Error {}

/** Reads one folder's pieces; `[` … `]` may not nest and must hold a field. */
function parseFolder(source: string, where: string): TemplatePiece[] {
  const top: TemplatePiece[] = [];
  let optional: TemplatePiece[] | undefined;
  let literal = '';
  const target = (): TemplatePiece[] => optional ?? top;
  const flush = (): void => {
    if (literal !== '') target().push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    if (character === '{') {
      const close = source.indexOf('}', index);
      if (close === -1) throw new TemplateSyntaxError(`${where}: '{' at character ${index + 1} is not closed with '}'`);
      const name = source.slice(index + 1, close);
      if (!fieldName.test(name)) throw new TemplateSyntaxError(`${where}: '{${name}}' is not a field name (letters, digits and '_', not starting with a digit)`);
      flush();
      target().push({ kind: 'field', name });
      index = close;
    } else if (character === '[') {
      if (optional !== undefined) throw new TemplateSyntaxError(`${where}: optional parts cannot be nested ('[' at character ${index + 1})`);
      flush();
      optional = [];
    } else if (character === ']') {
      if (optional === undefined) throw new TemplateSyntaxError(`${where}: ']' at character ${index + 1} closes no '['`);
      flush();
      if (fieldsOf(optional).length === 0) throw new TemplateSyntaxError(`${where}: the optional part [${showPieces(optional)}] has no field; write literal text outside [...]`);
      top.push({ kind: 'optional', pieces: optional });
      optional = undefined;
    } else if (character === '}') {
      throw new TemplateSyntaxError(`${where}: '}' at character ${index + 1} closes no '{'`);
    } else if (literalCharacter.test(character)) {
      literal += character;
    } else {
      throw new TemplateSyntaxError(`${where}: ${JSON.stringify(character)} cannot appear in a folder name (use letters, digits and '.', '_', '-', '+', '=', ',', '@')`);
    }
  }
  if (optional !== undefined) throw new TemplateSyntaxError(`${where}: '[' is not closed with ']'`);
  flush();
  return top;
}

/** Two fields in one folder need a non-alphanumeric character between them, or the split is a guess. */
function checkSeparated(pieces: readonly TemplatePiece[], where: string): void {
  const flat: TemplatePiece[] = pieces.flatMap((piece) => (piece.kind === 'optional' ? piece.pieces : [piece]));
  let lastField: string | undefined;
  let between = '';
  for (const piece of flat) {
    if (piece.kind === 'field') {
      if (lastField !== undefined && !/[^A-Za-z0-9]/.test(between)) {
        throw new TemplateSyntaxError(`${where}: between {${lastField}} and {${piece.name}} there is ${between === '' ? 'nothing' : `only '${between}'`}; put a separator such as '_' or '-' between them`);
      }
      lastField = piece.name;
      between = '';
    } else if (piece.kind === 'literal') {
      between += piece.text;
    }
  }
}

function folderRegExp(folder: TemplateFolder): RegExp {
  const value = folder.separators === '' ? '[^/]+' : `[^/${folder.separators.replace(/[\\\]^-]/g, '\\$&')}]+`;
  const build = (pieces: readonly TemplatePiece[]): string =>
    pieces.map((piece) => (piece.kind === 'literal' ? escapeForRegExp(piece.text) : piece.kind === 'field' ? `(?<${piece.name}>${value})` : `(?:${build(piece.pieces)})?`)).join('');
  return new RegExp(`^${build(folder.pieces)}$`);
}

/** The same shape with values allowed to contain separators: tells "a value holds a separator" from "wrong shape". */
function looseRegExp(folder: TemplateFolder): RegExp {
  const build = (pieces: readonly TemplatePiece[]): string =>
    pieces.map((piece) => (piece.kind === 'literal' ? escapeForRegExp(piece.text) : piece.kind === 'field' ? '[^/]+' : `(?:${build(piece.pieces)})?`)).join('');
  return new RegExp(`^${build(folder.pieces)}$`);
}

function listFields(fields: readonly string[]): string {
  return fields.map((field) => `{${field}}`).join(', ');
}

function splitRelative(path: string): string[] {
  const parts = path.replace(/\\/g, '/').split('/').filter((part, index) => part !== '.' && !(index === 0 && part === ''));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function parseLayoutTemplate(source: string): TemplateParseResult {
  try {
    return { ok: true, template: buildTemplate(source) };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

/** A template from the older settings: `experimentRoot/{segment1}/…/{segmentN}`. */
export function templateFromSegments(experimentRoot: string, segments: readonly string[]): string {
  return [experimentRoot, ...segments.map((segment) => `{${segment}}`)].join('/');
}

function buildTemplate(source: string): LayoutTemplate {
  const trimmed = source.replace(/\/+$/, '');
  if (trimmed === '') throw new TemplateSyntaxError('the template is empty; write e.g. "experiment_runs/{dataset}/{model_arch}"');
  if (/^(?:[A-Za-z]:)?[\\/]/.test(trimmed)) throw new TemplateSyntaxError('the template must be relative to the repository root, not absolute');
  if (trimmed.includes('\\')) throw new TemplateSyntaxError('the template must use "/" between folders');
  const folderSources = trimmed.split('/');
  const root: string[] = [];
  const folders: TemplateFolder[] = [];
  const fields: TemplateField[] = [];
  folderSources.forEach((folderSource, index) => {
    const where = `folder ${index + 1} ('${folderSource}')`;
    if (folderSource === '' || folderSource === '.' || folderSource === '..') throw new TemplateSyntaxError(`${where}: empty, '.' and '..' folders are not allowed`);
    const pieces = parseFolder(folderSource, where);
    const names = fieldsOf(pieces);
    if (names.length === 0 && folders.length === 0) {
      root.push(folderSource);
      return;
    }
    if (pieces.every((piece) => piece.kind === 'optional')) throw new TemplateSyntaxError(`${where}: a folder cannot be entirely optional; keep at least one field or literal outside [...]`);
    checkSeparated(pieces, where);
    for (const name of names) {
      if (fields.some((field) => field.name === name)) throw new TemplateSyntaxError(`${where}: the field {${name}} appears twice`);
      const inOptional = pieces.some((piece) => piece.kind === 'optional' && fieldsOf(piece.pieces).includes(name));
      fields.push({ name, optional: inOptional, folder: folders.length });
    }
    const separators = names.length > 1 ? [...new Set(literalTextOf(pieces).replace(/[A-Za-z0-9]/g, ''))].join('') : '';
    folders.push({ source: folderSource, pieces, fields: names, separators });
  });
  if (root.length === 0) throw new TemplateSyntaxError(`the template must start with the root folder, e.g. "experiment_runs/${trimmed}"`);
  if (fields.length === 0) throw new TemplateSyntaxError('the template has no {field}; write e.g. "experiment_runs/{dataset}/{model_arch}"');
  const strict = folders.map(folderRegExp);
  const loose = folders.map(looseRegExp);

  const matchFolder = (index: number, text: string): FolderMatch => {
    const folder = folders[index];
    if (folder === undefined) return { ok: false, message: `the template has no folder ${index + 1}`, fields: [] };
    const found = strict[index]?.exec(text);
    if (found) {
      const values: Record<string, string> = {};
      for (const name of folder.fields) {
        const value = found.groups?.[name];
        if (value !== undefined) values[name] = value;
      }
      return { ok: true, values };
    }
    if (folder.fields.length > 1 && loose[index]?.test(text) === true) {
      const shown = [...folder.separators].map((character) => `'${character}'`).join(' or ');
      return {
        ok: false,
        fields: folder.fields,
        message: `'${text}' has more ${shown} than ${folder.source} allows: a value of ${listFields(folder.fields)} contains a separator, and which one cannot be told; rename the folder so no value contains ${shown}`,
      };
    }
    return { ok: false, fields: folder.fields, message: `'${text}' does not have the form ${folder.source}` };
  };

  const folderProblems = (index: number, values: Readonly<Record<string, string>>, check: ValueCheck | undefined): { text?: string; problems: TemplateProblem[] } => {
    const folder = folders[index];
    const problems: TemplateProblem[] = [];
    const render = (pieces: readonly TemplatePiece[]): string =>
      pieces
        .map((piece) => {
          if (piece.kind === 'literal') return piece.text;
          if (piece.kind === 'field') {
            const value = values[piece.name];
            if (value === undefined) {
              problems.push({ field: piece.name, folder: index, message: `no value for {${piece.name}}` });
              return '';
            }
            const bad = [...folder.separators].find((character) => value.includes(character));
            if (bad !== undefined) {
              problems.push({ field: piece.name, folder: index, message: `the value '${value}' of {${piece.name}} contains '${bad}', which separates the fields of ${folder.source}; it could not be read back` });
            }
            const checked = check?.(piece.name, value);
            if (checked !== undefined) {
              problems.push({ field: piece.name, folder: index, message: checked });
            } else if (value === '' || value === '.' || value === '..' || value.includes('/') || value.includes('\\')) {
              problems.push({ field: piece.name, folder: index, message: `'${value}' is not a folder name for {${piece.name}}` });
            }
            return value;
          }
          const optionalFields = fieldsOf(piece.pieces);
          const given = optionalFields.filter((name) => values[name] !== undefined);
          if (given.length === 0) return '';
          if (given.length < optionalFields.length) {
            const absent = optionalFields.filter((name) => values[name] === undefined);
            problems.push({ field: absent[0], folder: index, message: `the optional part [${showPieces(piece.pieces)}] needs all of ${listFields(optionalFields)} or none (missing ${listFields(absent)})` });
            return '';
          }
          return render(piece.pieces);
        })
        .join('');
    const text = render(folder.pieces);
    return { text, problems };
  };

  const format = (values: Readonly<Record<string, string>>, check?: ValueCheck): string => {
    const problems: TemplateProblem[] = [];
    const parts = [...root];
    folders.forEach((_folder, index) => {
      const result = folderProblems(index, values, check);
      problems.push(...result.problems);
      parts.push(result.text ?? '');
    });
    const unknown = Object.keys(values).filter((name) => !fields.some((field) => field.name === name));
    if (unknown.length > 0) problems.push({ message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `'${name}'`).join(', ')} (fields: ${fields.map((field) => field.name).join(', ')})` });
    if (problems.length > 0) throw new Error(`Cannot build a path from ${source}: ${problems.map((problem) => problem.message).join('; ')}.`);
    return `${parts.join('/')}/`;
  };

  return {
    source: trimmed,
    root,
    folders,
    fields,
    matchFolder,
    formatFolder: (index, values) => {
      const result = folderProblems(index, values, undefined);
      if (result.problems.length > 0) throw new Error(result.problems.map((problem) => problem.message).join('; '));
      return result.text ?? '';
    },
    format,
    parse: (path, check) => {
      const parts = splitRelative(path);
      for (const [index, rootPart] of root.entries()) {
        if (parts[index] !== rootPart) {
          return { ok: false, problems: [{ message: parts[index] === undefined ? `the path stops before the root folder '${rootPart}'` : `'${parts[index]}' where the root folder '${rootPart}' should be` }] };
        }
      }
      const problems: TemplateProblem[] = [];
      const values: Record<string, string> = {};
      folders.forEach((folder, index) => {
        const text = parts[root.length + index];
        if (text === undefined) {
          problems.push({ folder: index, ...(folder.fields[0] === undefined ? {} : { field: folder.fields[0] }), message: `the path stops before ${folder.source}` });
          return;
        }
        const matched = matchFolder(index, text);
        if (!matched.ok) {
          problems.push({ folder: index, ...(matched.fields.length === 1 ? { field: matched.fields[0] } : {}), message: matched.message });
          return;
        }
        for (const [name, value] of Object.entries(matched.values)) {
          const checked = value === '..' ? `unexpected '..' where {${name}} should be` : check?.(name, value);
          if (checked !== undefined) problems.push({ folder: index, field: name, message: checked });
          values[name] = value;
        }
      });
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, values, rest: parts.slice(root.length + folders.length).join('/') };
    },
  };
}

/** What `layout.template` means for the older keys: its root folders and its field names, or why it is invalid. */
export function layoutFromTemplate(source: string): { readonly template: string; readonly experimentRoot: string; readonly segments: readonly string[] } | { readonly problem: string } {
  const parsed = parseLayoutTemplate(source);
  if (!parsed.ok) return { problem: parsed.message };
  return { template: parsed.template.source, experimentRoot: parsed.template.root.join('/'), segments: parsed.template.fields.map((field) => field.name) };
}

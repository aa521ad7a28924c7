// Loads web-tree-sitter and the tree-sitter-python grammar from an injected folder (the extension passes
// `<extensionPath>/dist`, the CLI its own folder, tests the npm packages' folders), parses Python, re-parses
// incrementally after edits and compiles queries once. Trees hold WebAssembly memory: callers must `delete()` them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Edit, Language, Point, Query, Tree } from 'web-tree-sitter';
// `import x = require()` makes esbuild pick the package's CommonJS build: its ES build reads `import.meta.url`,
// which is empty in the CommonJS bundles (dist/cli.js, dist/extension.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the ES build breaks the bundles.
import webTreeSitter = require('web-tree-sitter');

const { Language: LanguageLoader, Parser, Query: QueryCompiler } = webTreeSitter;

export const runtimeWasmFileName = 'tree-sitter.wasm';
export const pythonGrammarWasmFileName = 'tree-sitter-python.wasm';

export interface WasmLocation {
  /** Folder holding `tree-sitter.wasm` (the web-tree-sitter runtime). */
  readonly runtimeDirectory: string;
  /** Folder holding `tree-sitter-python.wasm`. */
  readonly grammarDirectory: string;
}

/** Both wasm files in one folder, as `npm run build` lays them out in `dist/`. */
export function wasmLocationIn(directory: string): WasmLocation {
  return { runtimeDirectory: directory, grammarDirectory: directory };
}

/**
 * A parse that runs longer than this is cancelled and the file is reported as skipped, so a pathological file
 * cannot hang a scan. Tree-sitter parses megabytes per second; 2 MB files take well under a second.
 */
export const defaultParseTimeoutMs = 5_000;

export class ParseCancelledError extends Error {
  constructor(readonly limitMs: number) {
    super(`parsing took longer than ${limitMs} ms and was cancelled`);
    this.name = 'ParseCancelledError';
  }
}

function requireFile(directory: string, fileName: string, purpose: string): string {
  const file = path.join(directory, fileName);
  if (!existsSync(file)) {
    throw new Error(`${purpose} not found at ${file}. Run \`npm run build\` (it copies ${fileName} into dist/) or pass the folder that contains it.`);
  }
  return file;
}

// web-tree-sitter's Emscripten runtime is process-wide and may be initialised once; remembering the promise lets the
// CLI, the editor and tests share it without racing.
let runtimeReady: Promise<void> | undefined;
const grammarByPath = new Map<string, Promise<Language>>();

async function loadPythonLanguage(location: WasmLocation): Promise<Language> {
  const runtimeWasm = requireFile(location.runtimeDirectory, runtimeWasmFileName, 'The tree-sitter runtime');
  const grammarWasm = requireFile(location.grammarDirectory, pythonGrammarWasmFileName, 'The Python grammar');
  runtimeReady ??= Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? runtimeWasm : name) });
  await runtimeReady;
  let grammar = grammarByPath.get(grammarWasm);
  if (grammar === undefined) {
    grammar = LanguageLoader.load(grammarWasm);
    grammarByPath.set(grammarWasm, grammar);
  }
  return grammar;
}

/** The change from one text to another as a single replaced span (UTF-16 offsets into the old and new text). */
export interface TextChange {
  readonly startOffset: number;
  readonly oldEndOffset: number;
  readonly newEndOffset: number;
}

/** Prefix and suffix are compared in chunks that double while they match (native string comparison), then halve. */
const diffChunk = 256;

/**
 * How many code units from one end two texts have in common, at most `limit`: `sameRun(from, to)` compares the units
 * `from` to `to` away from that end at once (one native comparison), `sameAt(index)` one unit.
 */
function commonRunLength(limit: number, sameRun: (from: number, to: number) => boolean, sameAt: (index: number) => boolean): number {
  let length = 0;
  let size = diffChunk;
  // Doubling, then halving: a few dozen slices for a 2,000-line file instead of one per chunk.
  while (length + size <= limit && sameRun(length, length + size)) {
    length += size;
    size *= 2;
  }
  for (size >>= 1; size >= diffChunk; size >>= 1) {
    if (length + size <= limit && sameRun(length, length + size)) length += size;
  }
  while (length < limit && sameAt(length)) length++;
  return length;
}

/** The smallest single span that turns `oldText` into `newText` (common prefix and suffix removed). */
export function diffTexts(oldText: string, newText: string): TextChange {
  const shorter = Math.min(oldText.length, newText.length);
  const start = commonRunLength(
    shorter,
    (from, to) => oldText.slice(from, to) === newText.slice(from, to),
    (index) => oldText.charCodeAt(index) === newText.charCodeAt(index),
  );
  const suffix = commonRunLength(
    shorter - start,
    (from, to) => oldText.slice(oldText.length - to, oldText.length - from) === newText.slice(newText.length - to, newText.length - from),
    (index) => oldText.charCodeAt(oldText.length - 1 - index) === newText.charCodeAt(newText.length - 1 - index),
  );
  return { startOffset: start, oldEndOffset: oldText.length - suffix, newEndOffset: newText.length - suffix };
}

/** Row/column (UTF-16 code units, as web-tree-sitter counts them for string input) of an offset. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point `offset` code units after `from` (at offset `fromOffset` of `text`). */
function pointAfter(text: string, from: Point, fromOffset: number, offset: number): Point {
  let row = from.row;
  let lineStart = fromOffset - from.column;
  for (let index = text.indexOf('\n', fromOffset); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}

export function editFor(oldText: string, newText: string, change: TextChange): Edit {
  // The texts agree before the change, so the start point serves both; the ends are counted from it.
  const startPosition = pointAt(oldText, change.startOffset);
  return {
    startIndex: change.startOffset,
    oldEndIndex: change.oldEndOffset,
    newEndIndex: change.newEndOffset,
    startPosition,
    oldEndPosition: pointAfter(oldText, startPosition, change.startOffset, change.oldEndOffset),
    newEndPosition: pointAfter(newText, startPosition, change.startOffset, change.newEndOffset),
  };
}

/** Code units handed to the parser per input callback (see PythonParser.parse). */
const parseInputChunk = 1024;

export class PythonParser {
  private readonly parser: InstanceType<typeof Parser>;
  private readonly queries = new Map<string, Query>();

  private constructor(readonly language: Language, readonly parseTimeoutMs: number) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  static async load(location: WasmLocation, parseTimeoutMs = defaultParseTimeoutMs): Promise<PythonParser> {
    return new PythonParser(await loadPythonLanguage(location), parseTimeoutMs);
  }

  /**
   * Parses `text`; with `oldTree` (already `edit`ed to match `text`) only the changed region is re-parsed.
   * Syntax errors become ERROR/MISSING nodes, so the rest of the file is still analysed.
   * Throws ParseCancelledError when parsing exceeds the time limit.
   */
  parse(text: string, oldTree?: Tree): Tree {
    const deadline = performance.now() + this.parseTimeoutMs;
    // web-tree-sitter copies each chunk the input callback returns into WebAssembly memory (up to 10 Ki code units).
    // An incremental parse reads many small, scattered pieces, so while parsing hand out short chunks; afterwards the
    // tree keeps this callback to read node text, which is cheapest as one slice of the rest of the text.
    let parsing = true;
    const input = (index: number): string => (parsing ? text.slice(index, index + parseInputChunk) : text.slice(index));
    let tree: Tree | null;
    try {
      tree = this.parser.parse(input, oldTree ?? null, { progressCallback: () => performance.now() > deadline });
    } finally {
      parsing = false;
    }
    if (tree === null) {
      this.parser.reset();
      throw new ParseCancelledError(this.parseTimeoutMs);
    }
    return tree;
  }

  /** Edits `oldTree` in place to match `newText` and re-parses incrementally; the caller still owns (and deletes) both trees. */
  reparse(oldTree: Tree, oldText: string, newText: string, change: TextChange = diffTexts(oldText, newText)): Tree {
    oldTree.edit(editFor(oldText, newText, change));
    return this.parse(newText, oldTree);
  }

  /** Compiles a query once per parser and returns the cached instance; throws with the query text when it is invalid. */
  query(source: string): Query {
    let compiled = this.queries.get(source);
    if (compiled === undefined) {
      try {
        compiled = new QueryCompiler(this.language, source);
      } catch (error) {
        throw new Error(`Invalid tree-sitter query (${error instanceof Error ? error.message : String(error)}):\n${source}`);
      }
      this.queries.set(source, compiled);
    }
    return compiled;
  }
}

// Loads web-tree-sitter and the tree-sitter-python grammar from an injected folder (the extension passes
// `<extensionPath>/dist`, the CLI its own folder, tests the npm packages' folders), parses Python, re-parses
// incrementally after edits and compiles queries once. Trees hold WebAssembly memory: callers must `delete()` them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Edit, Language, Query, Tree } from 'web-tree-sitter';
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

  /**
   * Edits `oldTree` in place by `edits` (editsOfChanges) and re-parses `newText` incrementally; the caller still owns
   * (and deletes) both trees.
   */
  reparse(oldTree: Tree, edits: readonly Edit[], newText: string): Tree {
    for (const edit of edits) oldTree.edit(edit);
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

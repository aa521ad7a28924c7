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
import { canaryText, canaryTree, distinctIndentationWidths, ParserFailedError, safeIndentationWidths } from './parserSafety';
import { freshWebTreeSitter } from './treeSitterRuntime';
import type { WebTreeSitterModule } from './treeSitterRuntime';
import { pythonLineBreaksAsNewlines } from '../text/pythonLineBreaks';

const { Language: LanguageLoader, Parser } = webTreeSitter;

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

/** A language loaded into a runtime of its own, after the shared one failed (see restart). */
interface FreshRuntime {
  readonly runtime: WebTreeSitterModule;
  readonly language: Language;
}

async function loadFreshPythonLanguage(location: WasmLocation): Promise<FreshRuntime> {
  const runtimeWasm = requireFile(location.runtimeDirectory, runtimeWasmFileName, 'The tree-sitter runtime');
  const grammarWasm = requireFile(location.grammarDirectory, pythonGrammarWasmFileName, 'The Python grammar');
  const runtime = freshWebTreeSitter(location.runtimeDirectory);
  await runtime.Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? runtimeWasm : name) });
  return { runtime, language: await runtime.Language.load(grammarWasm) };
}

export class PythonParser {
  private parser: InstanceType<typeof Parser>;
  private runtime: WebTreeSitterModule = webTreeSitter;
  private currentLanguage: Language;
  private readonly queries = new Map<string, Query>();
  /** Trees of the current runtime: a tree from a runtime that was replaced is never handed back to the parser. */
  private currentTrees = new WeakSet<Tree>();
  /** Set while the runtime is being replaced; parse() refuses until it is done. */
  private restarting: Promise<void> | undefined;

  private constructor(language: Language, readonly parseTimeoutMs: number, private readonly location: WasmLocation) {
    this.currentLanguage = language;
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  static async load(location: WasmLocation, parseTimeoutMs = defaultParseTimeoutMs): Promise<PythonParser> {
    return new PythonParser(await loadPythonLanguage(location), parseTimeoutMs, location);
  }

  get language(): Language {
    return this.currentLanguage;
  }

  /** How many times the runtime was replaced after a failure (reported by the fault suite). */
  restarts = 0;

  /**
   * Replaces the WebAssembly runtime, the parser and the compiled queries after a failure that may have corrupted
   * the runtime's memory. Loading a runtime is asynchronous (~30 ms): until it is done, parse() refuses with a
   * reason, and callers that analyse file after file wait for `ready()`. (A second runtime kept loaded as a spare
   * made every analysis up to 1.8 times slower, so none is kept.)
   */
  private restart(): void {
    this.restarts++;
    const previous = this.parser;
    this.queries.clear();
    this.currentTrees = new WeakSet();
    this.restarting = loadFreshPythonLanguage(this.location).then(
      (runtime) => {
        this.use(runtime);
        this.restarting = undefined;
      },
      (error: unknown) => {
        this.restartFailure = errorText(error);
        this.restarting = undefined;
      },
    );
    try {
      previous.delete();
    } catch {
      // The old runtime is corrupted; it is garbage collected with its memory.
    }
  }

  private use({ runtime, language }: FreshRuntime): void {
    this.runtime = runtime;
    this.currentLanguage = language;
    this.parser = new runtime.Parser();
    this.parser.setLanguage(language);
  }

  private restartFailure: string | undefined;

  /** True while a restart after a failure is loading the new runtime (see ready). */
  get restartPending(): boolean {
    return this.restarting !== undefined;
  }

  /** Resolves once a restart after a failure is complete (immediately when none is under way). */
  async ready(): Promise<void> {
    await this.restarting;
  }

  /** True when a parse tree made by this runtime can be trusted: a known text still parses to its known tree. */
  private vouches(): boolean {
    try {
      const tree = this.parser.parse(canaryText);
      try {
        return tree !== null && tree.rootNode.toString() === canaryTree;
      } finally {
        tree?.delete();
      }
    } catch {
      return false;
    }
  }

  /**
   * Call when an error escaped from work on one of this parser's trees (a rule walking it), which may have been the
   * runtime failing: it is checked and replaced when it no longer parses correctly. Returns true when it was replaced.
   */
  checkAfterFailure(): boolean {
    if (this.restarting !== undefined) return false;
    if (this.vouches()) return false;
    this.restart();
    return true;
  }

  /**
   * Parses `text`; with `oldTree` (already `edit`ed to match `text`) only the changed region is re-parsed.
   * Syntax errors become ERROR/MISSING nodes, so the rest of the file is still analysed.
   * Throws ParseCancelledError when parsing exceeds the time limit.
   */
  parse(text: string, oldTree?: Tree): Tree {
    if (this.restarting !== undefined) {
      throw new ParserFailedError('the parser is being restarted after a failure on another file; analyse this file again');
    }
    if (this.restartFailure !== undefined) {
      throw new ParserFailedError(`the parser could not be restarted after a failure on another file (${this.restartFailure})`);
    }
    const widths = distinctIndentationWidths(text);
    if (widths > safeIndentationWidths) {
      // Parsing it would corrupt the runtime for every later file, and its own tree is not trustworthy either.
      throw new ParserFailedError(
        `its lines have more than ${safeIndentationWidths} different indentation widths: nesting that deep is beyond Python's own limit of 100 levels and corrupts the parser, so the file was not analysed`,
      );
    }
    let tree: Tree;
    try {
      tree = this.parseUnchecked(pythonLineBreaksAsNewlines(text), oldTree !== undefined && this.currentTrees.has(oldTree) ? oldTree : undefined);
    } catch (error) {
      if (error instanceof ParseCancelledError) throw error;
      // Whatever failed inside the runtime may have left its memory corrupted: never parse with it again.
      this.restart();
      throw new ParserFailedError(`the parser failed on this file (${errorText(error)}) and was restarted for the next files`);
    }
    this.currentTrees.add(tree);
    return tree;
  }

  private parseUnchecked(text: string, oldTree: Tree | undefined): Tree {
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
   * (and deletes) both trees. A tree of a runtime that was replaced is not edited (its memory is not trusted): the
   * text is then parsed afresh.
   */
  reparse(oldTree: Tree, edits: readonly Edit[], newText: string): Tree {
    if (!this.currentTrees.has(oldTree)) return this.parse(newText);
    for (const edit of edits) oldTree.edit(edit);
    return this.parse(newText, oldTree);
  }

  /** Compiles a query once per parser and returns the cached instance; throws with the query text when it is invalid. */
  query(source: string): Query {
    let compiled = this.queries.get(source);
    if (compiled === undefined) {
      try {
        compiled = new this.runtime.Query(this.language, source);
      } catch (error) {
        throw new Error(`Invalid tree-sitter query (${error instanceof Error ? error.message : String(error)}):\n${source}`);
      }
      this.queries.set(source, compiled);
    }
    return compiled;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

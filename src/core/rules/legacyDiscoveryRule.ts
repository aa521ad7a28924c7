// RR001 legacy-artifact-discovery.
//
// Catches: models, checkpoints and run outputs located by searching the filesystem — `glob.glob/iglob`,
// `Path.glob/rglob/iterdir`, `os.walk`, `os.listdir`, `os.scandir`, `fnmatch` — when the pattern or folder points at
// artifacts (a weight/checkpoint extension such as `*.pth`, a name such as `checkpoints`/`best`/`teacher`, a legacy
// root, `lightning_logs`, `mlruns`), or when what the code does with the matches does (`name.endswith(".pt")`,
// `"best" in name`). A pattern or folder held in a variable or parameter is followed back within the file; a helper
// that globs whatever its callers pass is judged per call, and the finding goes on the call that passes the artifact
// pattern; a loop variable over a literal sequence (a module constant of extensions) is tried with each value. "Pick
// the latest/first match" (`sorted(...)[-1]`, `max(..., key=os.path.getmtime)`, `matches[0]`) is named in the message.
// One finding per line: two globs in one expression are one search.
//
// Deliberately not flagged: data (csv, parquet, images, yaml/json configs, logs, metrics — an explicit data
// extension wins over words such as `best` or `model` in the folder; `*.pth` in code about site-packages means
// Python's path-configuration files), cleanup and rotation code whose function only
// deletes what it finds, matches only shown in a message (the help text of an error), and searches whose target we
// cannot see (an unknown folder with no telling filter). The
// runbook's remedy is that artifacts are never discovered: the project's path function (projectVocabulary.ts) names
// them, and a missing one is a FileNotFoundError.
//
// Prefilter: the rule only runs on files containing an artifact word (artifactTriggerWordsOf) or a legacy root, so
// `best`/`last` alone never make a finding in a file that mentions no model, checkpoint or torch at all.
import type { Node, Tree } from 'web-tree-sitter';
import type { ArtifactVocabulary, PatternJudgement } from './artifactVocabulary';
import { dataExtensions, judgePattern, pthMeansSiteConfig, requestedExtension } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { snippet } from '../text/snippet';
import { argumentAt, callArguments, callAtHit, callNameHits, hasCallNameHit, methodName, methodReceiver, qualifiedCallee } from '../python/callSites';
import { quotedText } from '../python/stringLiterals';
import { childrenOf, dottedName, enclosingFunction, enclosingStatement, identifiersInScope, lastName, namedChildrenOf, parentOf } from '../python/treeNavigation';
import { argumentForParameter, callersOf, loopValues, parametersOf } from '../python/valueTracing';
import { findsCheckpointsByName, isMembershipTest, keptAsArtifacts, matchUses, matchesOnlyAsserted, matchesOnlyShown } from './discoveryRoles';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import type { StaticValue } from '../python/staticStringValue';
import { staticValueOf } from '../python/staticStringValue';
import { findingMessage, firstFitting } from './findingMessage';
import { defaultRuleVocabulary, projectPathFunction } from './projectVocabulary';

const discoveryNames = 'glob|iglob|rglob|iterdir|walk|listdir|scandir|ls|fnmatch|fnmatchcase|filter';

interface Discovery {
  readonly call: Node;
  readonly display: string;
  /** Builds the searched pattern or folder, optionally with parameter bindings from a caller. */
  readonly target: (bindings?: ReadonlyMap<string, Node>) => StaticValue;
  readonly isFilter: boolean;
}

function joinTemplates(base: StaticValue, pattern: StaticValue): string {
  if (base.text === '' || /^([\\/]|[A-Za-z]:)/.test(pattern.text)) {
    return pattern.text;
  }
  return `${base.text.replace(/[\\/]+$/, '')}/${pattern.text}`;
}

function combine(base: StaticValue, pattern: StaticValue): StaticValue {
  return { ...pattern, text: joinTemplates(base, pattern), parameters: [...base.parameters, ...pattern.parameters], hasPlaceholders: base.hasPlaceholders || pattern.hasPlaceholders };
}

function evaluate(node: Node | undefined, source: string, bindings: ReadonlyMap<string, Node> | undefined, fallback: string): StaticValue {
  if (node === undefined) {
    return { text: fallback, hasPlaceholders: false, unknown: false, stringLike: true, parameters: [] };
  }
  return staticValueOf(node, source, bindings === undefined ? {} : { bindings });
}

/** Listing methods of filesystem objects (fsspec's `AbstractFileSystem`, `tf.io.gfile`, blobfile). */
const filesystemListings: ReadonlySet<string> = new Set(['ls', 'listdir', 'scandir', 'walk']);

/** `fs`, `self._fs`, `filesystem`, `tf.io.gfile`, `bf`, iopath's `pathmgr` / `PathManager`: a receiver named as a filesystem object. */
function isFilesystemObject(receiver: Node): boolean {
  const words = nameWords(lastName(receiver) ?? '');
  const last = words[words.length - 1] ?? '';
  return ['fs', 'filesystem', 'gfile', 'bf', 'blobfile', 'pathmgr'].includes(last) || (last === 'manager' && words[words.length - 2] === 'path');
}

/** Recognises a discovery call and how to read its target; undefined for look-alikes (`re.findall`, `filter(...)`). */
function asDiscovery(call: Node, tree: Tree, source: string): Discovery | undefined {
  const callee = qualifiedCallee(call, tree, source);
  switch (callee) {
    case 'glob.glob':
    case 'glob.iglob': {
      const pattern = argumentAt(call, 0, 'pathname');
      const rootDir = callArguments(call).keywords.get('root_dir');
      return {
        call,
        display: callee,
        isFilter: false,
        target: (bindings) => {
          const value = evaluate(pattern, source, bindings, '*');
          return rootDir === undefined ? value : combine(evaluate(rootDir, source, bindings, ''), value);
        },
      };
    }
    case 'os.walk':
    case 'os.listdir':
    case 'os.scandir': {
      const folder = argumentAt(call, 0, callee === 'os.walk' ? 'top' : 'path');
      return { call, display: callee, isFilter: false, target: (bindings) => evaluate(folder, source, bindings, '.') };
    }
    case 'fnmatch.fnmatch':
    case 'fnmatch.fnmatchcase':
    case 'fnmatch.filter': {
      const pattern = argumentAt(call, 1, 'pat');
      return { call, display: callee, isFilter: true, target: (bindings) => evaluate(pattern, source, bindings, '*') };
    }
    default:
      break;
  }
  const method = methodName(call);
  const receiver = methodReceiver(call);
  if (receiver !== undefined && method !== undefined && filesystemListings.has(method) && isFilesystemObject(receiver)) {
    // `fs.listdir(root)`, `self._fs.ls(ckpt_dir)`, `tf.io.gfile.listdir(d)`: fsspec, TensorFlow and blobfile listings.
    const folder = argumentAt(call, 0, 'path');
    return { call, display: `${snippet(dottedName(receiver) ?? 'fs', 20)}.${method}`, isFilter: false, target: (bindings) => evaluate(folder, source, bindings, '.') };
  }
  if (receiver === undefined || (method !== 'glob' && method !== 'rglob' && method !== 'iterdir')) {
    return undefined;
  }
  const receiverName = dottedName(receiver);
  if (receiverName === 'glob' || receiverName === 'fnmatch' || receiverName === 're') {
    return undefined;
  }
  const pattern = method === 'iterdir' ? undefined : argumentAt(call, 0, 'pattern');
  if (method !== 'iterdir' && pattern === undefined) {
    return undefined;
  }
  return {
    call,
    display: `Path.${method}`,
    isFilter: false,
    target: (bindings) => {
      const base = evaluate(receiver, source, bindings, '.');
      if (method === 'iterdir') {
        return base;
      }
      const value = evaluate(pattern, source, bindings, '*');
      return combine(base, method === 'rglob' ? { ...value, text: `**/${value.text}` } : value);
    },
  };
}

const wrappers: ReadonlySet<string> = new Set(['sorted', 'list', 'iter', 'enumerate', 'reversed', 'filter', 'map', 'set', 'tuple', 'next', 'max', 'min', 'len', 'any', 'all']);

/** Climbs from the discovery call through wrappers (`sorted(...)`, `[...][-1]`, `max(...)`, a comprehension) to where the matches go. */
function useRoot(call: Node): Node {
  let current = call;
  for (;;) {
    const parent = parentOf(current);
    if (parent === null) {
      return current;
    }
    if (parent.type === 'argument_list') {
      const outer = parentOf(parent);
      const name = outer === null ? undefined : dottedName(outer.childForFieldName('function') ?? outer);
      if (outer !== null && name !== undefined && wrappers.has(name)) {
        current = outer;
        continue;
      }
      return current;
    }
    if (parent.type === 'call' && parent.childForFieldName('arguments')?.id === current.id) {
      // `any(f for f in os.listdir(d) if ...)`: a generator is the call's whole argument list.
      const name = dottedName(parent.childForFieldName('function') ?? parent);
      if (name !== undefined && wrappers.has(name)) {
        current = parent;
        continue;
      }
      return current;
    }
    const comprehension = parent.type === 'for_in_clause' && parent.childForFieldName('right')?.id === current.id ? parentOf(parent) : null;
    if (comprehension !== null) {
      // `[p for p in glob(...) if ...]`: the comprehension is what the code goes on to use.
      current = comprehension;
      continue;
    }
    if (parent.type === 'subscript' || parent.type === 'parenthesized_expression') {
      current = parent;
      continue;
    }
    return current;
  }
}

interface Region {
  readonly start: number;
  readonly end: number;
  /** The variable the matches are assigned to, when they are. */
  readonly variable?: string;
}

/** Where the matches are consumed: the `for` loop, or the rest of the function after `v = ...`, or the statement. */
function consumerRegion(root: Node): Region {
  const parent = parentOf(root);
  if (parent?.type === 'for_statement') {
    return { start: parent.startIndex, end: parent.endIndex };
  }
  const statement = enclosingStatement(root);
  if (parent?.type === 'assignment') {
    const left = parent.childForFieldName('left');
    const scope = enclosingFunction(root);
    return { start: statement.startIndex, end: scope?.endIndex ?? statement.endIndex, ...(left?.type === 'identifier' ? { variable: left.text } : {}) };
  }
  return { start: statement.startIndex, end: statement.endIndex };
}

/** Methods whose arguments say what the receiver must look like: `name.endswith(".pt")`. */
const affixMethods: ReadonlySet<string> = new Set(['endswith', 'startswith']);
/** Calls that match a name against a pattern, given either way round: `fnmatch(name, "*.ckpt")`, `re.match(r"...", name)`, `path.match("*.pt")`. */
const matchingCalls: ReadonlySet<string> = new Set(['fnmatch', 'fnmatchcase', 'filter', 'match', 'search', 'fullmatch']);
/** A path's name parts compared with strings: `p.suffix == ".pth"`, `p.name in ("best.pt", "last.pt")`. */
const nameParts: ReadonlySet<string> = new Set(['suffix', 'stem', 'name']);
const partComparisons: ReadonlySet<string> = new Set(['==', '!=', 'in']);

/** The string literals under `node`, in source order (each part of an implicit concatenation on its own). */
function stringsUnder(node: Node): Node[] {
  if (node.type === 'string') {
    return [node];
  }
  return namedChildrenOf(node).flatMap(stringsUnder);
}

/**
 * Strings the code filters the matches with, read from the nodes around each use of them (matchUses):
 * `.endswith(".pt")`, `.startswith(("best", "last"))`, `fnmatch(name, "*.ckpt")`, `re.match(r".*\.pth$", name)`,
 * `"best" in name`, `p.suffix == ".pth"`. The calls' strings come first, then the comparisons', each in source order,
 * so the one a message quotes is the first decisive call filter.
 */
function filterStrings(uses: readonly Node[]): string[] {
  const found = new Map<number, { readonly comparison: boolean; readonly literal: Node }>();
  const take = (strings: readonly Node[], comparison: boolean): void => {
    for (const literal of strings) {
      if (!found.has(literal.id)) {
        found.set(literal.id, { comparison, literal });
      }
    }
  };
  for (const use of uses) {
    for (let child = use, parent = parentOf(child); parent !== null && parent.type !== 'block' && parent.type !== 'module'; child = parent, parent = parentOf(child)) {
      if (parent.type === 'call') {
        const callee = parent.childForFieldName('function');
        const name = callee === null ? undefined : lastName(callee);
        const argumentList = parent.childForFieldName('arguments');
        const throughReceiver = callee?.type === 'attribute' && callee.id === child.id;
        if (name !== undefined && argumentList !== null && ((affixMethods.has(name) && throughReceiver) || (matchingCalls.has(name) && (throughReceiver || argumentList.id === child.id)))) {
          take(stringsUnder(argumentList), false);
        }
      } else if (parent.type === 'comparison_operator') {
        const operands = namedChildrenOf(parent);
        const operators = childrenOf(parent)
          .filter((part) => !part.isNamed)
          .map((part) => part.type);
        const at = operands.findIndex((operand) => operand.id === child.id);
        const left = operands[at - 1];
        if (left !== undefined && operators[at - 1] === 'in' && (left.type === 'string' || left.type === 'concatenated_string')) {
          take(stringsUnder(left), true);
        }
        const part = child.type === 'attribute' ? child.childForFieldName('attribute')?.text : undefined;
        if (part !== undefined && nameParts.has(part) && (partComparisons.has(operators[at] ?? '') || partComparisons.has(operators[at - 1] ?? ''))) {
          take(
            operands.filter((operand) => operand.id !== child.id).flatMap(stringsUnder),
            true,
          );
        }
      }
    }
  }
  return [...found.values()]
    .sort((a, b) => Number(a.comparison) - Number(b.comparison) || a.literal.startIndex - b.literal.startIndex)
    .flatMap(({ literal }) => quotedText(literal) ?? []);
}

function judgeFilters(strings: readonly string[], pthIsSiteConfig: boolean, vocabulary: ArtifactVocabulary): PatternJudgement {
  const { artifactExtensions, artifactWords } = vocabulary;
  let sawData: string | undefined;
  for (const value of strings) {
    const cleaned = value.replace(/^\.\*|\$$/g, '').replace(/\\\./g, '.');
    const extension = requestedExtension(cleaned, vocabulary) ?? (/^\.([A-Za-z0-9]+)$/.exec(cleaned)?.[1]?.toLowerCase() ?? '');
    if (artifactExtensions.has(extension) && !(extension === 'pth' && pthIsSiteConfig)) {
      return { kind: 'artifact', evidence: `model checkpoints (matches filtered by '${value}')` };
    }
    // `f.endswith("pth")`, `"ckpt" in name`: a checkpoint extension without its dot (data words stay ambiguous).
    const bare = cleaned.toLowerCase();
    if (/^[a-z]+$/.test(bare) && artifactExtensions.has(bare) && !(bare === 'pth' && pthIsSiteConfig)) {
      return { kind: 'artifact', evidence: `model checkpoints (matches filtered by '${value}')` };
    }
    if (dataExtensions.has(extension) || extension === 'pth') {
      sawData ??= value;
      continue;
    }
    const word = nameWords(cleaned).find((candidate) => artifactWords.has(candidate));
    if (word !== undefined) {
      return { kind: 'artifact', evidence: `model artifacts (matches filtered by '${value}')` };
    }
  }
  return sawData === undefined ? { kind: 'unknown', evidence: '' } : { kind: 'data', evidence: `data files ('${sawData}')` };
}

const deletes = /\b(?:os\.(?:remove|unlink|rmdir|removedirs)|shutil\.rmtree|send2trash)\s*\(|\.(?:unlink|rmdir)\s*\(/;
const uses = /\b(?:torch\.(?:jit\.)?load|pickle\.load|joblib\.load|load_file|shutil\.(?:copy|copy2|copyfile|copytree|move)|os\.(?:rename|replace|symlink|link)|open|mlflow\.\w+)\s*\(|\.(?:load_state_dict|load_from_checkpoint|from_pretrained|load|read_bytes|open|rename|replace|symlink_to|hardlink_to)\s*\(/;

/** True when the surrounding function only deletes what it finds (log rotation, keeping the last N checkpoints). */
function onlyDeletes(call: Node, source: string): boolean {
  const scope = enclosingFunction(call) ?? enclosingStatement(call);
  const text = source.slice(scope.startIndex, scope.endIndex);
  return deletes.test(text) && !uses.test(text);
}

/** `Path(p).unlink` in `Path(p).unlink()`: the callee as written, when it has no dotted name. */
function writtenCallee(call: Node): string {
  return call.childForFieldName('function')?.text ?? call.text;
}

/** The calls a use of the matches goes into, as an argument or as the receiver: `os.remove(f)`, `p.unlink()`, `torch.load(os.path.join(d, f))`. */
function callsTaking(uses: readonly Node[]): Node[] {
  const calls: Node[] = [];
  for (const use of uses) {
    for (let child = use, parent = parentOf(child); parent !== null && parent.type !== 'block' && parent.type !== 'module'; child = parent, parent = parentOf(child)) {
      const callee = parent.type === 'call' ? parent.childForFieldName('function') : null;
      if (callee !== null && (parent.childForFieldName('arguments')?.id === child.id || (callee.type === 'attribute' && callee.id === child.id))) {
        calls.push(parent);
      }
    }
  }
  return calls;
}

/**
 * True when the code that uses the matches (the loop over them, or the variable they are kept in) only deletes
 * them: `files = glob(ckpt_dir + "/*.pkl")` then `for f in files: ... os.remove(f)`, keeping the last epochs, in a
 * function that also does everything else. The calls are named as `deletes` and `uses` spell them (`os.remove(`).
 */
function matchesOnlyDeleted(call: Node, root: Node, region: Region, tree: Tree, source: string): boolean {
  // At module level (or in a loop body) the matches are used after the statement, up to the end of its block.
  const block = parentOf(enclosingStatement(root));
  const callees = callsTaking(matchUses(call, region.variable, Math.max(region.end, block?.endIndex ?? region.end))).map((taking) => `${qualifiedCallee(taking, tree, source) ?? writtenCallee(taking)}(`);
  return callees.some((callee) => deletes.test(callee)) && !callees.some((callee) => uses.test(callee));
}

/** " and picks the newest match" when the code selects one match (with its line when that is another line). */
function selection(root: Node, region: Region, source: string): string {
  const describe = (text: string): string | undefined => {
    if (/getmtime|getctime|st_mtime|st_ctime|\bmtime\b/.test(text)) {
      return 'and picks the newest match';
    }
    if (/\[\s*-\s*1\s*\]$/.test(text)) {
      return 'and picks the last match';
    }
    if (/\[\s*0\s*\]$/.test(text)) {
      return 'and picks the first match';
    }
    if (/^(max|min|next)\s*\(/.test(text)) {
      return 'and picks one match';
    }
    return undefined;
  };
  const direct = root.type === 'subscript' || root.type === 'call' ? describe(root.text) : undefined;
  if (direct !== undefined) {
    return ` ${direct}`;
  }
  const variable = region.variable;
  if (variable !== undefined) {
    const text = source.slice(region.start, region.end);
    const use = new RegExp(`\\b(?:max|min|next|sorted)\\s*\\(\\s*${variable}\\b[^\\n]*|(?<![\\w.])${variable}\\s*\\[\\s*-?\\s*[01]\\s*\\]`).exec(text);
    const found = use === null ? undefined : describe(use[0].trim().replace(/[,:]\s*$/, ''));
    if (found !== undefined && use !== null) {
      const line = lineAt(source, region.start + use.index);
      return line === root.startPosition.row + 1 ? ` ${found}` : ` ${found} (line ${line})`;
    }
  }
  return '';
}

/** 1-based line of an offset (only for a finding's message, so counting is fine). */
function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let at = source.indexOf('\n'); at >= 0 && at < offset; at = source.indexOf('\n', at + 1)) line++;
  return line;
}

interface Verdict {
  readonly judgement: PatternJudgement;
  readonly target: StaticValue;
}

interface FileFacts {
  readonly source: string;
  readonly legacyRoots: readonly string[];
  /** `*.pth` means site path-configuration files in this file (see pthMeansSiteConfig). */
  readonly siteConfig: boolean;
  readonly vocabulary: ArtifactVocabulary;
}

function verdictFor(discovery: Discovery, facts: FileFacts, bindings?: ReadonlyMap<string, Node>): Verdict {
  const { legacyRoots, siteConfig, vocabulary } = facts;
  const target = discovery.target(bindings);
  const byTarget = judgePattern(target.text, legacyRoots, vocabulary, { pthMeansSiteConfig: siteConfig });
  if (byTarget.kind === 'data' || discovery.isFilter) {
    return { judgement: byTarget, target };
  }
  if (requestedExtension(target.text, vocabulary) !== undefined && byTarget.kind === 'artifact') {
    return { judgement: byTarget, target };
  }
  const region = consumerRegion(useRoot(discovery.call));
  const byFilters = judgeFilters(filterStrings(matchUses(discovery.call, region.variable, region.end)), siteConfig, vocabulary);
  if (byFilters.kind !== 'unknown') {
    // An explicit filter says more than folder words: listing `model_dir` for `*.json` reads configs.
    return { judgement: byFilters, target };
  }
  if (byTarget.kind === 'unknown' && keptAsArtifacts(region.variable, vocabulary)) {
    return { judgement: { kind: 'artifact', evidence: `model artifacts (kept in '${region.variable ?? ''}')` }, target };
  }
  return { judgement: byTarget, target };
}

/**
 * A search whose pattern or folder reads a loop variable over literal values (`for ext in _EXT_PRIORITY:` with
 * `_EXT_PRIORITY = (".safetensors", ".pth")`, then `path.glob(f"*{ext}")`): judged with each value in turn; the first
 * value that makes it a search for artifacts decides.
 */
function loopedVerdict(discovery: Discovery, facts: FileFacts): Verdict | undefined {
  const argumentsNode = discovery.call.childForFieldName('arguments');
  const receiver = methodReceiver(discovery.call);
  const names = [argumentsNode, receiver].flatMap((node) => (node === null || node === undefined ? [] : identifiersInScope(node)));
  for (const identifier of names) {
    for (const value of loopValues(identifier, facts.source) ?? []) {
      const verdict = verdictFor(discovery, facts, new Map([[identifier.text, value]]));
      if (verdict.judgement.kind === 'artifact') {
        return verdict;
      }
    }
  }
  return undefined;
}

/** The remedy: name the artifact with the project's path function (projectVocabulary.ts) and fail when it is missing. */
function remedy(function_: string | undefined): string {
  return `build it ${function_ === undefined ? "from the run's config" : `with \`${function_}\``} and raise FileNotFoundError if missing`;
}

function message(context: PythonRuleContext, display: string, evidence: string, pick: string, via?: string): string {
  const what = via === undefined ? `\`${display}\`` : via;
  const kind = evidence.replace(/ \(.*\)$/, '');
  const pickHere = pick.replace(/ \(line \d+\)$/, '');
  return findingMessage(firstFitting(`${what} searches for ${evidence}${pick}`, `${what} searches for ${evidence}${pickHere}`, `${what} searches for ${evidence}`, `${what} searches for ${kind}${pickHere}`, `${what} searches for ${kind}`), remedy(projectPathFunction(context.vocabulary, 'artifact', context.tree, context.source)));
}

export const legacyDiscoveryRule: PythonRule = {
  id: 'RR001',
  name: 'legacy-artifact-discovery',
  defaultSeverity: 'warning',
  description:
    "Models, checkpoints or run outputs located by searching the filesystem (glob, rglob, os.walk, listdir); build each path from the run's config (the project's path function) and fail with FileNotFoundError when it is missing.",
  // A finding needs artifact evidence, so files without an artifact word (or a legacy root) are skipped.
  triggerWords: [...defaultRuleVocabulary.artifactTriggerWords, 'osc_jobs'],
  triggerWordsFor: (layout, vocabulary) => [...vocabulary.artifactTriggerWords, ...layout.legacyRoots],
  // Every finding starts from a discovery call found by callsNamed(discoveryNames), i.e. a callNameHits sighting.
  mayFind: (source) => hasCallNameHit(source, discoveryNames),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const { tree, source } = context;
    const facts: FileFacts = { source, legacyRoots: context.layout.settings.legacyRoots, siteConfig: pthMeansSiteConfig(source), vocabulary: context.vocabulary };
    const findings: RuleFinding[] = [];
    const discoveries = callNameHits(tree, source, discoveryNames)
      .map((hit) => callAtHit(tree, hit))
      .filter((call): call is Node => call !== undefined)
      .map((call) => asDiscovery(call, tree, source))
      .filter((discovery): discovery is Discovery => discovery !== undefined);
    const reportedRegions: Region[] = [];
    const reportedCalls = new Set<number>();
    const reportedLines = new Set<number>();
    const push = (call: Node, text: string): void => {
      // `set(d.glob("*.bin")) | set(d.glob("*.safetensors"))` is one search for weights: one finding per line.
      const range = context.rangeOf(call);
      if (!reportedCalls.has(call.id) && !reportedLines.has(range.line)) {
        reportedCalls.add(call.id);
        reportedLines.add(range.line);
        findings.push({ range, message: text });
      }
    };
    const report = (discovery: Discovery): void => {
      // `fnmatch` inside the loop over an `os.walk` is part of that search, reported once on the walk.
      if (discovery.isFilter && reportedRegions.some((region) => discovery.call.startIndex >= region.start && discovery.call.endIndex <= region.end)) {
        return;
      }
      const root = useRoot(discovery.call);
      if (isMembershipTest(root)) {
        return;
      }
      const direct = verdictFor(discovery, facts);
      const { judgement, target } = direct.judgement.kind === 'artifact' ? direct : (loopedVerdict(discovery, facts) ?? direct);
      const region = consumerRegion(root);
      if (matchesOnlyAsserted(root, region.variable, useRoot, source) || matchesOnlyShown(root, region.variable)) {
        return;
      }
      if (judgement.kind === 'artifact') {
        if (!onlyDeletes(discovery.call, source) && !matchesOnlyDeleted(discovery.call, root, region, tree, source)) {
          push(discovery.call, message(context, discovery.display, judgement.evidence, selection(root, region, source)));
          reportedRegions.push(region);
        }
        return;
      }
      const byHelperName = (): void => {
        // Nothing in this file says what the helper searches, but its name does: `scan_checkpoint(cp_dir, prefix)`.
        const helperName = judgement.kind === 'unknown' && !onlyDeletes(discovery.call, source) ? findsCheckpointsByName(discovery.call) : undefined;
        if (helperName !== undefined) {
          push(discovery.call, message(context, discovery.display, `checkpoints (in ${helperName}())`, selection(root, region, source)));
        }
      };
      if (judgement.kind === 'data') {
        return;
      }
      if (target.parameters.length === 0) {
        byHelperName();
        return;
      }
      // A helper: judge it by what its callers pass (or by its defaults when nobody in this file calls it).
      const helper = enclosingFunction(discovery.call);
      if (helper === undefined || onlyDeletes(discovery.call, source)) {
        return;
      }
      const parameters = parametersOf(helper).filter((parameter) => target.parameters.includes(parameter.name));
      const callers = callersOf(helper, source);
      // Judged by its callers anywhere in the file, and reported there with this line in the message.
      const helperName = helper.childForFieldName('name')?.text ?? 'helper';
      const bindingsFor = (call: Node | undefined): Map<string, Node> => {
        const bindings = new Map<string, Node>();
        for (const parameter of parameters) {
          const argument = call === undefined ? undefined : argumentForParameter(call, helper, parameter);
          const value = argument ?? parameter.defaultValue;
          if (value !== undefined) {
            bindings.set(parameter.name, value);
          }
        }
        return bindings;
      };
      if (callers.length === 0) {
        const verdict = verdictFor(discovery, facts, bindingsFor(undefined));
        if (verdict.judgement.kind === 'artifact') {
          push(discovery.call, message(context, discovery.display, verdict.judgement.evidence, selection(root, region, source)));
        } else if (verdict.judgement.kind === 'unknown') {
          byHelperName();
        }
        return;
      }
      const verdicts = callers.map((caller) => verdictFor(discovery, facts, bindingsFor(caller)).judgement.kind);
      if (verdicts.every((kind) => kind === 'unknown')) {
        byHelperName();
      }
      for (const caller of callers) {
        const verdict = verdictFor(discovery, facts, bindingsFor(caller));
        if (verdict.judgement.kind !== 'artifact' || onlyDeletes(caller, source)) {
          continue;
        }
        const callerRoot = useRoot(caller);
        const via = `\`${snippet(caller.text, 40)}\` (via ${discovery.display} in ${helperName}(), line ${discovery.call.startPosition.row + 1})`;
        push(caller, message(context, discovery.display, verdict.judgement.evidence, selection(callerRoot, consumerRegion(callerRoot), source), via));
      }
    };
    for (const discovery of discoveries.filter((candidate) => !candidate.isFilter)) {
      report(discovery);
    }
    for (const discovery of discoveries.filter((candidate) => candidate.isFilter)) {
      report(discovery);
    }
    return findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  },
};

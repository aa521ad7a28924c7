// RR003 silent-fallback, handlers: `try:` around an artifact load whose `except` passes, continues, returns, assigns
// or only logs.
import type { Node, Tree } from 'web-tree-sitter';
import { snippet } from '../text/snippet';
import { argumentAt, callAtHit, callNameHits, methodName, qualifiedCallee, textCallNameHits } from '../python/callSites';
import type { CallNameHit } from '../python/callSites';
import { childrenOf, descendantsInScope, enclosingFunction, identifiersInScope, lastName, namedChildrenOf, scopeNodeTypes, parentOf, unwrapParentheses } from '../python/treeNavigation';
import type { PythonRuleContext, RuleFinding } from './rule';
import { exitsProgram, isLogCall } from './fallbackRoles';
import { carriesOn, remedy } from './silentFallbackEvidence';
import { isArtifactName, judgePattern } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';
import { staticValueOf } from '../python/staticStringValue';
import { plainStringValue } from '../python/stringLiterals';
import { findingMessage, firstFitting } from './findingMessage';

const loadCallees: ReadonlySet<string> = new Set(['torch.load', 'torch.jit.load', 'safetensors.torch.load_file', 'load_file', 'load_checkpoint']);

const loadMethods: ReadonlySet<string> = new Set(['load_state_dict', 'load_from_checkpoint', 'from_pretrained', 'load_checkpoint']);

const ignorableExceptions = /^\(?\s*(ImportError|ModuleNotFoundError|KeyboardInterrupt|StopIteration)(\s*,\s*(ImportError|ModuleNotFoundError))?\s*\)?$/;

function raisesOrExits(block: Node, tree: Tree, source: string): boolean {
  return descendantsInScope(block, new Set(['raise_statement'])).length > 0 || descendantsInScope(block, new Set(['call'])).some((call) => exitsProgram(call, tree, source));
}

export const loadCallNames = 'load|load_state_dict|load_from_checkpoint|from_pretrained|load_checkpoint|load_file|open';

/** `open('/some/file')`: the first argument is a plain string, up to its comma or closing parenthesis (text only). */
const plainFirstArgument = /^\s*[rRuU]?(['"])([^'"\\\n]*)\1\s*[,)]/;

/**
 * Sightings (text only) of the load calls the handler check looks at, after the first `try`: `open(...)` only when it
 * may read an artifact — not `def open(`, not `open()`, and not a plain string path that readsArtifact would reject.
 * The rule's gate and its candidate search both use this, so they cannot disagree.
 */
export function loadSightings(tree: Tree | undefined, source: string, firstTry: number, vocabulary: ArtifactVocabulary): CallNameHit[] {
  const hits = tree === undefined ? textCallNameHits(source, loadCallNames) : callNameHits(tree, source, loadCallNames);
  return hits.filter((hit) => {
    if (hit.offset < firstTry) return false;
    if (source.slice(hit.offset, hit.nameEnd) !== 'open') return true;
    if (/\bdef\s+$/.test(source.slice(Math.max(0, hit.offset - 8), hit.offset))) return false;
    const argument = source.slice(hit.parenOffset + 1, hit.parenOffset + 200);
    if (/^\s*\)/.test(argument)) return false;
    const literal = plainFirstArgument.exec(argument)?.[2];
    return literal === undefined || readsArtifactPath(literal, undefined, vocabulary);
  });
}

/** Whether a path read with `open` is an artifact: by the name holding it, or by its value (not a data file). */
function readsArtifactPath(value: string, name: string | undefined, vocabulary: ArtifactVocabulary): boolean {
  if (judgePattern(value, [], vocabulary).kind === 'data') {
    return false;
  }
  return (name !== undefined && isArtifactName(name, vocabulary)) || judgePattern(value.replace(/\.[A-Za-z][A-Za-z0-9]{0,11}$/, ''), [], vocabulary).kind === 'artifact';
}

/**
 * `open(p)` / `fs.open(p, "r")` reading a path whose words name a checkpoint or model (`last_checkpoint.{rank}`,
 * `ckpt_file`): reading it is loading it. An extension alone does not decide (`data/cycles_{k}.pkl` is a dataset),
 * and opening for writing is not loading.
 */
function readsArtifact(call: Node, source: string, vocabulary: ArtifactVocabulary): boolean {
  const callee = call.childForFieldName('function');
  if (callee === null || (callee.type === 'identifier' ? callee.text : methodName(call)) !== 'open') {
    return false;
  }
  const path = argumentAt(call, 0, 'file');
  const mode = argumentAt(call, 1, 'mode');
  const modeText = mode === undefined ? 'r' : plainStringValue(mode);
  if (path === undefined || modeText === undefined || /[wax+]/.test(modeText)) {
    return false;
  }
  return readsArtifactPath(staticValueOf(path, source).text, lastName(unwrapParentheses(path)), vocabulary);
}

/** A `try` statement starts with the keyword, so a load before the first `try` in the text is in no try body. */
export function firstTryOffset(source: string): number {
  return source.search(/\btry\b/);
}

/** Each `try` statement whose body (not a nested function) loads an artifact, with that load call. */
function tryStatementsAroundLoads(context: PythonRuleContext): Array<{ readonly tryStatement: Node; readonly load: Node }> {
  const { tree, source } = context;
  const found = new Map<number, { readonly tryStatement: Node; readonly load: Node }>();
  const firstTry = firstTryOffset(source);
  if (firstTry === -1) {
    return [];
  }
  for (const hit of loadSightings(tree, source, firstTry, context.vocabulary)) {
    const call = callAtHit(tree, hit);
    if (call === undefined || call.startIndex < firstTry) {
      continue;
    }
    const callee = qualifiedCallee(call, tree, source) ?? '';
    const method = methodName(call) ?? '';
    if (!loadCallees.has(callee) && !loadMethods.has(method) && !readsArtifact(call, source, context.vocabulary)) {
      continue;
    }
    let child: Node = call;
    for (let parent = parentOf(call), type = parent?.type; parent !== null && type !== undefined && !scopeNodeTypes.has(type); child = parent, parent = parentOf(parent), type = parent?.type) {
      if (type === 'try_statement' && parent.childForFieldName('body')?.id === child.id) {
        if (!found.has(parent.id)) {
          found.set(parent.id, { tryStatement: parent, load: call });
        }
        break;
      }
    }
  }
  return [...found.values()];
}

/** A handler that loads again (another way, or the same file with other options) is judged by its own `try`, if any. */
function retriesLoad(handlerBody: Node, tree: Tree, source: string): boolean {
  return descendantsInScope(handlerBody, new Set(['call'])).some((call) => loadCallees.has(qualifiedCallee(call, tree, source) ?? '') || loadMethods.has(methodName(call) ?? ''));
}

/**
 * `try: return load(preferred) except NotFound: pass`, then a load of another source below: the handler moves on
 * to the next way of loading the same weights, and that load fails loudly on its own.
 */
function triesNextSource(tryStatement: Node, handlerBody: Node, source: string): boolean {
  const body = tryStatement.childForFieldName('body');
  const onlyPasses = namedChildrenOf(handlerBody).every((statement) => statement.type === 'pass_statement' || statement.type === 'continue_statement' || statement.type === 'comment');
  if (!onlyPasses || body === null || descendantsInScope(body, new Set(['return_statement'])).length === 0) {
    return false;
  }
  const scope = enclosingFunction(tryStatement);
  const after = source.slice(tryStatement.endIndex, scope?.endIndex ?? source.length);
  return /\b\w*load\w*\s*\(/.test(after);
}

const loopTypes: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);

/**
 * `for _ in range(trials): try: res = torch.load(p) ... except Exception: sleep(...)`: the handler waits and the
 * loop loads the same file again. It is a retry, not a fallback, when the loop is the `try`'s own block, the load
 * does not read the loop variable (that would be trying the next candidate) and the handler neither breaks nor returns.
 */
function retriesSameLoad(tryStatement: Node, load: Node, handlerBody: Node): boolean {
  const block = parentOf(tryStatement);
  const loop = block?.type === 'block' ? parentOf(block) : null;
  if (loop === null || !loopTypes.has(loop.type)) {
    return false;
  }
  if (descendantsInScope(handlerBody, new Set(['break_statement', 'return_statement'])).length > 0) {
    return false;
  }
  const target = loop.type === 'for_statement' ? loop.childForFieldName('left') : null;
  const loopNames = target === null ? [] : identifiersInScope(target).map((node) => node.text);
  const loadReads = new Set(identifiersInScope(load).map((node) => node.text));
  return loopNames.every((name) => name === '_' || !loadReads.has(name));
}

/**
 * `except Exception: failed = True` and later `assert failed` (tests that a load must fail), or `exception = ex` and
 * later `if exception is not None: raise exception` (log lines beside it allowed: `print(...); all_passed = False`, then
 * `if not all_passed: raise SystemExit(1)`): the handler records the failure for a check that acts on it.
 */
function recordsFailureForCheck(handler: Node, handlerBody: Node, tryStatement: Node, tree: Tree, source: string): boolean {
  const statements = namedChildrenOf(handlerBody).filter((statement) => statement.type !== 'comment');
  const caughtName = handler.childForFieldName('value')?.childForFieldName('alias')?.text;
  const recorded: string[] = [];
  for (const statement of statements) {
    const assignment = statement.type === 'expression_statement' ? namedChildrenOf(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
    if (left?.type === 'identifier' && right !== null && (right.type === 'true' || right.type === 'false' || (caughtName !== undefined && right.text === caughtName))) {
      recorded.push(left.text);
      continue;
    }
    const call = statement.type === 'expression_statement' ? namedChildrenOf(statement)[0] : undefined;
    if (statement.type !== 'pass_statement' && !isSleep(statement) && !(call?.type === 'call' && isLogCall(call, tree, source))) {
      return false;
    }
  }
  if (recorded.length === 0) {
    return false;
  }
  const scope = enclosingFunction(tryStatement) ?? tryStatement.tree.rootNode;
  const checks = descendantsInScope(scope, new Set(['assert_statement', 'if_statement'])).filter((check) => check.startIndex >= tryStatement.endIndex);
  return recorded.every((name) =>
    checks.some((check) => {
      const condition = check.type === 'assert_statement' ? namedChildrenOf(check)[0] : check.childForFieldName('condition');
      const reads = condition !== undefined && condition !== null && identifiersInScope(condition).some((identifier) => identifier.text === name);
      const consequence = check.type === 'if_statement' ? check.childForFieldName('consequence') : null;
      return reads && (check.type === 'assert_statement' || (consequence !== null && descendantsInScope(consequence, new Set(['raise_statement'])).length > 0));
    }),
  );
}

/** `time.sleep(...)` before the next attempt. */
function isSleep(statement: Node): boolean {
  const call = statement.type === 'expression_statement' ? namedChildrenOf(statement)[0] : undefined;
  return call?.type === 'call' && /(^|\.)sleep$/.test(call.childForFieldName('function')?.text ?? '');
}

export function checkExceptHandlers(context: PythonRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { tree, source } = context;
  for (const { tryStatement, load } of tryStatementsAroundLoads(context)) {
    for (const handler of childrenOf(tryStatement).filter((child) => child.type === 'except_clause')) {
      const caught = namedChildrenOf(handler).find((child) => child.type !== 'block' && child.type !== 'comment');
      if (caught !== undefined && ignorableExceptions.test(caught.text.replace(/\s+as\s+\w+$/, ''))) {
        continue;
      }
      const handlerBody = namedChildrenOf(handler).find((child) => child.type === 'block');
      if (
        handlerBody === undefined ||
        raisesOrExits(handlerBody, tree, source) ||
        retriesLoad(handlerBody, tree, source) ||
        triesNextSource(tryStatement, handlerBody, source) ||
        retriesSameLoad(tryStatement, load, handlerBody) ||
        recordsFailureForCheck(handler, handlerBody, tryStatement, tree, source)
      ) {
        continue;
      }
      const action = carriesOn(handlerBody, tree, source, argumentAt(load, 0));
      if (action === undefined) {
        continue;
      }
      const colon = childrenOf(handler).find((child) => child.type === ':');
      const headerEnd = colon?.endIndex ?? handler.startIndex + 6;
      const header = source.slice(handler.startIndex, headerEnd);
      findings.push({
        range: context.rangeOfOffsets(handler.startIndex, headerEnd),
        message: findingMessage(
          firstFitting(
            `\`${snippet(header, 30)}\` around \`${snippet(load.text, 35)}\` carries on if the load fails: the handler ${action}`,
            `\`${snippet(header, 30)}\` carries on if \`${snippet(load.text, 25)}\` fails: the handler ${action}`,
            `\`${snippet(header, 30)}\` carries on if the load fails: the handler ${action}`,
            `\`${snippet(header, 25)}\` carries on: the handler ${action}`,
          ),
          `let the error propagate or ${remedy}`,
        ),
      });
    }
  }
  return findings;
}

// RR003 silent-fallback.
//
// Catches a missing artifact or path handled by carrying on instead of failing:
// - an existence check (`os.path.exists/isfile/isdir`, `Path.exists/is_file/is_dir`) on an artifact path whose
//   "missing" branch only assigns a default, returns, continues, passes or logs (`if not exists(p): p = legacy`;
//   `if exists(ckpt): load(ckpt) else: print("training from scratch")`; `p if exists(p) else default`);
// - `try:` around an artifact load (`torch.load`, `load_state_dict`, `load_from_checkpoint`, `from_pretrained`)
//   whose `except` passes, continues, returns, assigns or only logs;
// - `if p is None: p = <default path>` / `if not p: p = ...` for an artifact path;
// - `getattr(cfg, "..._path", default)`, `.get("..._path", default)`, `os.getenv("..._PATH", default)` with a real
//   default, and `path or default_path` / `path if path else default_path` in a value position — when the setting
//   names an artifact (`teacher_path`, `ckpt_dir`) or the default points at one (`.pth`, a legacy root).
// The runbook's remedy: raise FileNotFoundError or ValueError that says what is missing and how to produce it.
//
// Deliberately not flagged: branches and handlers that raise (a new error or a re-raise) or exit; branches that do
// real work (create the folder, download, train: that is producing the artifact, not ignoring its absence); checks
// on non-artifact paths (logs, caches, configs, data — a missing log folder returning `[]` is fine); `.get("x_path")`
// and `getattr(cfg, "x_path")` without a default, and defaults that are None/empty (the caller still has to decide);
// `except ImportError`; boolean conditions (`if a_path or b_path:`) where nothing is substituted; defaults derived
// from the canonical location (`... or cfg.model_artifact_path()`), which is the runbook's own remedy.
import type { Node, Tree } from 'web-tree-sitter';
import { artifactTriggerWords, isArtifactName, judgePattern, layoutRootWords } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { snippet } from '../text/snippet';
import { argumentAt, callAtName, callAtHit, callNameHits, hasCallNameHit, hasCallNameHitFrom, methodName, qualifiedCallee } from '../python/callSites';
import { plainStringValue } from '../python/stringLiterals';
import { childrenOf, descendantsInScope, dottedName, enclosingFunction, lastName, namedChildrenOf, nodeAt, scopeNodeTypes, unwrapParentheses, parentOf } from '../python/treeNavigation';
import { reachingDefinition } from '../python/valueTracing';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import { staticValueOf } from '../python/staticStringValue';
import { escapeRegExp } from '../text/escapeRegExp';
import { carryOnAction, existenceTestSubject, exitsProgram, inArtifactFunction, isLoadedAsArtifact, isLogCall } from './fallbackRoles';

const remedy = 'raise FileNotFoundError (or ValueError) that names the missing artifact and how to produce it — train that run first or set its path explicitly';

const existenceFunctions: ReadonlySet<string> = new Set(['os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.lexists', 'osp.exists', 'osp.isfile', 'osp.isdir', 'path.exists', 'path.isfile', 'path.isdir', 'exists', 'isfile', 'isdir']);
const loadCallees: ReadonlySet<string> = new Set(['torch.load', 'torch.jit.load', 'safetensors.torch.load_file', 'load_file', 'load_checkpoint']);
const loadMethods: ReadonlySet<string> = new Set(['load_state_dict', 'load_from_checkpoint', 'from_pretrained', 'load_checkpoint']);
const ignorableExceptions = /^\(?\s*(ImportError|ModuleNotFoundError|KeyboardInterrupt|StopIteration)(\s*,\s*(ImportError|ModuleNotFoundError))?\s*\)?$/;

/** A name that holds a path: `teacher_path`, `CKPT_DIR`, `weights_file`, `checkpoint`. */
function isPathName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1] ?? '';
  return (
    (words.length > 1 && ['path', 'paths', 'dir', 'directory', 'file', 'filename', 'ckpt', 'checkpoint', 'weights'].includes(last)) ||
    words.some((word) => word === 'ckpt' || word === 'checkpoint' || word === 'weights')
  );
}

/** Setting names whose defaults are conveniences, not fallbacks for a required artifact. */
function isIncidentalName(name: string): boolean {
  return nameWords(name).some((word) => ['log', 'logs', 'logging', 'cache', 'tmp', 'temp', 'home', 'config', 'cfg', 'conf', 'plugin', 'plugins', 'site', 'lib', 'bin', 'script', 'source', 'src', 'doc', 'docs', 'test', 'tests'].includes(word));
}

function isEmptyDefault(node: Node): boolean {
  const value = unwrapParentheses(node);
  if (['none', 'false', 'integer', 'list', 'dictionary', 'tuple', 'set'].includes(value.type)) {
    return value.type === 'integer' ? value.text === '0' : value.type === 'none' || value.type === 'false' || value.namedChildCount === 0;
  }
  return plainStringValue(value) === '';
}

type ArtifactEvidence = { readonly artifact: true; readonly what: string } | { readonly artifact: false };

/** Whether a checked path expression is a model artifact, from its name and, when it can be built, its value. */
function artifactEvidence(expression: Node, source: string, legacyRoots: readonly string[], layoutUnder: (text: string) => boolean): ArtifactEvidence {
  const value = staticValueOf(expression, source);
  const byValue = judgePattern(value.text, legacyRoots);
  if (byValue.kind === 'data') {
    return { artifact: false };
  }
  const name = lastName(expression);
  if (name !== undefined && isArtifactName(name) && !isIncidentalName(name)) {
    return { artifact: true, what: `\`${dottedName(unwrapParentheses(expression)) ?? name}\`` };
  }
  if (byValue.kind === 'artifact' && !value.unknown) {
    return { artifact: true, what: `'${value.text}'` };
  }
  if (!value.unknown && layoutUnder(value.text)) {
    return { artifact: true, what: `'${value.text}'` };
  }
  return { artifact: false };
}

interface ExistenceCheck {
  readonly checked: Node;
  /** True when the condition holds if the path is missing (`not exists(p)`). */
  readonly whenMissing: boolean;
}

/** `def exists(val): return val is not None` (a common helper in model code) makes `exists(x)` a None test. */
function isLocalNoneTest(name: string, source: string): boolean {
  return new RegExp(`^[ \\t]*def[ \\t]+${name}[ \\t]*\\([^)]*\\)[^:]*:\\s*(?:#[^\\n]*\\s*)?return\\b[^\\n]*\\bis\\s+(?:not\\s+)?None\\b`, 'm').test(source);
}

function existenceCall(node: Node, tree: Tree, source: string): Node | undefined {
  if (node.type !== 'call') {
    return undefined;
  }
  const calleeNode = node.childForFieldName('function');
  if (calleeNode?.type === 'identifier' && isLocalNoneTest(calleeNode.text, source)) {
    return undefined;
  }
  const callee = qualifiedCallee(node, tree, source);
  if (callee !== undefined && existenceFunctions.has(callee)) {
    return argumentAt(node, 0);
  }
  return existenceTestSubject(node);
}

function existenceCheck(condition: Node, tree: Tree, source: string): ExistenceCheck | undefined {
  const node = unwrapParentheses(condition);
  if (node.type === 'not_operator') {
    const inner = node.childForFieldName('argument');
    const check = inner === null ? undefined : existenceCheck(inner, tree, source);
    return check === undefined ? undefined : { checked: check.checked, whenMissing: !check.whenMissing };
  }
  if (node.type === 'boolean_operator') {
    const operator = node.childForFieldName('operator')?.type;
    const operands = [node.childForFieldName('left'), node.childForFieldName('right')].filter((operand): operand is Node => operand !== null);
    for (const operand of operands) {
      const check = existenceCheck(operand, tree, source);
      // `missing or other` still runs the branch when missing; `exists and other` still skips it when missing.
      if (check !== undefined && ((operator === 'or' && check.whenMissing) || (operator === 'and' && !check.whenMissing))) {
        return check;
      }
    }
    return undefined;
  }
  if (node.type === 'comparison_operator') {
    const [left, right] = namedChildrenOf(node);
    const text = node.text;
    if (left !== undefined && right?.type === 'false' && /\b(is|==)\b/.test(text) && !/\bis not\b|!=/.test(text)) {
      const checked = existenceCall(unwrapParentheses(left), tree, source);
      return checked === undefined ? undefined : { checked, whenMissing: true };
    }
    return undefined;
  }
  const checked = existenceCall(node, tree, source);
  return checked === undefined ? undefined : { checked, whenMissing: false };
}

/** What a branch does if it only carries on (for the message), or undefined when it fails, exits or produces the artifact. */
function carriesOn(block: Node, tree: Tree, source: string, checked?: Node): string | undefined {
  return carryOnAction(block, tree, source, checked);
}

const conditionParts: ReadonlySet<string> = new Set(['not_operator', 'boolean_operator', 'parenthesized_expression', 'comparison_operator']);

interface Branches {
  readonly consequenceAction: string | undefined;
  readonly hasAlternative: boolean;
}

/** What an `if` statement's `then` branch does and whether it has elif/else. */
function branchesOf(statement: Node, tree: Tree, source: string): Branches {
  const consequence = statement.childForFieldName('consequence');
  const condition = statement.childForFieldName('condition');
  const checked = condition === null ? undefined : existenceCheck(condition, tree, source)?.checked;
  return { consequenceAction: consequence === null ? undefined : carriesOn(consequence, tree, source, checked), hasAlternative: statement.childForFieldName('alternative') !== null };
}

/** With no elif/else and a `then` branch that fails or does real work, no reading of the condition makes a fallback. */
function cannotFallBack(branches: Branches): boolean {
  return branches.consequenceAction === undefined && !branches.hasAlternative;
}

const existenceNames = 'exists|isfile|isdir|lexists|is_file|is_dir|\\w+_exists|exists_\\w+';

/** Adds the `if` statement or conditional expression whose condition contains `call`, if there is one. */
function addExistenceOwner(call: Node, owners: Map<number, Node>): void {
  let node = call;
  let owner = parentOf(node);
  let ownerType = owner?.type;
  while (owner !== null && ownerType !== undefined && conditionParts.has(ownerType)) {
    node = owner;
    owner = parentOf(node);
    ownerType = owner?.type;
  }
  if (owner === null || owners.has(owner.id)) {
    return;
  }
  if ((ownerType === 'if_statement' && owner.childForFieldName('condition')?.id === node.id) || (ownerType === 'conditional_expression' && namedChildrenOf(owner)[1]?.id === node.id)) {
    owners.set(owner.id, owner);
  }
}

/** The `if` statements and conditional expressions whose condition contains an existence check. */
function existenceOwners(context: PythonRuleContext): Node[] {
  const { tree, source } = context;
  const owners = new Map<number, Node>();
  for (const hit of callNameHits(tree, source, existenceNames)) {
    const call = callAtHit(tree, hit);
    if (call !== undefined) {
      addExistenceOwner(call, owners);
    }
  }
  // The `if`s that cannot fall back whatever their condition says are skipped where they are judged.
  return [...owners.values()];
}

/** True when the condition's existence test is a folder test (`isdir`, `is_dir`). */
function isFolderTest(condition: Node, tree: Tree, source: string): boolean {
  return descendantsInScope(condition, new Set(['call'])).concat(condition.type === 'call' ? [condition] : []).some((call) => {
    const name = lastName(call.childForFieldName('function') ?? call) ?? '';
    return (name === 'isdir' || name === 'is_dir') && existenceCall(call, tree, source) !== undefined;
  });
}

/**
 * When an `if exists(p):` branch always returns, the statement right after the `if` runs only when `p` is missing:
 * what it does if that is a plain `return`/`continue`/`pass` (`return None`), else undefined.
 */
function fallThroughAction(statement: Node): string | undefined {
  const consequence = statement.childForFieldName('consequence');
  const last = consequence === null ? undefined : namedChildrenOf(consequence).filter((child) => child.type !== 'comment').pop();
  if (last?.type !== 'return_statement') {
    return undefined;
  }
  let next = statement.nextNamedSibling;
  while (next !== null && next.type === 'comment') {
    next = next.nextNamedSibling;
  }
  if (next === null || !['return_statement', 'continue_statement', 'pass_statement'].includes(next.type)) {
    return undefined;
  }
  return describeStatement(next);
}

function describeStatement(statement: Node): string {
  return statement.type === 'return_statement' ? `returns (\`${snippet(statement.text, 40)}\`)` : statement.type === 'continue_statement' ? 'skips to the next item (`continue`)' : 'does nothing (`pass`)';
}

/**
 * Artifact evidence for a path whose existence is tested: its name or value, else its flow (it is loaded as an
 * artifact in the same function), else the function's own name (`restart_from_checkpoint`, `load_model_sharded`).
 */
function existenceEvidence(checked: Node, tree: Tree, source: string, evidenceOf: (node: Node) => ArtifactEvidence): ArtifactEvidence {
  const direct = evidenceOf(checked);
  const name = lastName(unwrapParentheses(checked));
  if (direct.artifact || (name !== undefined && isIncidentalName(name))) {
    return direct;
  }
  const shown = `\`${snippet(unwrapParentheses(checked).text, 40)}\``;
  if (isLoadedAsArtifact(unwrapParentheses(checked), tree, source)) {
    return { artifact: true, what: `${shown} (loaded below)` };
  }
  if (inArtifactFunction(checked)) {
    const functionName = enclosingFunction(checked)?.childForFieldName('name')?.text ?? '';
    return { artifact: true, what: `${shown} (in ${functionName}())` };
  }
  return direct;
}

function checkExistenceBranches(context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { tree, source } = context;
  for (const statement of existenceOwners(context)) {
    if (statement.type === 'conditional_expression') {
      const [whenTrue, condition, whenFalse] = namedChildrenOf(statement);
      const check = condition === undefined ? undefined : existenceCheck(condition, tree, source);
      if (check === undefined || whenTrue === undefined || whenFalse === undefined || condition === undefined) {
        continue;
      }
      const fallback = check.whenMissing ? whenTrue : whenFalse;
      const preferred = check.whenMissing ? whenFalse : whenTrue;
      if (isEmptyDefault(fallback) || (fallback.type === 'call' && /^(raise_|_raise|fail)/.test(lastName(fallback.childForFieldName('function') ?? fallback) ?? '')) || isSubsetOf(fallback, preferred) || isDisplayLabel(fallback) || isDisplayLabel(preferred)) {
        continue;
      }
      const evidence = evidenceOf(check.checked);
      if (evidence.artifact) {
        findings.push({
          range: context.rangeOf(statement),
          message: `\`${snippet(statement.text)}\` silently falls back to \`${snippet(fallback.text, 40)}\` when the artifact ${evidence.what} is missing; ${remedy}.`,
        });
      }
      continue;
    }
    // Cheap exit first: with no elif/else and a `then` branch that fails or does real work, no reading of the
    // condition can make this a fallback.
    const branches = branchesOf(statement, tree, source);
    const { consequenceAction } = branches;
    if (cannotFallBack(branches)) {
      continue;
    }
    const condition = statement.childForFieldName('condition');
    const check = condition === null ? undefined : existenceCheck(condition, tree, source);
    if (check === undefined || condition === null) {
      continue;
    }
    let action: string | undefined;
    let missingBranch = check.whenMissing ? 'branch' : '`else` branch';
    if (check.whenMissing) {
      action = consequenceAction;
    } else if (isFolderTest(condition, tree, source)) {
      // `if os.path.isdir(p): ... else: ...`: the `else` also runs for a file, so it is not the "missing" branch.
      action = undefined;
    } else {
      const alternative = childrenOf(statement).find((child) => child.type === 'else_clause');
      const branch = alternative?.childForFieldName('body') ?? null;
      action = branch === null ? undefined : carriesOn(branch, tree, source, check.checked);
      if (branch === null && childrenOf(statement).every((child) => child.type !== 'elif_clause')) {
        // `if exists(p): return p` then `return None`: the statement after the `if` is the "missing" branch.
        action = fallThroughAction(statement);
        missingBranch = 'code after it';
      }
    }
    if (action === undefined) {
      continue;
    }
    const evidence = existenceEvidence(check.checked, tree, source, evidenceOf);
    if (!evidence.artifact) {
      continue;
    }
    const shownCondition = `if ${snippet(condition.text, 50)}`;
    findings.push({
      range: context.rangeOf(condition),
      message: `\`${shownCondition}\` carries on when the artifact ${evidence.what} is missing: the ${missingBranch} ${action}; ${remedy}.`,
    });
  }
  for (const match of unsetPathChecks(source)) {
    const statement = nodeAt(tree, match.index ?? 0)?.parent;
    const condition = statement?.type === 'if_statement' ? statement.childForFieldName('condition') : null;
    if (statement !== undefined && statement !== null && condition !== null) {
      const finding = unsetPathDefault(statement, condition, context, evidenceOf);
      if (finding !== undefined) {
        findings.push(finding);
      }
    }
  }
  return findings;
}

/** `if not p:` / `if p is None:` sightings (text only) whose name is path-like: where unsetPathDefault looks. */
function* unsetPathChecks(source: string): Generator<RegExpMatchArray> {
  for (const match of source.matchAll(/\bif[ \t]+(?:not[ \t]+)?((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?:[ \t]+is[ \t]+None)?[ \t]*:/g)) {
    if (isPathName(match[1] ?? '')) {
      yield match;
    }
  }
}

/** Code that derives the canonical location (the runbook's remedy), so a default built from it is not a fallback. */
function isCanonicalSource(node: Node): boolean {
  return /\b(canonical_experiment_dir|required_artifacts|model_artifact_path|get_hierarchical_paths)\b/.test(node.text);
}

/** `"Best" if best.exists() else "Last"`: a word for display, not a path (no folder, no file extension). */
function isDisplayLabel(node: Node): boolean {
  const text = plainStringValue(unwrapParentheses(node));
  return text !== undefined && !/[\\/]/.test(text) && !/\.[A-Za-z][A-Za-z0-9]{0,11}$/.test(text);
}

/** `(last, best) if best.exists() else (last)`: the fallback is one of the preferred items, so nothing is substituted. */
function isSubsetOf(fallback: Node, preferred: Node): boolean {
  const items = unwrapParentheses(preferred);
  const fallbackText = unwrapParentheses(fallback).text;
  return (items.type === 'tuple' || items.type === 'list') && namedChildrenOf(items).some((item) => item.text === fallbackText);
}

/** A name bound to what a load returned (`checkpoint = torch.load(p)`) holds an object, not a path. */
function isLoadedObject(node: Node, context: PythonRuleContext): boolean {
  const value = unwrapParentheses(node);
  if (value.type !== 'identifier') {
    return false;
  }
  const definition = reachingDefinition(value, context.source);
  if (definition?.kind !== 'expression') {
    return false;
  }
  const bound = unwrapParentheses(definition.value);
  return bound.type === 'call' && /(^|\.)(load|load_file|load_state_dict_from_url|load_checkpoint)$/.test(qualifiedCallee(bound, context.tree, context.source) ?? bound.childForFieldName('function')?.text ?? '');
}

/** `if p is None: p = default` / `if not p: p = default` for an artifact path: the unset path quietly becomes another. */
function unsetPathDefault(statement: Node, condition: Node, context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding | undefined {
  const test = unwrapParentheses(condition);
  let subject: Node | null | undefined;
  if (test.type === 'not_operator') {
    subject = test.childForFieldName('argument');
  } else if (test.type === 'comparison_operator' && /^\S+\s+is\s+None$/.test(test.text.replace(/\s+/g, ' '))) {
    subject = test.firstNamedChild;
  }
  const name = subject === null || subject === undefined ? undefined : dottedName(unwrapParentheses(subject));
  const consequence = statement.childForFieldName('consequence');
  if (name === undefined || consequence === null || !isPathName(name) || isIncidentalName(name)) {
    return undefined;
  }
  const assignments = namedChildrenOf(consequence).filter((child) => child.type !== 'comment');
  const values: Node[] = [];
  for (const child of assignments) {
    const assignment = child.type === 'expression_statement' ? child.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right');
    if (left === null || left === undefined || dottedName(left) !== name || right === null || right === undefined) {
      if (child.type === 'expression_statement' && child.firstNamedChild?.type === 'call' && isLogCall(child.firstNamedChild, context.tree, context.source)) {
        continue;
      }
      return undefined;
    }
    values.push(right);
  }
  const fallback = values[0];
  if (fallback === undefined || isEmptyDefault(fallback) || isCanonicalSource(fallback) || isLoadedObject(fallback, context)) {
    return undefined;
  }
  if (!isArtifactName(name) && !evidenceOf(fallback).artifact) {
    return undefined;
  }
  return {
    range: context.rangeOf(condition),
    message: `\`if ${snippet(condition.text, 50)}\` silently substitutes a default artifact path (\`${snippet(fallback.text, 70)}\`) when none was found or given; ${remedy}.`,
  };
}

function raisesOrExits(block: Node, tree: Tree, source: string): boolean {
  return descendantsInScope(block, new Set(['raise_statement'])).length > 0 || descendantsInScope(block, new Set(['call'])).some((call) => exitsProgram(call, tree, source));
}

const loadCallNames = 'load|load_state_dict|load_from_checkpoint|from_pretrained|load_checkpoint|load_file';

/** A `try` statement starts with the keyword, so a load before the first `try` in the text is in no try body. */
function firstTryOffset(source: string): number {
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
  for (const hit of callNameHits(tree, source, loadCallNames)) {
    const call = hit.offset < firstTry ? undefined : callAtHit(tree, hit);
    if (call === undefined || call.startIndex < firstTry) {
      continue;
    }
    const callee = qualifiedCallee(call, tree, source) ?? '';
    const method = methodName(call) ?? '';
    if (!loadCallees.has(callee) && !loadMethods.has(method)) {
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

function checkExceptHandlers(context: PythonRuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { tree, source } = context;
  for (const { tryStatement, load } of tryStatementsAroundLoads(context)) {
    for (const handler of childrenOf(tryStatement).filter((child) => child.type === 'except_clause')) {
      const caught = namedChildrenOf(handler).find((child) => child.type !== 'block' && child.type !== 'comment');
      if (caught !== undefined && ignorableExceptions.test(caught.text.replace(/\s+as\s+\w+$/, ''))) {
        continue;
      }
      const handlerBody = namedChildrenOf(handler).find((child) => child.type === 'block');
      if (handlerBody === undefined || raisesOrExits(handlerBody, tree, source) || retriesLoad(handlerBody, tree, source) || triesNextSource(tryStatement, handlerBody, source)) {
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
        message: `\`${snippet(header, 50)}\` around \`${snippet(load.text, 40)}\` carries on when the artifact cannot be loaded: the handler ${action}; let the error propagate or ${remedy}.`,
      });
    }
  }
  return findings;
}

/** True when the expression's value is used (assigned, returned, passed), not merely tested. */
function inValuePosition(node: Node): boolean {
  let current = node;
  for (let parent = parentOf(current); parent?.type === 'parenthesized_expression'; parent = parentOf(current)) {
    current = parent;
  }
  const parent = parentOf(current);
  if (parent === null) {
    return false;
  }
  return ['assignment', 'return_statement', 'argument_list', 'keyword_argument', 'pair', 'default_parameter', 'typed_default_parameter', 'augmented_assignment'].includes(parent.type) && !(parent.type === 'assignment' && parent.childForFieldName('left')?.id === current.id);
}

/** `getattr(cfg, "x_path", ...)` / `.get("ckpt_dir", ...)` / `os.getenv("MODEL_PATH", ...)` sightings (text only) with a path-like key. */
function* settingDefaultSightings(source: string): Generator<RegExpMatchArray> {
  for (const match of source.matchAll(/\b(getattr|get|getenv|setdefault|pop)\s*\([^()"'\n]*?(["'])([\w.-]+)\2/g)) {
    if (isPathName(match[3] ?? '')) {
      yield match;
    }
  }
}

/**
 * False only when the left operand of an `or` at `offset` cannot have a path-like last name (checkDefaults needs
 * one, or a call): the text right before the `or` on the same line, after spaces and tabs, ends with a plain ASCII
 * word that is not a path name (`None or`, `file or`, `keyfile is not None or`). Anything else may qualify: a `)` or
 * `]`, another character, or a line break (the operand may end on an earlier line, after a comment or a `\`).
 */
function orOperandMayBePathName(source: string, offset: number): boolean {
  let end = offset;
  while (end > 0 && (source[end - 1] === ' ' || source[end - 1] === '\t')) {
    end -= 1;
  }
  let start = end;
  while (start > 0 && /\w/.test(source[start - 1] ?? '')) {
    start -= 1;
  }
  if (start === end || (start > 0 && (source.charCodeAt(start - 1) > 0x7f || source[start - 1] === '\\'))) {
    return true;
  }
  return isPathName(source.slice(start, end));
}

/** Offsets of `or` operators (text only) on a line that mentions a path-like word before them, after a possibly path-like operand. */
function* pathOrSightings(source: string): Generator<number> {
  for (const match of source.matchAll(/[ \t)\]]or[ \t]/g)) {
    const offset = (match.index ?? 0) + 1;
    const linePrefix = source.slice(source.lastIndexOf('\n', offset) + 1, offset);
    if (/path|dir|file|ckpt|checkpoint|weights/i.test(linePrefix) && orOperandMayBePathName(source, offset)) {
      yield offset;
    }
  }
}

/** `ckpt_path if ckpt_path else ...` sightings (text only): a path-like name, repeated right before the `if`. */
function* pathConditionalSightings(source: string): Generator<RegExpMatchArray> {
  for (const match of source.matchAll(/\bif[ \t]+((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?:[ \t]+is[ \t]+not[ \t]+None)?[ \t]+else\b/g)) {
    // The name is used in the first branch (checked on the syntax tree): `p if p else d`, `(root / p) if p is not None else d`.
    if (isPathName(match[1] ?? '')) {
      yield match;
    }
  }
}

function some(items: Iterable<unknown>): boolean {
  for (const _item of items) {
    return true;
  }
  return false;
}

/**
 * The rule's pre-parse gate: every finding comes from one of these text sightings (an existence-check call name, an
 * `if not p:` check, a load call after the first `try`, a setting read with a default, a path-like `or` / `if ... else`).
 */
function mayFindFallback(source: string): boolean {
  const firstTry = firstTryOffset(source);
  return (
    hasCallNameHit(source, existenceNames) ||
    some(unsetPathChecks(source)) ||
    (firstTry !== -1 && hasCallNameHitFrom(source, loadCallNames, firstTry)) ||
    some(settingDefaultSightings(source)) ||
    some(pathOrSightings(source)) ||
    some(pathConditionalSightings(source))
  );
}

function checkDefaults(context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const { tree, source } = context;
  // `getattr(cfg, "teacher_path", ...)`, `.get("ckpt_dir", ...)`, `os.getenv("MODEL_PATH", ...)`: prefiltered on the key text.
  for (const match of settingDefaultSightings(source)) {
    const call = callAtName(tree, match.index ?? 0);
    if (call === undefined) {
      continue;
    }
    const callee = qualifiedCallee(call, tree, source) ?? '';
    const isGetattr = callee === 'getattr';
    if (!isGetattr && methodName(call) === undefined && callee !== 'os.getenv') {
      continue;
    }
    const keyNode = argumentAt(call, isGetattr ? 1 : 0);
    const defaultNode = isGetattr ? argumentAt(call, 2) : argumentAt(call, 1, 'default');
    const key = keyNode === undefined ? undefined : plainStringValue(keyNode);
    if (key === undefined || defaultNode === undefined || !isPathName(key) || isIncidentalName(key) || isEmptyDefault(defaultNode)) {
      continue;
    }
    if ((!isArtifactName(key) && !evidenceOf(defaultNode).artifact) || isCanonicalSource(defaultNode)) {
      continue;
    }
    findings.push({
      range: context.rangeOf(call),
      message: `\`${snippet(call.text)}\` silently falls back to \`${snippet(defaultNode.text, 40)}\` when '${key}' is not set; read it without a default and raise ValueError saying which setting is missing and how to set it (FileNotFoundError when the file itself is missing).`,
    });
  }
  const operators = new Map<number, Node>();
  // `ckpt_path or "checkpoints/best.pt"`: an `or` right after a path-like name (or a call reading one).
  for (const offset of pathOrSightings(source)) {
    const operator = nodeAt(tree, offset)?.parent;
    if (operator?.type === 'boolean_operator') {
      operators.set(operator.id, operator);
    }
  }
  // `ckpt_path if ckpt_path else default` / `... if ckpt_path is not None else ...`
  for (const match of pathConditionalSightings(source)) {
    let node = nodeAt(tree, match.index ?? 0);
    for (let parent = node === undefined ? null : parentOf(node); node !== undefined && node.type !== 'conditional_expression' && parent !== null && parent.type !== 'block'; parent = parentOf(node)) {
      node = parent;
    }
    if (node?.type === 'conditional_expression') {
      operators.set(node.id, node);
    }
  }
  for (const operator of operators.values()) {
    if (!inValuePosition(operator)) {
      continue;
    }
    let primary: Node | undefined;
    let fallback: Node | undefined;
    if (operator.type === 'boolean_operator') {
      if (operator.childForFieldName('operator')?.type !== 'or') {
        continue;
      }
      primary = operator.childForFieldName('left') ?? undefined;
      fallback = operator.childForFieldName('right') ?? undefined;
    } else {
      const [whenTrue, condition, whenFalse] = namedChildrenOf(operator);
      const subject = condition === undefined ? undefined : /^(.+?)(\s+is\s+not\s+None)?$/.exec(condition.text.trim())?.[1];
      if (whenTrue === undefined || condition === undefined || subject === undefined) {
        continue;
      }
      if (new RegExp(`^${escapeRegExp(whenTrue.text)}(\\s+is\\s+not\\s+None)?$`).test(condition.text)) {
        primary = whenTrue;
      } else {
        // `(folder / r_file) if r_file is not None else latest_path`: the given name is used inside the first branch.
        primary = descendantsInScope(whenTrue, new Set(['identifier', 'attribute'])).find((node) => node.text === subject && /^[\w.]+$/.test(subject));
        if (primary === undefined) {
          continue;
        }
      }
      fallback = whenFalse;
    }
    if (primary === undefined || fallback === undefined || isEmptyDefault(fallback) || isDisplayLabel(fallback)) {
      continue;
    }
    const callName = (call: Node): string | undefined => {
      const key = argumentAt(call, call.childForFieldName('function')?.text === 'getattr' ? 1 : 0);
      // `cfg.get("ckpt_path")` is named by its key; `find_resume_checkpoint()` by itself.
      return (key === undefined ? undefined : plainStringValue(key)) ?? lastName(call.childForFieldName('function') ?? call);
    };
    const primaryName = primary.type === 'call' ? callName(primary) : lastName(primary);
    if (primaryName === undefined || !isPathName(primaryName) || isIncidentalName(primaryName) || (fallback.type === 'call' && /raise|fail|error/i.test(fallback.childForFieldName('function')?.text ?? ''))) {
      continue;
    }
    if ((!isArtifactName(primaryName) && !evidenceOf(fallback).artifact) || isCanonicalSource(fallback)) {
      continue;
    }
    findings.push({
      range: context.rangeOf(operator),
      message: `\`${snippet(operator.text)}\` silently falls back to \`${snippet(fallback.text, 40)}\` when \`${snippet(primary.text, 40)}\` is empty; require the path and ${remedy}.`,
    });
  }
  return findings;
}

export const silentFallbackRule: PythonRule = {
  id: 'RR003',
  name: 'silent-fallback',
  defaultSeverity: 'warning',
  description:
    'A missing artifact or path handled by carrying on (default path, return, pass, log-and-continue); raise FileNotFoundError or ValueError that says what is missing and how to produce it.',
  // Every finding needs artifact evidence (an artifact word in a name or value, an artifact load, a layout root).
  triggerWords: [...artifactTriggerWords, 'experiment_runs', 'osc_jobs'],
  triggerWordsFor: (layout) => [...artifactTriggerWords, ...layoutRootWords(layout)],
  mayFind: (source) => mayFindFallback(source),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const legacyRoots = context.layout.settings.legacyRoots;
    const underLayout = (text: string): boolean => {
      const classification = context.layout.parse(text).classification;
      return classification === 'legacy' || classification === 'canonical' || classification === 'canonical-template' || classification === 'non-canonical';
    };
    const evidenceOf = (node: Node): ArtifactEvidence => artifactEvidence(node, context.source, legacyRoots, underLayout);
    return [...checkExistenceBranches(context, evidenceOf), ...checkExceptHandlers(context), ...checkDefaults(context, evidenceOf)].sort(
      (a, b) => a.range.line - b.range.line || a.range.column - b.range.column,
    );
  },
};

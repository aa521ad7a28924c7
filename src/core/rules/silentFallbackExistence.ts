// RR003 silent-fallback, existence tests: `if not exists(p): p = legacy`, `p if exists(p) else default`, and an unset
// path quietly replaced (`if p is None: p = default`).
import type { Node, Tree } from 'web-tree-sitter';
import { snippet } from '../text/snippet';
import { argumentAt, callAtHit, callNameHits, hasCallNameHit, qualifiedCallee } from '../python/callSites';
import { childrenOf, descendantsInScope, dottedName, enclosingFunction, lastName, namedChildrenOf, nodeAt, unwrapParentheses, parentOf } from '../python/treeNavigation';
import { reachingDefinition } from '../python/valueTracing';
import type { PythonRuleContext, RuleFinding } from './rule';
import { createdFolder, existenceTestSubject, inArtifactFunction, isLoadedAsArtifact, isLogCall } from './fallbackRoles';
import { findingMessage, firstFitting } from './findingMessage';
import { carriesOn, isCanonicalSource, isDisplayLabel, isEmptyDefault, isIncidentalName, isPathName, defaultIsArtifact, remedy, substitutesNothing } from './silentFallbackEvidence';
import type { ArtifactEvidence } from './silentFallbackEvidence';

const existenceFunctions: ReadonlySet<string> = new Set(['os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.lexists', 'osp.exists', 'osp.isfile', 'osp.isdir', 'path.exists', 'path.isfile', 'path.isdir', 'exists', 'isfile', 'isdir']);

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

/** Every existence-test name contains one of these words, so a text without any of them has no existence test. */
const existenceWords = ['exists', 'isfile', 'isdir', 'is_file', 'is_dir'];

export const existenceNames = `_*(?:${existenceWords.join('|')}|lexists|\\w+_exists|exists_\\w+)`;

/**
 * Whether the text has a call named like an existence test. The plain substring search comes first because the
 * name regex's `\w+_exists` is tried at every word start: on ML code most files name no existence test at all.
 */
export function hasExistenceCall(source: string): boolean {
  return existenceWords.some((word) => source.includes(word)) && hasCallNameHit(source, existenceNames);
}

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

export function checkExistenceBranches(context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding[] {
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
          message: findingMessage(
            firstFitting(
              `\`${snippet(statement.text, 45)}\` falls back to \`${snippet(fallback.text, 30)}\` when the artifact is missing`,
              `\`${snippet(statement.text, 30)}\` falls back to \`${snippet(fallback.text, 30)}\` when the artifact is missing`,
              `\`${snippet(statement.text, 30)}\` falls back to \`${snippet(fallback.text, 30)}\` when it is missing`,
            ),
            remedy,
          ),
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
    const shownCondition = `\`if ${snippet(condition.text, 45)}\``;
    const headline = firstFitting(
      `${shownCondition} carries on when ${evidence.what} is missing: the ${missingBranch} ${action}`,
      `${shownCondition} carries on when the artifact is missing: the ${missingBranch} ${action}`,
      `${shownCondition}: if the artifact is missing, the ${missingBranch} ${action}`,
      `${shownCondition}: if missing, the ${missingBranch} ${action}`,
    );
    findings.push({ range: context.rangeOf(condition), message: findingMessage(headline, remedy) });
  }
  const unsetChecks = new Map<number, Node>();
  for (const match of unsetPathChecks(source)) {
    let statement = nodeAt(tree, match.index ?? 0)?.parent ?? null;
    // `if resuming and ckpt_path is None:`: the sighting is the `and`; its `if` is a few levels up.
    while (statement !== null && statement.type === 'boolean_operator') {
      statement = statement.parent;
    }
    if (statement?.type === 'if_statement') {
      unsetChecks.set(statement.id, statement);
    }
  }
  for (const statement of unsetChecks.values()) {
    const condition = statement.childForFieldName('condition');
    const finding = condition === null ? undefined : unsetPathDefault(statement, condition, context, evidenceOf);
    if (finding !== undefined) {
      findings.push(finding);
    }
  }
  return findings;
}

/** `if not p:` / `if p is None:` sightings (text only) whose name is path-like: where unsetPathDefault looks. */
export function* unsetPathChecks(source: string): Generator<RegExpMatchArray> {
  for (const match of source.matchAll(/\b(?:if|and)[ \t]+(?:not[ \t]+)?((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?:[ \t]+is[ \t]+None)?(?=[ \t]*(?::|and\b))/g)) {
    if (isPathName(match[1] ?? '')) {
      yield match;
    }
  }
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

/** The operands of a chain of `and`s (`a`, `b`, `c` in `a and b and c`), or the test itself. */
function conjuncts(test: Node): Node[] {
  const operator = test.type === 'boolean_operator' && test.childForFieldName('operator')?.type === 'and';
  const left = test.childForFieldName('left');
  const right = test.childForFieldName('right');
  return operator && left !== null && right !== null ? [...conjuncts(unwrapParentheses(left)), ...conjuncts(unwrapParentheses(right))] : [test];
}

/** `p` in `not p` or `p is None`, as a dotted name, when it names a path. */
function unsetPathName(test: Node): string | undefined {
  let subject: Node | null | undefined;
  if (test.type === 'not_operator') {
    subject = test.childForFieldName('argument');
  } else if (test.type === 'comparison_operator' && /^\S+\s+is\s+None$/.test(test.text.replace(/\s+/g, ' '))) {
    subject = test.firstNamedChild;
  }
  const name = subject === null || subject === undefined ? undefined : dottedName(unwrapParentheses(subject));
  return name !== undefined && isPathName(name) && !isIncidentalName(name) ? name : undefined;
}

/** `tip = "..." if x else ""`: a statement that only builds text (for the warning next to it), with no call. */
function onlyBuildsText(statement: Node): boolean {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
  if (right === null || right === undefined || right.type === 'call' || descendantsInScope(right, new Set(['call'])).length > 0) {
    return false;
  }
  return right.type === 'string' || right.type === 'concatenated_string' || descendantsInScope(right, new Set(['string'])).length > 0;
}

/**
 * `if out_dir is None: out_dir = checkpoint_dir / "evaluate"` followed by `out_dir.mkdir(...)` (or
 * `os.makedirs(out_dir)`): the default is where this function writes its outputs, a folder it creates, not a
 * missing artifact replaced by another.
 */
function isCreatedAfter(statement: Node, name: string): boolean {
  const scope = enclosingFunction(statement) ?? statement.tree.rootNode;
  return descendantsInScope(scope, new Set(['call'])).some((call) => {
    if (call.startIndex < statement.endIndex) {
      return false;
    }
    const callee = call.childForFieldName('function');
    const calleeName = callee === null ? undefined : lastName(callee);
    const subject = createdFolder(call);
    return (calleeName === 'mkdir' || calleeName === 'makedirs') && subject !== undefined && dottedName(unwrapParentheses(subject)) === name;
  });
}

/** `if p is None: p = default` / `if not p: p = default` for an artifact path: the unset path quietly becomes another. */
function unsetPathDefault(statement: Node, condition: Node, context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding | undefined {
  // `if resuming and ckpt_path is None:`: the path is still unset whenever the branch runs.
  const name = conjuncts(unwrapParentheses(condition)).map(unsetPathName).find((candidate) => candidate !== undefined);
  const consequence = statement.childForFieldName('consequence');
  if (name === undefined || consequence === null) {
    return undefined;
  }
  const assignments = namedChildrenOf(consequence).filter((child) => child.type !== 'comment');
  const values: Node[] = [];
  for (const child of assignments) {
    const assignment = child.type === 'expression_statement' ? child.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right');
    if (left === null || left === undefined || dottedName(left) !== name || right === null || right === undefined) {
      if ((child.type === 'expression_statement' && child.firstNamedChild?.type === 'call' && isLogCall(child.firstNamedChild, context.tree, context.source)) || (left !== null && left !== undefined && dottedName(left) !== name && onlyBuildsText(child))) {
        continue;
      }
      return undefined;
    }
    values.push(right);
  }
  const fallback = values[0];
  if (fallback === undefined || substitutesNothing(fallback) || isCanonicalSource(fallback, context) || isLoadedObject(fallback, context) || isCreatedAfter(statement, name)) {
    return undefined;
  }
  if (!defaultIsArtifact(name, fallback, context, evidenceOf)) {
    return undefined;
  }
  return {
    range: context.rangeOf(condition),
    message: findingMessage(
      firstFitting(
        `\`if ${snippet(condition.text, 40)}\` substitutes a default artifact path (\`${snippet(fallback.text, 40)}\`)`,
        `\`if ${snippet(condition.text, 30)}\` substitutes a default artifact path (\`${snippet(fallback.text, 25)}\`)`,
      ),
      remedy,
    ),
  };
}

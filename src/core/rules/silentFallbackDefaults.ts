// RR003 silent-fallback, defaults: `getattr(cfg, "x_path", default)`, `.get(...)`, `os.getenv(...)` with a real default,
// and `path or default` / `path if path else default` in a value position.
import type { Node } from 'web-tree-sitter';
import { snippet } from '../text/snippet';
import { argumentAt, callAtName, methodName, qualifiedCallee } from '../python/callSites';
import { plainStringValue } from '../python/stringLiterals';
import { descendantsInScope, lastName, namedChildrenOf, nodeAt, parentOf, unwrapParentheses } from '../python/treeNavigation';
import type { PythonRuleContext, RuleFinding } from './rule';
import { escapeRegExp } from '../text/escapeRegExp';
import { findingMessage, firstFitting } from './findingMessage';
import { isCanonicalSource, isDisplayLabel, isIncidentalName, isPathName, defaultIsArtifact, remedy, substitutesNothing } from './silentFallbackEvidence';
import type { ArtifactEvidence } from './silentFallbackEvidence';

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
export function* settingDefaultSightings(source: string): Generator<RegExpMatchArray> {
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
export function* pathOrSightings(source: string): Generator<number> {
  for (const match of source.matchAll(/[ \t)\]]or[ \t]/g)) {
    const offset = (match.index ?? 0) + 1;
    const linePrefix = source.slice(source.lastIndexOf('\n', offset) + 1, offset);
    if (/path|dir|file|ckpt|checkpoint|weights/i.test(linePrefix) && orOperandMayBePathName(source, offset)) {
      yield offset;
    }
  }
}

/** `ckpt_path if ckpt_path else ...` sightings (text only): a path-like name, repeated right before the `if`. */
export function* pathConditionalSightings(source: string): Generator<RegExpMatchArray> {
  for (const match of source.matchAll(/\bif[ \t]+((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?:[ \t]+is[ \t]+not[ \t]+None)?[ \t]+else\b/g)) {
    // The name is used in the first branch (checked on the syntax tree): `p if p else d`, `(root / p) if p is not None else d`.
    if (isPathName(match[1] ?? '')) {
      yield match;
    }
  }
}

/**
 * `self.best_path = state.get("best_path", self.best_path)`: the default is the value being assigned, so a missing key
 * keeps what is there (restoring saved state); nothing is substituted.
 */
function keepsCurrentValue(call: Node, defaultNode: Node): boolean {
  let value = call;
  for (let parent = parentOf(value); parent?.type === 'parenthesized_expression'; parent = parentOf(value)) {
    value = parent;
  }
  const assignment = parentOf(value);
  const target = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === value.id ? assignment.childForFieldName('left') : null;
  return target !== null && target !== undefined && target.text === unwrapParentheses(defaultNode).text;
}

export function checkDefaults(context: PythonRuleContext, evidenceOf: (node: Node) => ArtifactEvidence): RuleFinding[] {
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
    if (key === undefined || defaultNode === undefined || !isPathName(key) || isIncidentalName(key) || substitutesNothing(defaultNode) || keepsCurrentValue(call, defaultNode)) {
      continue;
    }
    if (!defaultIsArtifact(key, defaultNode, context, evidenceOf) || isCanonicalSource(defaultNode, context)) {
      continue;
    }
    findings.push({
      range: context.rangeOf(call),
      message: findingMessage(
        firstFitting(
          `\`${snippet(call.text, 45)}\` falls back to \`${snippet(defaultNode.text, 30)}\` when '${snippet(key, 25)}' is not set`,
          `Setting '${snippet(key, 25)}' falls back to \`${snippet(defaultNode.text, 40)}\` when not set`,
        ),
        'read it without a default and raise ValueError naming the setting and how to set it',
      ),
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
      if (whenFalse?.text === subject) {
        // `xp.asarray(w) if w is not None else w`: an unset value stays unset; nothing is substituted.
        continue;
      }
    }
    if (primary === undefined || fallback === undefined || substitutesNothing(fallback) || isDisplayLabel(fallback)) {
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
    if (!defaultIsArtifact(primaryName, fallback, context, evidenceOf) || isCanonicalSource(fallback, context)) {
      continue;
    }
    findings.push({
      range: context.rangeOf(operator),
      message: findingMessage(
        firstFitting(
          `\`${snippet(operator.text, 40)}\` falls back to \`${snippet(fallback.text, 30)}\` when \`${snippet(primary.text, 25)}\` is empty`,
          `\`${snippet(primary.text, 35)}\` falls back to \`${snippet(fallback.text, 40)}\` when empty`,
        ),
        `require the path and ${remedy}`,
      ),
    });
  }
  return findings;
}

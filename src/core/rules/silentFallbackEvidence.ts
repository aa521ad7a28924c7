// RR003 silent-fallback: what its three checks share — which paths are artifacts, what an existence test is, what a
// branch that carries on does, and the remedy every message ends with.
import type { Node, Tree } from 'web-tree-sitter';
import { isArtifactName, isRunOutputRoot } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { plainStringValue } from '../python/stringLiterals';
import { staticValueOf } from '../python/staticStringValue';
import { lastName, unwrapParentheses } from '../python/treeNavigation';
import { carryOnAction } from './fallbackRoles';
import { derivesFromPathFunction } from './projectVocabulary';
import type { PythonRuleContext } from './rule';

export const remedy = 'raise FileNotFoundError naming the artifact and how to produce it';

/**
 * The last word of a name says what it holds: `checkpoint_io`, `ckpt_callback`, `checkpoint_every`,
 * `checkpoint_unsharded_shape` hold an object, a setting or a measure that deals with checkpoints, not a checkpoint or
 * its path.
 */
const toolOrSettingWords: ReadonlySet<string> = new Set(['io', 'callback', 'callbacks', 'connector', 'manager', 'handler', 'handlers', 'hook', 'hooks', 'saver', 'loader', 'strategy', 'interval', 'freq', 'frequency', 'every', 'period', 'monitor', 'mode', 'format', 'fn', 'func', 'cls', 'count', 'num', 'shape', 'shapes', 'size', 'sizes', 'dtype', 'length', 'step', 'steps', 'epoch', 'epochs']);

function namesAToolOrSetting(words: readonly string[]): boolean {
  return words.length > 1 && toolOrSettingWords.has(words[words.length - 1] ?? '');
}

/**
 * The last word says the name holds a label for an artifact, not where it is: `checkpoint_name`, `ckpt_key`,
 * `model_tag` (an entry in a tracker or registry). Such a name alone is no evidence of a path.
 */
const labelWords: ReadonlySet<string> = new Set(['name', 'key', 'tag', 'id', 'label', 'alias', 'prefix', 'suffix', 'version', 'type', 'kind', 'title']);

function namesALabel(name: string): boolean {
  const words = nameWords(name);
  return words.length > 1 && labelWords.has(words[words.length - 1] ?? '');
}

/** A name that holds a model artifact by its words alone (`teacher_path`, `ckpt`), not a label for one (`checkpoint_name`). */
export function namesArtifact(name: string, vocabulary: ArtifactVocabulary): boolean {
  return isArtifactName(name, vocabulary) && !namesALabel(name);
}

/** Text written as a file or folder path: it has a separator or ends in an extension (`runs/best.pt`, `best.pth`). */
function writtenAsPath(text: string): boolean {
  return /[\\/]/.test(text) || /\.[A-Za-z][A-Za-z0-9]{0,11}$/.test(text);
}

/** A value written as a file or folder path (`"runs/best.pt"`, `f"{d}/x"`). */
function isPathLikeValue(node: Node, source: string): boolean {
  return writtenAsPath(staticValueOf(unwrapParentheses(node), source).text);
}

/**
 * Whether `name`, falling back to `fallback`, is about a model artifact: by the name (`teacher_path`) or the default's
 * value (`"best.pth"`, a legacy root). A label's default (`checkpoint_name` → `f"model-{run.id}"`) must also be
 * written as a path: a registry or tracker name defaulting to another name substitutes no file.
 */
export function defaultIsArtifact(name: string, fallback: Node, context: Pick<PythonRuleContext, 'source' | 'vocabulary'>, evidenceOf: (node: Node) => ArtifactEvidence): boolean {
  if (namesALabel(name)) {
    return evidenceOf(fallback).artifact && isPathLikeValue(fallback, context.source);
  }
  return isArtifactName(name, context.vocabulary) || evidenceOf(fallback).artifact;
}

/** A name that holds a path: `teacher_path`, `CKPT_DIR`, `weights_file`, `checkpoint`. */
export function isPathName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1] ?? '';
  if (namesAToolOrSetting(words)) {
    return false;
  }
  return (
    (words.length > 1 && ['path', 'paths', 'dir', 'directory', 'file', 'filename', 'ckpt', 'checkpoint', 'weights', 'resume'].includes(last)) ||
    words.some((word) => word === 'ckpt' || word === 'checkpoint' || word === 'weights')
  );
}

/** Setting names whose defaults are conveniences, not fallbacks for a required artifact. */
export function isIncidentalName(name: string): boolean {
  const words = nameWords(name);
  return namesAToolOrSetting(words) || words.some((word) => ['log', 'logs', 'output', 'out', 'save', 'export', 'dest', 'destination', 'logging', 'cache', 'tmp', 'temp', 'home', 'config', 'cfg', 'conf', 'plugin', 'plugins', 'site', 'lib', 'bin', 'script', 'source', 'src', 'doc', 'docs', 'test', 'tests'].includes(word));
}

/** A default that is only where a logger or tracker writes its runs (`root_dir or "./lightning_logs"`). */
export function isRunOutputDefault(node: Node): boolean {
  const text = plainStringValue(unwrapParentheses(node));
  return text !== undefined && isRunOutputRoot(text);
}

/** Calls whose result is a number, a flag, an array or a container, never a path: `np.ones_like(y)`, `any(...)`, `set()`. */
const nonPathResults: ReadonlySet<string> = new Set([
  'any', 'all', 'len', 'sum', 'bool', 'int', 'float', 'set', 'dict', 'range', 'repeat', 'ones', 'ones_like', 'zeros',
  'zeros_like', 'full', 'full_like', 'empty', 'empty_like', 'asarray', 'array', 'tensor', 'as_tensor', 'arange', 'linspace',
]);

/**
 * A default that cannot be a path: a number, a flag, a comparison, or an array or container of non-strings
 * (`weights = np.ones_like(y)`, `force_weights = any(...)`). `weights` names sample weights as often as a model's.
 */
export function isNonPathValue(node: Node): boolean {
  const value = unwrapParentheses(node);
  switch (value.type) {
    case 'true':
    case 'false':
    case 'integer':
    case 'float':
    case 'comparison_operator':
    case 'not_operator':
    case 'dictionary':
    case 'dictionary_comprehension':
      return true;
    case 'list':
    case 'tuple':
    case 'set':
      return !value.namedChildren.some((item) => item !== null && (item.type === 'string' || item.type === 'identifier' || item.type === 'attribute' || item.type === 'call' || item.type === 'binary_operator'));
    case 'binary_operator': {
      // `[1] * len(datasets)`, `total - 1`: arithmetic or repetition; `+` may join text and `/` builds a pathlib path.
      const operator = value.childForFieldName('operator')?.type ?? '';
      return ['*', '-', '**', '//', '%', '@'].includes(operator);
    }
    case 'conditional_expression':
      // `draw(flags) if bounded else False`: a flag whichever way it goes.
      return value.namedChildren.some((branch, index) => index !== 1 && branch !== null && branch.type !== 'none' && isNonPathValue(branch));
    case 'call': {
      const callee = value.childForFieldName('function');
      const name = callee === null ? undefined : lastName(callee);
      return name !== undefined && nonPathResults.has(name);
    }
    default:
      return false;
  }
}

/**
 * A default that substitutes nothing a user could miss: empty (`None`, `""`, `[]`), not a path at all (a flag, a
 * number, an array), or only where a logger writes its runs. The three RR003 default checks all skip these.
 */
export function substitutesNothing(node: Node): boolean {
  return isEmptyDefault(node) || isNonPathValue(node) || isRunOutputDefault(node);
}

export function isEmptyDefault(node: Node): boolean {
  const value = unwrapParentheses(node);
  if (['none', 'false', 'integer', 'list', 'dictionary', 'tuple', 'set'].includes(value.type)) {
    return value.type === 'integer' ? value.text === '0' : value.type === 'none' || value.type === 'false' || value.namedChildCount === 0;
  }
  return plainStringValue(value) === '';
}

export type ArtifactEvidence = { readonly artifact: true; readonly what: string } | { readonly artifact: false };

/** What a branch does if it only carries on (for the message), or undefined when it fails, exits or produces the artifact. */
export function carriesOn(block: Node, tree: Tree, source: string, checked?: Node): string | undefined {
  return carryOnAction(block, tree, source, checked);
}

/**
 * Code that derives the canonical location (the runbook's remedy) from the runbook's or the project's path function
 * (`layout.pathFunction`, as this file calls or imports it: projectVocabulary.ts), so a default built from it is not a fallback.
 */
export function isCanonicalSource(node: Node, context: PythonRuleContext): boolean {
  return derivesFromPathFunction(node, context.vocabulary, context.tree, context.source);
}

/** `"Best" if best.exists() else "Last"`: a word for display, not a path (no folder, no file extension). */
export function isDisplayLabel(node: Node): boolean {
  const text = plainStringValue(unwrapParentheses(node));
  return text !== undefined && !writtenAsPath(text);
}

// RR003 silent-fallback: what its three checks share — which paths are artifacts, what an existence test is, what a
// branch that carries on does, and the remedy every message ends with.
import type { Node, Tree } from 'web-tree-sitter';
import { nameWords } from '../text/identifierWords';
import { plainStringValue } from '../python/stringLiterals';
import { unwrapParentheses } from '../python/treeNavigation';
import { staticValueOf } from '../python/staticStringValue';
import { carryOnAction } from './fallbackRoles';
import { derivesFromPathFunction } from './projectVocabulary';
import type { PythonRuleContext } from './rule';

export const remedy = 'raise FileNotFoundError naming the artifact and how to produce it';

/**
 * The last word of a name says what it holds: `checkpoint_io`, `ckpt_callback`, `checkpoint_every` hold an object or
 * a setting that deals with checkpoints, not a checkpoint or its path.
 */
const toolOrSettingWords: ReadonlySet<string> = new Set(['io', 'callback', 'callbacks', 'connector', 'manager', 'handler', 'handlers', 'hook', 'hooks', 'saver', 'loader', 'strategy', 'interval', 'freq', 'frequency', 'every', 'period', 'monitor', 'mode', 'format', 'fn', 'func', 'cls', 'count', 'num']);

function namesAToolOrSetting(words: readonly string[]): boolean {
  return words.length > 1 && toolOrSettingWords.has(words[words.length - 1] ?? '');
}

/** A name that holds a path: `teacher_path`, `CKPT_DIR`, `weights_file`, `checkpoint`. */
export function isPathName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1] ?? '';
  if (namesAToolOrSetting(words)) {
    return false;
  }
  return (
    (words.length > 1 && ['path', 'paths', 'dir', 'directory', 'file', 'filename', 'ckpt', 'checkpoint', 'weights'].includes(last)) ||
    words.some((word) => word === 'ckpt' || word === 'checkpoint' || word === 'weights')
  );
}

/** Setting names whose defaults are conveniences, not fallbacks for a required artifact. */
export function isIncidentalName(name: string): boolean {
  const words = nameWords(name);
  return namesAToolOrSetting(words) || words.some((word) => ['log', 'logs', 'logging', 'cache', 'tmp', 'temp', 'home', 'config', 'cfg', 'conf', 'plugin', 'plugins', 'site', 'lib', 'bin', 'script', 'source', 'src', 'doc', 'docs', 'test', 'tests'].includes(word));
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
  return text !== undefined && !/[\\/]/.test(text) && !/\.[A-Za-z][A-Za-z0-9]{0,11}$/.test(text);
}

/** Last words of names that hold an identifier (a registry entry, a tag), not a file system path. */
const identifierWords: ReadonlySet<string> = new Set(['name', 'key', 'id', 'tag', 'label', 'alias']);

/**
 * `self._checkpoint_name or experiment.name`, `if not self._checkpoint_name: self._checkpoint_name = f"model-{run.id}"`:
 * a name for an entry in a tracking service, defaulting to another name. Not a path, unless the default is one (it
 * has a folder or a file extension: `ckpt_name or "last.ckpt"` still names a file).
 */
export function namesAnIdentifier(name: string, fallback: Node, source: string): boolean {
  const words = nameWords(name);
  if (!identifierWords.has(words[words.length - 1] ?? '')) {
    return false;
  }
  const value = staticValueOf(fallback, source).text;
  return !/[\\/]/.test(value) && !/\.[A-Za-z][A-Za-z0-9]{0,11}$/.test(value.replace(/\{[^{}]*\}$/, ''));
}

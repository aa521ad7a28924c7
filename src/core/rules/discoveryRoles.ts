// Evidence RR001 reads from what the code does with a filesystem search, when the searched pattern or folder itself
// says nothing: the matches are kept in a variable named like artifacts (`ckpts = [...]`, `checkpoints = glob(...)`),
// or the search runs in a helper whose own name says it finds checkpoints (`scan_checkpoint`,
// `get_latest_checkpoint_folder`). And the one use that locates nothing: a membership test (`"best.pt" in
// os.listdir(d)`, as tests assert that a file was written).
import type { Node } from 'web-tree-sitter';
import { isArtifactName } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { childrenOf, enclosingFunction, namedChildrenOf, parentOf } from '../python/treeNavigation';

const checkpointWords: ReadonlySet<string> = new Set(['checkpoint', 'checkpoints', 'ckpt', 'ckpts', 'weights', 'pretrained', 'snapshot', 'snapshots']);
const findingWords: ReadonlySet<string> = new Set(['latest', 'last', 'newest', 'recent', 'best', 'find', 'scan', 'search', 'discover', 'locate', 'resume', 'auto']);

/** `scan_checkpoint`, `get_latest_checkpoint_folder`, `find_best_weights`: a helper whose name says it finds checkpoints. */
export function findsCheckpointsByName(call: Node): string | undefined {
  const name = enclosingFunction(call)?.childForFieldName('name')?.text;
  if (name === undefined) {
    return undefined;
  }
  const words = nameWords(name);
  return words.some((word) => checkpointWords.has(word)) && words.some((word) => findingWords.has(word)) ? name : undefined;
}

/** True when the matches are kept under a name that reads as artifacts: `ckpts`, `checkpoints`, `model_files`. */
export function keptAsArtifacts(variable: string | undefined): boolean {
  return variable !== undefined && isArtifactName(variable) && !/(^|_)(names?|count|num|n|len|size)$/i.test(variable);
}

/**
 * `"best.ckpt" in os.listdir(d)` (also inside `assert`): a test that one named file exists; nothing is located.
 * `root` is where the matches go (useRoot).
 */
export function isMembershipTest(root: Node): boolean {
  const parent = parentOf(root);
  if (parent?.type !== 'comparison_operator') {
    return false;
  }
  const operators = childrenOf(parent).filter((child) => !child.isNamed).map((child) => child.type);
  return namedChildrenOf(parent).pop()?.id === root.id && (operators.includes('in') || operators.includes('not in'));
}

/**
 * The part of a consumer region that uses `variable`: the lines that mention it, or the loop variable of a `for`
 * over it. Filters elsewhere in the function belong to other searches (`n_classes = len(os.listdir(d))`, and lines
 * later `ckpt.endswith(".pt")` about something else).
 */
export function linesUsing(text: string, variable: string | undefined): string {
  if (variable === undefined) {
    return text;
  }
  const names = new Set([variable]);
  const mentions = (line: string): boolean => [...names].some((name) => new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(line));
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (!mentions(line)) {
      continue;
    }
    kept.push(line);
    const loop = /\bfor\s+([A-Za-z_]\w*)(?:\s*,\s*([A-Za-z_]\w*))?\s+in\b/.exec(line);
    for (const name of [loop?.[1], loop?.[2]]) {
      if (name !== undefined) {
        names.add(name);
      }
    }
  }
  return kept.join('\n');
}

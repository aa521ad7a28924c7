// Evidence RR001 reads from what the code does with a filesystem search, when the searched pattern or folder itself
// says nothing: the matches are kept in a variable named like artifacts (`ckpts = [...]`, `checkpoints = glob(...)`),
// or the search runs in a helper whose own name says it finds checkpoints (`scan_checkpoint`,
// `get_latest_checkpoint_folder`). And the one use that locates nothing: a membership test (`"best.pt" in
// os.listdir(d)`, as tests assert that a file was written), and a listing that is only asserted on
// (`assert set(os.listdir(d)) == {"last.ckpt"}`, `assert len(ckpts) == 3`): the code checks what was written.
// Where the matches are used (matchUses) is read from identifier nodes in scope, never from lines of text.
import type { Node } from 'web-tree-sitter';
import { isArtifactName } from './artifactVocabulary';
import { plainStringValue } from '../python/stringLiterals';
import type { ArtifactVocabulary } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { childrenOf, descendantsInScope, dottedName, enclosingFunction, enclosingStatement, identifiersInScope, namedChildrenOf, parentOf } from '../python/treeNavigation';
import { joinFunctions, passThroughFunctions, passThroughMethods, pathConstructors } from '../python/staticStringValue';
import { isArtifactLoadCall } from './fallbackRoles';

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
export function keptAsArtifacts(variable: string | undefined, vocabulary: ArtifactVocabulary): boolean {
  return variable !== undefined && isArtifactName(variable, vocabulary) && !/(^|_)(names?|count|num|n|len|size)$/i.test(variable);
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
 * The nodes that stand for a search's matches where the code uses them, read on the parse tree: the search call
 * itself; the variable that keeps them (`ckpts = glob(...)`), read after its binding and before `end`; and, through
 * any of those, the targets of a `for` or a comprehension over them (`for f in ckpts`, `[f for f in os.listdir(d) if
 * ...]`) and the name of a `with ... as` around them, read inside that loop, comprehension or `with`, and a path built
 * from one (`path = os.path.join(d, f)`), read in the rest of its block. Filters and calls elsewhere in the function
 * belong to other searches (`n_classes = len(os.listdir(d))`, and lines later `ckpt.endswith(".pt")` about something
 * else), even on a line that also names the matches (`if ckpt.endswith(".pt") and entries:`).
 */
export function matchUses(call: Node, variable: string | undefined, end: number): Node[] {
  const uses: Node[] = [];
  const seen = new Set<number>();
  const pending: Node[] = [];
  const add = (node: Node): void => {
    if (!seen.has(node.id)) {
      seen.add(node.id);
      uses.push(node);
      pending.push(node);
    }
  };
  add(call);
  if (variable !== undefined) {
    const scope = enclosingFunction(call) ?? call.tree.rootNode;
    for (const identifier of readsAfter(enclosingStatement(call), variable, scope)) {
      if (identifier.startIndex < end) {
        add(identifier);
      }
    }
  }
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const bound of namesBoundBy(node)) {
      for (const identifier of identifiersInScope(bound.within)) {
        const inTarget = identifier.startIndex >= bound.target.startIndex && identifier.endIndex <= bound.target.endIndex;
        if (bound.names.has(identifier.text) && identifier.startIndex >= bound.after && !inTarget && readsVariable(identifier)) {
          add(identifier);
        }
      }
    }
  }
  return uses.sort((a, b) => a.startIndex - b.startIndex);
}

interface BoundNames {
  /** The names bound (`f`, or `root, dirs, files`). */
  readonly names: ReadonlySet<string>;
  /** The binding target, whose identifiers are not uses. */
  readonly target: Node;
  /** Where the names hold the matches: the loop's body, the comprehension, the `with` body, the rest of the block. */
  readonly within: Node;
  /** Uses start at or after this offset (after an assignment's statement). */
  readonly after: number;
}

/**
 * The names that `node` is bound to on its way up to its statement: `for x in node`, `[... for x in node]`,
 * `with node as x`, and for a use of a name, `path = os.path.join(d, name)`: a path to the same file, read in the rest
 * of the block (a search's own variable is matchUses' `variable`, read up to its end).
 */
function namesBoundBy(node: Node): BoundNames[] {
  const found: BoundNames[] = [];
  const bind = (target: Node | null, within: Node | null, after = 0): void => {
    if (target !== null && within !== null) {
      found.push({ names: new Set(identifiersInScope(target).map((identifier) => identifier.text)), target, within, after });
    }
  };
  let samePath = node.type === 'identifier';
  for (let child = node, parent = parentOf(child); parent !== null && parent.type !== 'block' && parent.type !== 'module'; child = parent, parent = parentOf(child)) {
    if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('right')?.id === child.id) {
      bind(parent.childForFieldName('left'), parent.type === 'for_statement' ? parent.childForFieldName('body') : parentOf(parent));
    } else if (parent.type === 'as_pattern' && parent.firstNamedChild?.id === child.id) {
      // with_statement > with_clause > with_item > as_pattern
      const clause = parentOf(parent)?.type === 'with_item' ? parentOf(parentOf(parent) ?? parent) : null;
      const statement = clause?.type === 'with_clause' ? parentOf(clause) : null;
      bind(parent.childForFieldName('alias'), statement?.type === 'with_statement' ? statement.childForFieldName('body') : null);
    } else if (parent.type === 'assignment' && samePath && parent.childForFieldName('right')?.id === child.id) {
      const statement = enclosingStatement(parent);
      bind(parent.childForFieldName('left'), parentOf(statement), statement.endIndex);
    }
    samePath &&= keepsPath(child, parent);
  }
  return found;
}

/** One step up that keeps a path to the same file (or under it): `os.path.join(d, f)`, `Path(f)`, `str(f)`, `d / f`, `f"{d}/{f}"`, `f.resolve()`, `d.joinpath(f)`. */
function keepsPath(child: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'parenthesized_expression':
    case 'interpolation':
    case 'string':
    case 'concatenated_string':
      return true;
    case 'binary_operator': {
      const operator = parent.childForFieldName('operator')?.type;
      return operator === '/' || operator === '+';
    }
    case 'argument_list': {
      const call = parentOf(parent);
      const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
      const name = callee === null ? undefined : dottedName(callee);
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      return method === 'joinpath' || (name !== undefined && (joinFunctions.has(name) || pathConstructors.has(name) || passThroughFunctions.has(name)));
    }
    case 'attribute': {
      // `f.resolve()`, `f.joinpath("x")`: a pass-through or joining method, called right away.
      const method = parent.childForFieldName('attribute')?.text;
      return parent.childForFieldName('object')?.id === child.id && method !== undefined && (passThroughMethods.has(method) || method === 'joinpath') && parentOf(parent)?.type === 'call';
    }
    case 'call':
      // Reached through its arguments or its method, each already checked above.
      return parent.childForFieldName('arguments')?.id === child.id || (child.type === 'attribute' && parent.childForFieldName('function')?.id === child.id);
    default:
      return false;
  }
}

/** Expressions that only compare or combine truth values: a listing under them in an `assert` is checked, not used. */
const checkingExpressions: ReadonlySet<string> = new Set(['comparison_operator', 'boolean_operator', 'not_operator', 'parenthesized_expression']);

/**
 * `assert set(os.listdir(d)) == {...}`, `assert len(glob(p)) == 3`, `assert not os.listdir(d)`, and anything in an
 * assert's message (`assert not found, f"left behind: {found}"`), which is only shown.
 */
function isAsserted(node: Node): boolean {
  let checking = true;
  for (let current = node, parent = parentOf(current); parent !== null; current = parent, parent = parentOf(current)) {
    if (parent.type === 'assert_statement') {
      const isMessage = namedChildrenOf(parent).findIndex((child) => child.id === current.id) > 0;
      return checking || isMessage;
    }
    if (parent.type === 'block' || parent.type === 'module') {
      return false;
    }
    if (!checkingExpressions.has(parent.type)) {
      checking = false;
    }
  }
  return false;
}

/**
 * True when the matches are only asserted on: the listing sits in an `assert` (through comparisons), or the variable
 * that keeps them is used, after it is bound, only in asserts like that. `useRoot` climbs from a use through the same
 * wrappers (`len`, `set`, `sorted`) as from the search itself. A single use outside an assert (a load, a loop, a
 * return) makes it a search whose matches the code goes on to use.
 */
export function matchesOnlyAsserted(root: Node, variable: string | undefined, useRoot: (node: Node) => Node, source: string): boolean {
  if (isAsserted(root)) {
    return true;
  }
  if (variable === undefined) {
    return false;
  }
  const scope = enclosingFunction(root) ?? root.tree.rootNode;
  const binding = enclosingStatement(root);
  const reading: UseReading = { scope, useRoot, source };
  return !loadsArtifact(binding, source) && usesOnlyAsserted(binding, variable, reading, 0);
}

/** `ckpts = [torch.load(c) for c in tmp_path.iterdir()]`: the statement already loads what was found. */
function loadsArtifact(statement: Node, source: string): boolean {
  return descendantsInScope(statement, new Set(['call'])).some((call) => isArtifactLoadCall(call, statement.tree, source));
}

/** How many values derived from the matches are followed (`names = [f.name for f in files]`, `val = f(names[0])`). */
const derivedValueDepth = 3;

/** Where uses of the matches are looked for, and how to climb from a use to where its value goes. */
interface UseReading {
  readonly scope: Node;
  readonly useRoot: (node: Node) => Node;
  readonly source: string;
}

function usesOnlyAsserted(binding: Node, variable: string, reading: UseReading, depth: number): boolean {
  const uses = readsAfter(binding, variable, reading.scope);
  return uses.length > 0 && uses.every((use) => useOnlyAsserted(use, reading, depth));
}

/**
 * A use of the matches that only feeds asserts: it is asserted itself, it is the iterable of a loop whose body only
 * asserts (`for name in shards: assert re.match(p, name)`), or it builds a value (`names = [f.name for f in files]`,
 * `ckpts = [c for c in ckpts if ...]`) whose own uses only feed asserts.
 */
function useOnlyAsserted(use: Node, reading: UseReading, depth: number): boolean {
  if (isAsserted(reading.useRoot(use))) {
    return true;
  }
  const statement = enclosingStatement(use);
  if (statement.type === 'for_statement') {
    const iterable = statement.childForFieldName('right');
    const body = statement.childForFieldName('body');
    const inIterable = iterable !== null && use.startIndex >= iterable.startIndex && use.endIndex <= iterable.endIndex;
    return inIterable && body !== null && namedChildrenOf(body).every((child) => child.type === 'assert_statement' || child.type === 'comment');
  }
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  const value = assignment?.childForFieldName('right');
  if (depth >= derivedValueDepth || target?.type !== 'identifier' || value === null || value === undefined || use.startIndex < value.startIndex || loadsArtifact(statement, reading.source)) {
    return false;
  }
  return usesOnlyAsserted(statement, target.text, reading, depth + 1);
}

/** The identifiers in `scope` after `binding` that read `variable` (readsVariable), in document order. */
function readsAfter(binding: Node, variable: string, scope: Node): Node[] {
  return identifiersInScope(scope).filter((identifier) => identifier.text === variable && identifier.startIndex >= binding.endIndex && readsVariable(identifier));
}

/** An identifier that reads the variable: not a rebinding (`ckpts = ...`), an attribute (`self.ckpts`) or a keyword (`f(ckpts=1)`). */
function readsVariable(identifier: Node): boolean {
  const parent = parentOf(identifier);
  if (parent === null) {
    return true;
  }
  const field = (name: string): boolean => parent.childForFieldName(name)?.id === identifier.id;
  return !((parent.type === 'assignment' && field('left')) || (parent.type === 'attribute' && field('attribute')) || (parent.type === 'keyword_argument' && field('name')));
}

/** Calls whose arguments are only shown to a person: `print`, logging at any level, `warnings.warn`, `click.echo`. */
const showingCallees = /^(print|pprint|warnings\.warn|click\.echo|typer\.echo|(?:\w+\.)*\w*(?:log|Log|LOG|print)\w*\.(?:debug|info|warning|warn|error|exception|critical|fatal|log)|(?:\w+\.)*_?\w*print\w*)$/;

/** `"\n".join(...)`, `", ".join(...)`: names joined into text (a separator with `/` would build a path). */
function joinsIntoText(call: Node): boolean {
  const callee = call.childForFieldName('function');
  const separator = callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'join' ? callee.childForFieldName('object') : null;
  const text = separator === null || separator === undefined ? undefined : plainStringValue(separator);
  return text !== undefined && text !== '' && !/[\\/]/.test(text);
}

/**
 * How a use of the matches only shows them or tests them: inside a message (`print`, a log call, a `raise`, a text
 * `join`), or as the condition of an `if` (`if available:`). Undefined for any other use (a load, a return, a path).
 */
function shownOrTested(node: Node): 'shown' | 'tested' | undefined {
  for (let current = node, parent = parentOf(current); parent !== null; current = parent, parent = parentOf(current)) {
    if (parent.type === 'raise_statement') {
      return 'shown';
    }
    if (parent.type === 'call' && (joinsIntoText(parent) || showingCallees.test(parent.childForFieldName('function')?.text ?? ''))) {
      return 'shown';
    }
    if ((parent.type === 'if_statement' || parent.type === 'elif_clause') && parent.childForFieldName('condition')?.id === current.id) {
      return 'tested';
    }
    if (parent.type === 'block' || parent.type === 'module' || parent.type === 'expression_statement' || parent.type === 'return_statement' || parent.type === 'assignment') {
      return undefined;
    }
  }
  return undefined;
}

/**
 * True when the matches kept in `variable` are only listed for a person to read: `available = list(root.glob("*"))`,
 * then `if available:` and `"\n".join(repr(str(p)) for p in available)` in the help text of an error. Nothing is
 * picked or loaded. At least one use shows them; the others may only test whether there are any.
 */
export function matchesOnlyShown(root: Node, variable: string | undefined): boolean {
  if (variable === undefined) {
    return false;
  }
  const scope = enclosingFunction(root) ?? root.tree.rootNode;
  const roles = readsAfter(enclosingStatement(root), variable, scope).map((use) => shownOrTested(use));
  return roles.includes('shown') && roles.every((role) => role !== undefined);
}

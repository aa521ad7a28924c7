// Roles RR003 reasons about, by what the code does rather than how one repository spells it: an existence test (any
// call whose name is one: `os.path.isfile(p)`, `bf.exists(p)`, `tf.io.gfile.exists(p)`, `fs.exists(p)`,
// `utils.fsspec_exists(p)`, `p.is_file()`), a branch or handler that carries on (neither raises, exits nor produces
// the missing artifact), and artifact evidence from flow (the checked path is loaded in the same function, or the
// function's own name says it handles checkpoints or weights).
import type { Node, Tree } from 'web-tree-sitter';
import { nameWords } from '../text/identifierWords';
import { snippet } from '../text/snippet';
import { callArguments, methodName, methodReceiver, qualifiedCallee } from '../python/callSites';
import { descendantsInScope, enclosingFunction, identifiersInScope, lastName, namedChildrenOf } from '../python/treeNavigation';

/** Last names of calls that test whether a path exists: `exists`, `isfile`, `is_dir`, `file_exists`, `fsspec_exists`. */
export function isExistenceTestName(name: string): boolean {
  // A module's private helper is still one: `_is_dir(fs, path)`.
  return /^_*(exists|lexists|isfile|isdir|is_file|is_dir|\w+_exists|exists_\w+|path_exists)$/.test(name);
}

/** The path an existence-test call checks (its first positional argument, or the receiver of `p.exists()`), if it is one. */
export function existenceTestSubject(call: Node): Node | undefined {
  if (call.type !== 'call') {
    return undefined;
  }
  const callee = call.childForFieldName('function');
  const name = callee === null ? undefined : lastName(callee);
  if (name === undefined || !isExistenceTestName(name)) {
    return undefined;
  }
  const { positional, keywords } = callArguments(call);
  if (positional.length > 0) {
    return positional[0];
  }
  // `p.exists()`; `api.file_exists(repo_id=..., filename=...)` (keywords only) checks a remote entry, not a path.
  const receiver = methodReceiver(call);
  return keywords.size === 0 && receiver !== undefined && methodName(call) !== undefined ? receiver : undefined;
}

const exitCallees = /^(sys\.exit|exit|quit|os\._exit|.*\.error|abort|pytest\.(fail|skip))$/;
const logCallees = /^(print|pprint|warnings\.warn|(?:\w+\.)*_?\w*(?:log|Log|LOG)\w*\.(?:debug|info|warning|warn|error|exception|critical|fatal|log)|click\.echo|typer\.echo|console\.print|tqdm\.write|(?:\w+\.)*(?:rank_zero_warn|rank_zero_info|print_rank_0|master_print))$/;
/** Verbs of calls that make the missing artifact (train it, download or convert it, write it). */
const producingVerbs: ReadonlySet<string> = new Set([
  'train', 'fit', 'download', 'fetch', 'export', 'save', 'dump', 'generate', 'convert', 'prepare', 'preprocess', 'write',
  'copy', 'copyfile', 'copytree', 'copy2', 'extract', 'extractall', 'unpack', 'untar', 'unzip', 'wget', 'curl', 'run',
  'popen', 'system', 'touch', 'symlink', 'link', 'rename', 'move', 'retrieve', 'urlretrieve', 'clone', 'pull', 'sync',
  'makedirs', 'mkdir',
]);

/** True for calls that log; their arguments say what is missing but do nothing about it. */
export function isLogCall(call: Node, tree: Tree, source: string): boolean {
  return logCallees.test(qualifiedCallee(call, tree, source) ?? call.childForFieldName('function')?.text ?? '');
}

/** `sys.exit(...)`, `parser.error(...)`, `pytest.fail(...)`; `logger.error(...)` only logs. */
export function exitsProgram(call: Node, tree: Tree, source: string): boolean {
  return !isLogCall(call, tree, source) && exitCallees.test(qualifiedCallee(call, tree, source) ?? '');
}

/**
 * True when the call makes the artifact: it is handed the checked path itself, or it has a producing verb in its name
 * (`train(cfg)`, `hf_hub_download(...)`, `subprocess.run([...])`), except creating folders, which produces the artifact only when the folder is the
 * checked path itself (`os.makedirs(ckpt_dir)`, not `os.makedirs(os.path.dirname(ckpt_path))`).
 */
function produces(call: Node, checked: Node | undefined): boolean {
  if (checked !== undefined && callArguments(call).positional.some((argument) => argument.text === checked.text)) {
    // `self.cache_labels(cache_path)`, `download(url, ckpt)`: the call is handed the missing path itself.
    return !artifactLoadCallees.test(call.childForFieldName('function')?.text ?? '');
  }
  const callee = call.childForFieldName('function');
  const words = nameWords(callee === null ? '' : (lastName(callee) ?? ''));
  const createsFolder = words.some((word) => word === 'makedirs' || word === 'mkdir');
  if (createsFolder) {
    const subject = createdFolder(call);
    return checked !== undefined && subject !== undefined && subject.text === checked.text;
  }
  return words.some((word) => producingVerbs.has(word));
}

/** The folder a folder-creating call makes: `p` in `os.makedirs(p)` and in `p.mkdir(parents=True)`. */
export function createdFolder(call: Node): Node | undefined {
  const { positional } = callArguments(call);
  return methodName(call) === 'mkdir' && positional.length === 0 ? methodReceiver(call) : positional[0];
}

/** The calls that are not inside another call's arguments (`print("…".format(p))` is one call: the print). */
function outermost(calls: readonly Node[], block: Node): Node[] {
  return calls.filter((call) => {
    for (let parent = call.parent; parent !== null && parent.id !== block.id; parent = parent.parent) {
      if (parent.type === 'argument_list') {
        return false;
      }
    }
    return true;
  });
}

/**
 * What a branch (or `except` body) does, when it only carries on: `only logs`, `returns (\`return None\`)`,
 * `assigns a default (...)`, `goes on without it (\`model.init_weights()\`)`. Undefined when it raises, exits or
 * produces the artifact anywhere inside (nested `if`/`for`/`with` included; nested functions are not run here).
 */
export function carryOnAction(block: Node, tree: Tree, source: string, checked: Node | undefined): string | undefined {
  if (descendantsInScope(block, new Set(['raise_statement'])).length > 0) {
    return undefined;
  }
  const calls = descendantsInScope(block, new Set(['call']));
  if (calls.some((call) => exitsProgram(call, tree, source)) || outermost(calls, block).some((call) => !isLogCall(call, tree, source) && produces(call, checked))) {
    return undefined;
  }
  if (recordsFailureForLater(block, tree, source) || buildsWhatIsSavedThere(block, checked)) {
    return undefined;
  }
  const actions = new Set<string>();
  const describe = (statement: Node): void => {
    switch (statement.type) {
      case 'comment':
        return;
      case 'pass_statement':
        actions.add('does nothing (`pass`)');
        return;
      case 'continue_statement':
        actions.add('skips to the next item (`continue`)');
        return;
      case 'break_statement':
        actions.add('stops looking (`break`)');
        return;
      case 'return_statement':
        actions.add(`returns (\`${snippet(statement.text, 40)}\`)`);
        return;
      case 'expression_statement': {
        const expression = statement.firstNamedChild;
        if (expression?.type === 'string') {
          return;
        }
        if (expression?.type === 'assignment' || expression?.type === 'augmented_assignment') {
          actions.add(`assigns a default (\`${snippet(expression.text, 50)}\`)`);
          return;
        }
        if (expression?.type === 'call' && isLogCall(expression, tree, source)) {
          actions.add('only logs');
          return;
        }
        actions.add(`goes on without it (\`${snippet(statement.text, 40)}\`)`);
        return;
      }
      case 'if_statement':
      case 'for_statement':
      case 'while_statement':
      case 'with_statement':
      case 'try_statement':
        for (const body of descendantsInScope(statement, new Set(['block']))) {
          namedChildrenOf(body).forEach(describe);
        }
        return;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return;
      default:
        actions.add(`goes on without it (\`${snippet(statement.text, 40)}\`)`);
    }
  };
  namedChildrenOf(block).forEach(describe);
  // Nested blocks were described twice over (a block inside a block); the set keeps each action once.
  return actions.size === 0 ? undefined : [...actions].join(', ');
}

const artifactLoadCallees = /(^|\.)(load|load_file|load_checkpoint|load_state_dict|load_from_checkpoint|from_pretrained|restore|restore_checkpoint|load_weights|load_model)$/;

/**
 * True when the checked path is loaded as an artifact in the same function (module: the whole file):
 * `if os.path.isfile(args.resume): checkpoint = torch.load(args.resume)`.
 */
export function isLoadedAsArtifact(checked: Node, tree: Tree, source: string): boolean {
  if (checked.type !== 'identifier' && checked.type !== 'attribute') {
    return false;
  }
  const scope = enclosingFunction(checked) ?? tree.rootNode;
  return descendantsInScope(scope, new Set(['call'])).some((call) => isArtifactLoadCall(call, tree, source) && callArguments(call).positional[0]?.text === checked.text);
}

/** `torch.load(p)`, `model.load_state_dict(...)`, `Model.load_from_checkpoint(p)`: not `json.load` or `np.load`. */
export function isArtifactLoadCall(call: Node, tree: Tree, source: string): boolean {
  const callee = qualifiedCallee(call, tree, source) ?? call.childForFieldName('function')?.text ?? '';
  return artifactLoadCallees.test(callee) && !/^(json|yaml|pickle|np|numpy|pd|pandas|toml|csv)\./.test(callee);
}

const artifactFunctionWords: ReadonlySet<string> = new Set(['checkpoint', 'checkpoints', 'ckpt', 'ckpts', 'weights', 'pretrained', 'snapshot', 'statedict']);

/**
 * True when the enclosing function's name says it handles model artifacts: `restart_from_checkpoint`,
 * `load_optimizer_checkpoint`, `get_latest_checkpoint_folder`, `load_model_sharded`.
 */
export function inArtifactFunction(node: Node): boolean {
  const name = enclosingFunction(node)?.childForFieldName('name')?.text;
  if (name === undefined) {
    return false;
  }
  const words = nameWords(name);
  // `_hpc_resume_path`, `find_resume_file`: the checkpoint a run resumes from.
  const resumePath = words.includes('resume') && ['path', 'dir', 'file', 'folder'].includes(words[words.length - 1] ?? '');
  return resumePath || words.some((word) => artifactFunctionWords.has(word)) || (words.includes('model') && words.some((word) => ['load', 'restore', 'resume'].includes(word)));
}

/** Methods that add an entry to a collection: `errors.append(...)`, `missing.add(p)`. */
const recordingMethods: ReadonlySet<string> = new Set(['append', 'add', 'extend', 'insert']);

/**
 * `errors.append(f"Checkpoint file not found: {p}")` (and log lines), with `errors` read again later in the function
 * outside a log call (`is_valid = not errors`, `if errors: raise ...`, `return errors`): the branch records the
 * failure for the code that decides what to do about it; it does not carry on as if the artifact were there.
 */
function recordsFailureForLater(block: Node, tree: Tree, source: string): boolean {
  const recorded = new Set<string>();
  for (const statement of namedChildrenOf(block)) {
    if (statement.type === 'comment') {
      continue;
    }
    const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (call?.type !== 'call') {
      return false;
    }
    const receiver = methodReceiver(call);
    if (receiver?.type === 'identifier' && recordingMethods.has(methodName(call) ?? '')) {
      recorded.add(receiver.text);
    } else if (!isLogCall(call, tree, source)) {
      return false;
    }
  }
  if (recorded.size === 0) {
    return false;
  }
  const scope = enclosingFunction(block) ?? block.tree.rootNode;
  const later = identifiersInScope(scope).filter((identifier) => identifier.startIndex >= block.endIndex && recorded.has(identifier.text));
  return [...recorded].every((name) => later.some((identifier) => identifier.text === name && !insideLogCall(identifier, scope, tree, source)));
}

function insideLogCall(node: Node, scope: Node, tree: Tree, source: string): boolean {
  for (let parent = node.parent; parent !== null && parent.id !== scope.id; parent = parent.parent) {
    if (parent.type === 'call' && isLogCall(parent, tree, source)) {
      return true;
    }
  }
  return false;
}

/** Verbs of calls that write a value to a path: `torch.save(state, p)`, `pickle.dump(obj, f)`, `np.save(p, a)`. */
const savingVerbs: ReadonlySet<string> = new Set(['save', 'dump', 'write', 'savez', 'save_file']);

/**
 * `if os.path.isfile(mb_path): mb = torch.load(mb_path) else: index, embeddings = init_memory(loader, model)`, and
 * later in the function `torch.save({"embeddings": embeddings, ...}, mb_path)`: the missing branch builds the very
 * value the function stores at the checked path, so it produces the artifact rather than doing without it.
 */
function buildsWhatIsSavedThere(block: Node, checked: Node | undefined): boolean {
  if (checked === undefined || (checked.type !== 'identifier' && checked.type !== 'attribute')) {
    return false;
  }
  const assigned = new Set<string>();
  for (const assignment of descendantsInScope(block, new Set(['assignment']))) {
    const left = assignment.childForFieldName('left');
    if (left !== null && assignment.childForFieldName('right')?.type === 'call') {
      identifiersInScope(left).forEach((identifier) => assigned.add(identifier.text));
    }
  }
  if (assigned.size === 0) {
    return false;
  }
  const scope = enclosingFunction(block) ?? block.tree.rootNode;
  return descendantsInScope(scope, new Set(['call'])).some((call) => {
    if (call.startIndex < block.endIndex) {
      return false;
    }
    const callee = call.childForFieldName('function');
    const words = nameWords(callee === null ? '' : (lastName(callee) ?? ''));
    const { positional } = callArguments(call);
    return (
      words.some((word) => savingVerbs.has(word)) &&
      positional.some((argument) => argument.text === checked.text) &&
      positional.some((argument) => argument.text !== checked.text && identifiersInScope(argument).some((identifier) => assigned.has(identifier.text)))
    );
  });
}

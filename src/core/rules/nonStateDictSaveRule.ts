// RR005 non-state-dict-save.
//
// Catches: `torch.save(obj, path)` where `obj` is a model object rather than its `state_dict()`: `self` inside an
// `nn.Module`/`LightningModule` class, a variable built by such a class (or `nn.*`, `load_from_checkpoint`,
// `from_pretrained`), a parameter annotated as a module, or a name that reads as a model (`model`, `self.teacher`,
// `student_net`) and is not traced to anything else; also a dict literal or `dict(...)` call holding such an object,
// and a loaded checkpoint re-saved when one of its entries is used as a module (`x["model"].parameters()`). And
// Lightning's `trainer.save_checkpoint(path)` writing a `.pth`/`.pt` file, where the runbook expects a plain state_dict.
// Fix (when the saved expression is a plain name or attribute): append `.state_dict()`.
//
// Deliberately not flagged: `x.state_dict()`, a variable assigned from `.state_dict()`, dict literals of state
// dicts and scalars (the usual `{"model_state_dict": ..., "epoch": ...}`), data and caches (`features`,
// `dataset`, tensors, anything whose name says data/cache/state), and objects we cannot classify. A pickled
// model object ties the file to the class's import path and code, which is what the runbook's "all saved models
// are plain state_dict dictionaries" rule exists to prevent; guessing wrong about a cache would be noise.
import type { Node, Tree } from 'web-tree-sitter';
import { PerTree } from '../python/perTree';
import type { TextEdit } from '../model/finding';
import { dataObjectWords, requestedExtension } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { snippet } from '../text/snippet';
import { argumentAt, callArguments, callAtHit, callNameHits, hasCallNameHit, methodName, methodReceiver, qualifiedCallee } from '../python/callSites';
import { lineAnchoredMatches, importAliases, importAliasesInText } from '../python/imports';
import { descendantsInScope, enclosingClass, enclosingFunction, lastName, namedChildrenOf, parentOf, unwrapParentheses } from '../python/treeNavigation';
import { plainStringValue } from '../python/stringLiterals';
import { reachingDefinition } from '../python/valueTracing';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import { findingMessage, firstFitting } from './findingMessage';
import { staticValueOf } from '../python/staticStringValue';

type Judgement =
  | {
      readonly kind: 'module';
      /** The model object, for the message: `model`, `self`, `deepcopy(model).half()`. */
      readonly object: string;
      /** Why it is a model object (a clause), or '' when its name says so. */
      readonly why: string;
      /** Where `.state_dict()` can be appended; empty when no edit is certainly right. */
      readonly fixable: readonly Node[];
      /** The object sits inside a dict, list or tuple (the checkpoint container), under this key when there is one. */
      readonly inside?: { readonly key: string | undefined };
    }
  | { readonly kind: 'safe' }
  | { readonly kind: 'unknown' };

type ModuleJudgement = Extract<Judgement, { readonly kind: 'module' }>;

const unknown: Judgement = { kind: 'unknown' };
const safe: Judgement = { kind: 'safe' };
const moduleBaseClass = /(^|[.\s(,])(Module|LightningModule|LightningDataModule)\b/;
const moduleFactories: ReadonlySet<string> = new Set(['load_from_checkpoint', 'from_pretrained', 'from_config']);
const passThroughMethods: ReadonlySet<string> = new Set(['to', 'cpu', 'cuda', 'eval', 'train', 'half', 'float', 'double']);

/** Classes under `torch.nn` that are tensors, not modules: saving one saves weights. */
const tensorClassesInNn: ReadonlySet<string> = new Set(['Parameter', 'UninitializedParameter', 'Buffer', 'UninitializedBuffer']);
/** Names of classes in this file that are (transitively) `nn.Module` / `LightningModule` subclasses (read from the text). */
const moduleClassesByTree = new PerTree<{ readonly source: string; readonly names: ReadonlySet<string> }>('module classes');

/** moduleClassNames, once per tree. */
function moduleClassesOf(tree: Tree, source: string): ReadonlySet<string> {
  const cached = moduleClassesByTree.get(tree);
  if (cached !== undefined && cached.source === source) {
    return cached.names;
  }
  const names = moduleClassNames(source);
  moduleClassesByTree.set(tree, { source, names });
  return names;
}

/** `/^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)/gm`, for lineAnchoredMatches. */
const classLineAt = /[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)/y;

function moduleClassNames(source: string): Set<string> {
  const classes = lineAnchoredMatches(source, 'class', classLineAt).map((match) => ({ name: match[1] ?? '', bases: match[2] ?? '' }));
  const names = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const { name, bases } of classes) {
      if (names.has(name)) {
        continue;
      }
      const baseNames = bases.split(',').map((base) => base.trim().split('.').pop() ?? '');
      if (moduleBaseClass.test(bases) || baseNames.some((base) => names.has(base))) {
        names.add(name);
        grew = true;
      }
    }
  }
  return names;
}

class SavedObjectJudge {
  private readonly moduleClasses: ReadonlySet<string>;

  constructor(
    private readonly tree: Tree,
    private readonly source: string,
    /** The built-in and the project's model words (projectVocabulary.ts). */
    private readonly modelWords: ReadonlySet<string>,
  ) {
    this.moduleClasses = moduleClassesOf(tree, source);
  }

  judge(node: Node, depth = 0): Judgement {
    const expression = unwrapParentheses(node);
    if (depth > 6) {
      return unknown;
    }
    switch (expression.type) {
      case 'call':
        return this.judgeCall(expression, depth);
      case 'dictionary':
        return this.judgeEntries(namedChildrenOf(expression).map((pair) => pair.childForFieldName('value')).filter((value): value is Node => value !== null), depth, true);
      case 'list':
      case 'tuple':
        return this.judgeEntries(namedChildrenOf(expression), depth);
      case 'conditional_expression':
        return this.judgeAlternatives(expression, depth);
      case 'dictionary_comprehension':
      case 'list_comprehension':
      case 'string':
      case 'integer':
      case 'float':
        return safe;
      case 'identifier':
        return this.judgeIdentifier(expression, depth);
      case 'attribute':
        return this.judgeName(expression, lastName(expression) ?? '', true);
      default:
        return unknown;
    }
  }

  /** A container is a model checkpoint when an entry is a model object; edits inside the literal stay exact. */
  private judgeEntries(values: readonly Node[], depth: number, keyed = false): Judgement {
    for (const value of values) {
      const judgement = this.judge(value, depth + 1);
      if (judgement.kind === 'module') {
        const keyNode = keyed ? parentOf(value)?.childForFieldName('key') : undefined;
        const key = keyNode === undefined || keyNode === null ? undefined : (plainStringValue(keyNode) ?? keyNode.text);
        const fixable = values.flatMap((other) => {
          const entry = this.judge(other, depth + 1);
          return entry.kind === 'module' ? entry.fixable : [];
        });
        return { ...judgement, fixable, inside: judgement.inside ?? { key } };
      }
    }
    return safe;
  }

  /** `dict(net=net, epoch=e)`: judged like `{"net": net, "epoch": e}`, its keywords being the keys. */
  private judgeKeywordEntries(call: Node, depth: number): Judgement {
    const { positional, keywords } = callArguments(call);
    if (positional.length > 0) {
      return unknown;
    }
    const fixable: Node[] = [];
    let found: ModuleJudgement | undefined;
    for (const [key, value] of keywords) {
      const judgement = this.judge(value, depth + 1);
      if (judgement.kind === 'module') {
        fixable.push(...judgement.fixable);
        found ??= { ...judgement, inside: judgement.inside ?? { key } };
      }
    }
    return found === undefined ? safe : { ...found, fixable };
  }

  /** `model.module if parallel else model`: a model object when either branch is one (no edit: which one runs?). */
  private judgeAlternatives(expression: Node, depth: number): Judgement {
    const [whenTrue, , whenFalse] = namedChildrenOf(expression);
    const judgements = [whenTrue, whenFalse].map((branch) => (branch === undefined ? unknown : this.judge(branch, depth + 1)));
    const module = judgements.find((judgement) => judgement.kind === 'module');
    if (module !== undefined) {
      return { ...module, object: expression.text, fixable: [] };
    }
    return judgements.every((judgement) => judgement.kind === 'safe') ? safe : unknown;
  }

  private judgeCall(call: Node, depth: number): Judgement {
    const method = methodName(call);
    if (method === 'state_dict') {
      return safe;
    }
    const receiver = methodReceiver(call);
    if (method !== undefined && receiver !== undefined && passThroughMethods.has(method)) {
      const inner = this.judge(receiver, depth + 1);
      // `model.cpu()` is a module, but appending `.state_dict()` to the call is still a safe fix.
      return inner.kind === 'module' && inner.inside === undefined ? { ...inner, object: call.text, fixable: [call] } : inner;
    }
    if (method !== undefined && moduleFactories.has(method)) {
      return { kind: 'module', object: call.text, why: `loaded with \`${method}\``, fixable: [] };
    }
    if (qualifiedCallee(call, this.tree, this.source) === 'torch.load') {
      // What a load returns is RR004's concern; with weights_only=True it is a state_dict.
      return safe;
    }
    const callee = qualifiedCallee(call, this.tree, this.source) ?? '';
    if (callee === 'dict') {
      // `dict(net=net, optimizer_state=opt.state_dict())` is the checkpoint dict written as a call.
      return this.judgeKeywordEntries(call, depth);
    }
    if (callee === 'copy.deepcopy' || callee === 'deepcopy') {
      const copied = argumentAt(call, 0);
      const inner = copied === undefined ? unknown : this.judge(copied, depth + 1);
      return inner.kind === 'module' && inner.inside === undefined ? { ...inner, object: call.text, fixable: [call] } : inner;
    }
    const simpleName = callee.split('.').pop() ?? '';
    if (this.moduleClasses.has(simpleName)) {
      return { kind: 'module', object: call.text, why: `a \`${simpleName}\` (nn.Module subclass)`, fixable: [] };
    }
    if (/^(torch\.)?nn\.[A-Z]/.test(callee) && !tensorClassesInNn.has(simpleName)) {
      return { kind: 'module', object: call.text, why: `a \`${callee}\` module`, fixable: [] };
    }
    return unknown;
  }

  private judgeIdentifier(identifier: Node, depth: number): Judgement {
    if (identifier.text === 'self') {
      const classNode = enclosingClass(identifier);
      const className = classNode?.childForFieldName('name')?.text;
      return className !== undefined && this.moduleClasses.has(className)
        ? { kind: 'module', object: 'self', why: `the \`${className}\` module itself`, fixable: [identifier] }
        : unknown;
    }
    const definition = reachingDefinition(identifier, this.source);
    if (definition?.kind === 'expression') {
      const value = unwrapParentheses(definition.value);
      if (value.type === 'call' && qualifiedCallee(value, this.tree, this.source) === 'torch.load') {
        // A loaded whole model (used as one here) is re-pickled; a loaded dict of tensors is not a model. A loaded
        // checkpoint whose entry is used as a module (`x["model"].half()`, `x["model"].parameters()`) holds a
        // pickled model, and saving it pickles that model again; the edit belongs where the entry is set, so none.
        if (usedAsModule(identifier, this.source)) {
          return { kind: 'module', object: identifier.text, why: 'loaded whole with torch.load and used as a module', fixable: [identifier] };
        }
        const entry = entryUsedAsModule(identifier);
        return entry === undefined ? safe : { kind: 'module', object: `${identifier.text}[${entry.text}]`, why: 'loaded with torch.load, its entry used as a module', fixable: [], inside: { key: plainStringValue(entry) ?? entry.text } };
      }
      const traced = this.judge(definition.value, depth + 1);
      if (traced.kind === 'safe') {
        return safe;
      }
      if (traced.kind === 'module') {
        // A name holding a checkpoint dict: the edit belongs inside the dict, which is elsewhere; offer none.
        return traced.inside === undefined ? { ...traced, object: identifier.text, fixable: [identifier] } : { ...traced, fixable: [] };
      }
      // `model = build(cfg)`: fall back to what the name and its uses say.
    }
    if (definition?.kind === 'parameter') {
      const annotation = definition.parameter.node.childForFieldName('type')?.text ?? '';
      if (/\b(Module|LightningModule)\b/.test(annotation)) {
        return { kind: 'module', object: identifier.text, why: `annotated \`${annotation}\``, fixable: [identifier] };
      }
      if (/\b(dict|Dict|Mapping|OrderedDict|Tensor|ndarray|DataFrame|list|List)\b/.test(annotation)) {
        return safe;
      }
    }
    return this.judgeName(identifier, identifier.text, false);
  }

  private judgeName(node: Node, name: string, isAttribute: boolean): Judgement {
    const words = nameWords(name);
    if (words.some((word) => dataObjectWords.has(word))) {
      return safe;
    }
    if (words.some((word) => this.modelWords.has(word))) {
      return { kind: 'module', object: node.text, why: '', fixable: [node] };
    }
    if (!isAttribute && usedAsModule(node, this.source)) {
      return { kind: 'module', object: node.text, why: 'used as a module here', fixable: [node] };
    }
    return unknown;
  }
}

/** Methods only a module has: calling one on a value says it is a model object. */
const moduleOnlyMethods: ReadonlySet<string> = new Set(['parameters', 'named_parameters', 'state_dict', 'load_state_dict', 'modules', 'named_modules', 'children', 'zero_grad', 'requires_grad_']);

/** True when the enclosing function calls module-only methods on the same name (`net.parameters()`). */
function usedAsModule(identifier: Node, source: string): boolean {
  const scope = enclosingFunction(identifier) ?? identifier.tree.rootNode;
  const pattern = new RegExp(`(?<![\\w.])${identifier.text}\\.(${[...moduleOnlyMethods].join('|')})\\s*\\(`);
  return pattern.test(source.slice(scope.startIndex, scope.endIndex));
}

/**
 * The key of an entry of `identifier` that the enclosing function uses as a module: `x['model'].parameters()`,
 * `x["model"].half()` on its own line (an in-place cast of a module; a tensor's `.half()` returns a copy).
 */
function entryUsedAsModule(identifier: Node): Node | undefined {
  const scope = enclosingFunction(identifier) ?? identifier.tree.rootNode;
  const name = identifier.text;
  for (const subscript of descendantsInScope(scope, new Set(['subscript']))) {
    const key = subscript.childForFieldName('subscript');
    if (subscript.childForFieldName('value')?.text !== name || key === null || key.type !== 'string') {
      continue;
    }
    const attribute = parentOf(subscript);
    const call = attribute?.type === 'attribute' ? parentOf(attribute) : null;
    const method = attribute?.childForFieldName('attribute')?.text ?? '';
    if (call?.type !== 'call' || attribute?.childForFieldName('object')?.id !== subscript.id) {
      continue;
    }
    if (moduleOnlyMethods.has(method) || (passThroughMethods.has(method) && parentOf(call)?.type === 'expression_statement')) {
      return key;
    }
  }
  return undefined;
}

/** `save \`model.state_dict()\``, or `save its .state_dict()` when the object is too long to repeat. */
function remedyObject(text: string): string {
  return text.length <= 30 && /^[\w.]+(\([^()]*\))*$/.test(text) ? `\`${text}.state_dict()\`` : 'its .state_dict()';
}

function torchSaveFinding(call: Node, judge: SavedObjectJudge, context: PythonRuleContext): RuleFinding | undefined {
  const saved = argumentAt(call, 0, 'obj');
  if (saved === undefined) {
    return undefined;
  }
  const judgement = judge.judge(saved);
  if (judgement.kind !== 'module') {
    return undefined;
  }
  const edits: TextEdit[] = judgement.fixable.map((node) => ({ range: context.rangeOfOffsets(node.endIndex, node.endIndex), newText: '.state_dict()' }));
  const object = snippet(judgement.object, 35);
  const why = judgement.why === '' ? '' : `, ${judgement.why}`;
  const key = judgement.inside?.key;
  const headline =
    judgement.inside === undefined
      ? firstFitting(`torch.save pickles the model object \`${object}\`${why}, not its weights`, `torch.save pickles the model object \`${object}\`, not its weights`)
      : firstFitting(
          `torch.save pickles a checkpoint ${key === undefined ? 'holding' : `whose '${snippet(key, 20)}' entry is`} a model object (\`${object}\`${why})`,
          `torch.save pickles a checkpoint ${key === undefined ? 'holding' : `whose '${snippet(key, 20)}' entry is`} a model object (\`${object}\`)`,
          `torch.save pickles a checkpoint ${key === undefined ? 'holding' : `whose '${snippet(key, 20)}' entry is`} a model object (\`${snippet(judgement.object, 20)}\`)`,
        );
  const message = findingMessage(headline, judgement.inside === undefined ? `save ${remedyObject(judgement.object)} instead` : `store ${remedyObject(judgement.object)} there instead`);
  return {
    range: context.rangeOf(call),
    message,
    ...(edits.length === 0 ? {} : { fix: { title: 'Save .state_dict() instead of the model object', edits } }),
  };
}

/** `self.save_checkpoint(...)` in a class that defines its own `save_checkpoint`: the project's method, not Lightning's. */
function callsOwnMethod(call: Node): boolean {
  if (methodReceiver(call)?.text !== 'self') {
    return false;
  }
  const body = enclosingClass(call)?.childForFieldName('body');
  return (
    body !== undefined &&
    body !== null &&
    namedChildrenOf(body).some((member) => {
      const definition = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      return definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === 'save_checkpoint';
    })
  );
}

function saveCheckpointFinding(call: Node, context: PythonRuleContext): RuleFinding | undefined {
  const target = argumentAt(call, 0, 'filepath');
  if (target === undefined || callsOwnMethod(call)) {
    return undefined;
  }
  const value = staticValueOf(target, context.source);
  const extension = requestedExtension(value.text, context.vocabulary);
  if (extension !== 'pth' && extension !== 'pt') {
    return undefined;
  }
  return {
    range: context.rangeOf(call),
    message: findingMessage(`save_checkpoint writes a full Lightning checkpoint to a '.${extension}' file`, "save `model.state_dict()` there with torch.save and keep '.ckpt' for resume files"),
  };
}

/** `save(...)`, `save_checkpoint(...)` and any local alias of torch.save: the call names the rule looks at. */
function saveCallNames(aliases: ReadonlyMap<string, string>): string {
  return ['save', 'save_checkpoint', ...[...aliases].filter(([, qualified]) => qualified === 'torch.save').map(([local]) => local)].join('|');
}

export const nonStateDictSaveRule: PythonRule = {
  id: 'RR005',
  name: 'non-state-dict-save',
  defaultSeverity: 'warning',
  description: 'torch.save of a model object (or trainer.save_checkpoint to a .pth/.pt file) instead of a plain state_dict; save model.state_dict().',
  triggerWords: ['torch', 'save_checkpoint'],
  // Every finding is a call found by callsNamed(saveCallNames(...)), i.e. a callNameHits sighting.
  mayFind: (source) => hasCallNameHit(source, saveCallNames(importAliasesInText(source))),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const { tree, source } = context;
    const hits = callNameHits(tree, source, saveCallNames(importAliases(tree, source)));
    for (const call of hits.map((hit) => callAtHit(tree, hit)).filter((found): found is Node => found !== undefined)) {
      const callee = qualifiedCallee(call, tree, source);
      let finding: RuleFinding | undefined;
      if (callee === 'torch.save') {
        const judge = new SavedObjectJudge(tree, source, context.vocabulary.modelWords);
        finding = torchSaveFinding(call, judge, context);
      } else if (methodName(call) === 'save_checkpoint') {
        finding = saveCheckpointFinding(call, context);
      }
      if (finding !== undefined) {
        findings.push(finding);
      }
    }
    return findings;
  },
};

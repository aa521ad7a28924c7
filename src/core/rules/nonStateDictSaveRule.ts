// RR005 non-state-dict-save.
//
// Catches: `torch.save(obj, path)` where `obj` is a model object rather than its `state_dict()`: `self` inside an
// `nn.Module`/`LightningModule` class, a variable built by such a class (or `nn.*`, `load_from_checkpoint`,
// `from_pretrained`), a parameter annotated as a module, or a name that reads as a model (`model`, `self.teacher`,
// `student_net`) and is not traced to anything else; also a dict literal holding such an object. And Lightning's
// `trainer.save_checkpoint(path)` writing a `.pth`/`.pt` file, where the runbook expects a plain state_dict.
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
import { dataObjectWords, moduleObjectWords, requestedExtension } from './artifactVocabulary';
import { nameWords } from '../text/identifierWords';
import { snippet } from '../text/snippet';
import { argumentAt, callAtHit, callNameHits, hasCallNameHit, methodName, methodReceiver, qualifiedCallee } from '../python/callSites';
import { lineAnchoredMatches, importAliases, importAliasesInText } from '../python/imports';
import { enclosingClass, enclosingFunction, lastName, namedChildrenOf, unwrapParentheses } from '../python/treeNavigation';
import { reachingDefinition } from '../python/valueTracing';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import { staticValueOf } from '../python/staticStringValue';

type Judgement =
  | { readonly kind: 'module'; readonly why: string; readonly fixable: readonly Node[] }
  | { readonly kind: 'safe' }
  | { readonly kind: 'unknown' };

const unknown: Judgement = { kind: 'unknown' };
const safe: Judgement = { kind: 'safe' };
const moduleBaseClass = /(^|[.\s(,])(Module|LightningModule|LightningDataModule)\b/;
const moduleFactories: ReadonlySet<string> = new Set(['load_from_checkpoint', 'from_pretrained', 'from_config']);
const passThroughMethods: ReadonlySet<string> = new Set(['to', 'cpu', 'cuda', 'eval', 'train', 'half', 'float', 'double']);

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
        return this.judgeEntries(namedChildrenOf(expression).map((pair) => pair.childForFieldName('value')).filter((value): value is Node => value !== null), depth);
      case 'list':
      case 'tuple':
        return this.judgeEntries(namedChildrenOf(expression), depth);
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

  private judgeEntries(values: readonly Node[], depth: number): Judgement {
    const fixable: Node[] = [];
    const reasons: string[] = [];
    for (const value of values) {
      const judgement = this.judge(value, depth + 1);
      if (judgement.kind === 'module') {
        reasons.push(judgement.why);
        fixable.push(...judgement.fixable);
      }
    }
    return reasons.length === 0 ? safe : { kind: 'module', why: `it holds ${reasons.join(' and ')}`, fixable };
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
      return inner.kind === 'module' ? { kind: 'module', why: inner.why, fixable: [call] } : inner;
    }
    if (method !== undefined && moduleFactories.has(method)) {
      return { kind: 'module', why: `it is loaded with \`${method}\``, fixable: [] };
    }
    if (qualifiedCallee(call, this.tree, this.source) === 'torch.load') {
      // What a load returns is RR004's concern; with weights_only=True it is a state_dict.
      return safe;
    }
    const callee = qualifiedCallee(call, this.tree, this.source) ?? '';
    if (callee === 'copy.deepcopy' || callee === 'deepcopy') {
      const copied = argumentAt(call, 0);
      return copied === undefined ? unknown : this.judge(copied, depth + 1);
    }
    const simpleName = callee.split('.').pop() ?? '';
    if (this.moduleClasses.has(simpleName)) {
      return { kind: 'module', why: `it is a \`${simpleName}\` (an nn.Module subclass defined in this file)`, fixable: [] };
    }
    if (/^(torch\.)?nn\.[A-Z]/.test(callee)) {
      return { kind: 'module', why: `it is a \`${callee}\` module`, fixable: [] };
    }
    return unknown;
  }

  private judgeIdentifier(identifier: Node, depth: number): Judgement {
    if (identifier.text === 'self') {
      const classNode = enclosingClass(identifier);
      const className = classNode?.childForFieldName('name')?.text;
      return className !== undefined && this.moduleClasses.has(className)
        ? { kind: 'module', why: `\`self\` is the \`${className}\` module itself`, fixable: [identifier] }
        : unknown;
    }
    const definition = reachingDefinition(identifier, this.source);
    if (definition?.kind === 'expression') {
      const traced = this.judge(definition.value, depth + 1);
      if (traced.kind === 'safe') {
        return safe;
      }
      if (traced.kind === 'module') {
        return { kind: 'module', why: traced.why, fixable: [identifier] };
      }
      // `model = build(cfg)`: fall back to what the name and its uses say.
    }
    if (definition?.kind === 'parameter') {
      const annotation = definition.parameter.node.childForFieldName('type')?.text ?? '';
      if (/\b(Module|LightningModule)\b/.test(annotation)) {
        return { kind: 'module', why: `it is annotated \`${annotation}\``, fixable: [identifier] };
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
    if (words.some((word) => moduleObjectWords.has(word))) {
      return { kind: 'module', why: `\`${node.text}\` names a model object`, fixable: [node] };
    }
    if (!isAttribute && usedAsModule(node, this.source)) {
      return { kind: 'module', why: `\`${node.text}\` is used as a module (\`.parameters()\`/\`.state_dict()\`) in this function`, fixable: [node] };
    }
    return unknown;
  }
}

/** True when the enclosing function calls module-only methods on the same name (`net.parameters()`). */
function usedAsModule(identifier: Node, source: string): boolean {
  const scope = enclosingFunction(identifier) ?? identifier.tree.rootNode;
  const pattern = new RegExp(`(?<![\\w.])${identifier.text}\\.(parameters|named_parameters|state_dict|load_state_dict|modules|named_modules|children|zero_grad|requires_grad_)\\s*\\(`);
  return pattern.test(source.slice(scope.startIndex, scope.endIndex));
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
  return {
    range: context.rangeOf(call),
    message:
      `\`${snippet(call.text)}\` pickles a whole model object (${judgement.why}), which ties the file to the class's code; ` +
      `save its weights instead: torch.save(${snippet(unwrapParentheses(saved).text, 30)}.state_dict(), path) — saved models must be plain state_dict dictionaries.`,
    ...(edits.length === 0 ? {} : { fix: { title: 'Save .state_dict() instead of the model object', edits } }),
  };
}

function saveCheckpointFinding(call: Node, context: PythonRuleContext): RuleFinding | undefined {
  const target = argumentAt(call, 0, 'filepath');
  if (target === undefined) {
    return undefined;
  }
  const value = staticValueOf(target, context.source);
  const extension = requestedExtension(value.text);
  if (extension !== 'pth' && extension !== 'pt') {
    return undefined;
  }
  return {
    range: context.rangeOf(call),
    message:
      `\`${snippet(call.text)}\` writes a full Lightning checkpoint (optimizer, callbacks, hyper-parameters) to a '.${extension}' file where a plain state_dict is expected; ` +
      `save the weights with torch.save(model.state_dict(), path) under canonical_experiment_dir(), and keep trainer.save_checkpoint for '.ckpt' resume files.`,
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
        const judge = new SavedObjectJudge(tree, source);
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

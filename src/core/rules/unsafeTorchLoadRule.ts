// RR004 unsafe-torch-load.
//
// Catches: `torch.load(...)` (also through `import torch as th` / `from torch import load`) that does not pass
// `weights_only=True`: the keyword is missing, or is `False`, or is a local variable assigned `False`. Such a load
// unpickles arbitrary Python objects, which is how legacy full-model checkpoints get resurrected (and how untrusted
// files run code). Fix: add `weights_only=True` (or turn `False` into `True`).
//
// Deliberately not flagged: `weights_only=weights_only` and other values passed through from a parameter (the caller
// decides, and is checked where it calls), any other expression we cannot evaluate (`args.weights_only`), and calls
// with `**kwargs` that may carry the keyword. The runbook's way out for a genuinely legacy checkpoint is a
// controlled conversion script, which can carry a suppression comment with its reason.
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../model/finding';
import { snippet } from '../text/snippet';
import { callArguments, callAtHit, callNameHits, hasCallNameHit, qualifiedCallee } from '../python/callSites';
import { importAliases, importAliasesInText } from '../python/imports';
import { namedChildrenOf, unwrapParentheses } from '../python/treeNavigation';
import { reachingDefinition } from '../python/valueTracing';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import { findingMessage } from './findingMessage';

/** The conversion of a legacy full-model checkpoint (a controlled script that logs its source) is on the rule's page. */
const remedy = 'pass weights_only=True and load a plain state_dict';

type WeightsOnly = { readonly kind: 'safe' } | { readonly kind: 'missing' } | { readonly kind: 'false'; readonly literal: Node | undefined } | { readonly kind: 'undecidable' };

function judgeWeightsOnly(call: Node, source: string): WeightsOnly {
  const args = callArguments(call);
  const value = args.keywords.get('weights_only');
  if (value === undefined) {
    return args.hasSplat ? { kind: 'undecidable' } : { kind: 'missing' };
  }
  const expression = unwrapParentheses(value);
  if (expression.type === 'true') {
    return { kind: 'safe' };
  }
  if (expression.type === 'false') {
    return { kind: 'false', literal: expression };
  }
  if (expression.type === 'identifier') {
    const definition = reachingDefinition(expression, source);
    if (definition?.kind === 'expression') {
      const assigned = unwrapParentheses(definition.value).type;
      if (assigned === 'false') {
        return { kind: 'false', literal: undefined };
      }
    }
  }
  // A parameter passed through, an attribute, a condition: the value is decided elsewhere.
  return { kind: 'undecidable' };
}

/** True when the call passes the literal `weights_only=True` (judgeWeightsOnly would say 'safe' without tracing). */
function passesWeightsOnlyTrue(call: Node): boolean {
  const value = callArguments(call).keywords.get('weights_only');
  return value !== undefined && unwrapParentheses(value).type === 'true';
}

function insertionFix(call: Node, context: PythonRuleContext): Fix | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList === null || argumentList.type !== 'argument_list') {
    return undefined;
  }
  const argumentsOnly = namedChildrenOf(argumentList).filter((child) => child.type !== 'comment');
  const last = argumentsOnly[argumentsOnly.length - 1];
  if (last === undefined) {
    const open = argumentList.firstChild;
    return open === null ? undefined : { title: 'Add weights_only=True', edits: [{ range: context.rangeOfOffsets(open.endIndex, open.endIndex), newText: 'weights_only=True' }] };
  }
  return { title: 'Add weights_only=True', edits: [{ range: context.rangeOfOffsets(last.endIndex, last.endIndex), newText: ', weights_only=True' }] };
}

/** `load(...)`, plus any local alias of torch.load (`from torch import load as tload`): the call names the rule looks at. */
function loadCallNames(aliases: ReadonlyMap<string, string>): string {
  return ['load', ...[...aliases].filter(([, qualified]) => qualified === 'torch.load').map(([local]) => local)].join('|');
}

export const unsafeTorchLoadRule: PythonRule = {
  id: 'RR004',
  name: 'unsafe-torch-load',
  defaultSeverity: 'warning',
  description: 'torch.load without weights_only=True unpickles arbitrary objects; pass weights_only=True and load plain state_dicts.',
  triggerWords: ['torch'],
  // Every finding is a call found from a callNameHits sighting of these names.
  mayFind: (source) => hasCallNameHit(source, loadCallNames(importAliasesInText(source))),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    const { tree, source } = context;
    const names = loadCallNames(importAliases(tree, source));
    const calls = callNameHits(tree, source, names)
      .map((hit) => callAtHit(tree, hit))
      .filter((call): call is Node => call !== undefined);
    for (const call of calls) {
      // A literal weights_only=True is safe whatever the call turns out to be.
      if (passesWeightsOnlyTrue(call) || qualifiedCallee(call, tree, source) !== 'torch.load') {
        continue;
      }
      const weightsOnly = judgeWeightsOnly(call, context.source);
      if (weightsOnly.kind !== 'missing' && weightsOnly.kind !== 'false') {
        continue;
      }
      const shown = snippet(call.text, 50);
      if (weightsOnly.kind === 'missing') {
        const fix = insertionFix(call, context);
        findings.push({
          range: context.rangeOf(call),
          message: findingMessage(`\`${shown}\` unpickles arbitrary objects: weights_only=True is not passed`, remedy),
          ...(fix === undefined ? {} : { fix }),
        });
      } else if (weightsOnly.kind === 'false') {
        const literal = weightsOnly.literal;
        findings.push({
          range: context.rangeOf(call),
          message: findingMessage(`\`${shown}\` unpickles arbitrary objects: it sets weights_only=False`, remedy),
          ...(literal === undefined ? {} : { fix: { title: 'Set weights_only=True', edits: [{ range: context.rangeOf(literal), newText: 'True' }] } }),
        });
      }
    }
    return findings;
  },
};

// Small rules with known behaviour, so pipeline, CLI and format tests do not depend on the real rules' details.
import type { PythonRule, TextRule } from '../../../src/core/rules/rule';

/** Flags every `torch.load(...)` call (found with a query, as real rules do). */
export const fakeTorchLoadRule: PythonRule = {
  id: 'RR004',
  name: 'unsafe-torch-load',
  defaultSeverity: 'warning',
  description: 'test rule: flags torch.load calls.',
  triggerWords: ['torch.load'],
  checkPython(context) {
    const query = context.query('(call function: (attribute object: (identifier) @object attribute: (identifier) @method) (#eq? @object "torch") (#eq? @method "load")) @call');
    return query
      .captures(context.tree.rootNode)
      .filter((capture) => capture.name === 'call')
      .map((capture) => ({ range: context.rangeOf(capture.node), message: 'torch.load without weights_only=True. Add weights_only=True.' }));
  },
};

/** Flags each `osc_jobs` word in shell, Markdown (information there) and Python text. */
export const fakeLegacyRootRule: PythonRule & TextRule = {
  id: 'RR006',
  name: 'non-canonical-job-output',
  defaultSeverity: 'warning',
  defaultSeverityByLanguage: { markdown: 'information' },
  description: 'test rule: flags osc_jobs.',
  triggerWords: ['osc_jobs'],
  triggerWordsFor: (layout) => layout.legacyRoots,
  languages: ['shell', 'markdown'],
  checkText(context) {
    const legacyRoot = context.layout.settings.legacyRoots[0] ?? 'osc_jobs';
    return context.lines.flatMap((line, lineIndex) =>
      [...line.matchAll(new RegExp(legacyRoot, 'g'))].map((match) => ({ range: context.rangeAt(lineIndex, match.index, match.index + legacyRoot.length), message: `${legacyRoot} is a legacy root.` })),
    );
  },
  checkPython(context) {
    const legacyRoot = context.layout.settings.legacyRoots[0] ?? 'osc_jobs';
    return [...context.source.matchAll(new RegExp(legacyRoot, 'g'))].map((match) => ({ range: context.rangeOfOffsets(match.index, match.index + legacyRoot.length), message: `${legacyRoot} is a legacy root.` }));
  },
};

/** Always throws, to prove a broken rule cannot crash the analysis. */
export const throwingRule: PythonRule = {
  id: 'RR001',
  name: 'legacy-artifact-discovery',
  defaultSeverity: 'warning',
  description: 'test rule: throws.',
  triggerWords: [],
  checkPython() {
    throw new Error('boom');
  },
};

/** Reports a range past the end of the file. */
export const outOfRangeRule: PythonRule = {
  id: 'RR002',
  name: 'non-canonical-path',
  defaultSeverity: 'error',
  description: 'test rule: bad range.',
  triggerWords: [],
  checkPython: (context) => [{ range: { line: context.source.split('\n').length + 5, column: 1, endLine: context.source.split('\n').length + 5, endColumn: 2 }, message: 'out of range' }],
};

export const fakeRules = [fakeTorchLoadRule, fakeLegacyRootRule];

// RR003 silent-fallback.
//
// Catches a missing artifact or path handled by carrying on instead of failing:
// - an existence check (`os.path.exists/isfile/isdir`, `Path.exists/is_file/is_dir`) on an artifact path whose
//   "missing" branch only assigns a default, returns, continues, passes or logs (`if not exists(p): p = legacy`;
//   `if exists(ckpt): load(ckpt) else: print("training from scratch")`; `p if exists(p) else default`);
// - `try:` around an artifact load (`torch.load`, `load_state_dict`, `load_from_checkpoint`, `from_pretrained`)
//   whose `except` passes, continues, returns, assigns or only logs;
// - `if p is None: p = <default path>` / `if not p: p = ...` for an artifact path;
// - `getattr(cfg, "..._path", default)`, `.get("..._path", default)`, `os.getenv("..._PATH", default)` with a real
//   default, and `path or default_path` / `path if path else default_path` in a value position — when the setting
//   names an artifact (`teacher_path`, `ckpt_dir`) or the default points at one (`.pth`, a legacy root).
// The runbook's remedy: raise FileNotFoundError or ValueError that says what is missing and how to produce it.
//
// Deliberately not flagged: branches and handlers that raise (a new error or a re-raise) or exit; branches that do
// real work (create the folder, download, train: that is producing the artifact, not ignoring its absence); checks
// on non-artifact paths (logs, caches, configs, data — a missing log folder returning `[]` is fine); `.get("x_path")`
// and `getattr(cfg, "x_path")` without a default, and defaults that are None/empty (the caller still has to decide);
// `except ImportError`; boolean conditions (`if a_path or b_path:`) where nothing is substituted; defaults derived
// from the canonical location (`... or cfg.model_artifact_path()`), which is the runbook's own remedy.
import type { Node } from 'web-tree-sitter';
import { judgePattern, layoutRootWords } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';
import { defaultRuleVocabulary } from './projectVocabulary';
import type { RuleVocabulary } from './projectVocabulary';
import { dottedName, lastName, unwrapParentheses } from '../python/treeNavigation';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import { staticValueOf } from '../python/staticStringValue';
import { isIncidentalName, namesArtifact } from './silentFallbackEvidence';
import type { ArtifactEvidence } from './silentFallbackEvidence';
import { checkExistenceBranches, hasExistenceCall, unsetPathChecks } from './silentFallbackExistence';
import { checkExceptHandlers, firstTryOffset, loadSightings } from './silentFallbackHandlers';
import { checkDefaults, pathConditionalSightings, pathOrSightings, settingDefaultSightings } from './silentFallbackDefaults';

/** Whether a checked path expression is a model artifact, from its name and, when it can be built, its value. */
function artifactEvidence(expression: Node, source: string, legacyRoots: readonly string[], vocabulary: ArtifactVocabulary, layoutUnder: (text: string) => boolean): ArtifactEvidence {
  const value = staticValueOf(expression, source);
  const byValue = judgePattern(value.text, legacyRoots, vocabulary);
  if (byValue.kind === 'data') {
    return { artifact: false };
  }
  // `get_last_checkpoint(args)`: a call is named by its callee.
  const unwrapped = unwrapParentheses(expression);
  const callee = unwrapped.type === 'call' ? unwrapped.childForFieldName('function') : null;
  const name = lastName(callee ?? expression);
  if (name !== undefined && namesArtifact(name, vocabulary) && !isIncidentalName(name)) {
    return { artifact: true, what: `\`${dottedName(unwrapParentheses(expression)) ?? name}\`` };
  }
  if (byValue.kind === 'artifact' && !value.unknown) {
    return { artifact: true, what: `'${value.text}'` };
  }
  if (!value.unknown && layoutUnder(value.text)) {
    return { artifact: true, what: `'${value.text}'` };
  }
  return { artifact: false };
}

function some(items: Iterable<unknown>): boolean {
  for (const _item of items) {
    return true;
  }
  return false;
}

/**
 * The rule's pre-parse gate: every finding comes from one of these text sightings (an existence-check call name, an
 * `if not p:` check, a load call after the first `try`, a setting read with a default, a path-like `or` / `if ... else`).
 */
function mayFindFallback(source: string, vocabulary: RuleVocabulary): boolean {
  const firstTry = firstTryOffset(source);
  return (
    hasExistenceCall(source) ||
    some(unsetPathChecks(source)) ||
    (firstTry !== -1 && loadSightings(undefined, source, firstTry, vocabulary).length > 0) ||
    some(settingDefaultSightings(source)) ||
    some(pathOrSightings(source)) ||
    some(pathConditionalSightings(source))
  );
}

export const silentFallbackRule: PythonRule = {
  id: 'RR003',
  name: 'silent-fallback',
  defaultSeverity: 'warning',
  description:
    'A missing artifact or path handled by carrying on (default path, return, pass, log-and-continue); raise FileNotFoundError or ValueError that says what is missing and how to produce it.',
  // Every finding needs artifact evidence (an artifact word in a name or value, an artifact load, a layout root).
  triggerWords: [...defaultRuleVocabulary.artifactTriggerWords, 'experiment_runs', 'osc_jobs'],
  triggerWordsFor: (layout, vocabulary) => [...vocabulary.artifactTriggerWords, ...layoutRootWords(layout)],
  mayFind: (source, _layout, vocabulary) => mayFindFallback(source, vocabulary),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const legacyRoots = context.layout.settings.legacyRoots;
    const underLayout = (text: string): boolean => {
      const classification = context.layout.parse(text).classification;
      return classification === 'legacy' || classification === 'canonical' || classification === 'canonical-template' || classification === 'non-canonical';
    };
    const evidenceOf = (node: Node): ArtifactEvidence => artifactEvidence(node, context.source, legacyRoots, context.vocabulary, underLayout);
    return [...checkExistenceBranches(context, evidenceOf), ...checkExceptHandlers(context), ...checkDefaults(context, evidenceOf)].sort(
      (a, b) => a.range.line - b.range.line || a.range.column - b.range.column,
    );
  },
};

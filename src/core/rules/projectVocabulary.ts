// The project's own names, as the rules use them: the function that builds a run's canonical paths (named in the
// project file as `layout.pathFunction`, or found where the file being checked calls it) for the remedies, and the
// words that name a model object (generic built-ins plus the project file's `vocabulary.modelWords`) for RR005.
// Nothing here names one repository's classes: without a project function the remedies say it generically.
import type { Node, Tree } from 'web-tree-sitter';
import { callsNamed, methodReceiver } from '../python/callSites';
import { snippet } from '../text/snippet';

/** What the analyzer hands every rule (PythonRuleContext / TextRuleContext `vocabulary`). */
export interface RuleVocabulary {
  /** `layout.pathFunction` from the project file (e.g. `PipelineConfig.run_dir`), without `()`; undefined when not set. */
  readonly pathFunction?: string;
  /** Words that, in a variable or attribute name, mark an `nn.Module` (RR005): the built-ins plus the project's. */
  readonly modelWords: ReadonlySet<string>;
}

/** Generic model words: architectures and roles any ML code base uses; a project adds its own in `vocabulary.modelWords`. */
export const builtInModelWords: readonly string[] = [
  'model', 'net', 'network', 'teacher', 'student', 'encoder', 'decoder', 'autoencoder', 'classifier', 'module',
  'backbone', 'detector', 'gnn', 'mlp', 'cnn', 'rnn', 'lstm', 'transformer', 'generator', 'discriminator', 'critic',
  'actor', 'policy', 'unet', 'vae', 'resnet', 'vit', 'ema',
];

export function ruleVocabulary(pathFunction: string | undefined, projectModelWords: readonly string[]): RuleVocabulary {
  return {
    ...(pathFunction === undefined ? {} : { pathFunction }),
    modelWords: new Set([...builtInModelWords, ...projectModelWords.map((word) => word.toLowerCase())]),
  };
}

export const defaultRuleVocabulary: RuleVocabulary = ruleVocabulary(undefined, []);

/**
 * What a remedy points at: a run's artifact paths (RR001: "build the path with …") or a run's folder (RR002, RR006).
 * The names are the runbook's functions, looked for in the file after the project's own `layout.pathFunction`.
 */
export type PathPurpose = 'artifact' | 'folder';

const runbookFunctions: Readonly<Record<PathPurpose, readonly string[]>> = {
  artifact: ['required_artifacts', 'model_artifact_path', 'canonical_experiment_dir'],
  folder: ['canonical_experiment_dir'],
};

/** How a call is written when it is short enough to quote: `cfg.canonical_experiment_dir()`. */
function writtenCall(call: Node, name: string): string | undefined {
  const receiver = methodReceiver(call);
  const written = receiver === undefined ? `${name}()` : `${receiver.text}.${name}()`;
  return written.length <= 45 && !written.includes('\n') ? written : undefined;
}

/**
 * The project function a remedy names, as code to quote (`cfg.canonical_experiment_dir()`), or undefined when the
 * project has none the rule can see: the project file's `layout.pathFunction` as this file calls it (or as written in
 * the project file when this file does not call it), else a runbook path function this file already calls.
 */
export function projectPathFunction(vocabulary: RuleVocabulary, purpose: PathPurpose, tree?: Tree, source?: string): string | undefined {
  const configured = vocabulary.pathFunction;
  const names = configured === undefined ? runbookFunctions[purpose] : [configured.split('.').pop() ?? configured];
  if (tree !== undefined && source !== undefined) {
    for (const name of names) {
      for (const call of callsNamed(tree, source, name)) {
        const written = writtenCall(call, name);
        if (written !== undefined) return written;
      }
    }
  }
  return configured === undefined ? undefined : `${snippet(configured, 45)}()`;
}

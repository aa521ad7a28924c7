// The project's own names, as the rules use them: the function that builds a run's canonical paths (named in the
// project file as `layout.pathFunction`, or found where the file being checked calls or imports it) for the remedies
// and for telling a default built from it from a silent fallback (RR003); the words that name a model object
// (generic built-ins plus the project file's `vocabulary.modelWords`) for RR005; the words and extensions that make a
// path or name an artifact (artifactVocabulary.ts's built-ins plus `vocabulary.artifactWords` /
// `vocabulary.artifactExtensions`) for RR001, RR002, RR003 and RR006. Nothing here names one repository's classes:
// without a project function the remedies say it generically. Rules stay per-file: another module's function is
// known by the file's imports of it, never by reading that module.
import type { Node, Tree } from 'web-tree-sitter';
import { callsNamed, methodReceiver } from '../python/callSites';
import { importAliasesWithRelative } from '../python/imports';
import { snippet } from '../text/snippet';
import { artifactTriggerWordsOf, builtInArtifactExtensions, builtInArtifactWords } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';

/** What the project file adds (config's VocabularySettings has this shape), before it is merged with the built-ins. */
export interface ProjectWords {
  /** `layout.pathFunction` (e.g. `PipelineConfig.run_dir`), without `()`. */
  readonly pathFunction?: string;
  readonly modelWords: readonly string[];
  readonly artifactWords: readonly string[];
  /** Without the dot (`bin`, not `.bin`). */
  readonly artifactExtensions: readonly string[];
}

/** What the analyzer hands every rule (PythonRuleContext / TextRuleContext `vocabulary`). */
export interface RuleVocabulary extends ArtifactVocabulary {
  /** `layout.pathFunction` from the project file (e.g. `PipelineConfig.run_dir`), without `()`; undefined when not set. */
  readonly pathFunction?: string;
  /** Words that, in a variable or attribute name, mark an `nn.Module` (RR005): the built-ins plus the project's. */
  readonly modelWords: ReadonlySet<string>;
  /** The prefilter words of the rules that need artifact evidence (RR001, RR003), the project's spellings included. */
  readonly artifactTriggerWords: readonly string[];
}

/** Generic model words: architectures and roles any ML code base uses; a project adds its own in `vocabulary.modelWords`. */
export const builtInModelWords: readonly string[] = [
  'model', 'net', 'network', 'teacher', 'student', 'encoder', 'decoder', 'autoencoder', 'classifier', 'module',
  'backbone', 'detector', 'gnn', 'mlp', 'cnn', 'rnn', 'lstm', 'transformer', 'generator', 'discriminator', 'critic',
  'actor', 'policy', 'unet', 'vae', 'resnet', 'vit', 'ema',
];

const lowerCase = (words: readonly string[]): string[] => words.map((word) => word.toLowerCase());

export function ruleVocabulary(project: ProjectWords): RuleVocabulary {
  const artifacts: ArtifactVocabulary = {
    artifactWords: new Set([...builtInArtifactWords, ...lowerCase(project.artifactWords)]),
    artifactExtensions: new Set([...builtInArtifactExtensions, ...lowerCase(project.artifactExtensions)]),
  };
  return {
    ...(project.pathFunction === undefined ? {} : { pathFunction: project.pathFunction }),
    modelWords: new Set([...builtInModelWords, ...lowerCase(project.modelWords)]),
    ...artifacts,
    artifactTriggerWords: artifactTriggerWordsOf(artifacts),
  };
}

export const defaultRuleVocabulary: RuleVocabulary = ruleVocabulary({ modelWords: [], artifactWords: [], artifactExtensions: [] });

/**
 * What a remedy points at: a run's artifact paths (RR001: "build the path with …") or a run's folder (RR002, RR006).
 * The names are the runbook's functions, looked for in the file after the project's own `layout.pathFunction`.
 */
export type PathPurpose = 'artifact' | 'folder';

const runbookFunctions: Readonly<Record<PathPurpose, readonly string[]>> = {
  artifact: ['required_artifacts', 'model_artifact_path', 'canonical_experiment_dir'],
  folder: ['canonical_experiment_dir'],
};

/** The runbook's functions that build canonical paths, including the trainer's (`get_hierarchical_paths`). */
const runbookPathBuilders: readonly string[] = [...new Set([...runbookFunctions.artifact, ...runbookFunctions.folder, 'get_hierarchical_paths'])];

/** How a call is written when it is short enough to quote: `cfg.canonical_experiment_dir()`. */
function writtenCall(call: Node, name: string): string | undefined {
  const receiver = methodReceiver(call);
  const written = receiver === undefined ? `${name}()` : `${receiver.text}.${name}()`;
  return written.length <= 45 && !written.includes('\n') ? written : undefined;
}

const lastPart = (dotted: string): string => dotted.slice(dotted.lastIndexOf('.') + 1);

/**
 * How this file can call a function whose dotted name ends with `parts` (`['PipelineConfig', 'run_dir']`) by its
 * imports: the function itself (`from lab.paths import run_dir as rd` → `rd`), else the class or module it is
 * reached through (`from lab.config import PipelineConfig as PC` → `PC.run_dir`). Undefined when it imports neither.
 */
function importedAs(parts: readonly string[], aliases: ReadonlyMap<string, string>): string | undefined {
  for (let index = parts.length - 1; index >= 0; index--) {
    for (const [local, qualified] of aliases) {
      if (lastPart(qualified) === parts[index]) return [local, ...parts.slice(index + 1)].join('.');
    }
  }
  return undefined;
}

/**
 * The project function a remedy names, as code to quote (`cfg.canonical_experiment_dir()`), or undefined when the
 * project has none the rule can see. The project file's `layout.pathFunction` (else the runbook's path functions),
 * in this order: as this file calls it (`self.cfg.run_dir()`), as this file imports it (`rd()` after
 * `from lab.paths import run_dir as rd`, relative imports included), as written in the project file.
 */
export function projectPathFunction(vocabulary: RuleVocabulary, purpose: PathPurpose, tree?: Tree, source?: string): string | undefined {
  const configured = vocabulary.pathFunction;
  const wanted = configured === undefined ? runbookFunctions[purpose].map((name) => [name]) : [configured.split('.')];
  if (tree !== undefined && source !== undefined) {
    for (const parts of wanted) {
      const name = parts[parts.length - 1] ?? '';
      for (const call of callsNamed(tree, source, name)) {
        const written = writtenCall(call, name);
        if (written !== undefined) return written;
      }
    }
    const aliases = importAliasesWithRelative(tree, source);
    for (const parts of wanted) {
      const imported = importedAs(parts, aliases);
      if (imported !== undefined && imported.length <= 43) return `${imported}()`;
    }
  }
  return configured === undefined ? undefined : `${snippet(configured, 45)}()`;
}

/**
 * True when `node` derives a path from a function that builds canonical paths — the runbook's, or the project's
 * `layout.pathFunction` — as this file reaches it: called or read as a member by its own name
 * (`cfg.run_dir()`, `PipelineConfig.run_dir(cfg)`, `self.cfg.canonical_experiment_dir`), or called by the name an
 * import gives it (`rd(cfg)` after `from lab.paths import run_dir as rd`). A bare variable that happens to share the
 * name (`run_dir` holding anything) does not count. RR003 does not report such a default: it is the runbook's remedy.
 */
export function derivesFromPathFunction(node: Node, vocabulary: RuleVocabulary, tree: Tree, source: string): boolean {
  const names = new Set(runbookPathBuilders);
  if (vocabulary.pathFunction !== undefined) names.add(lastPart(vocabulary.pathFunction));
  const callable = new Set(names);
  for (const [local, qualified] of importAliasesWithRelative(tree, source)) {
    if (names.has(lastPart(qualified))) callable.add(local);
  }
  // descendantsOfType includes `node` itself when it has one of the types.
  return node.descendantsOfType(['attribute', 'call']).some((candidate) => {
    if (candidate === null) return false;
    if (candidate.type === 'attribute') return names.has(candidate.childForFieldName('attribute')?.text ?? '');
    const callee = candidate.childForFieldName('function');
    return callee?.type === 'identifier' && callable.has(callee.text);
  });
}

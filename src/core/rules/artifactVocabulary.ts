// What counts as a model artifact (weights, checkpoints, run outputs) versus data, shared by the rules that must tell
// "searching for the best checkpoint" from "listing the CSV captures" (RR001), "a missing checkpoint" from "a missing
// log folder" (RR003) and "saving a model" from "saving a feature cache" (RR005).
import { nameWords } from '../text/identifierWords';

/**
 * What makes a path or name an artifact: extensions of serialized models and checkpoints, and words in names. The
 * rules get the built-in lists below plus the project file's `vocabulary.artifactWords` / `artifactExtensions`
 * (RuleVocabulary, built once by ruleVocabulary in projectVocabulary.ts); every function here takes it.
 */
export interface ArtifactVocabulary {
  /** Extensions (lower case, no dot) of serialized models and checkpoints; they win over `dataExtensions`. */
  readonly artifactExtensions: ReadonlySet<string>;
  /** Lower-case words that, in a path, pattern or name, point at model artifacts or run outputs. */
  readonly artifactWords: ReadonlySet<string>;
}

/** Built-in extensions of serialized models and checkpoints; a project adds its own in `vocabulary.artifactExtensions`. */
export const builtInArtifactExtensions: readonly string[] = ['pt', 'pth', 'ckpt', 'safetensors', 'onnx', 'pkl', 'pickle', 'joblib', 'tflite'];

/** File extensions of data, configs, logs, metrics, images, documents and code: globbing these is not discovery. */
export const dataExtensions: ReadonlySet<string> = new Set([
  'csv', 'tsv', 'parquet', 'feather', 'arrow', 'avro', 'orc', 'xlsx', 'xls', 'json', 'jsonl', 'ndjson', 'yaml', 'yml',
  'toml', 'ini', 'cfg', 'conf', 'txt', 'log', 'out', 'err', 'md', 'rst', 'html', 'xml', 'pdf', 'png', 'jpg', 'jpeg',
  'gif', 'bmp', 'tif', 'tiff', 'svg', 'webp', 'npy', 'npz', 'h5', 'hdf5', 'nc', 'mat', 'wav', 'mp3', 'flac', 'mp4',
  'avi', 'mov', 'pcap', 'pcapng', 'blf', 'asc', 'trc', 'tfrecord', 'py', 'pyc', 'pyi', 'ipynb', 'sh', 'sbatch', 'slurm',
  'c', 'h', 'cpp', 'js', 'ts', 'css', 'zip', 'gz', 'bz2', 'xz', 'tar', 'tgz', 'whl', 'egg', 'so', 'dll', 'dylib', 'exe',
  'lock', 'db', 'sqlite', 'sqlite3', 'dat', 'pem', 'crt', 'key', 'po', 'mo', 'tmp', 'bak', 'orig', 'rej', 'lst',
]);

/**
 * Built-in words in a path, pattern or variable name that point at model artifacts or run outputs; a project adds its
 * own in `vocabulary.artifactWords`. `best` and `last` only count in files that also contain one of the trigger words
 * (artifactTriggerWordsOf; the rules do not run on other files).
 */
export const builtInArtifactWords: readonly string[] = [
  'checkpoint', 'checkpoints', 'ckpt', 'ckpts', 'model', 'models', 'best', 'last', 'teacher', 'student', 'autoencoder',
  'weights', 'pretrained', 'statedict',
];

/** Run-output folders of the tools this project uses. */
const runOutputFolders: readonly string[] = ['lightning_logs', 'mlruns'];

/**
 * `"./lightning_logs"`, `"logs"`, `"mlruns"`: only the root a logger or tracker writes its runs under, not a file or
 * a run inside it. A default for such a root names where output will go, so nothing missing is substituted.
 */
export function isRunOutputRoot(path: string): boolean {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return segments.length > 0 && segments.every((segment) => runOutputFolders.includes(segment) || segment === 'logs' || segment === 'log');
}

/** Words that mark a value as data or a derived cache, never a model (RR005). */
export const dataObjectWords: ReadonlySet<string> = new Set([
  'state', 'dict', 'statedict', 'sd', 'data', 'dataset', 'datasets', 'cache', 'cached', 'features', 'feature', 'feats',
  'embeddings', 'embedding', 'emb', 'tensor', 'tensors', 'stats', 'statistics', 'metrics', 'results', 'predictions',
  'preds', 'labels', 'graphs', 'graph', 'batch', 'samples', 'split', 'splits', 'index', 'vocab', 'tokens', 'history',
  'config', 'cfg', 'hparams', 'args', 'meta', 'metadata', 'scores', 'outputs', 'logits', 'checkpoint', 'ckpt',
  'params', 'parameters', 'weights', 'shadow', 'buffers', 'grads', 'gradients',
]);

/**
 * The prefilter for rules that need artifact evidence (RR001, RR003): a file that contains none of these spellings
 * cannot hold such evidence, so the rule does not run on it. The spellings are chosen to be specific: `.pth"` rather
 * than `pth` (which matches `depth`), `model_`/`_model`/`"model` rather than `model` (prose in any library). ML code
 * that handles artifacts practically always contains one (`torch`, `ckpt`, `model_path`, `"best_model.pth"`).
 */
const builtInArtifactTriggerWords: readonly string[] = [
  'torch', 'lightning', 'ckpt', 'CKPT', 'checkpoint', 'Checkpoint', 'CHECKPOINT', 'safetensors', 'state_dict',
  'pretrained', 'Pretrained', 'PRETRAINED', 'teacher', 'Teacher', 'TEACHER', 'student', 'Student', 'STUDENT',
  'autoencoder', 'Autoencoder', 'AutoEncoder', 'AUTOENCODER', 'mlruns', 'lightning_logs',
  '.pt"', ".pt'", '.pt*', '.pt}', '.pth"', ".pth'", '.pth*', '.pth.', '"pt"', "'pt'", '"pth"', "'pth'",
  '.onnx', '.pkl', '"pkl"', "'pkl'", '.pickle"', ".pickle'", '.joblib', '.tflite',
  'model_', '_model', 'models', 'model.pt', '"model', "'model", '/model', 'MODEL_', '_MODEL', 'Model_', 'modelDir', 'modelPath',
  'weights_', '_weights', 'weights.', '"weights', "'weights", '/weights', 'WEIGHTS',
];

/**
 * The prefilter words of RR001 and RR003 for a vocabulary: the built-in spellings, plus each project word as code
 * writes it (`snapshot`, `Snapshot`, `SNAPSHOT`) and each project extension as a suffix or a bare string (`.bin`,
 * `"bin"`, `'bin'`). Without them a file whose only artifact evidence is a project word would never be checked.
 */
export function artifactTriggerWordsOf(vocabulary: ArtifactVocabulary): string[] {
  const words = new Set(builtInArtifactTriggerWords);
  const builtInWords = new Set(builtInArtifactWords);
  for (const word of vocabulary.artifactWords) {
    if (builtInWords.has(word)) continue;
    for (const spelling of [word, `${word.charAt(0).toUpperCase()}${word.slice(1)}`, word.toUpperCase()]) words.add(spelling);
  }
  const builtInExtensions = new Set(builtInArtifactExtensions);
  for (const extension of vocabulary.artifactExtensions) {
    if (builtInExtensions.has(extension)) continue;
    for (const spelling of [`.${extension}`, `"${extension}"`, `'${extension}'`]) words.add(spelling);
  }
  return [...words];
}

/** The layout roots (experiment and legacy), which are artifact evidence too. */
export function layoutRootWords(layout: { readonly experimentRoot: string; readonly legacyRoots: readonly string[] }): string[] {
  return [layout.experimentRoot, ...layout.legacyRoots].filter((root) => root !== '');
}

export type PatternKind = 'artifact' | 'data' | 'unknown';

export interface PatternJudgement {
  readonly kind: PatternKind;
  /** Why, for the message: `model checkpoints ('*.pth')`, `artifacts ('checkpoints' in the path)`. */
  readonly evidence: string;
}

/**
 * The extension a glob pattern or path asks for: `*.pth` → pth, `model.pt*` → pt, `best_*.ckpt` → ckpt,
 * `checkpoint.pth.tar` → pth, `lit_model.pth.adapter_v2` → pth.
 */
export function requestedExtension(pattern: string, vocabulary: ArtifactVocabulary): string | undefined {
  const lastSegment = pattern.split(/[\\/]/).pop() ?? '';
  const match = /(?:\.([A-Za-z][A-Za-z0-9]{0,11}))?\.([A-Za-z][A-Za-z0-9_]{0,15})(?:\*|\?|\[[^\]]*\])*$/.exec(lastSegment);
  const inner = match?.[1]?.toLowerCase();
  const outer = match?.[2]?.toLowerCase();
  if (inner === undefined || !vocabulary.artifactExtensions.has(inner) || outer === undefined) {
    return outer !== undefined && /^[a-z][a-z0-9]{0,11}$/.test(outer) ? outer : undefined;
  }
  // `checkpoint.pth.tar`, `model.ckpt.gz`: an archived checkpoint is still a checkpoint; so is a variant of one that
  // a tool marks with a further suffix of its own (`lit_model.pth.lora`, `*.pth.adapter_v2`). A data or artifact
  // extension after it says what the file is (`model.pt.json` is a JSON file).
  return archiveExtensions.has(outer) || (!dataExtensions.has(outer) && !vocabulary.artifactExtensions.has(outer)) ? inner : outer;
}

/** Extensions that wrap another file (`.pth.tar`). */
const archiveExtensions: ReadonlySet<string> = new Set(['tar', 'gz', 'zip', 'bz2', 'xz', 'zst']);

/**
 * Judges a path or glob pattern (placeholders written `{name}`, as staticStringValue renders them).
 * The extension decides first (data wins over names, so `best_model_metrics.json` is data); then path words
 * (`checkpoints/`, `lightning_logs`, a legacy root) and the names of the variables it was built from.
 */
export function judgePattern(pattern: string, legacyRoots: readonly string[], vocabulary: ArtifactVocabulary, options: { readonly pthMeansSiteConfig?: boolean } = {}): PatternJudgement {
  const extension = requestedExtension(pattern, vocabulary);
  if (extension === 'pth' && options.pthMeansSiteConfig === true) {
    return { kind: 'data', evidence: `Python path configuration files ('${pattern}')` };
  }
  if (extension !== undefined && vocabulary.artifactExtensions.has(extension)) {
    return { kind: 'artifact', evidence: `model checkpoints ('${pattern}')` };
  }
  if (extension !== undefined && dataExtensions.has(extension)) {
    return { kind: 'data', evidence: `data files ('${pattern}')` };
  }
  const segments = pattern.split(/[\\/]/);
  for (const root of legacyRoots) {
    if (segments.includes(root)) {
      return { kind: 'artifact', evidence: `artifacts under the legacy root '${root}' ('${pattern}')` };
    }
  }
  for (const folder of runOutputFolders) {
    if (pattern.includes(folder)) {
      return { kind: 'artifact', evidence: `run outputs under '${folder}' ('${pattern}')` };
    }
  }
  const word = nameWords(wordsOfPattern(pattern)).find((candidate) => vocabulary.artifactWords.has(candidate));
  if (word !== undefined) {
    return { kind: 'artifact', evidence: `model artifacts ('${word}' in '${pattern}')` };
  }
  return { kind: 'unknown', evidence: '' };
}

/**
 * The text whose words count as evidence: literal parts, plus placeholders named like a location (`{ckpt_dir}`,
 * `{self.model_path}`). Other placeholders (`{cfg.model_arch}`, `{epoch}`) say nothing about what is searched.
 */
function wordsOfPattern(pattern: string): string {
  return pattern.replace(/\{([^{}]*)\}/g, (_whole, label: string) => {
    const last = label.replace(/\(\)$/, '').split('.').pop() ?? '';
    return /(dir|path|root|folder|directory|pattern|glob)s?$/i.test(last) ? ` ${last} ` : ' ';
  });
}

/** `/\bword\b/.test(source)` for a word of word characters, found with indexOf (faster on a large text). */
function mentionsWord(source: string, word: string): boolean {
  for (let at = source.indexOf(word); at >= 0; at = source.indexOf(word, at + 1)) {
    if (!/\w/.test(source.charAt(at - 1)) && !/\w/.test(source.charAt(at + word.length))) {
      return true;
    }
  }
  return false;
}

/**
 * `.pth` is also the extension of Python's site path-configuration files (`site-packages/*.pth`). In a file that talks
 * about site packages and never mentions torch, a `*.pth` search is about those, not about checkpoints.
 */
export function pthMeansSiteConfig(source: string): boolean {
  if (source === lastSiteConfigAnswer.source) {
    return lastSiteConfigAnswer.answer;
  }
  // ML code mentions torch early on, which settles it; every alternative contains "site" or ".pth".
  const answer = !mentionsWord(source, 'torch') && (source.includes('site') || source.includes('.pth')) && mentionsSiteConfiguration(source);
  lastSiteConfigAnswer = { source, answer };
  return answer;
}

/** The rule asks twice per version of a file (its fileKey, then its check). */
let lastSiteConfigAnswer: { readonly source: string; readonly answer: boolean } = { source: '', answer: false };

/**
 * `/site-packages|\bsitedir\b|\bimport site\b|\bsite\.(?:addsitedir|getsitepackages|getusersitepackages)|\.pth files?\b/`,
 * tested at the occurrences of each alternative's literal start (a scan of the whole text per literal, not a
 * five-way alternation tried at every position).
 */
function mentionsSiteConfiguration(source: string): boolean {
  const alternatives: ReadonlyArray<readonly [string, RegExp]> = [
    ['site-packages', /site-packages/y],
    ['sitedir', /\bsitedir\b/y],
    ['import site', /\bimport site\b/y],
    ['site.', /\bsite\.(?:addsitedir|getsitepackages|getusersitepackages)/y],
    ['.pth file', /\.pth files?\b/y],
  ];
  for (const [literal, pattern] of alternatives) {
    for (let at = source.indexOf(literal); at >= 0; at = source.indexOf(literal, at + 1)) {
      pattern.lastIndex = at;
      if (pattern.test(source)) {
        return true;
      }
    }
  }
  return false;
}

/** True for a file name with a known artifact or data extension (`best_teacher.pth`, `metrics.json`), not `v1.2`. */
export function isFileName(value: string, vocabulary: ArtifactVocabulary): boolean {
  const extension = /\.([A-Za-z][A-Za-z0-9]{0,11})$/.exec(value)?.[1]?.toLowerCase();
  return extension !== undefined && (vocabulary.artifactExtensions.has(extension) || dataExtensions.has(extension));
}

/** True when an identifier or attribute name reads like a model artifact path (`teacher_ckpt`, `best_model_path`). */
export function isArtifactName(name: string, vocabulary: ArtifactVocabulary): boolean {
  const words = nameWords(name);
  return words.some((word, index) => vocabulary.artifactWords.has(word) || (word === 'state' && words[index + 1] === 'dict'));
}

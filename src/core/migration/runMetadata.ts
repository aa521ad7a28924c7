// Values a run recorded about itself, next to its artifacts: a Lightning `hparams.yaml` (its top-level scalar keys;
// in the folder itself or in its `lightning_logs/version_N/`)
// and an MLflow run folder (`meta.yaml` beside `params/<name>` files, one value each). Looked for in the artifact's
// folder and each parent up to the migration root; the nearest source of a key wins, and two sources in one folder
// that disagree are reported by the plan, not chosen between.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MetadataValue {
  readonly value: string;
  /** e.g. `osc_jobs/x/lightning_logs/version_0/hparams.yaml`. */
  readonly source: string;
}

const maxMetadataBytes = 1024 * 1024;

function readSmall(file: string): string | undefined {
  try {
    const text = readFileSync(file);
    return text.length > maxMetadataBytes ? undefined : text.toString('utf8');
  } catch {
    return undefined;
  }
}

/** `key: value` lines at the top level of a YAML file, plain or quoted scalars only (nested maps are skipped). */
export function topLevelYamlScalars(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const found = /^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]+(.+?)[ \t]*$/.exec(line);
    if (found === null) continue;
    let value = (found[2]).replace(/[ \t]+#.*$/, '');
    if (/^'(.*)'$/.test(value)) value = value.slice(1, -1).replace(/''/g, "'");
    else if (/^"(.*)"$/.test(value)) value = value.slice(1, -1);
    else if (/^[[{&*!|>]/.test(value)) continue;
    values.set(found[1], value);
  }
  return values;
}

function folderMetadata(repositoryRoot: string, folder: string): Map<string, MetadataValue[]> {
  const found = new Map<string, MetadataValue[]>();
  const add = (key: string, value: MetadataValue): void => {
    found.set(key, [...(found.get(key) ?? []), value]);
  };
  // A run folder's own hparams.yaml, and the ones Lightning's logger keeps in lightning_logs/version_N/.
  let versions: string[] = [];
  try {
    versions = readdirSync(path.join(repositoryRoot, folder, 'lightning_logs')).sort();
  } catch {
    versions = [];
  }
  for (const hparams of [`${folder}/hparams.yaml`, ...versions.map((version) => `${folder}/lightning_logs/${version}/hparams.yaml`)]) {
    const hparamsText = readSmall(path.join(repositoryRoot, hparams));
    if (hparamsText !== undefined) for (const [key, value] of topLevelYamlScalars(hparamsText)) add(key, { value, source: hparams });
  }
  if (readSmall(path.join(repositoryRoot, folder, 'meta.yaml')) !== undefined) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(repositoryRoot, folder, 'params'));
    } catch {
      names = [];
    }
    for (const name of names) {
      const text = readSmall(path.join(repositoryRoot, folder, 'params', name));
      if (text !== undefined) add(name, { value: text.trim(), source: `${folder}/params/${name}` });
    }
  }
  return found;
}

export class RunMetadataReader {
  private readonly cache = new Map<string, Map<string, MetadataValue[]>>();

  constructor(private readonly repositoryRoot: string) {}

  /** Per key, the values of the nearest folder that has it (more than one when that folder's sources disagree). */
  valuesFor(file: string, stopAt: string): Map<string, MetadataValue[]> {
    const result = new Map<string, MetadataValue[]>();
    let folder = path.posix.dirname(file);
    for (;;) {
      let values = this.cache.get(folder);
      if (values === undefined) {
        values = folderMetadata(this.repositoryRoot, folder);
        this.cache.set(folder, values);
      }
      for (const [key, found] of values) {
        if (result.has(key)) continue;
        const distinct = found.filter((candidate, index) => found.findIndex((other) => other.value === candidate.value) === index);
        result.set(key, distinct);
      }
      if (folder === stopAt || !folder.includes('/')) break;
      folder = path.posix.dirname(folder);
    }
    return result;
  }
}

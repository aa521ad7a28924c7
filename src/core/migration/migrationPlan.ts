// The migration plan: every file under the migration roots, each with one verdict and its reason. A file maps to its
// canonical folder through the first `migration.from` pattern whose shape matches its path (values from the path, the
// pattern's fixed values and the run's metadata), and is then a move, a conversion (a .pth/.pt that is not a plain
// state_dict), a conflict, already there, excluded by the project file, or unmapped. Nothing is guessed: a value
// missing, ambiguous or contradicted by the metadata makes the file unmapped, with the reason.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { createLayoutModel } from '../layout/layoutGrammar';
import type { LayoutModel } from '../layout/layoutModel';
import { parseLayoutTemplate } from '../layout/layoutTemplate';
import type { LayoutTemplate } from '../layout/layoutTemplate';
import type { ProjectSettings } from '../config/projectSettings';
import { defaultMigrationSettings, droppedFieldPrefix, fileNameField } from '../config/migrationSchema';
import type { MigrationPattern, MigrationSettings } from '../config/migrationSchema';
import { discoverArtifacts } from './artifactDiscovery';
import type { DiscoverySkip } from './artifactDiscovery';
import { RunMetadataReader } from './runMetadata';
import { torchCheckpointKind } from './torchCheckpointKind';

export type PlanStatus = 'move' | 'convert' | 'conflict' | 'present' | 'excluded' | 'unmapped';

export const planStatuses: readonly PlanStatus[] = ['move', 'convert', 'conflict', 'present', 'excluded', 'unmapped'];

export const statusTitles: Readonly<Record<PlanStatus, string>> = {
  move: 'to move',
  convert: 'needs conversion',
  conflict: 'conflicts',
  present: 'already in place',
  excluded: 'excluded',
  unmapped: 'unmapped',
};

export interface PlanEntry {
  readonly status: PlanStatus;
  /** Relative to the repository root, POSIX separators. */
  readonly source: string;
  readonly size: number;
  /** The canonical path, for every status but excluded and unmapped (and unmapped never has one). */
  readonly target?: string;
  /** Why: the conflict, the missing value, the exclusion's reason, why it needs conversion. */
  readonly reason?: string;
  /** Where each value came from: `path`, `fixed`, or a metadata file. */
  readonly values?: Readonly<Record<string, { readonly value: string; readonly from: string }>>;
  /** The `migration.from` pattern that matched. */
  readonly pattern?: string;
}

export interface MigrationPlan {
  readonly version: 1;
  /** A digest of the entries: the script names the plan it was generated from. */
  readonly id: string;
  readonly experimentRoot: string;
  readonly template: string;
  readonly roots: readonly string[];
  readonly missingRoots: readonly string[];
  readonly entries: readonly PlanEntry[];
  readonly skipped: readonly DiscoverySkip[];
  readonly summary: Readonly<Record<PlanStatus, { readonly files: number; readonly bytes: number }>>;
  /** Problems that make the plan unusable as a whole (no `migration.from` patterns). */
  readonly notes: readonly string[];
}

const checkpointExtensions = /\.(?:pth|pt)$/i;

/** Only for targets that already exist (to tell "already in place" from a conflict), so rarely large work. */
function sha256OfFile(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

interface CompiledPattern {
  readonly source: MigrationPattern;
  readonly template: LayoutTemplate;
  readonly fileField: boolean;
}

type Mapping =
  | { readonly kind: 'mapped'; readonly target: string; readonly values: Record<string, { value: string; from: string }>; readonly pattern: string }
  | { readonly kind: 'unmapped'; readonly reason: string; readonly pattern?: string }
  | { readonly kind: 'no-match'; readonly reason: string; readonly depth: number };

function matchShape(compiled: CompiledPattern, parts: readonly string[]): { ok: true; values: Record<string, string>; rest: string } | { ok: false; reason: string; depth: number } {
  const { template } = compiled;
  for (const [index, rootPart] of template.root.entries()) {
    if (parts[index] !== rootPart) return { ok: false, reason: `the file is not under ${template.root.join('/')}`, depth: 0 };
  }
  const values: Record<string, string> = {};
  const folderCount = template.folders.length;
  const available = parts.length - template.root.length;
  if (compiled.fileField ? available !== folderCount : available <= folderCount) {
    const wanted = compiled.fileField ? `exactly ${folderCount} part${folderCount === 1 ? '' : 's'}` : `more than ${folderCount} part${folderCount === 1 ? '' : 's'} (the file below its folders)`;
    return { ok: false, reason: `the file has ${available} part${available === 1 ? '' : 's'} below ${template.root.join('/')} where ${compiled.source.pattern} wants ${wanted}`, depth: template.root.length };
  }
  for (let index = 0; index < folderCount; index++) {
    const part = parts[template.root.length + index];
    const matched = template.matchFolder(index, part);
    if (!matched.ok) return { ok: false, reason: `${matched.message} (pattern ${compiled.source.pattern})`, depth: template.root.length + index };
    Object.assign(values, matched.values);
  }
  return { ok: true, values, rest: parts.slice(template.root.length + folderCount).join('/') };
}

function mapFile(file: string, patterns: readonly CompiledPattern[], layout: LayoutModel, metadata: RunMetadataReader, metadataRoot: string): Mapping {
  const parts = file.split('/');
  let nearest: { reason: string; depth: number } | undefined;
  for (const compiled of patterns) {
    const shape = matchShape(compiled, parts);
    if (!shape.ok) {
      if (nearest === undefined || shape.depth > nearest.depth) nearest = shape;
      continue;
    }
    const pattern = compiled.source.pattern;
    const values: Record<string, { value: string; from: string }> = {};
    const problems: string[] = [];
    for (const [field, value] of Object.entries(shape.values)) {
      if (field === fileNameField || field.startsWith(droppedFieldPrefix)) continue;
      values[field] = { value, from: 'path' };
    }
    for (const [field, value] of Object.entries(compiled.source.values)) values[field] = { value, from: 'fixed' };
    if (compiled.source.metadata) {
      for (const [field, found] of metadata.valuesFor(file, metadataRoot)) {
        if (!layout.template.fields.some((candidate) => candidate.name === field)) continue;
        const first = found[0];
        if (first === undefined) continue;
        if (found.length > 1) {
          problems.push(`the run metadata disagrees on ${field}: ${found.map((candidate) => `'${candidate.value}' in ${candidate.source}`).join(', ')}`);
          continue;
        }
        const known = values[field];
        if (known === undefined) values[field] = { value: first.value, from: first.source };
        else if (known.value !== first.value) problems.push(`${field} is '${known.value}' from the ${known.from === 'path' ? 'path' : 'fixed values'} but '${first.value}' in ${first.source}`);
      }
    }
    const missing = layout.template.fields.filter((field) => !field.optional && values[field.name] === undefined).map((field) => `{${field.name}}`);
    if (missing.length > 0) {
      problems.push(`no value for ${missing.join(', ')}: not in the path, the pattern's fixed values${compiled.source.metadata ? ' or the run metadata (hparams.yaml, MLflow params/)' : ''}`);
    }
    if (problems.length > 0) return { kind: 'unmapped', reason: problems.join('; '), pattern };
    let folder: string;
    try {
      folder = layout.format(Object.fromEntries(Object.entries(values).map(([field, entry]) => [field, entry.value])));
    } catch (error) {
      return { kind: 'unmapped', reason: error instanceof Error ? error.message : String(error), pattern };
    }
    const name = compiled.fileField ? (shape.values[fileNameField]) : shape.rest;
    return { kind: 'mapped', target: `${folder}${name}`, values, pattern };
  }
  return { kind: 'no-match', reason: nearest === undefined ? 'no migration.from pattern applies' : `no migration.from pattern matches: ${nearest.reason}`, depth: nearest?.depth ?? 0 };
}

function compilePatterns(settings: MigrationSettings): CompiledPattern[] {
  return settings.from.flatMap((source) => {
    const parsed = parseLayoutTemplate(source.pattern);
    // The project file is validated first; an invalid pattern cannot get here.
    if (!parsed.ok) return [];
    return [{ source, template: parsed.template, fileField: parsed.template.fields.some((field) => field.name === fileNameField) }];
  });
}

export interface PlanOptions {
  /** Folders to plan for instead of the configured roots (the CLI's `migrate plan [dir]`), relative to the root. */
  readonly roots?: readonly string[];
}

export function buildMigrationPlan(repositoryRoot: string, settings: ProjectSettings, options: PlanOptions = {}): MigrationPlan {
  const layout = createLayoutModel(settings.layout);
  const migration = settings.migration ?? defaultMigrationSettings;
  const roots = options.roots ?? migration.roots ?? settings.layout.legacyRoots;
  const discovery = discoverArtifacts(repositoryRoot, roots, settings.layout.experimentRoot);
  const patterns = compilePatterns(migration);
  const metadata = new RunMetadataReader(repositoryRoot);
  const notes: string[] = [];
  if (patterns.length === 0) notes.push('the project file has no migration.from patterns, so no file can be mapped; add e.g. "migration": {"from": ["osc_jobs/{dataset}/{model_arch}/{file}"]} to refactor-runbook.json');
  for (const root of discovery.missingRoots) notes.push(`${root} does not exist: nothing to migrate there`);

  const draft: PlanEntry[] = [];
  for (const file of discovery.files) {
    const exclusion = migration.exclude.find((candidate) => minimatch(file.path, candidate.path, { dot: true }) || minimatch(file.path, `${candidate.path.replace(/\/+$/, '')}/**`, { dot: true }));
    if (exclusion !== undefined) {
      draft.push({ status: 'excluded', source: file.path, size: file.size, reason: exclusion.reason });
      continue;
    }
    const rootOfFile = roots.find((root) => file.path.startsWith(`${root}/`)) ?? path.posix.dirname(file.path);
    const mapping = mapFile(file.path, patterns, layout, metadata, rootOfFile);
    if (mapping.kind !== 'mapped') {
      draft.push({ status: 'unmapped', source: file.path, size: file.size, reason: mapping.reason, ...(mapping.kind === 'unmapped' && mapping.pattern !== undefined ? { pattern: mapping.pattern } : {}) });
      continue;
    }
    const base = { source: file.path, size: file.size, target: mapping.target, values: mapping.values, pattern: mapping.pattern };
    const checkpoint = checkpointExtensions.test(file.path) ? torchCheckpointKind(path.join(repositoryRoot, file.path), file.size) : undefined;
    if (checkpoint !== undefined && checkpoint.kind !== 'weights-only') {
      draft.push({ ...base, status: checkpoint.kind === 'needs-conversion' ? 'convert' : 'unmapped', reason: `${path.posix.basename(file.path)} ${checkpoint.reason}` });
    } else {
      draft.push({ ...base, status: 'move' });
    }
  }

  const entries = resolveConflicts(repositoryRoot, draft);
  const summary = Object.fromEntries(planStatuses.map((status) => {
    const matching = entries.filter((entry) => entry.status === status);
    return [status, { files: matching.length, bytes: matching.reduce((total, entry) => total + entry.size, 0) }];
  })) as Record<PlanStatus, { files: number; bytes: number }>;
  const id = createHash('sha256').update(JSON.stringify(entries.map((entry) => [entry.status, entry.source, entry.target ?? '', entry.size]))).digest('hex').slice(0, 16);
  return { version: 1, id, experimentRoot: settings.layout.experimentRoot, template: layout.template.source, roots, missingRoots: discovery.missingRoots, entries, skipped: discovery.skipped, summary, notes };
}

/** Two sources for one target, a target that exists with other content, a target inside another target. */
function resolveConflicts(repositoryRoot: string, draft: readonly PlanEntry[]): PlanEntry[] {
  const byTarget = new Map<string, PlanEntry[]>();
  for (const entry of draft) if (entry.target !== undefined) byTarget.set(entry.target, [...(byTarget.get(entry.target) ?? []), entry]);
  const targetFolders = new Set<string>();
  for (const target of byTarget.keys()) {
    for (let folder = path.posix.dirname(target); folder !== '.' && folder !== '/'; folder = path.posix.dirname(folder)) targetFolders.add(folder);
  }
  const resolved: PlanEntry[] = [];
  const folderStates = new Map<string, string>();
  for (const entry of draft) {
    if (entry.target === undefined) {
      resolved.push(entry);
      continue;
    }
    const rivals = (byTarget.get(entry.target) ?? []).filter((other) => other !== entry);
    if (rivals.length > 0) {
      resolved.push({ ...entry, status: 'conflict', reason: `${rivals.map((other) => other.source).join(', ')} ${rivals.length === 1 ? 'maps' : 'map'} to the same target` });
      continue;
    }
    if (targetFolders.has(entry.target)) {
      resolved.push({ ...entry, status: 'conflict', reason: 'another artifact needs this target as a folder' });
      continue;
    }
    const existing = existingTarget(repositoryRoot, entry.target, folderStates);
    if (existing === 'absent') {
      resolved.push(entry);
    } else if (existing === 'file') {
      const targetFile = path.join(repositoryRoot, entry.target);
      const same = lstatSync(targetFile).size === entry.size && sha256OfFile(targetFile) === sha256OfFile(path.join(repositoryRoot, entry.source));
      resolved.push(same ? { ...entry, status: 'present', reason: 'the target already holds the same content (sha256); the source is left in place' } : { ...entry, status: 'conflict', reason: 'the target exists with other content' });
    } else {
      resolved.push({ ...entry, status: 'conflict', reason: existing });
    }
  }
  return resolved;
}

/** 'absent', 'file', or why the target cannot be written (it is a folder, a link, under a file). */
function existingTarget(repositoryRoot: string, target: string, folders: Map<string, string>): string {
  try {
    const stat = lstatSync(path.join(repositoryRoot, target), { throwIfNoEntry: false });
    if (stat !== undefined) {
      if (stat.isSymbolicLink()) return 'the target exists as a symbolic link';
      if (stat.isDirectory()) return 'the target exists as a folder';
      return 'file';
    }
  } catch {
    // Unreadable parent: judged below.
  }
  return folderState(repositoryRoot, path.posix.dirname(target), folders);
}

/** 'absent' when the folder exists or can be created; else why not. Cached: many targets share their folders. */
function folderState(repositoryRoot: string, folder: string, folders: Map<string, string>): string {
  if (folder === '.' || folder === '/') return 'absent';
  const known = folders.get(folder);
  if (known !== undefined) return known;
  let state: string;
  // Followed: an experiment root that is a link to another disk is a folder.
  const stat = statSync(path.join(repositoryRoot, folder), { throwIfNoEntry: false });
  if (stat === undefined) state = folderState(repositoryRoot, path.posix.dirname(folder), folders);
  else state = stat.isDirectory() ? 'absent' : `${folder} exists and is not a folder`;
  folders.set(folder, state);
  return state;
}

// A temporary repository of legacy artifacts, the plan and script for it, and a listing with hashes to compare trees.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseProjectFileText } from '../../../src/core/config/projectFile';
import { buildMigrationPlan } from '../../../src/core/migration/migrationPlan';
import type { MigrationPlan } from '../../../src/core/migration/migrationPlan';
import { migrationScriptText } from '../../../src/core/migration/migrationScript';

export const scriptPath = 'scripts/migrate_legacy_artifacts.sh';

export interface TempRepository {
  readonly root: string;
  write(relative: string, content: string | Buffer): void;
  cleanup(): void;
}

export function tempRepository(projectFile: object): TempRepository {
  const root = mkdtempSync(path.join(tmpdir(), 'rr-migrate-'));
  const write = (relative: string, content: string | Buffer): void => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  write('refactor-runbook.json', JSON.stringify(projectFile, null, 2));
  return { root, write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function planFor(root: string): MigrationPlan {
  const loaded = parseProjectFileText(path.join(root, 'refactor-runbook.json'), readFileSync(path.join(root, 'refactor-runbook.json'), 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return buildMigrationPlan(root, loaded.project.settings);
}

export function writeScriptFor(root: string): MigrationPlan {
  const plan = planFor(root);
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  writeFileSync(path.join(root, scriptPath), migrationScriptText(plan, { scriptPath, toolVersion: 'test', command: 'refactor-runbook migrate script', converterPath: 'scripts/convert_legacy_checkpoints.py' }));
  return plan;
}

/** path -> "file sha256 size" | "link target" | "dir", for everything but the script and the migration state. */
export function listing(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(root, relative)).sort()) {
      const child = relative === '' ? name : `${relative}/${name}`;
      if (child === '.refactor-runbook' || child === 'scripts' || child === 'refactor-runbook.json') continue;
      const stat = lstatSync(path.join(root, child));
      if (stat.isSymbolicLink()) entries.set(child, `link ${readlinkSync(path.join(root, child))}`);
      else if (stat.isDirectory()) walk(child);
      else entries.set(child, `file ${createHash('sha256').update(readFileSync(path.join(root, child))).digest('hex')} ${stat.size}`);
    }
  };
  walk('');
  return entries;
}

export function filesAndBytes(entries: Map<string, string>): { files: number; bytes: number } {
  let bytes = 0;
  let files = 0;
  for (const value of entries.values()) {
    if (!value.startsWith('file ')) continue;
    files++;
    bytes += Number(value.split(' ')[2]);
  }
  return { files, bytes };
}

export function report(label: string, before: Map<string, string>, after: Map<string, string>): void {
  const a = filesAndBytes(before);
  const b = filesAndBytes(after);
  console.log(`      ${label}: before ${a.files} files, ${a.bytes} bytes; after ${b.files} files, ${b.bytes} bytes`);
}

export function runScript(root: string, args: readonly string[], script = scriptPath): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('dash', [path.join(root, script), ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The contents by content hash: the same multiset before and after means nothing was lost or duplicated. */
export function contentMultiset(entries: Map<string, string>): string[] {
  return [...entries.values()].filter((value) => value.startsWith('file ')).sort();
}

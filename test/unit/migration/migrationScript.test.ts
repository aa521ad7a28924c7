import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, statSync, lstatSync, symlinkSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { contentMultiset, listing, planFor, report, runScript, tempRepository, writeScriptFor } from './migrationTestSupport';
import type { TempRepository } from './migrationTestSupport';

const projectFile = {
  layout: { template: 'experiment_runs/{modality}/{dataset}/{model_arch}_{training_mode}' },
  migration: { from: [{ pattern: 'osc_jobs/{dataset}/{model_arch}_{training_mode}/{file}', values: { modality: 'graph' } }] },
};

function legacyTree(repository: TempRepository, runs: number, filesPerRun: number): void {
  for (let run = 0; run < runs; run++) {
    for (let file = 0; file < filesPerRun; file++) {
      repository.write(`osc_jobs/set${run % 3}/gat${run}_normal/file${file}.bin`, `run ${run} file ${file} `.repeat(1 + ((run * 7 + file) % 50)));
    }
  }
}

describe('migration script (real filesystem, real dash)', function () {
  this.timeout(120000);
  let repository: TempRepository;

  before(function () {
    if (spawnSync('dash', ['-c', 'exit 0']).status !== 0) throw new Error('dash is not installed: the migration script tests need it (apt-get install dash)');
  });

  afterEach(() => repository.cleanup());

  it('a dry run changes nothing', () => {
    repository = tempRepository(projectFile);
    legacyTree(repository, 4, 3);
    writeScriptFor(repository.root);
    const before = listing(repository.root);
    const result = runScript(repository.root, []);
    const after = listing(repository.root);
    report('dry run', before, after);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /would move: osc_jobs\/set0\/gat0_normal\/file0.bin -> experiment_runs\/graph\/set0\/gat0_normal\/file0.bin/);
    assert.match(result.stdout, /dry run: 12 of 12 file\(s\) to move, 0 already done; nothing was changed/);
    assert.deepEqual(after, before);
    assert.equal(existsSync(path.join(repository.root, '.refactor-runbook')), false);
  });

  it('--apply moves each file once, writes the manifest, and a second run does nothing; undo restores byte-identical files', () => {
    repository = tempRepository(projectFile);
    legacyTree(repository, 4, 3);
    const plan = writeScriptFor(repository.root);
    const before = listing(repository.root);
    const applied = runScript(repository.root, ['--apply']);
    assert.equal(applied.status, 0, applied.stderr);
    const after = listing(repository.root);
    report('--apply', before, after);
    assert.deepEqual(contentMultiset(after), contentMultiset(before));
    for (const entry of plan.entries) {
      assert.equal(after.has(entry.source), false, `${entry.source} is gone`);
      assert.equal(after.get(entry.target as string), before.get(entry.source), `${entry.target} has the content of ${entry.source}`);
    }
    const manifest = readFileSync(path.join(repository.root, '.refactor-runbook/migration', plan.id, 'manifest.tsv'), 'utf8').trim().split('\n');
    assert.equal(manifest.length, 12);
    assert.match(manifest[0] ?? '', /^1\t[0-9a-f]{64}\t\d+\tosc_jobs\/set0\/gat0_normal\/file0.bin\texperiment_runs\/graph\/set0\/gat0_normal\/file0.bin\tmove$/);
    const again = runScript(repository.root, ['--apply']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /done: 0 file\(s\) this run, 12 before, 12 in all/);
    assert.deepEqual(listing(repository.root), after);

    const undo = spawnSync('dash', [path.join(repository.root, '.refactor-runbook/migration', plan.id, 'undo.sh')], { cwd: '/', encoding: 'utf8' });
    assert.equal(undo.status, 0, undo.stderr);
    const undone = listing(repository.root);
    report('undo', after, undone);
    assert.deepEqual(undone, before);
    assert.equal(existsSync(path.join(repository.root, 'experiment_runs')), false, 'the folders the migration created are removed');
  });

  it('killed with SIGKILL half-way, a re-run finishes with nothing lost or duplicated', async () => {
    repository = tempRepository(projectFile);
    legacyTree(repository, 25, 3);
    const plan = writeScriptFor(repository.root);
    const before = listing(repository.root);
    for (const killAfter of [17, 29]) {
      await new Promise<void>((resolve) => {
        const child = spawn('dash', [path.join(repository.root, 'scripts/migrate_legacy_artifacts.sh'), '--apply'], { cwd: repository.root, detached: true });
        let moves = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          moves += (chunk.toString().match(/^move: /gm) ?? []).length;
          if (moves >= killAfter && child.pid !== undefined) {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // Already gone.
            }
          }
        });
        child.on('close', () => resolve());
      });
      const middle = listing(repository.root);
      report(`killed after ${killAfter} moves`, before, middle);
      // A file may be at both places (linked, not yet unlinked) but its content is never lost.
      for (const content of contentMultiset(before)) assert.ok(contentMultiset(middle).includes(content));
    }
    const finished = runScript(repository.root, ['--apply']);
    assert.equal(finished.status, 0, finished.stderr);
    const after = listing(repository.root);
    report('re-run', before, after);
    assert.deepEqual(contentMultiset(after), contentMultiset(before), 'nothing lost or duplicated');
    for (const entry of plan.entries) assert.equal(after.get(entry.target as string), before.get(entry.source));
    const manifest = readFileSync(path.join(repository.root, '.refactor-runbook/migration', plan.id, 'manifest.tsv'), 'utf8').trim().split('\n');
    assert.deepEqual(manifest.map((line) => Number(line.split('\t')[0])).sort((a, b) => a - b), plan.entries.map((_entry, index) => index + 1), 'each step recorded once');
    assert.deepEqual(readdirSync(path.join(repository.root, 'experiment_runs/graph/set0/gat0_normal')).filter((name) => name.startsWith('.rr-partial')), []);
  });

  it('a conflict refuses before touching anything', () => {
    repository = tempRepository(projectFile);
    legacyTree(repository, 4, 3);
    writeScriptFor(repository.root);
    // After the script was written, someone puts other content at the last target.
    repository.write('experiment_runs/graph/set0/gat3_normal/file2.bin', 'other content');
    const before = listing(repository.root);
    const result = runScript(repository.root, ['--apply']);
    const after = listing(repository.root);
    report('conflict', before, after);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error at step \d+ of 12: experiment_runs\/graph\/set0\/gat3_normal\/file2.bin exists with other content than osc_jobs\/set0\/gat3_normal\/file2.bin; nothing is overwritten/);
    assert.match(result.stderr, /nothing was changed/);
    assert.deepEqual(after, before);
    // The plan itself reports it as a conflict, and `migrate script` refuses (see migrateCommand.test.ts).
    const plan = planFor(repository.root);
    assert.equal(plan.summary.conflict.files, 1);
    assert.equal(plan.entries.find((entry) => entry.status === 'conflict')?.reason, 'the target exists with other content');
  });

  it('hostile file names survive the move and the undo', () => {
    repository = tempRepository({ ...projectFile, migration: { from: [{ pattern: 'osc_jobs/{dataset}/{model_arch}_{training_mode}/{file}', values: { modality: 'graph' } }] } });
    const names = ['with space.bin', "it's.bin", 'dollar$HOME.bin', 'back`tick`.bin', 'new\nline.bin', '-leading-dash.bin', 'back\\slash.bin', 'percent%s%b.bin', 'tab\there.bin', 'ünïcödé.bin', 'trailing-newline\n', '"double".bin', '*glob?[x].bin'];
    names.forEach((name, index) => repository.write(`osc_jobs/set0/gat_normal/${name}`, `content ${index} ${name}`));
    const plan = writeScriptFor(repository.root);
    assert.equal(plan.summary.move.files, names.length, JSON.stringify(plan.entries.filter((entry) => entry.status !== 'move')));
    const before = listing(repository.root);
    const dry = runScript(repository.root, []);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual(listing(repository.root), before);
    const applied = runScript(repository.root, ['--apply']);
    assert.equal(applied.status, 0, applied.stderr);
    const after = listing(repository.root);
    report('hostile names', before, after);
    for (const name of names) assert.equal(after.get(`experiment_runs/graph/set0/gat_normal/${name}`), before.get(`osc_jobs/set0/gat_normal/${name}`), JSON.stringify(name));
    assert.equal(existsSync(path.join(repository.root, 'HOME')), false);
    const undo = spawnSync('dash', [path.join(repository.root, '.refactor-runbook/migration', plan.id, 'undo.sh')], { encoding: 'utf8' });
    assert.equal(undo.status, 0, undo.stderr);
    assert.deepEqual(listing(repository.root), before);
  });

  it('--symlink leaves working links and the sources in place', () => {
    repository = tempRepository(projectFile);
    legacyTree(repository, 3, 2);
    const plan = writeScriptFor(repository.root);
    const before = listing(repository.root);
    const result = runScript(repository.root, ['--apply', '--symlink']);
    assert.equal(result.status, 0, result.stderr);
    const after = listing(repository.root);
    report('--symlink', before, after);
    for (const entry of plan.entries) {
      const target = path.join(repository.root, entry.target as string);
      assert.ok(lstatSync(target).isSymbolicLink());
      assert.ok(!path.isAbsolute(readlinkSync(target)), 'relative links survive moving the repository');
      assert.deepEqual(readFileSync(target), readFileSync(path.join(repository.root, entry.source)));
      assert.equal(after.get(entry.source), before.get(entry.source));
    }
    const moveAfterLink = runScript(repository.root, ['--apply']);
    assert.equal(moveAfterLink.status, 1, 'a plain --apply after --symlink refuses instead of deleting the sources');
    assert.match(moveAfterLink.stderr, /is a symbolic link \(from a --symlink run\?\)/);
    const undo = spawnSync('dash', [path.join(repository.root, '.refactor-runbook/migration', plan.id, 'undo.sh')], { encoding: 'utf8' });
    assert.equal(undo.status, 0, undo.stderr);
    assert.deepEqual(listing(repository.root), before);
  });

  it('across filesystems: copies, checks sha256 and free space, then removes the source', function () {
    const other = '/dev/shm';
    repository = tempRepository(projectFile);
    if (!existsSync(other) || statSync(other).dev === statSync(repository.root).dev) {
      throw new Error(`${other} is not a separate filesystem here; this test needs one to cross`);
    }
    const elsewhere = mkdtempSync(path.join(other, 'rr-migrate-'));
    try {
      symlinkSync(elsewhere, path.join(repository.root, 'experiment_runs'));
      legacyTree(repository, 3, 2);
      const plan = writeScriptFor(repository.root);
      const before = listing(repository.root);
      const result = runScript(repository.root, ['--apply']);
      assert.equal(result.status, 0, result.stderr);
      for (const entry of plan.entries) {
        assert.equal(existsSync(path.join(repository.root, entry.source)), false);
        assert.ok(existsSync(path.join(elsewhere, (entry.target as string).slice('experiment_runs/'.length))));
      }
      const afterSources = [...listing(repository.root).keys()].filter((key) => key.startsWith('osc_jobs/'));
      report('across filesystems', before, listing(repository.root));
      assert.deepEqual(afterSources, []);
      const undo = spawnSync('dash', [path.join(repository.root, '.refactor-runbook/migration', plan.id, 'undo.sh')], { encoding: 'utf8' });
      assert.equal(undo.status, 0, undo.stderr);
      assert.deepEqual(listing(repository.root), before);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

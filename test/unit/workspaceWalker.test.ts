import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { walkWorkspace } from '../../src/core/workspace/workspaceWalker';
import type { WalkResult } from '../../src/core/workspace/workspaceWalker';
import { GlobSet } from '../../src/core/workspace/boundedGlob';

function fixtureTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rr-walk-'));
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function walk(root: string, include: string[] = [], exclude: string[] = []): WalkResult {
  return walkWorkspace({ rootDirectory: root, targets: [root], include, exclude });
}

function walkedPaths(result: WalkResult): string[] {
  return result.files.map((file) => file.relativePath);
}

describe('workspace walker', () => {
  it('finds Python, shell/Slurm and Markdown files in a deterministic order', () => {
    const root = fixtureTree({ 'train.py': '', 'b/run.sbatch': '', 'b/job.slurm': '', 'a/x.sh': '', 'README.md': '', 'data.csv': '', 'notes.txt': '' });
    assert.deepEqual(walkedPaths(walk(root)), ['README.md', 'train.py', 'a/x.sh', 'b/job.slurm', 'b/run.sbatch']);
  });

  it('skips VCS folders, node_modules, __pycache__ and virtualenvs (by name or pyvenv.cfg)', () => {
    const root = fixtureTree({ 'src/a.py': '', '.git/hooks/x.py': '', 'node_modules/p/x.py': '', 'src/__pycache__/a.py': '', '.venv/lib/x.py': '', 'venv/lib/x.py': '', 'env39/pyvenv.cfg': '', 'env39/lib/x.py': '' });
    const result = walk(root);
    assert.deepEqual(walkedPaths(result), ['src/a.py']);
    const reasons = new Map(result.skipped.map((skip) => [skip.relativePath, skip.kind]));
    assert.equal(reasons.get('env39'), 'virtualenv');
    assert.equal(reasons.get('.venv'), 'ignored-folder');
    assert.equal(reasons.get('src/__pycache__'), 'ignored-folder');
  });

  it('honours nested .gitignore files, including negation', () => {
    const root = fixtureTree({
      '.gitignore': 'build/\n*.generated.py\n',
      'build/out.py': '',
      'src/a.generated.py': '',
      'src/keep.py': '',
      'src/.gitignore': 'scratch_*.py\n!scratch_keep.py\n',
      'src/scratch_1.py': '',
      'src/scratch_keep.py': '',
      'other/scratch_1.py': '',
    });
    const result = walk(root);
    assert.deepEqual(walkedPaths(result), ['other/scratch_1.py', 'src/keep.py', 'src/scratch_keep.py']);
    assert.ok(result.skipped.some((skip) => skip.relativePath === 'build' && skip.kind === 'gitignored'));
  });

  it('applies .gitignore files above a target folder', () => {
    const root = fixtureTree({ '.gitignore': 'generated/\n', 'src/generated/a.py': '', 'src/b.py': '' });
    const result = walkWorkspace({ rootDirectory: root, targets: [path.join(root, 'src')], include: [], exclude: [] });
    assert.deepEqual(walkedPaths(result), ['src/b.py']);
  });

  it('walks a folder named explicitly even when a .gitignore above it ignores it', () => {
    const root = fixtureTree({ '.gitignore': '/versions\n*.tmp.py\n', 'versions/3.11/lib/os.py': '', 'versions/3.11/lib/x.tmp.py': '', 'versions/3.11/lib/.gitignore': 'test/\n', 'versions/3.11/lib/test/t.py': '' });
    const result = walkWorkspace({ rootDirectory: root, targets: [path.join(root, 'versions', '3.11')], include: [], exclude: [] });
    assert.deepEqual(walkedPaths(result), ['versions/3.11/lib/os.py', 'versions/3.11/lib/x.tmp.py']);
    assert.deepEqual(walkedPaths(walk(root)), []);
  });

  it('applies include and exclude globs relative to the root', () => {
    const root = fixtureTree({ 'src/a.py': '', 'src/vendor/v.py': '', 'scripts/run.sh': '', 'docs/x.md': '' });
    assert.deepEqual(walkedPaths(walk(root, ['src/**/*.py', 'scripts/**'], ['src/vendor/**'])), ['scripts/run.sh', 'src/a.py']);
    assert.deepEqual(walkedPaths(walk(root, [], ['docs', '**/*.sh'])), ['src/a.py', 'src/vendor/v.py']);
  });

  it('analyses an explicitly named file even when globs or .gitignore would skip it', () => {
    const root = fixtureTree({ '.gitignore': '*.py\n', 'a.py': '', 'notes.txt': '' });
    const result = walkWorkspace({ rootDirectory: root, targets: [path.join(root, 'a.py'), path.join(root, 'notes.txt')], include: [], exclude: ['a.py'] });
    assert.deepEqual(walkedPaths(result), ['a.py']);
    assert.deepEqual(result.skipped.map((skip) => [skip.relativePath, skip.kind]), [['notes.txt', 'unsupported-file-type']]);
  });

  it('survives symlink loops and reports broken links', () => {
    const root = fixtureTree({ 'pkg/a.py': '' });
    symlinkSync(root, path.join(root, 'pkg', 'loop'), 'dir');
    symlinkSync(path.join(root, 'missing'), path.join(root, 'pkg', 'dangling.py'));
    const result = walk(root);
    assert.deepEqual(walkedPaths(result), ['pkg/a.py']);
    const kinds = new Map(result.skipped.map((skip) => [skip.relativePath, skip.kind]));
    assert.equal(kinds.get('pkg/loop'), 'symlink-loop');
    assert.equal(kinds.get('pkg/dangling.py'), 'broken-symlink');
  });

  it('reports a target that does not exist', () => {
    const root = fixtureTree({});
    const result = walkWorkspace({ rootDirectory: root, targets: [path.join(root, 'nope')], include: [], exclude: [] });
    assert.deepEqual(result.skipped.map((skip) => [skip.relativePath, skip.kind]), [['nope', 'not-found']]);
  });

  it('refuses globs that could make matching slow', () => {
    assert.throws(() => new GlobSet(['**/'.repeat(5) + '*.py']), /has 5 "\*\*"; at most 4 are allowed/);
    assert.throws(() => new GlobSet(['a'.repeat(300)]), /at most 256 are allowed/);
    assert.throws(() => new GlobSet(Array.from({ length: 101 }, (_, index) => `x${index}`)), /at most 100 are allowed/);
    const bounded = new GlobSet(['**/a/**/b/**/c/**/*.py']);
    const started = performance.now();
    assert.equal(bounded.matchesFile(`${'x/'.repeat(200)}y.py`), false);
    assert.ok(performance.now() - started < 1000);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandFilePatterns } from '../../../src/core/verification/fileGlobExpansion';
import { topLevelPythonTargets } from '../../../src/core/verification/topLevelPythonTargets';
import { defaultSyntaxCheckFiles } from '../../../src/core/verification/verificationTaskCatalogue';

describe('file glob expansion', () => {
  let root: string;

  const touch = (...relatives: string[]): void => {
    for (const relative of relatives) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), '');
    }
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rr-globs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("expands the runbook's list in code-point order, literal files first as listed", () => {
    touch('train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/z.py', 'src/training/B.py', 'src/training/a.py', 'src/training/_init.py', 'src/training/notes.txt', 'src/training/nested/deep.py');
    assert.deepEqual(expandFilePatterns(root, defaultSyntaxCheckFiles), {
      files: ['train_with_hydra_zen.py', 'src/config/hydra_zen_configs.py', 'src/training/B.py', 'src/training/_init.py', 'src/training/a.py', 'src/training/z.py'],
      unmatched: [],
    });
  });

  it('gives the same order whatever order the files were created in', () => {
    const names = ['b.py', 'a.py', 'c.py', 'A.py', 'é.py', '10.py', '9.py'];
    touch(...names.map((name) => `src/${name}`));
    const first = expandFilePatterns(root, ['src/*.py']).files;
    rmSync(path.join(root, 'src'), { recursive: true });
    touch(...[...names].reverse().map((name) => `src/${name}`));
    assert.deepEqual(expandFilePatterns(root, ['src/*.py']).files, first);
    assert.deepEqual(first, ['src/10.py', 'src/9.py', 'src/A.py', 'src/a.py', 'src/b.py', 'src/c.py', 'src/é.py']);
  });

  it('reports literal names that do not exist and globs that match nothing, instead of dropping them', () => {
    touch('src/training/a.py');
    const expansion = expandFilePatterns(root, ['train_with_hydra_zen.py', 'src/training/*.py', 'src/config/*.py', 'src/training']);
    assert.deepEqual(expansion, { files: ['src/training/a.py'], unmatched: ['train_with_hydra_zen.py', 'src/config/*.py', 'src/training'] });
  });

  it('lists each file once, ignores dot files for *, and walks ** without entering .venv, __pycache__ or .git', () => {
    touch('src/a.py', 'src/.hidden.py', 'src/pkg/b.py', 'src/pkg/__pycache__/b.cpython-311.py', '.venv/lib/site.py', 'src/.git/hooks/x.py', 'tests/test_a.py');
    assert.deepEqual(expandFilePatterns(root, ['src/a.py', 'src/**/*.py', '**/*.py']).files, ['src/a.py', 'src/pkg/b.py', 'tests/test_a.py']);
  });

  it('handles braces, ./ prefixes, absolute patterns and links to files, and does not follow links to folders', () => {
    touch('src/x.py', 'src/y.py', 'other/z.py');
    symlinkSync(path.join(root, 'other', 'z.py'), path.join(root, 'src', 'linked.py'));
    symlinkSync(path.join(root, 'src'), path.join(root, 'src', 'loop'));
    assert.deepEqual(expandFilePatterns(root, ['./src/{x,y}.py']).files, ['src/x.py', 'src/y.py']);
    assert.deepEqual(expandFilePatterns(root, ['src/**/*.py']).files, ['src/linked.py', 'src/x.py', 'src/y.py']);
    assert.deepEqual(expandFilePatterns('/nonexistent', [path.join(root, 'src', '*.py')]).files, ['linked.py', 'x.py', 'y.py'].map((name) => path.join(root, 'src', name)));
  });

  it('keeps hostile file names exactly as they are, one entry each', () => {
    const hostile = ['a b.py', "it's.py", '$(touch pwned).py', '`id`.py', 'semi;colon.py', '-rf.py', 'quote".py'];
    touch(...hostile.map((name) => `src/${name}`));
    const files = expandFilePatterns(root, ['src/*.py']).files;
    assert.deepEqual([...files].sort(), hostile.map((name) => `src/${name}`).sort());
  });
});

describe('top-level Python targets (pylint)', () => {
  it('lists top-level .py files and folders with Python inside, never environments, caches or hidden folders', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rr-targets-'));
    try {
      for (const relative of ['train.py', 'osc_job_manager.py', 'README.md', 'src/config/a.py', 'tests/test_a.py', 'scripts/run.sh', 'docs/deep/nested/x.py', '.venv/lib/site.py', 'venv/bin/x.py', '.hidden/x.py', 'pkg.egg-info/x.py', '__pycache__/x.py']) {
        mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        writeFileSync(path.join(root, relative), '');
      }
      assert.deepEqual(topLevelPythonTargets(root), ['osc_job_manager.py', 'train.py', 'docs', 'src', 'tests']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

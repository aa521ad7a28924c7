// Runs the syntax-check task's py_compile program with a real Python (python3 on PATH, as CI installs it) on files in
// nested folders: the case `python -m py_compile` gets wrong for indentation errors (it prints only the base name).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutableOnPath } from '../../../src/core/verification/executableSearch';
import { problemMatchersByTool } from '../../../src/core/verification/problemMatchers';
import { syntaxCheckInvocation } from '../../../src/core/verification/verificationTaskCatalogue';
import { matchProblems } from '../../../src/core/verification/toolOutputProblems';

function python3(): string {
  const found = findExecutableOnPath('python3', {
    platform: process.platform,
    pathValue: process.env.PATH,
    isExecutableFile: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  });
  if (found === undefined) throw new Error('These tests run the syntax-check program with python3, which is not on PATH. Install Python 3 (sudo scripts/install-system-deps.sh).');
  return found;
}

describe("the syntax check's py_compile program (real Python)", function () {
  this.timeout(20_000);
  let root: string;
  let pycache: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rr-syntax-'));
    pycache = mkdtempSync(path.join(os.tmpdir(), 'rr-pycache-'));
    const write = (relative: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), text);
    };
    write('train_with_hydra_zen.py', 'print("ok")\n');
    write('src/training/bad_indent.py', 'def load(path):\n    return path\n        extra = 1\n');
    write('src/training/fusion_training.py', 'x = 1\n\ndef fuse(a, b:\n    return a\n');
    write('src/training/tabs.py', 'if True:\n        a = 1\n\tb = 2\n');
    write('src/training/z_clean.py', 'y = 2\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(pycache, { recursive: true, force: true });
  });

  const run = (files: string[]): ReturnType<typeof spawnSync> => {
    const { args } = syntaxCheckInvocation(files);
    return spawnSync(python3(), args, { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: pycache } });
  };

  it('compiles every file, reports each broken one at its full path and line, and exits 1', () => {
    const files = ['train_with_hydra_zen.py', 'src/training/bad_indent.py', 'src/training/fusion_training.py', 'src/training/tabs.py', 'src/training/z_clean.py'];
    const result = run(files);
    assert.equal(result.status, 1, String(result.stderr));
    assert.match(String(result.stdout), /^py_compile: 2 of 5 files compiled, 3 with errors$/m);
    const problems = matchProblems(`${String(result.stderr)}${String(result.stdout)}`, problemMatchersByTool.py_compile);
    assert.deepEqual(
      problems.map((problem) => [problem.file, problem.line, problem.code]),
      [
        ['src/training/bad_indent.py', 3, 'IndentationError'],
        ['src/training/fusion_training.py', 3, 'SyntaxError'],
        ['src/training/tabs.py', 3, 'TabError'],
      ],
    );
  });

  it('exits 0 on clean files, writes bytecode only where PYTHONPYCACHEPREFIX says, and takes odd names literally', () => {
    writeFileSync(path.join(root, "a b $(touch pwned) 'q'.py"), 'z = 3\n');
    writeFileSync(path.join(root, '-v.py'), 'z = 4\n');
    const result = run(['train_with_hydra_zen.py', "a b $(touch pwned) 'q'.py", '-v.py']);
    assert.equal(result.status, 0, String(result.stderr));
    assert.match(String(result.stdout), /py_compile: 3 of 3 files compiled/);
    assert.ok(!readdirSync(root).includes('pwned'));
    assert.ok(!readdirSync(root).includes('__pycache__'), 'no __pycache__ in the project');
  });
});

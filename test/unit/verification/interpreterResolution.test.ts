import assert from 'node:assert/strict';
import { accessSync, chmodSync, constants, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findExecutableOnPath } from '../../../src/core/verification/executableSearch';
import type { InterpreterResolution, InterpreterSearch, PythonExtensionSelection } from '../../../src/core/verification/interpreterResolution';
import { expandConfiguredPath, resolveInterpreter } from '../../../src/core/verification/interpreterResolution';

const folder = '/work/project';

/** A search over an imaginary machine: `files` are executable files, `entries` exist but are not executable. */
function search(options: { files?: string[]; entries?: string[]; onPath?: Record<string, string>; setting?: string; extension?: PythonExtensionSelection; platform?: NodeJS.Platform }): InterpreterSearch {
  const files = new Set(options.files ?? []);
  const entries = new Set([...(options.entries ?? []), ...files]);
  return {
    workspaceFolder: folder,
    configuredPath: options.setting,
    pythonExtension: options.extension ?? { kind: 'not-installed' },
    platform: options.platform ?? 'linux',
    homeDirectory: '/home/ada',
    isExecutableFile: (filePath) => files.has(filePath),
    exists: (filePath) => entries.has(filePath) || [...entries].some((entry) => entry.startsWith(`${filePath}/`)),
    findOnPath: (command) => options.onPath?.[command],
  };
}

function resolved(result: InterpreterResolution): Extract<InterpreterResolution, { kind: 'resolved' }> {
  if (result.kind !== 'resolved') assert.fail(`expected an interpreter, got: ${JSON.stringify(result)}`);
  return result;
}

function missing(result: InterpreterResolution): Extract<InterpreterResolution, { kind: 'missing' }> {
  if (result.kind !== 'missing') assert.fail(`expected no interpreter, got: ${JSON.stringify(result)}`);
  return result;
}

describe('interpreter resolution', () => {
  const everything = {
    files: ['/opt/py/bin/python', '/envs/selected/bin/python', `${folder}/.venv/bin/python`, `${folder}/venv/bin/python`],
    onPath: { python3: '/usr/bin/python3' },
    extension: { kind: 'selected', path: '/envs/selected/bin/python' } as PythonExtensionSelection,
  };

  it('1. the setting wins over everything else, and says so', () => {
    const result = resolved(resolveInterpreter(search({ ...everything, setting: '/opt/py/bin/python' })));
    assert.equal(result.path, '/opt/py/bin/python');
    assert.equal(result.source, 'setting');
    assert.match(result.reason, /refactorRunbook\.python/);
  });

  it('2. then the Python extension\'s selected interpreter', () => {
    const result = resolved(resolveInterpreter(search(everything)));
    assert.equal(result.path, '/envs/selected/bin/python');
    assert.equal(result.source, 'python-extension');
    assert.match(result.reason, /Python: Select Interpreter/);
  });

  it('3. then .venv/bin/python, before venv/bin/python', () => {
    const result = resolved(resolveInterpreter(search({ ...everything, extension: { kind: 'not-installed' } })));
    assert.equal(result.path, `${folder}/.venv/bin/python`);
    assert.equal(result.source, 'workspace-venv');
    assert.match(result.reason, /\.venv\/ virtual environment/);
    assert.match(result.reason, /Python extension is not installed/);
    const onlyVenv = resolved(resolveInterpreter(search({ files: [`${folder}/venv/bin/python`], onPath: everything.onPath })));
    assert.equal(onlyVenv.path, `${folder}/venv/bin/python`);
  });

  it('4. then python3 on PATH, with a reason that lists what was not there and how to make a venv', () => {
    const result = resolved(resolveInterpreter(search({ onPath: { python3: '/usr/bin/python3' }, extension: { kind: 'no-selection', detail: 'it reports only the default "python"' } })));
    assert.equal(result.path, '/usr/bin/python3');
    assert.equal(result.source, 'path');
    assert.match(result.reason, /python3 on PATH/);
    assert.match(result.reason, /no interpreter is selected in the Python extension/);
    assert.match(result.reason, /python3 -m venv \.venv/);
    assert.deepEqual(result.tried, [
      'refactorRunbook.python: not set',
      'Python extension: no interpreter selected for this folder (it reports only the default "python")',
      '.venv/bin/python: no .venv/ folder',
      'venv/bin/python: no venv/ folder',
      'python3 on PATH: found /usr/bin/python3',
    ]);
  });

  it('nothing found: names every step tried and the commands that fix it', () => {
    const result = missing(resolveInterpreter(search({})));
    assert.match(result.problem, /No Python interpreter was found for \/work\/project/);
    assert.equal(result.tried.length, 5);
    assert.equal(result.tried[4], 'python3 on PATH: not found');
    assert.match(result.fix, /python3 -m venv \.venv/);
    assert.match(result.fix, /refactorRunbook\.python/);
  });

  it('a setting that points nowhere is an error, never a fall back to the next interpreter', () => {
    const result = missing(resolveInterpreter(search({ ...everything, setting: '/opt/missing/python' })));
    assert.match(result.problem, /refactorRunbook\.python is "\/opt\/missing\/python", but \/opt\/missing\/python does not exist/);
    assert.deepEqual(result.tried, ['refactorRunbook.python is "/opt/missing/python": /opt/missing/python does not exist']);
    const notExecutable = missing(resolveInterpreter(search({ ...everything, entries: ['/opt/py/README'], setting: '/opt/py/README' })));
    assert.match(notExecutable.problem, /is not an executable file/);
  });

  it('a setting may be relative, use ${workspaceFolder} or ~, or name a command on PATH', () => {
    assert.equal(resolved(resolveInterpreter(search({ files: [`${folder}/.venv/bin/python`], setting: '.venv/bin/python' }))).path, `${folder}/.venv/bin/python`);
    assert.equal(resolved(resolveInterpreter(search({ files: [`${folder}/.venv/bin/python`], setting: '${workspaceFolder}/.venv/bin/python' }))).path, `${folder}/.venv/bin/python`);
    assert.equal(resolved(resolveInterpreter(search({ files: ['/home/ada/.pyenv/shims/python3'], setting: '~/.pyenv/shims/python3' }))).path, '/home/ada/.pyenv/shims/python3');
    assert.equal(resolved(resolveInterpreter(search({ onPath: { 'python3.11': '/usr/bin/python3.11' }, setting: 'python3.11' }))).path, '/usr/bin/python3.11');
    assert.match(missing(resolveInterpreter(search({ onPath: {}, setting: 'python3.99' }))).problem, /"python3\.99", but no such command is on PATH/);
  });

  it('a path with spaces, quotes or $() in the setting is just a path', () => {
    const odd = "/opt/my python's $(whoami)/bin/python";
    assert.equal(resolved(resolveInterpreter(search({ files: [odd], setting: odd }))).path, odd);
    assert.equal(expandConfiguredPath(' ./env `x`/python ', folder, undefined, 'linux'), `${folder}/env \`x\`/python`);
  });

  it('an interpreter selected in the Python extension that is gone is an error', () => {
    const result = missing(resolveInterpreter(search({ ...everything, extension: { kind: 'selected', path: '/envs/deleted/bin/python' } })));
    assert.match(result.problem, /selected in the Python extension, \/envs\/deleted\/bin\/python, does not exist/);
    assert.match(result.fix, /Python: Select Interpreter/);
  });

  it('a broken .venv (a dangling link to a removed Python) is an error, not a reason to use venv/ or PATH', () => {
    const result = missing(resolveInterpreter(search({ files: [`${folder}/venv/bin/python`], entries: [`${folder}/.venv/bin/python`], onPath: { python3: '/usr/bin/python3' } })));
    assert.match(result.problem, /has a \.venv\/ folder, but \/work\/project\/\.venv\/bin\/python does not work/);
    assert.match(result.fix, /python3 -m venv --clear \.venv/);
    const empty = missing(resolveInterpreter(search({ entries: [`${folder}/.venv/pyvenv.cfg`], onPath: { python3: '/usr/bin/python3' } })));
    assert.match(empty.problem, /\.venv\/bin\/python is missing/);
  });

  it('an unavailable Python extension is noted and the search goes on', () => {
    const result = resolved(resolveInterpreter(search({ files: [`${folder}/.venv/bin/python`], extension: { kind: 'unavailable', detail: 'activation failed' } })));
    assert.equal(result.source, 'workspace-venv');
    assert.ok(result.tried.includes('Python extension: installed, but it did not report an interpreter (activation failed)'));
  });

  it('Windows layouts: Scripts\\python.exe and python on PATH', () => {
    const windowsFolder = 'C:\\work\\project';
    const base = search({ platform: 'win32', files: ['C:\\work\\project\\.venv\\Scripts\\python.exe'] });
    const result = resolved(resolveInterpreter({ ...base, workspaceFolder: windowsFolder }));
    assert.equal(result.path, 'C:\\work\\project\\.venv\\Scripts\\python.exe');
    const onPath = resolved(resolveInterpreter({ ...search({ platform: 'win32', onPath: { python: 'C:\\Python312\\python.exe' } }), workspaceFolder: windowsFolder }));
    assert.equal(onPath.path, 'C:\\Python312\\python.exe');
  });

  it('against a real file system: a real venv layout, a dangling link, and a non-executable file', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rr-interpreter-'));
    try {
      mkdirSync(path.join(root, '.venv', 'bin'), { recursive: true });
      const python = path.join(root, '.venv', 'bin', 'python');
      writeFileSync(python, '#!/bin/sh\n');
      chmodSync(python, 0o644);
      const fsSearch = (): InterpreterSearch => ({
        ...search({}),
        workspaceFolder: root,
        isExecutableFile: (file) => {
          try {
            accessSync(file, constants.X_OK);
            return statSync(file).isFile();
          } catch {
            return false;
          }
        },
        exists: (file) => {
          try {
            lstatSync(file);
            return true;
          } catch {
            return false;
          }
        },
      });
      assert.match(missing(resolveInterpreter(fsSearch())).problem, /does not work/, 'not executable yet');
      chmodSync(python, 0o755);
      assert.equal(resolved(resolveInterpreter(fsSearch())).path, python);
      rmSync(python);
      symlinkSync(path.join(root, 'removed-python'), python);
      assert.match(missing(resolveInterpreter(fsSearch())).problem, /dangling link/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('executable search on PATH', () => {
  const executables = new Set(['/usr/local/bin/python3', '/usr/bin/python3', 'C:\\Python312\\python.EXE']);
  const isExecutableFile = (file: string): boolean => executables.has(file);

  it('takes the first PATH folder that has the command, skipping relative and empty entries', () => {
    assert.equal(findExecutableOnPath('python3', { platform: 'linux', pathValue: 'relative/bin::/usr/local/bin:/usr/bin', isExecutableFile }), '/usr/local/bin/python3');
    assert.equal(findExecutableOnPath('python3', { platform: 'linux', pathValue: '/usr/bin:/usr/local/bin', isExecutableFile }), '/usr/bin/python3');
    assert.equal(findExecutableOnPath('python3', { platform: 'linux', pathValue: undefined, isExecutableFile }), undefined);
    assert.equal(findExecutableOnPath('python3', { platform: 'linux', pathValue: '.', isExecutableFile: () => true }), undefined);
  });

  it('never searches for a name with a separator, and tries PATHEXT on Windows', () => {
    assert.equal(findExecutableOnPath('bin/python3', { platform: 'linux', pathValue: '/usr', isExecutableFile: () => true }), undefined);
    assert.equal(findExecutableOnPath('python', { platform: 'win32', pathValue: 'C:\\Windows;C:\\Python312', pathExtensions: '.COM;.EXE', isExecutableFile }), 'C:\\Python312\\python.EXE');
  });
});

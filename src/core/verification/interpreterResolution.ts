// Which Python runs the verification tasks, and why. The order is the runbook's "activate the venv" made explicit:
//   1. the setting refactorRunbook.python;
//   2. the interpreter selected in the Python extension, when that extension is installed;
//   3. the workspace's .venv/bin/python, else venv/bin/python (Scripts\python.exe on Windows);
//   4. python3 on PATH (python on Windows).
// A step that names an interpreter which does not work is an error, never a reason to try the next step: a broken
// .venv or a mistyped setting must not silently become the system Python.
import path from 'node:path';

export type PythonExtensionSelection =
  | { readonly kind: 'not-installed' }
  /** Installed, but nothing selected for this folder (it reports only a bare default such as "python"). */
  | { readonly kind: 'no-selection'; readonly detail: string }
  | { readonly kind: 'selected'; readonly path: string }
  /** Installed, but its API failed or is not ready. */
  | { readonly kind: 'unavailable'; readonly detail: string };

export interface InterpreterSearch {
  readonly workspaceFolder: string;
  /** The value of refactorRunbook.python; empty or undefined when not set. */
  readonly configuredPath: string | undefined;
  readonly pythonExtension: PythonExtensionSelection;
  readonly platform: NodeJS.Platform;
  readonly homeDirectory: string | undefined;
  /** True for a regular file (after following links) that may be executed. */
  readonly isExecutableFile: (filePath: string) => boolean;
  /** True when anything is at the path, even a dangling link. */
  readonly exists: (filePath: string) => boolean;
  /** The absolute path of a command on PATH, or undefined. */
  readonly findOnPath: (command: string) => string | undefined;
}

export type InterpreterSource = 'setting' | 'python-extension' | 'workspace-venv' | 'path';

export interface ResolvedInterpreter {
  readonly kind: 'resolved';
  readonly path: string;
  readonly source: InterpreterSource;
  /** One sentence: why this interpreter, for the terminal header and the task's detail. */
  readonly reason: string;
  /** Every step looked at, in order, with what it found. */
  readonly tried: readonly string[];
}

export interface MissingInterpreter {
  readonly kind: 'missing';
  readonly problem: string;
  readonly tried: readonly string[];
  /** The command or setting that fixes it. */
  readonly fix: string;
}

export type InterpreterResolution = ResolvedInterpreter | MissingInterpreter;

export const pythonSettingName = 'refactorRunbook.python';

export function venvInterpreterPaths(platform: NodeJS.Platform): readonly string[] {
  return platform === 'win32' ? ['.venv\\Scripts\\python.exe', 'venv\\Scripts\\python.exe'] : ['.venv/bin/python', 'venv/bin/python'];
}

export function pathPythonCommand(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'python' : 'python3';
}

/** `${workspaceFolder}`, `~` and relative paths in the setting, resolved the way the Python extension does. */
export function expandConfiguredPath(value: string, workspaceFolder: string, homeDirectory: string | undefined, platform: NodeJS.Platform): string {
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  let expanded = value.trim().replaceAll('${workspaceFolder}', workspaceFolder);
  if (homeDirectory !== undefined && (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\'))) {
    expanded = pathApi.join(homeDirectory, expanded.slice(1));
  }
  return pathApi.isAbsolute(expanded) ? pathApi.normalize(expanded) : pathApi.resolve(workspaceFolder, expanded);
}

function isBareCommand(value: string): boolean {
  return !/[\\/]/.test(value) && value !== '~';
}

export function resolveInterpreter(search: InterpreterSearch): InterpreterResolution {
  const pathApi = search.platform === 'win32' ? path.win32 : path.posix;
  const tried: string[] = [];
  const settingFix = `set ${pythonSettingName} to the full path of a Python interpreter (e.g. ${pathApi.join(search.workspaceFolder, venvInterpreterPaths(search.platform)[0] ?? '')}), or clear it so the interpreter is chosen automatically`;

  // 1. The setting.
  const configured = search.configuredPath?.trim() ?? '';
  if (configured !== '') {
    if (isBareCommand(configured)) {
      const found = search.findOnPath(configured);
      tried.push(`${pythonSettingName} is "${configured}": ${found === undefined ? 'not found on PATH' : `found on PATH at ${found}`}`);
      if (found === undefined) {
        return { kind: 'missing', problem: `${pythonSettingName} is "${configured}", but no such command is on PATH.`, tried, fix: settingFix };
      }
      return { kind: 'resolved', path: found, source: 'setting', reason: `set in ${pythonSettingName} ("${configured}", found on PATH)`, tried };
    }
    const expanded = expandConfiguredPath(configured, search.workspaceFolder, search.homeDirectory, search.platform);
    const works = search.isExecutableFile(expanded);
    tried.push(`${pythonSettingName} is "${configured}": ${works ? `using ${expanded}` : `${expanded} ${search.exists(expanded) ? 'is not an executable file' : 'does not exist'}`}`);
    if (!works) {
      return {
        kind: 'missing',
        problem: `${pythonSettingName} is "${configured}", but ${expanded} ${search.exists(expanded) ? 'is not an executable file' : 'does not exist'}.`,
        tried,
        fix: settingFix,
      };
    }
    return { kind: 'resolved', path: expanded, source: 'setting', reason: `set in ${pythonSettingName}`, tried };
  }
  tried.push(`${pythonSettingName}: not set`);

  // 2. The Python extension.
  const selection = search.pythonExtension;
  switch (selection.kind) {
    case 'not-installed':
      tried.push('Python extension (ms-python.python): not installed');
      break;
    case 'no-selection':
      tried.push(`Python extension: no interpreter selected for this folder (${selection.detail})`);
      break;
    case 'unavailable':
      tried.push(`Python extension: installed, but it did not report an interpreter (${selection.detail})`);
      break;
    case 'selected': {
      const works = search.isExecutableFile(selection.path);
      tried.push(`Python extension: selected ${selection.path}${works ? '' : ', which does not exist or is not executable'}`);
      if (!works) {
        return {
          kind: 'missing',
          problem: `The interpreter selected in the Python extension, ${selection.path}, does not exist or is not executable.`,
          tried,
          fix: `pick a working one with "Python: Select Interpreter", or ${settingFix}`,
        };
      }
      return { kind: 'resolved', path: selection.path, source: 'python-extension', reason: 'selected in the Python extension ("Python: Select Interpreter")', tried };
    }
  }

  // 3. A virtual environment in the workspace.
  for (const relative of venvInterpreterPaths(search.platform)) {
    const venvFolder = relative.split(/[\\/]/)[0] ?? relative;
    const candidate = pathApi.join(search.workspaceFolder, relative);
    if (search.isExecutableFile(candidate)) {
      tried.push(`${relative}: found`);
      return { kind: 'resolved', path: candidate, source: 'workspace-venv', reason: `the workspace's ${venvFolder}/ virtual environment (${pythonSettingName} not set${selectionNote(selection)})`, tried };
    }
    if (search.exists(pathApi.join(search.workspaceFolder, venvFolder))) {
      tried.push(`${relative}: ${venvFolder}/ exists but ${relative} ${search.exists(candidate) ? 'is not an executable file (a dangling link?)' : 'is missing'}`);
      return {
        kind: 'missing',
        problem: `The workspace has a ${venvFolder}/ folder, but ${candidate} ${search.exists(candidate) ? 'does not work (a dangling link to a removed Python?)' : 'is missing'}: the virtual environment is broken or was made on another system.`,
        tried,
        fix: `recreate it with \`python3 -m venv --clear ${venvFolder}\` and reinstall the project (e.g. \`${venvFolder}/bin/python -m pip install -e '.[dev]'\`), or ${settingFix}`,
      };
    }
    tried.push(`${relative}: no ${venvFolder}/ folder`);
  }

  // 4. PATH.
  const command = pathPythonCommand(search.platform);
  const onPath = search.findOnPath(command);
  if (onPath === undefined) {
    tried.push(`${command} on PATH: not found`);
    return {
      kind: 'missing',
      problem: `No Python interpreter was found for ${search.workspaceFolder}.`,
      tried,
      fix: `install Python 3 (e.g. \`sudo apt-get install python3 python3-venv\`), create the project's environment with \`python3 -m venv .venv\`, or ${settingFix}`,
    };
  }
  tried.push(`${command} on PATH: found ${onPath}`);
  return {
    kind: 'resolved',
    path: onPath,
    source: 'path',
    reason: `${command} on PATH: ${pythonSettingName} is not set${selectionNote(selection)} and the workspace has no .venv/ or venv/ (create one with \`python3 -m venv .venv\`)`,
    tried,
  };
}

function selectionNote(selection: PythonExtensionSelection): string {
  switch (selection.kind) {
    case 'not-installed':
      return ', the Python extension is not installed';
    case 'no-selection':
      return ', no interpreter is selected in the Python extension';
    case 'unavailable':
      return ', the Python extension did not report an interpreter';
    case 'selected':
      return '';
  }
}

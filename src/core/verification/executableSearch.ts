// Finds a command on PATH the way the operating system would, with the file-system check injected so that it can be
// tested without touching the machine's real PATH.
import path from 'node:path';

export interface ExecutableSearchEnvironment {
  readonly platform: NodeJS.Platform;
  /** The PATH value (Path on Windows). */
  readonly pathValue: string | undefined;
  /** PATHEXT on Windows, e.g. ".COM;.EXE;.BAT". */
  readonly pathExtensions?: string | undefined;
  /** True for a regular file (after following links) the current user may execute. */
  readonly isExecutableFile: (filePath: string) => boolean;
}

/** The absolute path of the first `command` on PATH, or undefined. A command containing a separator is not searched. */
export function findExecutableOnPath(command: string, environment: ExecutableSearchEnvironment): string | undefined {
  const pathApi = environment.platform === 'win32' ? path.win32 : path.posix;
  if (command.includes('/') || (environment.platform === 'win32' && command.includes('\\'))) return undefined;
  const folders = (environment.pathValue ?? '').split(environment.platform === 'win32' ? ';' : ':').filter((folder) => folder !== '');
  const extensions = environment.platform === 'win32' ? ['', ...(environment.pathExtensions ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((extension) => extension !== '')] : [''];
  for (const folder of folders) {
    // An empty or relative PATH entry would resolve against whatever folder the process runs in: skip it.
    if (!pathApi.isAbsolute(folder)) continue;
    for (const extension of extensions) {
      const candidate = pathApi.join(folder, command + extension);
      if (environment.isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

// Files the CLI writes on request (`--write-baseline FILE`): refused with a clear reason when the folder is missing or
// the path is a folder, a pipe or a device (writing to a FIFO would wait for a reader forever), else written whole
// through a temporary file, so an interrupted run never leaves half a baseline.
import { lstatSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileKindOf } from '../core/files/regularFile';

/** Why `filePath` cannot be written, or undefined when it can. */
export function outputFileProblem(filePath: string): string | undefined {
  const folder = path.dirname(filePath);
  try {
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  } catch {
    return `the folder ${folder} does not exist; create it first`;
  }
  try {
    const stats = statSync(filePath);
    if (!stats.isFile()) return `${filePath} is ${fileKindOf(stats)}; give the path of a file to write`;
  } catch {
    // Not there yet: it will be created.
  }
  return undefined;
}

/** Writes `text` to `filePath` in one step; a symlink is written through (its target is replaced). Throws with the reason. */
export function writeOutputFile(filePath: string, text: string): void {
  const problem = outputFileProblem(filePath);
  if (problem !== undefined) throw new Error(problem);
  let target = filePath;
  try {
    if (lstatSync(filePath).isSymbolicLink()) target = realpathSync(filePath);
  } catch {
    // Not there yet.
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    throw new Error(`cannot write ${filePath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

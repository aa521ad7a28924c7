// Which analyser a file gets, decided by its extension alone so a scan never has to open unrelated files.
import type { FileLanguage } from '../rules/rule';

const languageByExtension: Readonly<Record<string, FileLanguage>> = {
  '.py': 'python',
  '.sh': 'shell',
  '.sbatch': 'shell',
  '.slurm': 'shell',
  '.md': 'markdown',
};

export const supportedExtensions: readonly string[] = Object.keys(languageByExtension);

export function languageOfPath(filePath: string): FileLanguage | undefined {
  const dot = filePath.lastIndexOf('.');
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return dot > slash ? languageByExtension[filePath.slice(dot).toLowerCase()] : undefined;
}

// Which analyser a file gets, decided by its extension alone so a scan never has to open unrelated files.
/** The languages of the text rules (shell/Slurm scripts, Markdown docs). */
export type TextLanguage = 'shell' | 'markdown';
export type FileLanguage = 'python' | TextLanguage;

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

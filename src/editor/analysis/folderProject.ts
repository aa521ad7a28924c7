// The project configuration of one workspace folder: `refactor-runbook.json` at its root merged with the user's
// editor overrides. An invalid project file does not stop analysis: the defaults are used and the problems are
// returned so they can be shown on the file and in a notification (the user always sees why).
import path from 'node:path';
import type { ProjectFileProblem } from '../../core/config/projectFile';
import { projectFileName } from '../../core/config/projectFileName';
import type { ProjectSettings } from '../../core/config/projectSettings';
import { loadEngine } from '../lazyEngine';
import type { InlineWarningSettings } from '../../core/config/inlineWarningSettings';

export interface FolderProject {
  readonly projectFilePath: string;
  /** What analysis runs with. */
  readonly settings: ProjectSettings;
  /** Present when the project file exists but is invalid. */
  readonly problems?: readonly ProjectFileProblem[];
  readonly description: string;
}

export function projectFilePathOf(folderPath: string): string {
  return path.join(folderPath, projectFileName);
}

/** `projectFileText` is undefined when the file does not exist. */
export function resolveFolderProject(folderPath: string, projectFileText: string | undefined, editorSettings: InlineWarningSettings): FolderProject {
  const { parseProjectFileText, defaultProjectSettings } = loadEngine();
  const projectFilePath = projectFilePathOf(folderPath);
  let base: ProjectSettings = defaultProjectSettings;
  let problems: readonly ProjectFileProblem[] | undefined;
  let description: string;
  if (projectFileText === undefined) {
    description = `no ${projectFileName} in ${folderPath}: using the default layout and rule severities`;
  } else {
    const loaded = parseProjectFileText(projectFilePath, projectFileText);
    if (loaded.ok) {
      base = loaded.project.settings;
      description = `using ${projectFilePath}`;
    } else {
      problems = loaded.problems;
      description = `${projectFilePath} is invalid (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}): using the defaults until it is fixed`;
    }
  }
  const settings: ProjectSettings = {
    ...base,
    ruleSeverities: { ...base.ruleSeverities, ...editorSettings.severityOverrides },
    maxFileSizeBytes: editorSettings.maxFileSizeBytes ?? base.maxFileSizeBytes,
  };
  return { projectFilePath, settings, description, ...(problems === undefined ? {} : { problems }) };
}

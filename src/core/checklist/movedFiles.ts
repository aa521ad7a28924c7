// The runbook names files where the example keeps them (`src/config/training_presets.py`, `JOB_TEMPLATES.md`,
// `src/training/**`). A repository that moved them (`docs/JOB_TEMPLATES.md`, `pkg/config/training_presets.py`,
// `pkg/training/`) should be checked where they are, and told so: a named file or folder that is absent is followed to
// the one listed file (or folder) with the same name, preferring the candidate that shares the most trailing path
// parts. Several equally good candidates are not guessed between: the check says so and asks for the path.
import type { CheckContext } from './checkContext';
import { isGlobPattern, patternMatchesPath } from './pathPatterns';

export interface FollowedFiles {
  readonly files: readonly string[];
  /** "JOB_TEMPLATES.md was found at docs/JOB_TEMPLATES.md" for every followed pattern. */
  readonly notes: readonly string[];
  /** Patterns that were absent and could not be followed to one place, with the candidates. */
  readonly ambiguous: readonly string[];
  /** Where a moved file may be found again (so its creation or change re-verifies the item). */
  readonly alsoDependsOn: readonly string[];
}

function sharedTrailingParts(a: readonly string[], b: readonly string[]): number {
  let shared = 0;
  while (shared < a.length && shared < b.length && a[a.length - 1 - shared] === b[b.length - 1 - shared]) shared++;
  return shared;
}

function best<T>(candidates: readonly T[], score: (candidate: T) => number): T[] {
  const top = Math.max(...candidates.map(score));
  return candidates.filter((candidate) => score(candidate) === top);
}

/** The static folder before a trailing `/**` (`src/training/**` → `src/training`), or the pattern itself when plain. */
function folderOfPattern(pattern: string): string | undefined {
  if (!isGlobPattern(pattern)) return pattern;
  const match = /^([^*?[\]{}!]+)\/\*\*(?:\/\*(?:\.[A-Za-z]+)?)?$/.exec(pattern);
  return match?.[1];
}

export function followMovedFiles(context: CheckContext, patterns: readonly string[], accept: (file: string) => boolean = () => true): FollowedFiles {
  const files = new Set<string>();
  const notes: string[] = [];
  const ambiguous: string[] = [];
  const alsoDependsOn: string[] = [];
  for (const pattern of patterns) {
    const matched = context.workspace.matchFiles(pattern).filter(accept);
    if (matched.length > 0) {
      for (const file of matched) files.add(file);
      continue;
    }
    const listed = context.workspace.listFiles();
    const isFile = !isGlobPattern(pattern) && /\.[A-Za-z0-9]+$/.test(pattern);
    if (isFile) {
      const parts = pattern.split('/');
      const name = parts[parts.length - 1] ?? pattern;
      alsoDependsOn.push(`**/${name}`);
      const candidates = listed.filter((file) => (file === name || file.endsWith(`/${name}`)) && accept(file));
      if (candidates.length === 0) continue;
      const chosen = best(candidates, (candidate) => sharedTrailingParts(candidate.split('/'), parts));
      if (chosen.length === 1 && chosen[0] !== undefined) {
        files.add(chosen[0]);
        notes.push(`${pattern} was found at ${chosen[0]}`);
      } else ambiguous.push(`${pattern} is absent and ${chosen.length} files could be it (${chosen.slice(0, 4).join(', ')})`);
      continue;
    }
    const folder = folderOfPattern(pattern);
    // A folder that is there but holds no matching file has not moved: the pattern simply matches nothing.
    if (folder === undefined || listed.some((file) => file.startsWith(`${folder}/`))) continue;
    const rest = isGlobPattern(pattern) ? pattern.slice(folder.length) : '';
    const folderParts = folder.split('/');
    const folderName = folderParts[folderParts.length - 1] ?? folder;
    alsoDependsOn.push(`**/${folderName}/**`);
    const folders = new Set<string>();
    for (const file of listed) {
      const fileParts = file.split('/');
      for (let index = 0; index < fileParts.length - 1; index++) {
        if (fileParts[index] === folderName) folders.add(fileParts.slice(0, index + 1).join('/'));
      }
    }
    const candidates = [...folders].filter((candidate) => listed.some((file) => (rest === '' ? file.startsWith(`${candidate}/`) : patternMatchesPath(`${candidate}${rest}`, file)) && accept(file)));
    if (candidates.length === 0) continue;
    const chosen = best(candidates, (candidate) => sharedTrailingParts(candidate.split('/'), folderParts) * 100 - candidate.split('/').length);
    if (chosen.length === 1 && chosen[0] !== undefined) {
      const moved = chosen[0];
      for (const file of listed) if ((rest === '' ? file.startsWith(`${moved}/`) : patternMatchesPath(`${moved}${rest}`, file)) && accept(file)) files.add(file);
      notes.push(`${folder} was found at ${moved}`);
    } else ambiguous.push(`${folder} is absent and ${chosen.length} folders could be it (${chosen.slice(0, 4).join(', ')})`);
  }
  return { files: [...files].sort(), notes, ambiguous, alsoDependsOn };
}

/** " (src/a.py was found at pkg/a.py)" or "". */
export function followedNote(followed: FollowedFiles): string {
  return followed.notes.length === 0 ? '' : ` (${followed.notes.join('; ')})`;
}

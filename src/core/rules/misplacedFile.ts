// A file name standing where a segment folder belongs (`experiment_runs/automotive/hcrl_sa/best_teacher.pth`): to the
// grammar `best_teacher.pth` is a valid folder name, so the rule and the path hover both ask this one question.
import type { ParsedLayoutPath } from '../layout/layoutModel';
import { isFileName } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';

/** What to do about it (RR002's remedy names the project's path function after this). */
export const misplacedFileRemedy = 'put files below the last segment';

export interface MisplacedFile {
  readonly segment: string;
  readonly value: string;
  readonly message: string;
}

/** `vocabulary` decides what is a file (a known data extension, or an artifact extension of the built-ins or the project's). */
export function misplacedFile(parsed: ParsedLayoutPath, vocabulary: ArtifactVocabulary): MisplacedFile | undefined {
  if (parsed.classification !== 'non-canonical' && parsed.classification !== 'canonical') return undefined;
  if (!(parsed.prefixOnly || parsed.classification === 'canonical') || parsed.rest !== '') return undefined;
  const last = parsed.segments.filter((segment) => segment.value !== undefined).pop();
  if (last?.value === undefined || !isFileName(last.value, vocabulary)) return undefined;
  return { segment: last.name, value: last.value, message: `'${last.value}' sits where the ${last.name} folder belongs` };
}

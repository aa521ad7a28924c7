// A file name standing where a segment folder belongs (`experiment_runs/automotive/hcrl_sa/best_teacher.pth`): to the
// grammar `best_teacher.pth` is a valid folder name, so the rule and the path hover both ask this one question.
import type { ParsedLayoutPath } from '../layout/layoutModel';
import { isFileName } from './artifactVocabulary';

/** What to do about it (RR002's remedy names the project's path function after this). */
export const misplacedFileRemedy = 'put files below the last segment';

export interface MisplacedFile {
  readonly segment: string;
  readonly value: string;
  readonly message: string;
}

export function misplacedFile(parsed: ParsedLayoutPath): MisplacedFile | undefined {
  if (parsed.classification !== 'non-canonical' && parsed.classification !== 'canonical') return undefined;
  if (!(parsed.prefixOnly || parsed.classification === 'canonical') || parsed.rest !== '') return undefined;
  const last = parsed.segments.filter((segment) => segment.value !== undefined).pop();
  if (last?.value === undefined || !isFileName(last.value)) return undefined;
  return { segment: last.name, value: last.value, message: `'${last.value}' sits where the ${last.name} folder belongs` };
}

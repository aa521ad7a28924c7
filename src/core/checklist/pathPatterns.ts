// Checks name files as plain paths (`osc_job_manager.py`, a folder such as `src/training`) or minimatch globs
// (`src/training/**`). One place decides what a pattern matches, for evaluation and for "does this change affect
// that item" alike, so the two can never disagree.
import { Minimatch } from 'minimatch';

const matchers = new Map<string, Minimatch>();

export function isGlobPattern(pattern: string): boolean {
  return /[*?[\]{}!]/.test(pattern);
}

function matcherFor(pattern: string): Minimatch {
  let matcher = matchers.get(pattern);
  if (matcher === undefined) {
    matcher = new Minimatch(pattern, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher;
}

/** True when `relativePath` (a file, POSIX, relative to the root) is the pattern's file, lies in its folder, or matches its glob. */
export function patternMatchesPath(pattern: string, relativePath: string): boolean {
  if (!isGlobPattern(pattern)) return relativePath === pattern || relativePath.startsWith(`${pattern}/`);
  return matcherFor(pattern).match(relativePath);
}

/** True when something at `relativePath` (possibly a deleted folder) could hold a file the pattern matches. */
export function patternTouchesPath(pattern: string, relativePath: string): boolean {
  if (patternMatchesPath(pattern, relativePath)) return true;
  if (!isGlobPattern(pattern)) return pattern.startsWith(`${relativePath}/`);
  // A folder: could a file inside it match? (minimatch's partial matching answers exactly that.)
  return matcherFor(pattern).match(relativePath, true);
}

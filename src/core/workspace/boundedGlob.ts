// User-supplied globs (project file include/exclude) are compiled once and bounded: minimatch turns each `**` into
// backtracking, so a long pattern with many of them could make matching every path slow.
import { Minimatch } from 'minimatch';
import { braceExpansionProblem } from '../text/braceExpansion';

/** Bounds that keep a user-supplied glob from making the scan slow: matching cost grows with length and `**` count. */
export const globLimits = { maxLength: 256, maxGlobstars: 4, maxPatterns: 100 } as const;

/** Why a glob is refused, or undefined when it is within bounds. */
export function globBoundProblem(pattern: string): string | undefined {
  if (pattern.length > globLimits.maxLength) {
    return `glob is ${pattern.length} characters long; at most ${globLimits.maxLength} are allowed`;
  }
  const globstars = (pattern.match(/\*\*/g) ?? []).length;
  if (globstars > globLimits.maxGlobstars) {
    return `glob has ${globstars} "**"; at most ${globLimits.maxGlobstars} are allowed`;
  }
  return braceExpansionProblem(pattern);
}

export class GlobSet {
  private readonly matchers: readonly Minimatch[];

  /** Throws an Error naming the pattern when one is out of bounds or there are too many. */
  constructor(readonly patterns: readonly string[]) {
    if (patterns.length > globLimits.maxPatterns) {
      throw new Error(`${patterns.length} globs given; at most ${globLimits.maxPatterns} are allowed. Merge patterns with {a,b} or a common folder.`);
    }
    this.matchers = patterns.map((pattern) => {
      const problem = globBoundProblem(pattern);
      if (problem !== undefined) {
        throw new Error(`Glob "${pattern.slice(0, 80)}": ${problem}. Shorten it.`);
      }
      return new Minimatch(pattern, { dot: true });
    });
  }

  get isEmpty(): boolean {
    return this.matchers.length === 0;
  }

  matchesFile(relativePath: string): boolean {
    return this.matchers.some((matcher) => matcher.match(relativePath));
  }

  /** True when the folder itself, or everything inside it, matches (`build`, `build/**`). */
  matchesWholeFolder(relativePath: string): boolean {
    return this.matchers.some((matcher) => matcher.match(relativePath) || matcher.match(`${relativePath}/`));
  }

  /** True when some file inside the folder could match (so the walker must descend into it). */
  couldMatchInside(relativePath: string): boolean {
    return this.matchers.some((matcher) => matcher.match(relativePath, true));
  }
}

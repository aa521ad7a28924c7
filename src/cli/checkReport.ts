// What one `check` run found, independent of the output format: findings with paths relative to the working
// directory, and the statistics and reasons every format reports.
import path from 'node:path';
import type { FingerprintedFinding } from '../core/model/finding';
import { compareFindings } from '../core/model/findingOrder';
import type { Severity } from '../core/model/finding';
import type { WorkspaceAnalysis } from '../core/analysis/workspaceAnalysis';
import type { WalkSkip } from '../core/workspace/workspaceWalker';

export interface ReportedFinding {
  /** Relative to the working directory, POSIX separators. */
  readonly path: string;
  readonly finding: FingerprintedFinding;
}

/** A file or folder that could not be analysed (routine skips such as virtualenvs are not listed). */
export interface ReportedSkip {
  readonly path: string;
  readonly reason: string;
}

export interface ReportedRuleFailure {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export interface RuleDescription {
  readonly id: string;
  readonly name: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
}

export interface CheckReport {
  readonly findings: readonly ReportedFinding[];
  readonly stats: {
    readonly files: number;
    readonly parsedFiles: number;
    readonly bytes: number;
    readonly ms: number;
    readonly suppressed: number;
    readonly baselined: number;
  };
  readonly skipped: readonly ReportedSkip[];
  /** Parsed with syntax errors: analysed except for the broken regions. */
  readonly partiallyAnalysed: readonly ReportedSkip[];
  readonly routineSkips: readonly ReportedSkip[];
  readonly ruleFailures: readonly ReportedRuleFailure[];
  readonly rules: readonly RuleDescription[];
}

const routineSkipKinds: ReadonlySet<WalkSkip['kind']> = new Set(['ignored-folder', 'virtualenv', 'excluded', 'gitignored', 'outside-workspace']);

export function buildCheckReport(analysis: WorkspaceAnalysis, rootDirectory: string, workingDirectory: string, rules: readonly RuleDescription[], elapsedMs: number): CheckReport {
  const displayPath = (relativeToRoot: string): string => {
    const relative = path.relative(workingDirectory, path.resolve(rootDirectory, relativeToRoot)) || '.';
    return path.sep === '/' ? relative : relative.split(path.sep).join('/');
  };
  const findings: ReportedFinding[] = analysis.files.flatMap((file) => file.findings.map((finding) => ({ path: displayPath(file.relativePath), finding })));
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : compareFindings(a.finding, b.finding)));
  const skipped: ReportedSkip[] = [];
  const routineSkips: ReportedSkip[] = [];
  for (const skip of analysis.walkSkips) {
    (routineSkipKinds.has(skip.kind) ? routineSkips : skipped).push({ path: displayPath(skip.relativePath), reason: skip.detail });
  }
  for (const file of analysis.files) {
    if (file.skipped !== undefined) {
      skipped.push({ path: displayPath(file.relativePath), reason: file.skipped.detail });
    }
  }
  return {
    findings,
    stats: {
      files: analysis.files.length,
      parsedFiles: analysis.files.filter((file) => file.parsed).length,
      bytes: analysis.files.reduce((sum, file) => sum + file.bytes, 0),
      ms: Math.round(elapsedMs),
      suppressed: analysis.files.reduce((sum, file) => sum + file.suppressedCount, 0),
      baselined: analysis.files.reduce((sum, file) => sum + file.baselinedCount, 0),
    },
    skipped,
    partiallyAnalysed: analysis.files.filter((file) => file.hasSyntaxErrors).map((file) => ({ path: displayPath(file.relativePath), reason: 'has syntax errors; the rest of the file was analysed' })),
    routineSkips,
    ruleFailures: analysis.files.flatMap((file) => file.ruleFailures.map((failure) => ({ path: displayPath(file.relativePath), rule: failure.rule, message: failure.message }))),
    rules,
  };
}

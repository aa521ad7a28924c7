// `--format text`: one `path:line:col: RULE message` line per finding (the form problem matchers and editors
// understand), then a summary line.
import type { CheckReport } from './checkReport';
import { textPath } from './textPath';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatText(report: CheckReport): string {
  const lines = report.findings.map(({ path, finding }) => `${textPath(path)}:${finding.range.line}:${finding.range.column}: ${finding.rule} ${finding.message}`);
  const bySeverity = new Map<string, number>();
  for (const { finding } of report.findings) {
    bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
  }
  const severityCounts = ['error', 'warning', 'information', 'hint'].filter((severity) => bySeverity.has(severity)).map((severity) => `${bySeverity.get(severity)} ${severity}`);
  const findingFiles = new Set(report.findings.map(({ path }) => path)).size;
  const { stats } = report;
  const headline = report.findings.length === 0 ? 'No findings' : `${plural(report.findings.length, 'finding')} (${severityCounts.join(', ')}) in ${plural(findingFiles, 'file')}`;
  const extras = [
    stats.suppressed > 0 ? `${stats.suppressed} suppressed` : undefined,
    stats.baselined > 0 ? `${stats.baselined} in the baseline` : undefined,
    report.skipped.length > 0 ? `${report.skipped.length} skipped (see --verbose)` : undefined,
    report.ruleFailures.length > 0 ? `${plural(report.ruleFailures.length, 'rule failure')}` : undefined,
  ].filter((extra) => extra !== undefined);
  lines.push(`${headline}. Checked ${plural(stats.files, 'file')} (${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.parsedFiles} parsed) in ${stats.ms} ms${extras.length > 0 ? `; ${extras.join(', ')}` : ''}.`);
  return `${lines.join('\n')}\n`;
}

/** The --verbose details, written to stderr so they never mix with a machine-readable stdout. */
export function formatVerboseDetails(report: CheckReport): string {
  const lines = [
    ...report.skipped.map((skip) => `skipped ${textPath(skip.path)}: ${skip.reason}`),
    ...report.partiallyAnalysed.map((skip) => `partially analysed ${textPath(skip.path)}: ${skip.reason}`),
    ...report.ruleFailures.map((failure) => `rule ${failure.rule} failed on ${textPath(failure.path)}: ${failure.message}`),
    ...report.routineSkips.map((skip) => `not analysed ${textPath(skip.path)}: ${skip.reason}`),
  ];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

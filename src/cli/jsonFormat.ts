// `--format json`: {"version":1,"findings":[...],"stats":{...}} as specified in issue 3; paths relative to the
// working directory with POSIX separators. `stats` also lists skipped files with their reasons.
import type { CheckReport } from './checkReport';

export const jsonReportVersion = 1;

export function formatJson(report: CheckReport): string {
  const document = {
    version: jsonReportVersion,
    findings: report.findings.map(({ path, finding }) => ({
      path,
      line: finding.range.line,
      column: finding.range.column,
      endLine: finding.range.endLine,
      endColumn: finding.range.endColumn,
      rule: finding.rule,
      name: finding.name,
      severity: finding.severity,
      message: finding.message,
    })),
    stats: {
      files: report.stats.files,
      parsedFiles: report.stats.parsedFiles,
      bytes: report.stats.bytes,
      ms: report.stats.ms,
      suppressed: report.stats.suppressed,
      baselined: report.stats.baselined,
      skipped: report.skipped,
      partiallyAnalysed: report.partiallyAnalysed,
      ruleFailures: report.ruleFailures,
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

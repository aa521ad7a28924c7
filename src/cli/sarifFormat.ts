// `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it (tool.driver.rules with help, results with
// ruleId, level, message and a physical location relative to %SRCROOT%, partial fingerprints from the baseline).
import type { Severity } from '../core/model/finding';
import type { CheckReport } from './checkReport';

const sarifLevel: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

function uriOf(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(report: CheckReport, toolVersion: string, workingDirectoryUri: string): string {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const document = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'refactor-runbook',
            version: toolVersion,
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.name },
              fullDescription: { text: rule.description },
              help: { text: rule.description },
              defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: workingDirectoryUri.endsWith('/') ? workingDirectoryUri : `${workingDirectoryUri}/` } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map(({ path, finding }) => ({
          ruleId: finding.rule,
          ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
          level: sarifLevel[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' },
                region: { startLine: finding.range.line, startColumn: finding.range.column, endLine: finding.range.endLine, endColumn: finding.range.endColumn },
              },
            },
          ],
          partialFingerprints: { 'refactorRunbook/v1': finding.fingerprint },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.skipped.map((skip) => ({ level: 'warning', message: { text: `skipped ${skip.path}: ${skip.reason}` } })),
              ...report.ruleFailures.map((failure) => ({ level: 'error', message: { text: `rule ${failure.rule} failed on ${failure.path}: ${failure.message}` } })),
            ],
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// Converts core findings into VS Code diagnostics: 0-based ranges, severities, the rule id as a code that links to
// the rule's page, and a cap well below VS Code's 1,000-per-file limit with one summary diagnostic for the rest.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/model/finding';
import { ruleDocumentationLink } from '../documentation/ruleDocumentation';

export const diagnosticSource = 'refactor-runbook';
export const maxDiagnosticsPerFile = 250;

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function rangeOfFinding(finding: Pick<Finding, 'range'>): vscode.Range {
  const { line, column, endLine, endColumn } = finding.range;
  return new vscode.Range(line - 1, column - 1, endLine - 1, endColumn - 1);
}

export function diagnosticOfFinding(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOfFinding(finding), finding.message, severities[finding.severity]);
  diagnostic.source = diagnosticSource;
  diagnostic.code = { value: finding.rule, target: ruleDocumentationLink(finding.rule) };
  return diagnostic;
}

export function diagnosticsOfFindings(findings: readonly Finding[]): vscode.Diagnostic[] {
  const shown = findings.slice(0, maxDiagnosticsPerFile).map((finding) => diagnosticOfFinding(finding));
  const hidden = findings.length - shown.length;
  if (hidden > 0) {
    const summary = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      `${hidden} more Refactor Runbook finding${hidden === 1 ? ' is' : 's are'} not shown: only the first ${maxDiagnosticsPerFile} of ${findings.length} are listed per file. Run \`refactor-runbook check\` on this file to see them all.`,
      vscode.DiagnosticSeverity.Information,
    );
    summary.source = diagnosticSource;
    shown.push(summary);
  }
  return shown;
}

/** Whether a diagnostic VS Code hands back (a copy, not our object) stands for this finding. */
export function diagnosticMatchesFinding(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return diagnostic.source === diagnosticSource && code === finding.rule && diagnostic.message === finding.message && diagnostic.range.isEqual(rangeOfFinding(finding));
}

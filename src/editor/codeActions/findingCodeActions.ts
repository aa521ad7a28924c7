// Quick fixes for findings: the rule's own safe fix (add `weights_only=True`, save `.state_dict()`), a suppression
// comment with a reason placeholder, and "fix all safe problems" for the whole file, which is also offered as
// `source.fixAll.refactorRunbook` so `editor.codeActionsOnSave` can run it.
import * as vscode from 'vscode';
import type { Tree } from 'web-tree-sitter';
import type { Finding, RuleId, TextEdit } from '../../core/model/finding';
import { languageOfPath } from '../../core/model/fileLanguage';
import { placeSuppression } from '../../core/analysis/suppressionPlacement';
import { loadEngine } from '../lazyEngine';
import type { AnalysisController } from '../analysis/analysisController';
import { diagnosticMatchesFinding, diagnosticSource } from '../diagnostics/findingDiagnostics';

export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('refactorRunbook');

function rangeOf(edit: TextEdit): vscode.Range {
  return new vscode.Range(edit.range.line - 1, edit.range.column - 1, edit.range.endLine - 1, edit.range.endColumn - 1);
}

/** A rule of the registry (RR000, an invalid suppression, is not itself suppressed). */
function isSuppressibleRule(rule: RuleId): boolean {
  return loadEngine().ruleIds.includes(rule);
}

/** Every safe fix of the file whose edits do not overlap an earlier one (first come, first kept). */
export function combinedSafeFixes(findings: readonly Finding[]): { readonly edits: TextEdit[]; readonly fixed: number } {
  const withFix = findings.filter((finding) => finding.fix !== undefined);
  const edits: TextEdit[] = [];
  let fixed = 0;
  const overlaps = (a: vscode.Range, b: vscode.Range): boolean => a.intersection(b) !== undefined && !(a.isEmpty && b.isEmpty && !a.isEqual(b));
  for (const finding of withFix) {
    const candidate = finding.fix?.edits ?? [];
    if (candidate.some((edit) => edits.some((kept) => overlaps(rangeOf(kept), rangeOf(edit))))) continue;
    edits.push(...candidate);
    fixed++;
  }
  return { edits, fixed };
}

export class FindingCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, fixAllKind];

  constructor(
    private readonly controller: AnalysisController,
    private readonly extensionUri: vscode.Uri,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    // Fixes computed on older text would corrupt the file: bring the findings up to this version first.
    let published = this.controller.findingsFor(document.uri);
    if (published?.documentVersion !== document.version) {
      await this.controller.analyzeDocument(document);
      published = this.controller.findingsFor(document.uri);
    }
    if (published === undefined || published.documentVersion !== document.version || token.isCancellationRequested) return [];

    const actions: vscode.CodeAction[] = [];
    // `source.fixAll` (on save) or our own kind: only the whole-file fix is wanted.
    const only = context.only;
    const onlyFixAll = only !== undefined && !only.contains(vscode.CodeActionKind.QuickFix) && (only.contains(fixAllKind) || fixAllKind.contains(only));
    const fixAll = this.fixAllAction(document, published.findings, onlyFixAll ? fixAllKind : vscode.CodeActionKind.QuickFix);
    if (onlyFixAll) return fixAll === undefined ? [] : [fixAll];

    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === diagnosticSource && diagnostic.range.intersection(range) !== undefined);
    let pythonTree: Tree | undefined;
    try {
      for (const diagnostic of ours) {
        const finding = published.findings.find((candidate) => diagnosticMatchesFinding(diagnostic, candidate));
        if (finding === undefined) continue;
        if (finding.fix !== undefined) {
          const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of finding.fix.edits) action.edit.replace(document.uri, rangeOf(edit), edit.newText);
          action.diagnostics = [diagnostic];
          action.isPreferred = true;
          actions.push(action);
        }
        if (isSuppressibleRule(finding.rule)) {
          const language = languageOfPath(document.uri.path);
          if (language === undefined) continue;
          if (language === 'python' && pythonTree === undefined) {
            const { PythonParser, wasmLocationIn } = loadEngine();
            const parser = await PythonParser.load(wasmLocationIn(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath));
            pythonTree = parser.parse(document.getText());
          }
          const lines = Array.from({ length: document.lineCount }, (_, index) => document.lineAt(index).text);
          const placement = placeSuppression(lines, language, finding.rule, finding.range.line, pythonTree);
          if (placement.ok) {
            const action = new vscode.CodeAction(`Suppress ${finding.rule} on this line (with a reason)`, vscode.CodeActionKind.QuickFix);
            action.edit = new vscode.WorkspaceEdit();
            // A snippet so the reason (the placeholder, or the reason of the comment the rule joins) is selected.
            const before = placement.edit.newText.slice(0, placement.placeholderOffset);
            const after = placement.edit.newText.slice(placement.placeholderOffset + placement.placeholderText.length);
            const snippet = new vscode.SnippetString().appendText(before).appendPlaceholder(placement.placeholderText).appendText(after);
            action.edit.set(document.uri, [new vscode.SnippetTextEdit(rangeOf(placement.edit), snippet)]);
            action.diagnostics = [diagnostic];
            actions.push(action);
          }
        }
      }
    } finally {
      pythonTree?.delete();
    }
    if (fixAll !== undefined && ours.length > 0) actions.push(fixAll);
    return actions;
  }

  private fixAllAction(document: vscode.TextDocument, findings: readonly Finding[], kind: vscode.CodeActionKind): vscode.CodeAction | undefined {
    const { edits, fixed } = combinedSafeFixes(findings);
    if (fixed === 0) return undefined;
    const action = new vscode.CodeAction(`Fix all safe Refactor Runbook problems in this file (${fixed})`, kind);
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of edits) action.edit.replace(document.uri, rangeOf(edit), edit.newText);
    return action;
  }
}

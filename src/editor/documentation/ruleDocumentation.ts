// Rule pages open rendered and read-only: the Markdown preview of a virtual document whose text is the shipped
// media/rules/RRnnn.md. Opening the .md file itself gave an editable tab (in development, the repository's own file).
import * as vscode from 'vscode';
import { loadEngine } from '../lazyEngine';

export const ruleDocumentationScheme = 'refactor-runbook-rule';
export const showRuleDocumentationCommand = 'refactorRunbook.showRuleDocumentation';

/** A `command:` link that opens the rule's page (diagnostic codes, hovers); trusted for this one command only. */
export function ruleDocumentationLink(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:${showRuleDocumentationCommand}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

export function ruleDocumentationDocument(rule: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ruleDocumentationScheme, path: `/${rule}.md` });
}

class RuleDocumentationProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const rule = /^\/(RR\d{3})\.md$/.exec(uri.path)?.[1];
    if (rule === undefined) return `# Unknown rule page\n\n\`${uri.path}\` is not a Refactor Runbook rule page (they are named like \`RR001.md\`).\n`;
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'rules', `${rule}.md`));
    return new TextDecoder().decode(bytes);
  }
}

export function registerRuleDocumentation(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(ruleDocumentationScheme, new RuleDocumentationProvider(context.extensionUri)),
    vscode.commands.registerCommand(showRuleDocumentationCommand, async (given: unknown) => {
      const rule = given ?? (await vscode.window.showQuickPick([...loadEngine().reportedRuleIds], { title: 'Refactor Runbook: rule documentation', placeHolder: 'Which rule?' }));
      if (rule === undefined) return;
      if (typeof rule !== 'string' || !/^RR\d{3}$/.test(rule)) {
        void vscode.window.showErrorMessage(`Refactor Runbook: no rule page for ${JSON.stringify(rule)}; rule ids look like RR001.`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', ruleDocumentationDocument(rule));
    }),
  );
}

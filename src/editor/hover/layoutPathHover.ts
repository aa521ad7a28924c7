// Hover on a path under the experiment root or a legacy root: one verdict line with a link to the rule's page, its
// named segments (which one is wrong and why, in the rule's own words), and the canonical path when it can be derived.
import * as vscode from 'vscode';
import { languageOfPath } from '../../core/model/fileLanguage';
import { createLayoutModel } from '../../core/layout/layoutGrammar';
import type { PathAtPosition } from '../../core/layout/pathAtPosition';
import { explainPath, explanationMarkdown } from '../../core/layout/pathExplanation';
import { loadEngine } from '../lazyEngine';
import { ruleDocumentationLink, showRuleDocumentationCommand } from '../documentation/ruleDocumentation';
import type { AnalysisController } from '../analysis/analysisController';

export class LayoutPathHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly controller: AnalysisController,
    private readonly extensionUri: vscode.Uri,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const folderPromise = this.controller.folderFor(document.uri);
    const language = languageOfPath(document.uri.path);
    if (folderPromise === undefined || language === undefined) return undefined;
    const folder = await folderPromise;
    const { PythonParser, wasmLocationIn, pythonPathAt, textPathAt } = loadEngine();
    let found: PathAtPosition | undefined;
    if (language === 'python') {
      const parser = await PythonParser.load(wasmLocationIn(vscode.Uri.joinPath(this.extensionUri, 'dist').fsPath));
      const text = document.getText();
      const tree = parser.parse(text);
      try {
        found = pythonPathAt(tree, text, position.line, position.character);
      } finally {
        tree.delete();
      }
    } else {
      found = textPathAt(document.lineAt(position.line).text, position.line, position.character);
    }
    if (found === undefined) return undefined;
    const layout = createLayoutModel(folder.project.settings.layout);
    // The rule's own answer, with the project's artifact extensions (a `model.bin` where a folder belongs).
    const { misplacedFile, ruleVocabulary } = loadEngine();
    const vocabulary = ruleVocabulary(folder.project.settings.vocabulary);
    const explanation = explainPath(layout, found.text, (parsed) => misplacedFile(parsed, vocabulary));
    if (explanation.parsed.classification === 'unrelated') return undefined;
    const rule = language === 'python' ? 'RR002' : 'RR006';
    const markdown = new vscode.MarkdownString(explanationMarkdown(explanation, layout, `[${rule}](${ruleDocumentationLink(rule).toString()})`));
    markdown.isTrusted = { enabledCommands: [showRuleDocumentationCommand] };
    return new vscode.Hover(markdown, new vscode.Range(found.startLine, found.startColumn, found.endLine, found.endColumn));
  }
}

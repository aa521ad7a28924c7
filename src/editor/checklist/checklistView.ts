// The sidebar tree: the runbook's five steps and their items. Verification states arrive with the checklist
// engine; until an item is evaluated it is shown as "not verified yet", never as done.
import * as vscode from 'vscode';
import type { ChecklistItemDefinition, ChecklistStepDefinition } from '../../core/checklist/runbookChecklist';
import { countChecklistItems, runbookChecklist } from '../../core/checklist/runbookChecklist';
import type { PythonPresence } from '../pythonPresence';

export const checklistViewId = 'refactorRunbook.checklist';

export type ChecklistNode =
  | { readonly kind: 'step'; readonly step: ChecklistStepDefinition }
  | { readonly kind: 'item'; readonly step: ChecklistStepDefinition; readonly item: ChecklistItemDefinition };

class ChecklistTreeProvider implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly changed = new vscode.EventEmitter<ChecklistNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly steps: readonly ChecklistStepDefinition[],
    private readonly pythonPresence: PythonPresence,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    // An empty tree lets the view's welcome content explain why there is nothing to do.
    if (!this.pythonPresence.hasPythonFiles) return [];
    if (node === undefined) return this.steps.map((step) => ({ kind: 'step', step }));
    if (node.kind === 'step') return node.step.items.map((item) => ({ kind: 'item', step: node.step, item }));
    return [];
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    return node.kind === 'item' ? { kind: 'step', step: node.step } : undefined;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    if (node.kind === 'step') {
      const index = this.steps.indexOf(node.step) + 1;
      const treeItem = new vscode.TreeItem(`${index}. ${node.step.title}`, vscode.TreeItemCollapsibleState.Expanded);
      treeItem.id = `step:${node.step.id}`;
      treeItem.description = `PR #${node.step.pullRequest} · ${node.step.items.length} items`;
      treeItem.tooltip = node.step.file ? `${node.step.title} — ${node.step.file} (PR #${node.step.pullRequest})` : node.step.title;
      treeItem.contextValue = 'checklistStep';
      return treeItem;
    }
    const treeItem = new vscode.TreeItem(node.item.title, vscode.TreeItemCollapsibleState.None);
    treeItem.id = `item:${node.item.id}`;
    treeItem.description = node.item.file ?? '';
    treeItem.iconPath = new vscode.ThemeIcon('circle-large-outline');
    treeItem.tooltip = new vscode.MarkdownString(`**${node.item.title}**\n\nNot verified yet.${node.item.file ? `\n\nFile: \`${node.item.file}\`` : ''}`);
    treeItem.contextValue = 'checklistItem';
    return treeItem;
  }
}

export interface ChecklistView {
  readonly provider: vscode.TreeDataProvider<ChecklistNode>;
  readonly treeView: vscode.TreeView<ChecklistNode>;
}

export function registerChecklistView(context: vscode.ExtensionContext, pythonPresence: PythonPresence): ChecklistView {
  const provider = new ChecklistTreeProvider(runbookChecklist, pythonPresence);
  const treeView = vscode.window.createTreeView(checklistViewId, { treeDataProvider: provider, showCollapseAll: true });
  treeView.description = `${countChecklistItems(runbookChecklist)} items`;
  context.subscriptions.push(
    provider,
    treeView,
    pythonPresence.onDidChange(() => provider.refresh()),
    vscode.commands.registerCommand('refactorRunbook.showChecklist', () =>
      vscode.commands.executeCommand(`${checklistViewId}.focus`),
    ),
  );
  return { provider, treeView };
}

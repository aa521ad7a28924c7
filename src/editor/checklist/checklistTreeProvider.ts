// The sidebar's TreeDataProvider: steps, then their items, from the controller's current evaluation. Nodes are plain
// ids (one object per id, reused), so TreeItem ids stay stable across refreshes and getParent makes reveal work.
import * as vscode from 'vscode';
import type { ItemResult, StepResult } from '../../core/checklist/checklistResult';
import type { PythonPresence } from '../pythonPresence';
import type { ChecklistController } from './checklistController';
import { itemTreeItem, stepTreeItem } from './checklistTreeItems';
import type { ChecklistNode } from './checklistTreeItems';

export class ChecklistTreeProvider implements vscode.TreeDataProvider<ChecklistNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChecklistNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ChecklistNode>();

  constructor(
    private readonly controller: () => ChecklistController | undefined,
    private readonly pythonPresence: PythonPresence,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  stepNode(stepId: string): ChecklistNode {
    return this.node(`step:${stepId}`, () => ({ kind: 'step', stepId }));
  }

  itemNode(stepId: string, itemId: string): ChecklistNode {
    return this.node(`item:${itemId}`, () => ({ kind: 'item', stepId, itemId }));
  }

  private node(key: string, create: () => ChecklistNode): ChecklistNode {
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = create();
      this.nodes.set(key, node);
    }
    return node;
  }

  step(node: ChecklistNode): StepResult | undefined {
    return this.controller()?.evaluation()?.steps.find((step) => step.id === node.stepId);
  }

  item(node: ChecklistNode): ItemResult | undefined {
    return node.kind === 'item' ? this.step(node)?.items.find((item) => item.id === node.itemId) : undefined;
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    // An empty tree lets the view's welcome content (no Python files) or its message (why nothing shows) speak.
    if (!this.pythonPresence.hasPythonFiles) return [];
    const evaluation = this.controller()?.evaluation();
    if (evaluation === undefined) return [];
    if (node === undefined) return evaluation.steps.map((step) => this.stepNode(step.id));
    if (node.kind === 'step') return (this.step(node)?.items ?? []).map((item) => this.itemNode(node.stepId, item.id));
    return [];
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    return node.kind === 'item' ? this.stepNode(node.stepId) : undefined;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    const step = this.step(node);
    if (step === undefined) return new vscode.TreeItem('(no longer in the checklist)');
    if (node.kind === 'step') return stepTreeItem(step);
    const item = this.item(node);
    return item === undefined ? new vscode.TreeItem('(no longer in the checklist)') : itemTreeItem(item, step, node);
  }
}

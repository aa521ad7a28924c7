// How a step or an item looks in the sidebar: codicon per state, "done/total" on steps, a tooltip that says why, and
// the context value the menus match on. Pure conversion from core results to TreeItems.
import * as vscode from 'vscode';
import type { CheckState, ItemResult, ItemState, StepResult } from '../../core/checklist/checklistResult';
import { loadChecklistEngine } from './lazyChecklistEngine';

export type ChecklistNode = { readonly kind: 'step'; readonly stepId: string } | { readonly kind: 'item'; readonly stepId: string; readonly itemId: string };

export const openLocationCommand = 'refactorRunbook.checklist.openLocation';

interface StateLook {
  readonly icon: string;
  readonly color: string;
  readonly words: string;
}

const looks: Readonly<Record<ItemState, StateLook>> = {
  passed: { icon: 'pass-filled', color: 'testing.iconPassed', words: 'verified' },
  failed: { icon: 'error', color: 'testing.iconFailed', words: 'failed' },
  unknown: { icon: 'question', color: 'testing.iconQueued', words: 'not known' },
  stale: { icon: 'history', color: 'list.warningForeground', words: 'stale' },
  'manual-done': { icon: 'check', color: 'testing.iconPassed', words: 'ticked' },
  open: { icon: 'circle-large-outline', color: 'descriptionForeground', words: 'open' },
};

const checkIcons: Readonly<Record<CheckState, string>> = { passed: 'pass', failed: 'error', unknown: 'question', stale: 'history' };

export function iconIdOf(state: ItemState): string {
  return looks[state].icon;
}

/** Backticks and other Markdown in titles and reasons are shown as written. */
function escapeForTooltip(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The context value menus match on: `checklistItem` plus `manualOpen`/`manualDone`/`verified`, `hasFile`, `hasTask`. */
export function itemContextValue(item: ItemResult): string {
  const tokens = ['checklistItem', item.manual ? (item.state === 'manual-done' ? 'manualDone' : 'manualOpen') : 'verified'];
  if (item.file !== undefined || item.location !== undefined) tokens.push('hasFile');
  if (item.tasks.length > 0) tokens.push('hasTask');
  return tokens.join(' ');
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** The state, then the place: where it failed (file:line), else the item's file; a tick says by whom and when. */
export function itemDescription(item: ItemResult): string {
  const look = looks[item.state];
  if (item.state === 'manual-done') return `${look.words}${item.tick?.by === undefined ? '' : ` by ${item.tick.by}`}${item.tick === undefined ? '' : ` · ${item.tick.at.slice(0, 10)}`}`;
  if (item.location !== undefined) return `${look.words} · ${baseName(item.location.path)}:${item.location.line}`;
  // A glob names no one file.
  if (item.file !== undefined && !/[*?[{]/.test(item.file)) return `${look.words} · ${baseName(item.file)}`;
  return look.words;
}

export function itemTooltip(item: ItemResult, step: StepResult): vscode.MarkdownString {
  const look = looks[item.state];
  const lines = [`**${escapeForTooltip(item.title)}**`, '', `$(${look.icon}) **${look.words}**: ${escapeForTooltip(item.reason)}`];
  // One check's reason is the item's: listed only when there are several.
  if (item.checks.length > 1) {
    // The reason already given for the item is not repeated at its check.
    lines.push('', ...item.checks.map((check) => `- $(${checkIcons[check.state]}) ${escapeForTooltip(check.label)}${check.state === 'passed' || check.reason === item.reason ? '' : ` — ${escapeForTooltip(check.reason)}`}`));
  }
  const facts: string[] = [];
  if (item.location !== undefined) facts.push(`at \`${item.location.path}:${item.location.line}\``);
  else if (item.file !== undefined) facts.push(`file \`${item.file}\``);
  facts.push(`step ${step.number}${step.pullRequest === undefined ? '' : ` (PR #${step.pullRequest})`}`);
  if (item.manual) facts.push(item.state === 'manual-done' ? 'manual item: Reopen to untick it' : 'manual item: Mark Done when it is done');
  lines.push('', facts.join(' · '));
  const tooltip = new vscode.MarkdownString(lines.join('\n'), true);
  tooltip.isTrusted = false;
  return tooltip;
}

export function stepTreeItem(step: StepResult): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(`${step.number}. ${step.title}`, vscode.TreeItemCollapsibleState.Expanded);
  treeItem.id = `step:${step.id}`;
  treeItem.description = `${step.done}/${step.total}${step.pullRequest === undefined ? '' : ` · PR #${step.pullRequest}`}`;
  const counts = (['passed', 'manual-done', 'failed', 'unknown', 'stale', 'open'] as const)
    .map((state) => ({ state, count: step.items.filter((item) => item.state === state).length }))
    .filter((entry) => entry.count > 0)
    .map((entry) => `${entry.count} ${looks[entry.state].words}`);
  treeItem.tooltip = new vscode.MarkdownString(`**${escapeForTooltip(loadChecklistEngine().stepHeading(step))}**\n\n${counts.join(' · ')}${step.file === undefined ? '' : `\n\nfile \`${step.file}\``}`);
  treeItem.contextValue = 'checklistStep';
  if (step.items.length > 0 && step.items.every((item) => loadChecklistEngine().isDone(item.state))) treeItem.iconPath = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  return treeItem;
}

export function itemTreeItem(item: ItemResult, step: StepResult, node: ChecklistNode): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
  treeItem.id = `item:${item.id}`;
  treeItem.description = itemDescription(item);
  treeItem.iconPath = new vscode.ThemeIcon(looks[item.state].icon, new vscode.ThemeColor(looks[item.state].color));
  treeItem.tooltip = itemTooltip(item, step);
  treeItem.contextValue = itemContextValue(item);
  treeItem.accessibilityInformation = { label: `${item.title}: ${looks[item.state].words}. ${item.reason}` };
  if (item.location !== undefined || item.file !== undefined) {
    treeItem.command = { command: openLocationCommand, title: 'Open Related Location', arguments: [node] };
  }
  return treeItem;
}

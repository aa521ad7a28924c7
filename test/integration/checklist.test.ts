// The checklist sidebar in a real VS Code on the example workspace: the tree's items and states, clicking through to
// the code, ticking a manual item into the shared progress file, external edits and a malformed file, re-verification
// after a file appears and disappears, Copy as Markdown through the real clipboard, and a screenshot.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ChecklistNode, ChecklistView } from '../../src/editor/checklist/checklistView';
import type { RefactorRunbookApi } from '../../src/editor/extension';
import { exampleStates } from '../fixtures/exampleChecklistStates';
import { cacheFreeEnvironment, requireToolsForTestPython, setSetting, testPython } from './testPython';
import { canTakeScreenshots, captureWorkbench, extensionId, pollUntil, rowsOf, visibleTextOf } from './testSupport';


const stateIcons: Readonly<Record<string, string>> = { passed: 'pass-filled', failed: 'error', open: 'circle-large-outline', 'manual-done': 'check', unknown: 'question', stale: 'history' };

const manualItem = 'jobs.auto-chain-opt-in';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function tooltipOf(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

describe('checklist sidebar on the example workspace', () => {
  let api: RefactorRunbookApi;
  let view: ChecklistView;
  let folder: string | undefined;
  let progressFile = '';
  const createdFiles: string[] = [];

  async function childrenOf(node?: ChecklistNode): Promise<ChecklistNode[]> {
    return (await view.provider.getChildren(node)) ?? [];
  }

  async function itemNodes(): Promise<ChecklistNode[]> {
    const steps = await childrenOf();
    return (await Promise.all(steps.map((step) => childrenOf(step)))).flat();
  }

  async function treeItemOf(node: ChecklistNode): Promise<vscode.TreeItem> {
    return await view.provider.getTreeItem(node);
  }

  async function nodeOf(itemId: string): Promise<ChecklistNode> {
    const node = (await itemNodes()).find((candidate) => candidate.kind === 'item' && candidate.itemId === itemId);
    assert.ok(node, `the tree shows ${itemId}`);
    return node;
  }

  function stateOf(itemId: string): string | undefined {
    return view.item(itemId)?.state;
  }

  function removeIfPresent(file: string): void {
    if (existsSync(file)) rmSync(file);
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<RefactorRunbookApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed in the host`);
    await pollUntil(() => extension.isActive, (active) => active, 'activation', 30000);
    api = extension.exports;
    view = api.checklist;
    await api.ready;
    await view.whenIdle();
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspaceFolder);
    folder = workspaceFolder.uri.fsPath;
    progressFile = view.progressFilePath() ?? '';
    assert.equal(progressFile, path.join(folder, 'refactor-runbook-progress.json'));
    assert.equal(existsSync(progressFile), false, `${progressFile} must not exist before the tests (a previous run left it?)`);
    await pollUntil(() => view.evaluation()?.summary.unknown, (unknown) => unknown === 0, 'every item verified', 30000);
  });

  after(() => {
    if (folder === undefined) return; // before() failed: nothing was written
    // Never leave files in the example workspace.
    removeIfPresent(progressFile);
    for (const file of createdFiles) removeIfPresent(file);
    const leftovers = readdirSync(folder).filter((name) => name.startsWith('.refactor-runbook-progress.json'));
    for (const leftover of leftovers) rmSync(path.join(folder, leftover));
    assert.deepEqual(leftovers, [], 'no lock or temporary file is left behind');
  });

  it("shows the runbook's items with their verified states, icons, reasons and counts", async () => {
    const steps = await childrenOf();
    const stepItems = await Promise.all(steps.map((step) => treeItemOf(step)));
    assert.deepEqual(
      stepItems.map((item) => [labelOf(item), item.description, item.id]),
      [
        ['1. Config refactor', '5/6 · PR #1', 'step:config'],
        ['2. Trainer & saving behaviour', '3/4 · PR #2', 'step:trainer'],
        ['3. Training modules & fusion/eval', '0/3 · PR #3', 'step:training'],
        ['4. osc_job_manager.py rewrite', '2/5 · PR #4', 'step:jobs'],
        ['5. Presets & docs', '0/3 · PR #5', 'step:docs'],
      ],
    );
    const nodes = await itemNodes();
    const states: Record<string, string> = {};
    for (const node of nodes) {
      assert.equal(node.kind, 'item');
      if (node.kind !== 'item') continue;
      const treeItem = await treeItemOf(node);
      const state = stateOf(node.itemId) ?? 'missing';
      states[node.itemId] = state;
      assert.equal(treeItem.id, `item:${node.itemId}`);
      assert.equal((treeItem.iconPath as vscode.ThemeIcon).id, stateIcons[state], `${node.itemId} icon`);
      assert.ok(tooltipOf(treeItem).length > labelOf(treeItem).length, `${node.itemId} has a tooltip that says why`);
      // The row has the short title; the tooltip the runbook's full wording, once.
      const tooltip = tooltipOf(treeItem).replace(/\\(.)/g, '$1');
      const title = /^\*\*(.+)\*\*$/m.exec(tooltip)?.[1] ?? '';
      assert.ok(title.length > labelOf(treeItem).length, `${node.itemId}: "${labelOf(treeItem)}" is shorter than "${title}"`);
      assert.ok(labelOf(treeItem).length <= 26, `${node.itemId}: "${labelOf(treeItem)}" is short`);
      assert.equal(tooltip.split(title).length - 1, 1, `${node.itemId}: the full title appears once in ${tooltip}`);
      const reason = /\*\*: (.+)$/m.exec(tooltip)?.[1] ?? '';
      assert.equal(tooltip.split(reason).length - 1, 1, `${node.itemId}: the reason appears once in ${tooltip}`);
      assert.deepEqual(await view.provider.getParent?.(node), steps.find((step) => step.stepId === node.stepId), 'getParent gives the step');
    }
    assert.deepEqual(states, exampleStates);

    const failed = await treeItemOf(await nodeOf('config.remove-dataset-experiment-root'));
    assert.equal(failed.description, 'failed · hydra_zen_configs.py:39');
    assert.match(tooltipOf(failed), /CANDatasetConfig\\\.experiment\\_root is still defined/);
    assert.equal(failed.contextValue, 'checklistItem verified hasFile');
    const manual = await treeItemOf(await nodeOf(manualItem));
    assert.equal(manual.description, 'open · osc_job_manager.py');
    assert.equal(manual.contextValue, 'checklistItem manualOpen hasFile');

    assert.deepEqual(view.treeView.badge, { value: 11, tooltip: '11 checklist items not done yet' });
    assert.equal(view.statusBarText(), '$(checklist) Runbook 10/21');
  });

  it('opens the file and line behind an item when it is clicked', async () => {
    const treeItem = await treeItemOf(await nodeOf('config.remove-dataset-experiment-root'));
    assert.ok(treeItem.command, 'the item has a click command');
    await vscode.commands.executeCommand(treeItem.command.command, ...((treeItem.command.arguments ?? []) as unknown[]));
    const editor = await pollUntil(() => vscode.window.activeTextEditor, (active) => active?.document.uri.fsPath.endsWith(path.join('src', 'config', 'hydra_zen_configs.py')) === true, 'the config file to open');
    assert.equal(editor?.selection.active.line, 38, 'the cursor is on line 39');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('ticking a manual item writes the shared progress file; reopening removes the tick', async () => {
    const saved = await vscode.commands.executeCommand('refactorRunbook.checklist.markDone', await nodeOf(manualItem));
    assert.deepEqual(saved, { saved: true });
    const content = JSON.parse(readFileSync(progressFile, 'utf8')) as { version: number; done: Record<string, { at: string; by?: string }> };
    assert.equal(content.version, 1);
    const tick = content.done[manualItem];
    assert.ok(tick, 'the tick is in the file');
    assert.ok(Math.abs(Date.parse(tick.at) - Date.now()) < 60_000, `ticked just now (${tick.at})`);
    let gitName: string | undefined;
    try {
      gitName = execFileSync('git', ['config', 'user.name'], { cwd: folder, encoding: 'utf8' }).trim() || undefined;
    } catch {
      gitName = undefined;
    }
    assert.equal(tick.by, gitName, 'the git user name is recorded when git has one');
    assert.equal(stateOf(manualItem), 'manual-done');
    assert.equal(view.statusBarText(), '$(checklist) Runbook 11/21');

    const reopened = await vscode.commands.executeCommand('refactorRunbook.checklist.reopen', await nodeOf(manualItem));
    assert.deepEqual(reopened, { saved: true });
    assert.deepEqual(JSON.parse(readFileSync(progressFile, 'utf8')), { version: 1, done: {} });
    assert.equal(stateOf(manualItem), 'open');
  });

  it('picks up an external edit of the progress file (a pull, another window)', async () => {
    writeFileSync(progressFile, `${JSON.stringify({ version: 1, done: { [manualItem]: { at: '2025-06-01T09:30:00.000Z', by: 'Grace Hopper' } } }, null, 2)}\n`);
    await pollUntil(() => view.item(manualItem)?.tick?.by, (by) => by === 'Grace Hopper', 'the external tick to show');
    assert.equal(stateOf(manualItem), 'manual-done');
    assert.equal((await treeItemOf(await nodeOf(manualItem))).description, 'ticked by Grace Hopper · 2025-06-01');

    // A tick from this window merges with the file on disk instead of replacing it.
    writeFileSync(progressFile, `${JSON.stringify({ version: 1, done: { [manualItem]: { at: '2025-06-01T09:30:00.000Z', by: 'Grace Hopper' }, 'docs.team-item': { at: '2025-06-02T09:30:00.000Z' } } }, null, 2)}\n`);
    await view.whenIdle();
    await vscode.commands.executeCommand('refactorRunbook.checklist.reopen', manualItem);
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(progressFile, 'utf8')) as { done: object }).done), ['docs.team-item'], "the teammate's entry is kept");
    await pollUntil(() => stateOf(manualItem), (state) => state === 'open', 'the reopened item');
  });

  it('reports a malformed progress file on the file and never overwrites it', async () => {
    const broken = Buffer.from('{\n  "version": 1,\n  "done": {\n    "jobs.auto-chain-opt-in": { "at": "2025-06-01T09:30:00.000Z", }\n  }\n}\n', 'utf8');
    writeFileSync(progressFile, broken);
    const uri = vscode.Uri.file(progressFile);
    const diagnostics = await pollUntil(
      () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Refactor Runbook' && diagnostic.severity === vscode.DiagnosticSeverity.Error),
      (found) => found.length > 0,
      'an error diagnostic on the malformed progress file',
    );
    assert.equal(diagnostics[0]?.range.start.line, 3, 'at the trailing comma on line 4');
    assert.match(diagnostics[0]?.message ?? '', /not valid JSON.*Ticks are not saved until this is fixed; the file is left exactly as it is\./);
    assert.match(view.treeView.message ?? '', /The progress file is malformed \(line 4, column \d+: not valid JSON/);

    const refused = await vscode.commands.executeCommand<{ saved: boolean; reason?: string }>('refactorRunbook.checklist.markDone', manualItem);
    assert.equal(refused.saved, false);
    assert.match(refused.reason ?? '', /is malformed, so it was left unchanged; fix it first/);
    assert.ok(readFileSync(progressFile).equals(broken), 'the bytes are exactly as the user left them');

    rmSync(progressFile);
    await pollUntil(() => vscode.languages.getDiagnostics(uri).length, (count) => count === 0, 'the diagnostic to go away with the file');
    assert.equal(view.treeView.message, undefined);
  });

  it('re-verifies the items a new file affects, and only those', async () => {
    const script = path.join(folder ?? '', 'scripts', 'migrate_legacy_artifacts.sh');
    createdFiles.push(script);
    writeFileSync(script, '#!/bin/bash\nset -euo pipefail\nmkdir -p experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/models\nln -s "$PWD/osc_jobs/can_ids/gat/best_model.pth" experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/models/gat_teacher.pth\n');
    await pollUntil(() => stateOf('docs.migration-guide'), (state) => state === 'passed', 'the migration guide item to pass', 20000);
    assert.equal(view.item('docs.migration-guide')?.location?.path, 'scripts/migrate_legacy_artifacts.sh');
    assert.equal(stateOf('config.canonical-fields'), 'passed');
    rmSync(script);
    await pollUntil(() => stateOf('docs.migration-guide'), (state) => state === 'failed', 'the item to fail again once the script is gone', 20000);
  });

  it('takes "task passed" from the verification tasks: a run of the tests task proves that check', async function () {
    this.timeout(120000);
    const check = () => view.item('trainer.unit-tests')?.checks.find((candidate) => candidate.checkId === 'tests-pass');
    assert.equal(check()?.state, 'unknown', 'before any run');
    assert.match(check()?.reason ?? '', /the tests \(pytest tests -q\) verification task has not run|the "tests" verification task has not run/);
    requireToolsForTestPython();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'rr-checklist-task-'));
    await setSetting('python', testPython);
    await setSetting('env', cacheFreeEnvironment(scratch));
    let outcome: Awaited<ReturnType<RefactorRunbookApi['verification']['run']>>;
    try {
      outcome = await api.verification.run({ taskId: 'tests' });
    } finally {
      await setSetting('python', undefined);
      await setSetting('env', undefined);
      rmSync(scratch, { recursive: true, force: true });
    }
    assert.equal(outcome.kind, 'finished', outcome.kind === 'refused' ? outcome.message : '');
    await pollUntil(() => check()?.state, (state) => state === 'passed', 'the task-passed check to follow the recorded result', 20000);
    assert.match(check()?.reason ?? '', /task passed \(\d{4}-\d\d-\d\dT/);
    assert.equal(view.item('trainer.unit-tests')?.state, 'failed', 'the missing round-trip test still fails the item');
  });

  it('copies one step, or the whole checklist, as a Markdown task list', async () => {
    const step = await vscode.commands.executeCommand('refactorRunbook.checklist.copyAsMarkdown', 'trainer');
    const expected = [
      '### 2. Trainer & saving behaviour — PR #2 (3/4)',
      '',
      '- [x] HydraZenTrainer.get\\_hierarchical\\_paths() calls config.canonical\\_experiment\\_dir() and creates directories',
      '- [x] HydraZenTrainer.\\_save\\_state\\_dict() saves plain state\\_dict dicts and logs the saved full path',
      '- [x] MLflow logger uses the mlruns dir inside the canonical path and logs model\\_path as a param',
      '- [ ] Unit tests: saving a state\\_dict and loading it with torch.load returns a dict — failed: none of the 5 tests in tests/\\*\\*/test\\_\\*.py or tests/\\*\\*/\\*\\_test.py uses torch.save, torch.load and state\\_dict; add one',
      '',
    ].join('\n');
    assert.equal(step, expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);

    await vscode.commands.executeCommand('refactorRunbook.checklist.copyAsMarkdown', 'all');
    const all = await vscode.env.clipboard.readText();
    assert.match(all, /^## Refactor Runbook checklist \(10\/21 done\)\n\n### 1\. Config refactor — PR #1 \(5\/6\)\n/);
    assert.equal((all.match(/^- \[x\] /gm) ?? []).length, 10);
    assert.equal((all.match(/^- \[ \] /gm) ?? []).length, 11);
    assert.equal((all.match(/^### /gm) ?? []).length, 5);
  });

  it('saves a screenshot of the sidebar', async function () {
    await vscode.commands.executeCommand('refactorRunbook.showChecklist');
    await vscode.commands.executeCommand('refactorRunbook.checklist.expandAll');
    const first = (await childrenOf())[0];
    assert.ok(first);
    await view.treeView.reveal(first, { expand: true, select: false, focus: true });
    assert.equal(view.treeView.visible, true);
    // A picture a person can read: no toasts from the earlier tests over the workbench.
    await vscode.commands.executeCommand('notifications.clearAll');
    if (!canTakeScreenshots()) {
      console.log('screenshot skipped: only the code-server host can take screenshots');
      this.skip();
    }
    const screenshot = await captureWorkbench('checklist-sidebar.png');
    assert.deepEqual([...readFileSync(screenshot).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    // What the picture shows: the steps with their counts, and the findings status bar item beside the checklist's.
    const visible = visibleTextOf(screenshot);
    assert.match(visible, /1\. Config refactor/);
    assert.match(visible, /5\/6 · PR #1/);
    assert.match(visible, /Runbook 10\/21/);
    assert.match(visible, /\d+ findings/);
    // Every item row shows its whole short title and its state at the default sidebar width.
    const labels = (await itemNodes()).map(async (node) => treeItemOf(node));
    const items = await Promise.all(labels);
    const rows = rowsOf(screenshot);
    const shown = items.flatMap((item) => {
      const row = rows.find((candidate) => candidate.label === labelOf(item));
      return row === undefined ? [] : [{ item, row }];
    });
    // The view may scroll; most rows are on screen.
    assert.ok(shown.length >= 12, `${shown.length} item rows on screen (rows: ${rows.map((candidate) => candidate.label).join(' | ')})`);
    for (const { item, row } of shown) {
      assert.equal(row.shownLabel, row.label, `the whole short title "${row.label}" is shown`);
      const state = String(item.description).split(' · ')[0] ?? '';
      assert.ok(row.shownDescription.startsWith(state), `"${row.label}" shows its state "${state}" (shown: "${row.shownDescription}")`);
    }
  });
});

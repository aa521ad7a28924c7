import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RefactorRunbookApi } from '../../src/editor/extension';
import { canTakeScreenshots, captureWorkbench, extensionId, pollUntil } from './testSupport';

describe('extension in a real VS Code host', () => {
  let api: RefactorRunbookApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<RefactorRunbookApi>(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed in the host`);
    await pollUntil(() => extension.isActive, (active) => active, 'activation through workspaceContains:**/*.py', 30000);
    api = extension.exports;
    await api.ready;
  });

  it('activated on a copy of the example workspace (a Python repo), not on the committed files', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the example workspace is open');
    assert.match(folder.uri.path, /\/legacy-research-repo$/);
    assert.doesNotMatch(folder.uri.path, /\/examples\/legacy-research-repo$/);
  });

  it('registers its view container, checklist view and commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    // VS Code generates these commands only for a registered container and view.
    assert.ok(commands.includes('workbench.view.extension.refactorRunbook'), 'view container command');
    assert.ok(commands.includes('refactorRunbook.checklist.focus'), 'checklist view focus command');
    assert.ok(commands.includes('refactorRunbook.showChecklist'), 'Show Checklist command');
  });

  it("lists the runbook's five steps in the checklist tree", async () => {
    const steps = (await api.checklist.provider.getChildren()) ?? [];
    const labels = await Promise.all(
      steps.map(async (step) => {
        const label = (await api.checklist.provider.getTreeItem(step)).label;
        return typeof label === 'string' ? label : label?.label;
      }),
    );
    assert.deepEqual(labels, [
      '1. Config refactor',
      '2. Trainer & saving behaviour',
      '3. Training modules & fusion/eval',
      '4. osc_job_manager.py rewrite',
      '5. Presets & docs',
    ]);
  });

  it('shows the sidebar with the checklist when asked to', async function () {
    await vscode.commands.executeCommand('refactorRunbook.showChecklist');
    const steps = (await api.checklist.provider.getChildren()) ?? [];
    const lastStep = steps[steps.length - 1];
    assert.ok(lastStep, 'the tree has steps');
    await api.checklist.treeView.reveal(lastStep, { expand: true, select: false, focus: false });
    assert.equal(api.checklist.treeView.visible, true, 'the checklist view is visible');
    if (!canTakeScreenshots()) {
      console.log('screenshot skipped: only the code-server host can take screenshots');
      this.skip();
    }
    const screenshot = await captureWorkbench('workbench-sidebar.png');
    const header = readFileSync(screenshot).subarray(0, 8);
    assert.deepEqual([...header], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  });
});

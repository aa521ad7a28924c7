import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { MigrationCommandResult } from '../../src/editor/migration/migrationCommands';
import { extensionId, pollUntil } from './testSupport';

describe('migration plan in the editor', function () {
  this.timeout(60000);
  let folder: vscode.WorkspaceFolder;
  const made: string[] = [];

  const makeArtifacts = (clean: boolean): void => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace);
    const script = path.join(extension.extensionPath, 'scripts', 'make-example-artifacts.mjs');
    const result = spawnSync(process.execPath, [script, workspace.uri.fsPath, ...(clean ? ['--clean'] : [])], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(result.status, 0, result.stderr);
  };

  before(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await pollUntil(() => extension.isActive, (active) => active, 'activation', 30000);
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first);
    folder = first;
    makeArtifacts(false);
  });

  after(() => {
    makeArtifacts(true);
    for (const file of made) rmSync(file, { force: true });
  });

  it('shows the plan as a Markdown preview: targets, needs conversion, unmapped with reasons, counts and sizes', async () => {
    const result = await vscode.commands.executeCommand<MigrationCommandResult | undefined>('refactorRunbook.migration.showPlan', folder.uri);
    assert.ok(result?.previewUri, 'the command returns the plan it showed');
    const { summary } = result.plan;
    assert.deepEqual([summary.move.files, summary.convert.files, summary.conflict.files, summary.unmapped.files, summary.excluded.files], [4, 1, 0, 2, 1]);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.previewUri));
    const markdown = document.getText();
    assert.match(markdown, /^# Migration plan `[0-9a-f]{16}`/);
    assert.match(markdown, /\| to move \| 4 \| 519 B \|/);
    assert.match(markdown, /\| `osc_jobs\/can_bus\/gat_normal\/best_model.pth` \| `experiment_runs\/graph\/can_bus\/supervised\/gat\/teacher\/no_distillation\/normal\/best_model.pth` \|/);
    assert.match(markdown, /## Unmapped \(2\)[\s\S]*'gat\\_fine\\_tune' has more '\\_'/);
    assert.match(markdown, /## Needs conversion \(1\)[\s\S]*pickles \\_\\_main\\_\\_.VGAE/);
    // The preview itself is a webview tab next to the editor.
    await pollUntil(() => vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => /migration-plan/i.test(tab.label) || /Preview/.test(tab.label)), (open) => open, 'the Markdown preview tab');
  });

  it('writes the migration script and the converter from the same plan', async () => {
    const script = await vscode.commands.executeCommand<MigrationCommandResult | undefined>('refactorRunbook.migration.writeScript', folder.uri);
    assert.equal(script?.written, 'scripts/migrate_legacy_artifacts.sh');
    const scriptFile = path.join(folder.uri.fsPath, script.written);
    made.push(scriptFile);
    const text = readFileSync(scriptFile, 'utf8');
    assert.match(text, new RegExp(`^#!/bin/sh\\n# Moves the legacy artifacts of plan ${script.plan.id} into experiment_runs/`));
    assert.equal((text.match(/^ {2}step \d+ /gm) ?? []).length, 4, 'one line per file to move');
    const dryRun = spawnSync('sh', [scriptFile], { encoding: 'utf8' });
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /dry run: 4 of 4 file\(s\) to move/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, scriptFile, 'the written script is opened');

    const converter = await vscode.commands.executeCommand<MigrationCommandResult | undefined>('refactorRunbook.migration.writeConverter', folder.uri);
    assert.equal(converter?.written, 'scripts/convert_legacy_checkpoints.py');
    const converterFile = path.join(folder.uri.fsPath, converter.written);
    made.push(converterFile);
    assert.match(readFileSync(converterFile, 'utf8'), /"osc_jobs\/can_bus\/vgae_normal\/model.pth", "experiment_runs\/graph\/can_bus\/unsupervised\/vgae\/teacher\/no_distillation\/normal\/model.pth"/);
    assert.ok(existsSync(path.join(folder.uri.fsPath, 'osc_jobs/can_bus/gat_normal/best_model.pth')), 'writing scripts moves nothing');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

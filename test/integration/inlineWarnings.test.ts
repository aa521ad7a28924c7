// Inline warnings in the real host, on the example workspace: the editor's diagnostics must equal the CLI's JSON
// for the same files, follow edits, deletions and the project file, and offer working quick fixes and hovers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RefactorRunbookApi } from '../../src/editor/extension';
import { canTakeScreenshots, captureWorkbench, extensionId, pollUntil } from './testSupport';

interface CliFinding {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
}

const severityNames: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'refactor-runbook');
}

function asCliShape(relativePath: string, diagnostic: vscode.Diagnostic): CliFinding {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return {
    path: relativePath,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    rule: String(code),
    severity: severityNames[diagnostic.severity],
    message: diagnostic.message,
  };
}

function cliFindings(root: string): CliFinding[] {
  const repository = path.resolve(__dirname, '..', '..', '..');
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(repository, 'dist', 'cli.js'), 'check', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  } catch (error) {
    // Exit code 1 means "findings reported": the JSON is still on stdout.
    output = (error as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(output) as { findings: (CliFinding & { name: string })[] };
  return report.findings.map(({ path: file, line, column, endLine, endColumn, rule, severity, message }) => ({ path: file, line, column, endLine, endColumn, rule, severity, message }));
}

async function closeAllEditorsWithoutSaving(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('inline warnings', () => {
  let api: RefactorRunbookApi;
  let root: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<RefactorRunbookApi>(extensionId);
    assert.ok(extension);
    await pollUntil(() => extension.isActive, (active) => active, 'activation', 30000);
    api = extension.exports;
    root = workspaceRoot();
    await api.inlineWarnings.scanWorkspace();
    await api.inlineWarnings.whenIdle();
  });

  afterEach(closeAllEditorsWithoutSaving);

  it('shows exactly the findings the CLI reports, for every file of the workspace', () => {
    const expected = cliFindings(root);
    assert.ok(expected.length >= 10, `the example has many findings (got ${expected.length})`);
    const files = [...new Set(expected.map((finding) => finding.path))];
    const actual = files.flatMap((file) => ours(vscode.Uri.file(path.join(root, file))).map((diagnostic) => asCliShape(file, diagnostic)));
    const order = (a: CliFinding, b: CliFinding): number => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
    assert.deepEqual(actual.sort(order), [...expected].sort(order));
    // Files without CLI findings have no diagnostics either.
    const clean = vscode.Uri.file(path.join(root, 'src', 'training', 'data_module.py'));
    assert.deepEqual(ours(clean), []);
  });

  it('links each diagnostic code to the rule documentation', () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'training', 'fusion_training.py'));
    const diagnostic = ours(uri).find((candidate) => typeof candidate.code === 'object' && candidate.code.value === 'RR004');
    assert.ok(diagnostic && typeof diagnostic.code === 'object');
    // A command link: the page opens rendered and read-only (see firstUse.test.ts).
    assert.equal(diagnostic.code.target.scheme, 'command');
    assert.equal(diagnostic.code.target.path, 'refactorRunbook.showRuleDocumentation');
    assert.deepEqual(JSON.parse(decodeURIComponent(diagnostic.code.target.query)), ['RR004']);
  });

  it('adds weights_only=True through the quick fix', async () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'training', 'fusion_training.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await api.inlineWarnings.whenIdle();
    const diagnostic = ours(uri).find((candidate) => typeof candidate.code === 'object' && candidate.code.value === 'RR004');
    assert.ok(diagnostic, 'an RR004 diagnostic');
    const line = diagnostic.range.start.line;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((action) => action.title === 'Add weights_only=True');
    assert.ok(fix?.edit, `quick fix offered (got: ${actions.map((action) => action.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(line).text, '    state = torch.load(path, map_location="cpu", weights_only=True)');
    await pollUntil(() => ours(uri).filter((candidate) => candidate.range.start.line === line && typeof candidate.code === 'object' && candidate.code.value === 'RR004').length, (count) => count === 0, 'the RR004 diagnostic to go after the fix');
  });

  it('inserts a suppression comment with a reason placeholder', async () => {
    const uri = vscode.Uri.file(path.join(root, 'train_with_hydra_zen.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await api.inlineWarnings.whenIdle();
    const diagnostic = ours(uri).find((candidate) => typeof candidate.code === 'object' && candidate.code.value === 'RR005');
    assert.ok(diagnostic);
    const line = diagnostic.range.start.line;
    const flagged = document.lineAt(line).text;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const suppress = actions.find((action) => action.title === 'Suppress RR005 on this line (with a reason)');
    assert.ok(suppress?.edit, `suppression offered (got: ${actions.map((action) => action.title).join(' | ')})`);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    const indentation = /^\s*/.exec(flagged)?.[0] ?? '';
    assert.equal(document.lineAt(line).text, `${indentation}# refactor-runbook: ignore[RR005] <reason>`);
    assert.equal(document.lineAt(line + 1).text, flagged);
  });

  it('fixes all safe problems of a file at once (also as source.fixAll)', async () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'training', 'fusion_training.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await api.inlineWarnings.whenIdle();
    const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, fullRange, 'source.fixAll.refactorRunbook');
    assert.equal(actions.length, 1, actions.map((action) => action.title).join(' | '));
    const fixAll = actions[0];
    assert.ok(fixAll?.edit);
    assert.match(fixAll.title, /Fix all safe Refactor Runbook problems in this file \(2\)/);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const text = document.getText();
    assert.ok(text.includes('torch.load(path, map_location="cpu", weights_only=True)'));
    assert.ok(text.includes('torch.load(vgae_path, weights_only=True)'));
  });

  it('explains a legacy path literal on hover', async () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'config', 'training_presets.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document.getText().split('\n').findIndex((text) => text.includes('osc_jobs/can_ids/gat/best_model.pth'));
    assert.ok(line >= 0);
    const character = document.lineAt(line).text.indexOf('osc_jobs') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /^\*\*Legacy path\*\*: `osc_jobs` must disappear/);
  });

  it('names the wrong segment of a non-canonical path on hover', async () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'config', 'training_presets.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document.getText().split('\n').findIndex((text) => text.includes('experiment_runs/automotive/hcrl_sa/best_teacher.pth'));
    const character = document.lineAt(line).text.indexOf('experiment_runs') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /^\*\*Not canonical/);
    assert.match(text, /\| modality \| `automotive` \| ✓ \|/);
    assert.match(text, /\| dataset \| `hcrl_sa` \| ✓ \|/);
  });

  it('follows edits of an open document', async () => {
    const uri = vscode.Uri.file(path.join(root, 'src', 'training', 'evaluation.py'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await api.inlineWarnings.whenIdle();
    assert.deepEqual(ours(uri), [], 'evaluation.py starts clean');
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((builder) => builder.insert(end, '\n\ndef load_any(path):\n    return torch.load(path)\n'));
    const lastLine = document.lineCount - 2;
    const diagnostics = await pollUntil(() => ours(uri), (found) => found.length === 1, 'a diagnostic for the inserted torch.load');
    assert.equal(diagnostics[0]?.range.start.line, lastLine);
    assert.equal(typeof diagnostics[0]?.code === 'object' ? diagnostics[0].code.value : undefined, 'RR004');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await pollUntil(() => ours(uri), (found) => found.length === 0, 'the diagnostic to go after the revert');
  });

  it('drops the findings of a deleted file', async () => {
    const file = path.join(root, 'src', 'training', 'zz_integration_probe.py');
    const uri = vscode.Uri.file(file);
    try {
      writeFileSync(file, 'import torch\n\n\ndef load(path):\n    return torch.load(path)\n');
      await pollUntil(() => ours(uri), (found) => found.length === 1, 'the new file to be analysed through the file watcher');
      rmSync(file);
      await pollUntil(() => ours(uri), (found) => found.length === 0, 'the deleted file to lose its diagnostics');
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('follows .gitignore: an ignored file loses its findings, and gets them back when it is no longer ignored', async () => {
    const gitignore = path.join(root, '.gitignore');
    const committed = readFileSync(gitignore, 'utf8');
    const presets = vscode.Uri.file(path.join(root, 'src', 'config', 'training_presets.py'));
    const before = ours(presets).length;
    assert.ok(before > 0, 'training_presets.py has findings to lose');
    try {
      writeFileSync(gitignore, `${committed}src/config/training_presets.py\n`);
      await pollUntil(() => ours(presets).length, (count) => count === 0, 'the ignored file to lose its findings');
    } finally {
      writeFileSync(gitignore, committed);
    }
    await pollUntil(() => ours(presets).length, (count) => count === before, 'the findings to come back once the file is not ignored');
  });

  it('reports a broken project file on the file and keeps analysing with the defaults', async () => {
    const file = path.join(root, 'refactor-runbook.json');
    const uri = vscode.Uri.file(file);
    const committed = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, '{\n  "layout": { "segmentz": ["modality"] },\n  "rules": { "RR999": "error" }\n}\n');
      const problems = await pollUntil(() => vscode.languages.getDiagnostics(uri), (found) => found.length >= 2, 'diagnostics on the broken project file');
      assert.ok(problems.every((problem) => problem.severity === vscode.DiagnosticSeverity.Error));
      assert.ok(problems.some((problem) => /segmentz/.test(problem.message) && problem.range.start.line === 1), problems.map((problem) => problem.message).join('\n'));
      assert.ok(problems.some((problem) => /RR999/.test(problem.message) && problem.range.start.line === 2), problems.map((problem) => problem.message).join('\n'));
      await api.inlineWarnings.whenIdle();
      const fusion = vscode.Uri.file(path.join(root, 'src', 'training', 'fusion_training.py'));
      await pollUntil(() => ours(fusion).length, (count) => count > 0, 'findings with the default settings');
    } finally {
      writeFileSync(file, committed);
    }
    await pollUntil(() => vscode.languages.getDiagnostics(uri), (found) => found.length === 0, 'the project file diagnostics to go once it is valid again');
  });

  it('shows the warnings and the Problems view (screenshot)', async function () {
    const uri = vscode.Uri.file(path.join(root, 'src', 'training', 'fusion_training.py'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.revealRange(new vscode.Range(30, 0, 60, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await api.inlineWarnings.whenIdle();
    // What the picture must show: warnings in the part of the file on screen, with the Problems view beside it.
    const onScreen = editor.visibleRanges[0];
    assert.ok(onScreen !== undefined && onScreen.start.line <= 30, `the editor shows lines ${onScreen?.start.line}-${onScreen?.end.line}`);
    const shown = ours(uri).filter((diagnostic) => onScreen.contains(diagnostic.range));
    assert.ok(shown.length >= 2, `only ${shown.length} warnings are on screen`);
    if (!canTakeScreenshots()) {
      console.log('screenshot skipped: only the code-server host can take screenshots');
      this.skip();
    }
    await captureWorkbench('inline-warnings.png');
  });
});

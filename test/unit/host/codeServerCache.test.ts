import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeServerVersion, expectedVsCodeVersion, findCacheProblem } from '../../host/codeServerInstall';

// A fake install with exactly the files the check looks at, so each corruption can be produced on purpose.
function fakeInstall(root: string): void {
  const vscode = path.join(root, 'node_modules', 'code-server', 'lib', 'vscode');
  const files = [
    path.join(vscode, 'out', 'server-main.js'),
    path.join(vscode, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(vscode, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
  ];
  for (const file of files) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  chmodSync(files[3] ?? '', 0o755);
  writeFileSync(path.join(vscode, 'product.json'), JSON.stringify({ version: expectedVsCodeVersion }));
  writeFileSync(path.join(root, '.refactor-runbook-install.json'), JSON.stringify({ codeServerVersion, nodeModuleAbi: process.versions.modules }));
}

describe('code-server cache check', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rr-cache-'));
    fakeInstall(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('trusts a complete install', () => {
    assert.equal(findCacheProblem(root), undefined);
  });

  it('distrusts an install that did not finish', () => {
    unlinkSync(path.join(root, '.refactor-runbook-install.json'));
    assert.match(findCacheProblem(root) ?? '', /no install marker/);
  });

  it('names a missing native module', () => {
    unlinkSync(path.join(root, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'));
    assert.match(findCacheProblem(root) ?? '', /pty\.node is missing/);
  });

  it('rebuilds native modules built for another Node', () => {
    writeFileSync(path.join(root, '.refactor-runbook-install.json'), JSON.stringify({ codeServerVersion, nodeModuleAbi: '1' }));
    assert.match(findCacheProblem(root) ?? '', /built for Node ABI 1/);
  });

  it('rejects a garbled marker and a different VS Code build', () => {
    writeFileSync(path.join(root, '.refactor-runbook-install.json'), '{');
    assert.match(findCacheProblem(root) ?? '', /marker is unreadable/);
    fakeInstall(root);
    writeFileSync(path.join(root, 'node_modules', 'code-server', 'lib', 'vscode', 'product.json'), JSON.stringify({ version: '1.99.0' }));
    assert.match(findCacheProblem(root) ?? '', /VS Code 1\.99\.0, expected 1\.100\.3/);
  });
});

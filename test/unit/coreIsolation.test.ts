import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The core is shared by the CLI and plain-Node tests; a single `vscode` import would break both.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const isolatedFolders = ['src/core', 'src/cli'];
const vscodeImport = /(?:\bfrom\s*['"]vscode['"]|\brequire\(\s*['"]vscode['"]\s*\)|\bimport\(\s*['"]vscode['"]\s*\)|\bimport\s*['"]vscode['"])/;

function typeScriptFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('core isolation', () => {
  for (const folder of isolatedFolders) {
    it(`no file under ${folder} imports vscode`, () => {
      const files = typeScriptFilesUnder(path.join(repoRoot, folder));
      assert.ok(files.length > 0, `expected TypeScript files under ${folder}`);
      const offenders = files.filter((file) => vscodeImport.test(readFileSync(file, 'utf8')));
      assert.deepEqual(offenders.map((file) => path.relative(repoRoot, file)), []);
    });
  }

  it('the import detector recognises every import form', () => {
    for (const source of ["import * as vscode from 'vscode';", 'const v = require("vscode");', "import type { Uri } from 'vscode'", "await import('vscode')", "import 'vscode';"]) {
      assert.match(source, vscodeImport, source);
    }
    assert.doesNotMatch("import { z } from 'zod'; // mentions vscode in a comment", vscodeImport);
  });
});

// Loaded by VS Code as `extensionTestsPath`: runs every integration suite with mocha inside the extension host.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { hostLinePrefix, resultLinePrefix, testEnvironment } from '../host/testProtocol';

export async function run(): Promise<void> {
  console.log(`${hostLinePrefix}${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}, ui ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  const grep = process.env[testEnvironment.grep];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const suites = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const suite of suites) mocha.addFile(path.join(__dirname, suite));

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      console.log(`${resultLinePrefix}${JSON.stringify({ passes: stats.passes, failures: stats.failures, pending: stats.pending })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
  });
}

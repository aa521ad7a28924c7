// Every message is written as ruff writes them: one headline of at most maxHeadlineLength characters saying what is
// wrong on this line, then "; " and a short remedy clause (the layout template and long explanations are on the rule
// pages and in the hover). Checked on every message the fixtures produce: the stored goldens, and every finding all
// rules report on the fixture trees and the example repository (with its own project file).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../../src/core/rules/allRules';
import { maxHeadlineLength, maxRemedyLength, messageParts, remedySeparator } from '../../../src/core/rules/findingMessage';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings } from '../../../src/core/config/projectSettings';
import { parseProjectFileText } from '../../../src/core/config/projectFile';
import { languageOfPath } from '../../../src/core/model/fileLanguage';
import { analyzerFor } from '../support/ruleHarness';
import { allGoldenMessages } from '../support/messageGolden';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function shapeProblem(message: string): string | undefined {
  const { headline, remedy } = messageParts(message);
  if (!message.includes(remedySeparator)) return `has no remedy after "${remedySeparator}"`;
  if (headline.length > maxHeadlineLength) return `headline has ${headline.length} characters (at most ${maxHeadlineLength})`;
  if (remedy.length === 0 || remedy.length > maxRemedyLength) return `remedy has ${remedy.length} characters (1 to ${maxRemedyLength})`;
  if (/\.$/.test(remedy)) return 'remedy ends with a full stop (ruff style: a clause, no final period)';
  if (remedy.includes('{modality}')) return 'remedy repeats the layout template (it belongs on the rule page and in the hover)';
  return undefined;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (name === '__pycache__' || name === '.git') return [];
    return statSync(full).isDirectory() ? filesUnder(full) : languageOfPath(full) === undefined ? [] : [full];
  });
}

async function findingsOfTree(root: string, settings: ProjectSettings): Promise<{ readonly where: string; readonly message: string }[]> {
  const analyzer = await analyzerFor(allRules, settings);
  return filesUnder(root).flatMap((file) => {
    const relativePath = path.relative(root, file).split(path.sep).join('/');
    return analyzer.analyzeText(relativePath, readFileSync(file, 'utf8')).findings.map((finding) => ({ where: `${relativePath}:${finding.range.line} ${finding.rule}`, message: finding.message }));
  });
}

function assertShaped(messages: readonly { readonly where: string; readonly message: string }[]): void {
  const problems = messages.flatMap(({ where, message }) => {
    const problem = shapeProblem(message);
    return problem === undefined ? [] : [`${where}: ${problem}: ${message}`];
  });
  assert.deepEqual(problems, []);
}

describe('message shape: a short headline, then a short remedy', function () {
  this.timeout(60_000);

  it('holds for every golden message of the rule tests', () => {
    const messages = allGoldenMessages();
    assert.ok(messages.length > 40, `only ${messages.length} golden messages`);
    assertShaped(messages.map(({ name, message }) => ({ where: name, message })));
  });

  it('holds for the example repository, with its project file, and names no removed wording', async () => {
    const example = path.join(repoRoot, 'examples', 'legacy-research-repo');
    const loaded = parseProjectFileText(path.join(example, 'refactor-runbook.json'), readFileSync(path.join(example, 'refactor-runbook.json'), 'utf8'));
    assert.ok(loaded.ok);
    const messages = await findingsOfTree(example, loaded.project.settings);
    assert.ok(messages.length >= 25, `only ${messages.length} findings in the example`);
    assertShaped(messages);
    const golden = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'legacy-research-repo.expected.json'), 'utf8')) as { message: string; path: string; line: number; rule: string }[];
    assertShaped(golden.map((finding) => ({ where: `${finding.path}:${finding.line} ${finding.rule}`, message: finding.message })));
  });

  it('holds for every fixture tree with the default settings, where remedies are generic', async () => {
    const roots = ['python', 'workspaces', path.join('checklist-matrix', 'base')].map((folder) => path.join(repoRoot, 'test', 'fixtures', folder));
    const messages = (await Promise.all(roots.map((root) => findingsOfTree(root, defaultProjectSettings)))).flat();
    assert.ok(messages.length >= 10, `only ${messages.length} findings in the fixture trees`);
    assertShaped(messages);
    assert.deepEqual(messages.filter(({ message }) => /CANGraphConfig/.test(messageParts(message).remedy)), []);
  });
});

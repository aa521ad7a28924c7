import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectFileJsonSchema } from '../../src/core/config/projectFileSchema';
import { allRules, reportedRuleIds, ruleIds } from '../../src/core/rules/allRules';
import { invalidSuppressionRule } from '../../src/core/rules/invalidSuppressionRule';

// The registry (src/core/rules/allRules.ts) is the one place a rule is named. What cannot be derived from it at run
// time (the manifest, the rule pages, the README) is checked against it here, so adding or renaming a rule without
// the rest fails.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const reported = [invalidSuppressionRule, ...allRules];

interface SeverityOverrideEntry {
  readonly type: string;
  readonly enum: readonly string[];
  readonly enumDescriptions: readonly string[];
  readonly description: string;
}

function severityOverrideProperties(): Record<string, SeverityOverrideEntry> {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { properties?: Record<string, SeverityOverrideEntry> }> } };
  };
  const properties = manifest.contributes.configuration.properties['refactorRunbook.severityOverrides']?.properties;
  assert.ok(properties, 'package.json has refactorRunbook.severityOverrides.properties');
  return properties;
}

describe('rule registry', () => {
  it('ids are unique, well formed and in order', () => {
    assert.deepEqual(ruleIds, allRules.map((rule) => rule.id));
    assert.equal(new Set(reportedRuleIds).size, reportedRuleIds.length);
    for (const id of reportedRuleIds) assert.match(id, /^RR\d{3}$/);
    assert.deepEqual([...ruleIds].sort(), ruleIds);
    assert.equal(new Set(reported.map((rule) => rule.name)).size, reported.length, 'rule names are unique');
    for (const rule of reported) assert.match(rule.name, /^[a-z]+(?:-[a-z]+)*$/, `${rule.id}'s name is kebab-case`);
  });

  it("the manifest's severityOverrides lists exactly the registry's ids, each named as in the registry", () => {
    const properties = severityOverrideProperties();
    assert.deepEqual(Object.keys(properties), reportedRuleIds);
    const [first] = Object.values(properties);
    assert.ok(first);
    for (const rule of reported) {
      const entry = properties[rule.id];
      assert.ok(entry);
      assert.equal(entry.description, rule.name);
      assert.deepEqual({ ...entry, description: '' }, { ...first, description: '' }, `${rule.id} has the same severity choices as the others`);
    }
  });

  it("the project file schema's `rules` key takes exactly the registry's ids", () => {
    const schema = projectFileJsonSchema() as { properties: { rules: { properties: Record<string, unknown> } } };
    assert.deepEqual(Object.keys(schema.properties.rules.properties), reportedRuleIds);
  });

  it('every rule has its page, headed with its id, name and default severity, and there is no page without a rule', () => {
    const folder = path.join(repoRoot, 'media', 'rules');
    const pages = readdirSync(folder).filter((name) => name.endsWith('.md')).map((name) => name.replace(/\.md$/, ''));
    assert.deepEqual(pages.sort(), [...reportedRuleIds].sort());
    for (const rule of reported) {
      const [heading = '', , severityLine = ''] = readFileSync(path.join(folder, `${rule.id}.md`), 'utf8').split('\n');
      assert.equal(heading, `# ${rule.id} ${rule.name}`);
      assert.match(severityLine, new RegExp(`^\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}\\b`));
    }
  });

  it("the README's rules table has one row per rule, with its page, name and default severity", () => {
    const rows = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
      .split('\n')
      .map((line) => /^\| \[(RR\d{3})\]\(media\/rules\/(RR\d{3})\.md\) \| ([a-z-]+) \| ([a-z]+)/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null);
    assert.deepEqual(
      rows.map(([, id, page, name, severity]) => ({ id, page, name, severity })),
      [...allRules, invalidSuppressionRule].map((rule) => ({ id: rule.id, page: rule.id, name: rule.name, severity: rule.defaultSeverity })),
    );
  });

  it('every rule has a fixture test in test/unit/rules that names it', () => {
    const folder = path.join(repoRoot, 'test', 'unit', 'rules');
    const tests = readdirSync(folder).filter((name) => name.endsWith('.test.ts')).map((name) => readFileSync(path.join(folder, name), 'utf8'));
    for (const rule of allRules) {
      assert.ok(tests.some((text) => text.includes(`describe('${rule.id} ${rule.name}'`)), `no test/unit/rules/*.test.ts has describe('${rule.id} ${rule.name}', …)`);
    }
  });
});

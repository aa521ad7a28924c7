// `npm run new-rule -- RR007 some-name`: writes what a new rule needs, so adding one is a form to fill in: the rule
// file, its page, its fixture test (failing until the rule finds its example), its registry line, and the two lists
// the registry test checks but nothing can derive at run time (the manifest's severityOverrides, the README's table).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const [id, name] = process.argv.slice(2);

function fail(message) {
  console.error(`new-rule: ${message}`);
  process.exit(2);
}

if (id === undefined || name === undefined || !/^RR\d{3}$/.test(id) || !/^[a-z]+(?:-[a-z]+)*$/.test(name)) {
  fail('usage: npm run new-rule -- RR007 some-name (an id RR + three digits, a kebab-case name)');
}
const camel = name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const ruleConstant = `${camel}Rule`;
const files = {
  rule: path.join(root, 'src/core/rules', `${ruleConstant}.ts`),
  page: path.join(root, 'media/rules', `${id}.md`),
  test: path.join(root, 'test/unit/rules', `${ruleConstant}.test.ts`),
  registry: path.join(root, 'src/core/rules/allRules.ts'),
  manifest: path.join(root, 'package.json'),
  readme: path.join(root, 'README.md'),
};
for (const key of ['rule', 'page', 'test']) {
  if (existsSync(files[key])) fail(`${path.relative(root, files[key])} already exists`);
}
const registry = readFileSync(files.registry, 'utf8');
if (registry.includes(`'${id}'`) || registry.includes(`${ruleConstant} `)) fail(`${id} or ${ruleConstant} is already registered`);
const manifest = JSON.parse(readFileSync(files.manifest, 'utf8'));
const overrides = manifest.contributes.configuration.properties['refactorRunbook.severityOverrides'].properties;
if (overrides[id] !== undefined) fail(`package.json already has severityOverrides.${id}`);

writeFileSync(
  files.rule,
  `// ${id} ${name}: what it flags, what it deliberately does not flag, and why (this comment is the rule's summary;
// media/rules/${id}.md is its page).
import { callAtHit, callNameHits } from '../python/callSites';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';

/** The call names whose calls are this rule's candidates (a regex alternation over the callee's last name). */
const candidateNames = 'replace_me';

export const ${ruleConstant}: PythonRule = {
  id: '${id}',
  name: '${name}',
  defaultSeverity: 'warning',
  description: 'One sentence: what ${name} catches and what to do instead.',
  triggerWords: ['replace_me'],
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const { tree, source } = context;
    const findings: RuleFinding[] = [];
    for (const hit of callNameHits(tree, source, candidateNames)) {
      const call = callAtHit(tree, hit);
      if (call === undefined) continue;
      findings.push({ range: context.rangeOf(call), message: \`\\\`\${call.text}\\\` …; do … instead.\` });
    }
    return findings;
  },
};
`,
);
writeFileSync(
  files.page,
  `# ${id} ${name}

**Default severity:** warning

What the rule flags, in one paragraph, and the runbook's remedy.

## Flagged

\`\`\`python
# a short example
\`\`\`

## Not flagged

\`\`\`python
# the look-alike it deliberately leaves alone, and why
\`\`\`
`,
);
writeFileSync(
  files.test,
  `import assert from 'node:assert/strict';
import { ${ruleConstant} } from '../../../src/core/rules/${ruleConstant}';
import { check, rangeTuple } from './ruleTestSupport';

describe('${id} ${name}', () => {
  it('flags the pattern', async () => {
    const source = ['# the positive case', ''].join('\\n');
    const findings = await check(${ruleConstant}, source);
    assert.equal(findings.length, 1);
    assert.deepEqual(rangeTuple(findings[0].range), [1, 1, 1, 2]);
  });

  it('does not flag its look-alike', async () => {
    const source = ['# the negative twin', ''].join('\\n');
    assert.deepEqual(await check(${ruleConstant}, source), []);
  });
});
`,
);
const lastImport = registry.lastIndexOf("import { ");
const importLine = `import { ${ruleConstant} } from './${ruleConstant}';\n`;
let updated = registry.slice(0, lastImport) + importLine + registry.slice(lastImport);
updated = updated.replace(/(export const allRules: readonly Rule\[\] = \[\n(?: {2}\w+,\n)*)/, `$1  ${ruleConstant},\n`);
if (!updated.includes(`  ${ruleConstant},\n`)) fail('could not find the allRules list in src/core/rules/allRules.ts');
writeFileSync(files.registry, updated);

const template = overrides.RR000;
overrides[id] = { ...template, description: name };
writeFileSync(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);

const readme = readFileSync(files.readme, 'utf8');
const rowAnchor = readme.indexOf('| [RR000](media/rules/RR000.md)');
if (rowAnchor === -1) fail('could not find the rules table (the RR000 row) in README.md');
writeFileSync(files.readme, `${readme.slice(0, rowAnchor)}| [${id}](media/rules/${id}.md) | ${name} | warning | what it catches |\n${readme.slice(rowAnchor)}`);

for (const file of Object.values(files)) console.log(`new-rule: wrote ${path.relative(root, file)}`);
console.log(`new-rule: now make test/unit/rules/${ruleConstant}.test.ts pass (npm run test:unit) and fill in media/rules/${id}.md.`);

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { allRules } from '../../../src/core/rules/allRules';
import type { Rule } from '../../../src/core/rules/rule';
import { exampleStates } from '../../fixtures/exampleChecklistStates';
import { checklistTestWasm, fakeRules, temporaryRepository } from './checklistTestSupport';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function checklist(workingDirectory: string, argv: readonly string[], rules: readonly Rule[] = fakeRules): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['checklist', ...argv], {
    workingDirectory,
    writeStdout: (text) => {
      stdout += text;
    },
    writeStderr: (text) => {
      stderr += text;
    },
    wasm: checklistTestWasm,
    toolVersion: '0.0.0-test',
    rules,
  });
  return { code, stdout, stderr };
}

const repositoryRoot = path.resolve(__dirname, '..', '..', '..', '..');
const example = 'examples/legacy-research-repo';


interface JsonItem {
  id: string;
  title: string;
  state: string;
  reason: string;
  location: { path: string; line: number } | null;
}

describe('refactor-runbook checklist (CLI)', () => {
  it('prints the JSON of issue 5 for the example workspace, with its intended states', async function () {
    this.timeout(60000);
    const run = await checklist(repositoryRoot, [example, '--format', 'json'], allRules);
    assert.equal(run.code, 1, `items failed, so exit 1; stderr: ${run.stderr}`);
    const document = JSON.parse(run.stdout) as { version: number; steps: { id: string; title: string; items: JsonItem[] }[]; summary: Record<string, number> };
    assert.deepEqual(Object.keys(document), ['version', 'steps', 'summary']);
    assert.equal(document.version, 1);
    assert.deepEqual(document.steps.map((step) => Object.keys(step)), Array(5).fill(['id', 'title', 'items']));
    for (const item of document.steps.flatMap((step) => step.items)) {
      assert.deepEqual(Object.keys(item), ['id', 'title', 'state', 'reason', 'location'], item.id);
      if (item.location !== null) assert.deepEqual(Object.keys(item.location), ['path', 'line'], item.id);
      assert.ok(item.reason.length > 0, item.id);
    }
    assert.deepEqual(Object.fromEntries(document.steps.flatMap((step) => step.items.map((item) => [item.id, item.state]))), exampleStates);
    assert.deepEqual(document.summary, { passed: 10, manualDone: 0, total: 21 });
    const datasetRoot = document.steps[0]?.items[1];
    assert.deepEqual(datasetRoot?.location, { path: `${example}/src/config/hydra_zen_configs.py`, line: 39 }, 'paths are relative to the working directory');
  });

  const files = {
    'src/config.py': 'class RunConfig:\n    def validate(self):\n        raise ValueError("bad; fix it")\n',
    'refactor-runbook.json': JSON.stringify({
      checklist: {
        items: Object.fromEntries(Object.keys(exampleStates).filter((id) => id !== 'jobs.auto-chain-opt-in').map((id) => [id, { drop: true }])),
        add: [{ step: 'config', item: { id: 'config.validate', title: 'validate raises ValueError', file: 'src/config.py', checks: [{ kind: 'symbol-exists', file: 'src/config.py', symbol: 'RunConfig.validate', raises: ['ValueError'] }] } }],
      },
    }),
  };

  it('reads manual ticks from the progress file and exits 0 when no item failed', async () => {
    const root = temporaryRepository({ ...files, 'refactor-runbook-progress.json': JSON.stringify({ version: 1, done: { 'jobs.auto-chain-opt-in': { at: '2025-06-01T10:00:00.000Z', by: 'Ada Lovelace' } } }) });
    const run = await checklist(root, ['--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as { steps: { items: JsonItem[] }[]; summary: object };
    assert.deepEqual(
      document.steps.flatMap((step) => step.items.map((item) => [item.id, item.state, item.reason])),
      [
        ['config.validate', 'passed', 'RunConfig.validate exists (src/config.py:2) and raises ValueError'],
        ['jobs.auto-chain-opt-in', 'manual-done', 'Ticked by Ada Lovelace on 2025-06-01.'],
      ],
    );
    assert.deepEqual(document.summary, { passed: 1, manualDone: 1, total: 2 });
  });

  it('prints text and Markdown (of all or one step)', async () => {
    const root = temporaryRepository(files);
    const text = await checklist(root, []);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Refactor Runbook checklist for \.: 1\/2 done \(1 verified, 0 ticked\); 0 failed, 0 unknown, 0 stale, 1 open\n/);
    assert.match(text.stdout, /\n {2}\[ \] open {8}If jobs are chained, --auto-chain is an explicit opt-in flag \(decide and tick\)\n/);
    const markdown = await checklist(root, ['--format', 'markdown', '--step', 'config']);
    assert.equal(markdown.stdout, '### 1. Config refactor — PR #1 (1/1)\n\n- [x] validate raises ValueError\n');
    const all = await checklist(root, ['--format', 'markdown']);
    assert.match(all.stdout, /^## Refactor Runbook checklist \(1\/2 done\)\n\n### 1\. Config refactor/);
  });

  it('exits 2 on a malformed progress file, naming the position, and leaves it unchanged', async () => {
    const broken = '{ "version": 1, "done": { "jobs.auto-chain-opt-in": ';
    const root = temporaryRepository({ ...files, 'refactor-runbook-progress.json': broken });
    const run = await checklist(root, []);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the progress file is malformed, so manual ticks cannot be read:\n.*refactor-runbook-progress\.json:1:\d+: \(file\): not valid JSON/);
    assert.equal(readFileSync(path.join(root, 'refactor-runbook-progress.json'), 'utf8'), broken);
  });

  it('exits 2 on usage and configuration errors, with the reason', async () => {
    const root = temporaryRepository(files);
    const format = await checklist(root, ['--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json, markdown; got "xml"/);
    const step = await checklist(root, ['--step', 'deploy']);
    assert.equal(step.code, 2);
    assert.match(step.stderr, /--step deploy: there is no such step; the steps are config, trainer, training, jobs, docs/);
    const folder = await checklist(root, ['no-such-folder']);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /no-such-folder is not a folder/);
    writeFileSync(path.join(root, 'refactor-runbook.json'), '{ "checklist": { "items": { "config.typo": { "title": "x" } } } }');
    const project = await checklist(root, []);
    assert.equal(project.code, 2);
    assert.match(project.stderr, /checklist\.items\["config\.typo"\]: there is no item "config\.typo"/);
    const help = await checklist(root, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: refactor-runbook checklist \[dir\] \[options\]/);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeProjectProblems, findProjectFile, loadProjectFile, parseProjectFileText } from '../../src/core/config/projectFile';
import type { ProjectFileProblem, ProjectLoadResult } from '../../src/core/config/projectFile';
import { projectFileJsonSchema } from '../../src/core/config/projectFileSchema';
import { defaultProjectSettings } from '../../src/core/config/projectSettings';

function problemsOf(result: ProjectLoadResult): readonly ProjectFileProblem[] {
  assert.equal(result.ok, false, 'expected the project file to be rejected');
  return result.ok ? [] : result.problems;
}

function parse(text: string): ProjectLoadResult {
  return parseProjectFileText('/repo/refactor-runbook.json', text);
}

describe('project file', () => {
  it('loads a valid file and merges it over the defaults', () => {
    const result = parse(
      JSON.stringify({
        $schema: './node_modules/refactor-runbook/dist/refactor-runbook.schema.json',
        layout: { experimentRoot: 'outputs/runs', allowedValues: { model_arch: ['gat', 'vgae'] }, legacyRoots: ['osc_jobs', 'old_runs'] },
        rules: { RR001: 'error', RR006: 'off', RR000: 'off' },
        include: ['src/**/*.py'],
        exclude: ['src/vendor/**'],
        maxFileSizeBytes: 1000,
        baseline: 'tools/refactor-runbook-baseline.json',
      }),
    );
    assert.ok(result.ok);
    const { settings, source, rootDirectory } = result.project;
    assert.deepEqual(source, { kind: 'file', path: '/repo/refactor-runbook.json' });
    assert.equal(rootDirectory, '/repo');
    assert.equal(settings.layout.experimentRoot, 'outputs/runs');
    assert.deepEqual(settings.layout.segments, defaultProjectSettings.layout.segments);
    assert.deepEqual(settings.layout.legacyRoots, ['osc_jobs', 'old_runs']);
    assert.deepEqual(settings.ruleSeverities, { RR001: 'error', RR006: 'off', RR000: 'off' });
    assert.deepEqual(settings.include, ['src/**/*.py']);
    assert.equal(settings.maxFileSizeBytes, 1000);
    assert.equal(settings.baseline, 'tools/refactor-runbook-baseline.json');
  });

  it('uses the defaults, and says so, when the file does not exist', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rr-config-'));
    const result = loadProjectFile(path.join(folder, 'refactor-runbook.json'));
    assert.ok(result.ok);
    assert.equal(result.project.settings, defaultProjectSettings);
    assert.equal(result.project.source.kind, 'defaults');
    assert.match(result.project.source.kind === 'defaults' ? result.project.source.reason : '', /^no project file \(.*refactor-runbook\.json does not exist\), using defaults$/);
    assert.equal(defaultProjectSettings.maxFileSizeBytes, 2 * 1024 * 1024);
  });

  it('rejects invalid JSON with the position of the syntax error, never falling back to defaults', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rr-config-'));
    const file = path.join(folder, 'refactor-runbook.json');
    writeFileSync(file, '{\n  "rules": {\n    "RR001": "error",\n  }\n}\n');
    const problems = problemsOf(loadProjectFile(file));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.keyPath, '(file)');
    assert.match(problems[0]?.message ?? '', /^not valid JSON: /);
    assert.equal(problems[0]?.line, 4);
    assert.match(problems[0]?.fix ?? '', /trailing commas are not allowed/);
  });

  it('reports each schema error with its key path, line and column, and how to fix it', () => {
    const text = [
      '{',
      '  "layout": {',
      '    "segments": ["modality", "model-arch"],',
      '    "colour": "blue"',
      '  },',
      '  "rules": { "RR001": "fatal", "RR099": "error" },',
      '  "maxFileSizeBytes": 1.5,',
      '  "include": [""]',
      '}',
    ].join('\n');
    const problems = problemsOf(parse(text));
    const byPath = new Map(problems.map((problem) => [problem.keyPath, problem]));
    assert.deepEqual([...byPath.keys()].sort(), ['include[0]', 'layout.colour', 'layout.segments[1]', 'maxFileSizeBytes', 'rules.RR001', 'rules.RR099'].sort());
    assert.deepEqual([byPath.get('layout.segments[1]')?.line, byPath.get('layout.segments[1]')?.column], [3, 30]);
    assert.match(byPath.get('layout.segments[1]')?.message ?? '', /segment name must be an identifier/);
    assert.deepEqual([byPath.get('layout.colour')?.line, byPath.get('layout.colour')?.column], [4, 5]);
    assert.equal(byPath.get('layout.colour')?.message, 'unknown key "colour"');
    assert.match(byPath.get('layout.colour')?.fix ?? '', /remove the key or correct its spelling/);
    assert.deepEqual([byPath.get('rules.RR001')?.line, byPath.get('rules.RR001')?.column], [6, 14]);
    assert.match(byPath.get('rules.RR001')?.fix ?? '', /use one of "error", "warning", "information", "hint", "off"/);
    assert.equal(byPath.get('rules.RR099')?.message, 'unknown key "RR099"');
    assert.equal(byPath.get('maxFileSizeBytes')?.line, 7);
    assert.equal(byPath.get('include[0]')?.line, 8);
    const described = describeProjectProblems('/repo/refactor-runbook.json', problems);
    assert.match(described, /^Invalid project file \/repo\/refactor-runbook\.json \(6 problems\):/);
    assert.match(described, /\/repo\/refactor-runbook\.json:4:5: layout\.colour: unknown key "colour"\. Fix: remove the key/);
  });

  it('rejects unknown top-level keys, absolute or escaping roots, and unbounded globs', () => {
    const problems = problemsOf(parse(JSON.stringify({ layuot: {}, layout: { experimentRoot: '/abs/runs', legacyRoots: ['../up'] }, exclude: ['**/**/**/**/**/x'], baseline: 'C:\\b.json' })));
    const messages = new Map(problems.map((problem) => [problem.keyPath, problem.message]));
    assert.equal(messages.get('layuot'), 'unknown key "layuot"');
    assert.match(messages.get('layout.experimentRoot') ?? '', /must be relative to the repository root/);
    assert.match(messages.get('layout.legacyRoots[0]') ?? '', /must not contain "\.\."/);
    assert.match(messages.get('exclude[0]') ?? '', /at most 4 times/);
    assert.match(messages.get('baseline') ?? '', /relative to the repository root|must use "\/"/);
  });

  it('reports semantic errors: allowed values for an unknown segment, duplicate segments, legacy root = experiment root', () => {
    const problems = problemsOf(
      parse(JSON.stringify({ layout: { segments: ['dataset', 'model_arch', 'dataset'], allowedValues: { model_size: ['small'] }, experimentRoot: 'runs', legacyRoots: ['runs'] } })),
    );
    const messages = new Map(problems.map((problem) => [problem.keyPath, problem]));
    assert.equal(messages.get('layout.segments[2]')?.message, 'duplicate segment "dataset"');
    assert.match(messages.get('layout.allowedValues.model_size')?.message ?? '', /allowed values are given for "model_size", which is not a segment \(segments: dataset, model_arch, dataset\)/);
    assert.match(messages.get('layout.allowedValues.model_size')?.fix ?? '', /add "model_size" to layout.segments/);
    assert.equal(messages.get('layout.legacyRoots[0]')?.message, 'legacy root "runs" is the experiment root');
    assert.equal(messages.get('layout.legacyRoots[0]')?.line, 1);
  });

  it('finds the project file upwards, but not beyond the repository (.git)', () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'rr-find-'));
    const repo = path.join(outer, 'repo');
    const deep = path.join(repo, 'src', 'training');
    mkdirSync(deep, { recursive: true });
    mkdirSync(path.join(repo, '.git'));
    writeFileSync(path.join(outer, 'refactor-runbook.json'), '{}');
    assert.equal(findProjectFile(deep, existsSync), undefined);
    writeFileSync(path.join(repo, 'refactor-runbook.json'), '{}');
    assert.equal(findProjectFile(deep, existsSync), path.join(repo, 'refactor-runbook.json'));
  });

  it('reads the project vocabulary (layout.pathFunction, vocabulary.modelWords) and refuses names that are not Python names or words', () => {
    const loaded = parse(JSON.stringify({ layout: { pathFunction: 'PipelineConfig.run_dir' }, vocabulary: { modelWords: ['gat', 'vgae'] } }));
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.project.settings.vocabulary, { pathFunction: 'PipelineConfig.run_dir', modelWords: ['gat', 'vgae'], artifactWords: [], artifactExtensions: [] });
    const defaults = parse('{}');
    assert.ok(defaults.ok);
    assert.deepEqual(defaults.project.settings.vocabulary, { modelWords: [], artifactWords: [], artifactExtensions: [] });
    const bad = parse(JSON.stringify({ layout: { pathFunction: 'cfg.run_dir()' }, vocabulary: { modelWords: ['GAT model'] } }));
    assert.equal(bad.ok, false);
    assert.deepEqual(
      bad.ok ? [] : bad.problems.map((problem) => problem.keyPath),
      ['layout.pathFunction', 'vocabulary.modelWords[0]'],
    );
  });

  it('reads vocabulary.artifactWords and vocabulary.artifactExtensions, and says what is wrong with a bad one, where, and how to fix it', () => {
    const loaded = parse(JSON.stringify({ vocabulary: { artifactWords: ['snapshot', 'ema'], artifactExtensions: ['bin', 'h5'] } }));
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.project.settings.vocabulary, { modelWords: [], artifactWords: ['snapshot', 'ema'], artifactExtensions: ['bin', 'h5'] });
    const text = '{\n  "vocabulary": {\n    "artifactWords": ["best_snapshot"],\n    "artifactExtensions": ["bin", ".safetensor", "BIN"]\n  }\n}\n';
    const problems = problemsOf(parse(text));
    assert.deepEqual(
      problems.map((problem) => [problem.keyPath, problem.line]),
      [['vocabulary.artifactWords[0]', 3], ['vocabulary.artifactExtensions[1]', 4], ['vocabulary.artifactExtensions[2]', 4]],
    );
    assert.match(problems[0]?.message ?? '', /an artifact word must be one lower-case word .*e\.g\. "snapshot"/);
    assert.match(problems[1]?.message ?? '', /without its dot/);
    assert.match(problems[2]?.message ?? '', /must be lower case/);
    const described = describeProjectProblems('/repo/refactor-runbook.json', problems);
    assert.match(described, /refactor-runbook\.json:3:\d+: vocabulary\.artifactWords\[0\]: an artifact word must be .*\. Fix: change the value as the message says/);
    const tooMany = problemsOf(parse(JSON.stringify({ vocabulary: { artifactExtensions: Array.from({ length: 201 }, (_, index) => `x${index}`) } })));
    assert.deepEqual(tooMany.map((problem) => [problem.keyPath, problem.message]), [['vocabulary.artifactExtensions', 'at most 200 entries']]);
  });

  it('generates a draft-07 JSON Schema from the zod schema', () => {
    const schema = projectFileJsonSchema();
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.additionalProperties, false);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties).sort(), ['$schema', 'baseline', 'checklist', 'exclude', 'include', 'layout', 'maxFileSizeBytes', 'migration', 'rules', 'symbols', 'vocabulary']);
    const layoutKeys = (properties.layout as { properties: Record<string, { description?: string }> }).properties;
    assert.match(layoutKeys.template?.description ?? '', /optional parts/);
    assert.match(layoutKeys.pathFunction?.description ?? '', /builds a run's canonical folder/);
    const vocabularyKeys = (properties.vocabulary as { properties: Record<string, { description?: string }> }).properties;
    assert.match(vocabularyKeys.modelWords?.description ?? '', /added to the built-in generic ones/);
    // The editor validates the project file against this schema: the words and extensions carry their patterns.
    const items = (key: string): { pattern?: string } => (vocabularyKeys[key] as { items?: { pattern?: string } } | undefined)?.items ?? {};
    assert.match(vocabularyKeys.artifactWords?.description ?? '', /added to the built-in ones \(checkpoint, .*statedict\)/);
    assert.match(vocabularyKeys.artifactExtensions?.description ?? '', /without the dot.*\(pt, pth, ckpt/);
    assert.deepEqual([items('artifactWords').pattern, items('artifactExtensions').pattern], ['^[a-z][a-z0-9]*$', '^[a-z][a-z0-9]{0,11}$']);
    // VS Code shows patternErrorMessage instead of its generic "String does not match the pattern".
    const patternMessage = (key: string): unknown => (items(key) as { patternErrorMessage?: unknown }).patternErrorMessage;
    assert.match(String(patternMessage('artifactWords')), /one lower-case word of letters and digits, e\.g\. "snapshot"/);
    assert.match(String(patternMessage('artifactExtensions')), /without its dot/);
    const patterned: string[] = [];
    const unexplained: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record.pattern === 'string') (typeof record.patternErrorMessage === 'string' ? patterned : unexplained).push(at);
      for (const [key, value] of Object.entries(record)) walk(value, `${at}/${key}`);
    };
    walk(schema, '#');
    assert.deepEqual(unexplained, [], 'every pattern in the schema says what is wrong in words');
    assert.ok(patterned.length >= 10, `patterns with messages: ${patterned.length}`);
    const migrationKeys = (properties.migration as { properties: Record<string, { description?: string }> }).properties;
    assert.deepEqual(Object.keys(migrationKeys).sort(), ['converter', 'exclude', 'from', 'roots', 'script']);
    const rules = properties.rules as { properties: Record<string, { enum: string[] }> };
    assert.deepEqual(rules.properties.RR003?.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.ok(typeof properties.layout?.description === 'string');
    assert.ok(typeof properties.checklist?.description === 'string', 'checklist overrides are described for completion');
  });
});

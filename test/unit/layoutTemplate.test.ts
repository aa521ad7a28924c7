import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLayoutModel, defaultLayoutSettings } from '../../src/core/layout/layoutGrammar';
import { parseLayoutTemplate } from '../../src/core/layout/layoutTemplate';
import type { LayoutTemplate } from '../../src/core/layout/layoutTemplate';
import { parseProjectFileText } from '../../src/core/config/projectFile';

function template(source: string): LayoutTemplate {
  const parsed = parseLayoutTemplate(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.template;
}

const severalPerFolder = 'experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]';

describe('layout template', () => {
  it('reads root, fields, several fields per folder and optional parts', () => {
    const layout = template(severalPerFolder);
    assert.deepEqual(layout.root, ['experimentruns']);
    assert.deepEqual(layout.fields.map((field) => [field.name, field.optional, field.folder]), [['dataset', false, 0], ['model_type', false, 1], ['scale', false, 1], ['stage', false, 1], ['aux', true, 1]]);
    assert.equal(layout.folders[1]?.separators, '_');
    assert.deepEqual(layout.parse('experimentruns/hcrl/gat_large_curriculum/best.pt'), { ok: true, values: { dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'curriculum' }, rest: 'best.pt' });
    assert.deepEqual(layout.parse('experimentruns/hcrl/gat_large_curriculum_kd'), { ok: true, values: { dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'curriculum', aux: 'kd' }, rest: '' });
    assert.equal(layout.format({ dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'curriculum' }), 'experimentruns/hcrl/gat_large_curriculum/');
    assert.equal(layout.format({ dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'curriculum', aux: 'kd' }), 'experimentruns/hcrl/gat_large_curriculum_kd/');
  });

  it('reports a value containing a separator instead of splitting it', () => {
    const layout = template(severalPerFolder);
    const parsed = layout.parse('experimentruns/hcrl/gat_large_fine_tune_kd');
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : (parsed.problems[0]?.message ?? ''), /has more '_' than \{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\] allows: a value of \{model_type\}, \{scale\}, \{stage\}, \{aux\} contains a separator/);
    assert.throws(() => layout.format({ dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'fine_tune' }), /the value 'fine_tune' of \{stage\} contains '_', which separates the fields/);
    // A folder with one field has no separators: underscores are part of the value.
    assert.deepEqual(template('runs/{distillation}').parse('runs/no_distillation'), { ok: true, values: { distillation: 'no_distillation' }, rest: '' });
  });

  it('says which field is wrong and why', () => {
    const layout = template(severalPerFolder);
    const check = (field: string, value: string): string | undefined => (field === 'scale' && !['small', 'large'].includes(value) ? `'${value}' is not an allowed value for scale` : undefined);
    const parsed = layout.parse('experimentruns/hcrl/gat_huge_curriculum', check);
    assert.deepEqual(parsed, { ok: false, problems: [{ folder: 1, field: 'scale', message: "'huge' is not an allowed value for scale" }] });
    const short = layout.parse('experimentruns/hcrl');
    assert.deepEqual(short.ok ? [] : short.problems.map((problem) => problem.message), ['the path stops before {model_type}_{scale}_{stage}[_{aux}]']);
    assert.throws(() => layout.format({ dataset: 'hcrl', model_type: 'gat', scale: 'large', stage: 'x', colour: 'red' }), /unknown field 'colour'/);
    assert.throws(() => template('r/{a}-{b}[_{c}-{d}]').format({ a: '1', b: '2', c: '3' }), /needs all of \{c\}, \{d\} or none \(missing \{d\}\)/);
  });

  it('rejects templates that cannot be read back, saying why', () => {
    const cases: [string, RegExp][] = [
      ['runs/{a}{b}', /between \{a\} and \{b\} there is nothing/],
      ['runs/{a}x{b}', /there is only 'x'/],
      ['{a}/{b}', /must start with the root folder/],
      ['runs/{a}/{a}', /appears twice/],
      ['runs/{a', /is not closed/],
      ['runs/[{a}]', /cannot be entirely optional/],
      ['runs/{a}[_[{b}]]', /cannot be nested/],
      ['runs/{a b}', /is not a field name/],
      ['runs/a b/{c}', /cannot appear in a folder name/],
      ['runs', /has no \{field\}/],
      ['/abs/{a}', /not absolute/],
    ];
    for (const [source, message] of cases) {
      const parsed = parseLayoutTemplate(source);
      assert.equal(parsed.ok, false, source);
      assert.match(parsed.ok ? '' : parsed.message, message, source);
    }
  });

  it('property: format then parse returns the values, for random templates and values', () => {
    const separators = ['_', '-', '.', '+', '=', ',', '@', '__', '-v'];
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
    const folderShape = fc.record({ count: fc.integer({ min: 1, max: 3 }), separator: fc.constantFrom(...separators), optional: fc.boolean(), prefix: fc.constantFrom('', 'v', 'run-') });
    const arbitrary = fc.record({ root: fc.constantFrom('experiment_runs', 'runs/exp', 'experimentruns'), folders: fc.array(folderShape, { minLength: 1, maxLength: 4 }), names: fc.uniqueArray(name, { minLength: 16, maxLength: 16 }), seed: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._=,@+-]{0,7}$/), { minLength: 16, maxLength: 16 }), dropOptional: fc.boolean() });
    fc.assert(
      fc.property(arbitrary, ({ root, folders, names, seed, dropOptional }) => {
        let next = 0;
        const folderSources = folders.map((shape) => {
          const fields = Array.from({ length: shape.count }, () => names[next++]);
          const body = fields.map((field) => `{${field}}`);
          if (shape.optional && body.length > 1) {
            const last = body.pop() as string;
            return `${shape.prefix}${body.join(shape.separator)}[${shape.separator}${last}]`;
          }
          return `${shape.prefix}${body.join(shape.separator)}`;
        });
        const layout = template(`${root}/${folderSources.join('/')}`);
        const values: Record<string, string> = {};
        layout.fields.forEach((field, index) => {
          const folder = layout.folders[field.folder];
          // Values in a folder with several fields may not hold its separators: strip them.
          const raw = (seed[index] ?? 'x').split('').filter((character) => !(folder?.separators ?? '').includes(character)).join('') || 'x';
          if (!(field.optional && dropOptional)) values[field.name] = raw;
        });
        const path = layout.format(values);
        const parsed = layout.parse(`${path}model.pt`);
        assert.deepEqual(parsed, { ok: true, values, rest: 'model.pt' }, path);
      }),
      { numRuns: 500 },
    );
  });

  it('is what the layout model reads: RR002/RR006, the hover and the checklist see the project file template', () => {
    const loaded = parseProjectFileText('/repo/refactor-runbook.json', JSON.stringify({ layout: { template: severalPerFolder, allowedValues: { scale: ['small', 'large'] } } }));
    assert.ok(loaded.ok);
    const settings = loaded.project.settings.layout;
    assert.equal(settings.experimentRoot, 'experimentruns');
    assert.deepEqual(settings.segments, ['dataset', 'model_type', 'scale', 'stage', 'aux']);
    const layout = createLayoutModel(settings);
    assert.equal(layout.parse('experimentruns/hcrl/gat_large_curriculum/model.pt').classification, 'canonical');
    const wrong = layout.parse('experimentruns/hcrl/gat_huge_curriculum');
    assert.equal(wrong.classification, 'non-canonical');
    assert.deepEqual(wrong.segments.filter((segment) => segment.problem !== undefined).map((segment) => segment.name), ['scale']);
    const ambiguous = layout.parse('experimentruns/hcrl/gat_large_fine_tune_kd');
    assert.match(ambiguous.problems[0] ?? '', /contains a separator/);
    assert.equal(layout.parse('experimentruns/hcrl').prefixOnly, true);
    assert.match(layout.parse('osc_jobs/x').problems[0] ?? '', /write under experimentruns\/\{dataset\}\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]\/ instead/);
    assert.equal(layout.format({ dataset: 'hcrl', model_type: 'gat', scale: 'small', stage: 'base' }), 'experimentruns/hcrl/gat_small_base/');
    // The old keys are one template.
    assert.equal(createLayoutModel(defaultLayoutSettings).template.source, 'experiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/{model_size}/{distillation}/{training_mode}');
  });

  it('the project file rejects a bad template or one given with the old keys, at the key', () => {
    const bad = parseProjectFileText('/repo/refactor-runbook.json', JSON.stringify({ layout: { template: 'runs/{a}{b}' } }));
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : (bad.problems[0]?.message ?? ''), /invalid template: folder 2 \('\{a\}\{b\}'\): between \{a\} and \{b\} there is nothing/);
    const both = parseProjectFileText('/repo/refactor-runbook.json', JSON.stringify({ layout: { template: 'runs/{a}', segments: ['a'] } }));
    assert.deepEqual(both.ok ? [] : both.problems.map((problem) => problem.keyPath), ['layout.segments']);
    const allowed = parseProjectFileText('/repo/refactor-runbook.json', JSON.stringify({ layout: { template: 'runs/{a}', allowedValues: { b: ['x'] } } }));
    assert.match(allowed.ok ? '' : (allowed.problems[0]?.fix ?? ''), /add "b" to layout.template/);
  });
});

// The path wizard's questions, read from the layout template: one per field, optional parts skippable, each value
// checked as the template requires, and the path so far.
import assert from 'node:assert/strict';
import { createLayoutModel, defaultLayoutSettings } from '../../src/core/layout/layoutGrammar';
import { fieldValueProblem, pathPreview, segmentValuesIn, wizardFields } from '../../src/core/layout/segmentValues';

const layout = createLayoutModel({
  ...defaultLayoutSettings,
  template: 'experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]',
  experimentRoot: 'experimentruns',
  segments: ['dataset', 'model_type', 'scale', 'stage', 'aux'],
  allowedValues: { scale: ['small', 'base'] },
});

describe('path wizard questions (layout templates)', () => {
  it('asks per field, with the folder each belongs to and the optional part', () => {
    assert.deepEqual(
      wizardFields(layout.template).map((field) => [field.name, field.optional, field.optionalPart.join(), field.wholeFolder]),
      [
        ['dataset', false, '', true],
        ['model_type', false, '', false],
        ['scale', false, '', false],
        ['stage', false, '', false],
        ['aux', true, 'aux', false],
      ],
    );
    const grouped = createLayoutModel({ ...defaultLayoutSettings, template: 'runs/{a}[-{b}.{c}]', experimentRoot: 'runs', segments: ['a', 'b', 'c'] });
    assert.deepEqual(wizardFields(grouped.template).map((field) => field.optionalPart.join('+')), ['', 'b+c', 'b+c']);
  });

  it("refuses a value holding its folder's separator, and accepts the same value where the field is a whole folder", () => {
    assert.match(fieldValueProblem(layout, 'model_type', 'res_net') ?? '', /^'res_net' contains '_', which separates the fields of \{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]: the folder could not be read back/);
    assert.equal(fieldValueProblem(layout, 'dataset', 'hcrl_sa'), undefined, 'dataset is a folder of its own: "_" is fine');
    assert.equal(fieldValueProblem(layout, 'model_type', 'resnet18'), undefined);
    assert.match(fieldValueProblem(layout, 'aux', 'a/b') ?? '', /more than one folder: aux is one part of the folder/);
    assert.match(fieldValueProblem(layout, 'scale', 'tiny') ?? '', /^'tiny' is not an allowed value for scale \(allowed: small, base\)\.$/);
    assert.match(fieldValueProblem(layout, 'stage', '') ?? '', /Enter a value for stage/);
  });

  it('previews the path so far, leaving a skipped optional part out', () => {
    assert.equal(pathPreview(layout.template, {}, new Set()), 'experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]');
    assert.equal(pathPreview(layout.template, { dataset: 'cifar10', model_type: 'resnet18' }, new Set()), 'experimentruns/cifar10/resnet18_{scale}_{stage}[_{aux}]');
    assert.equal(pathPreview(layout.template, { dataset: 'cifar10', model_type: 'resnet18', scale: 'base', stage: 'finetune' }, new Set(['aux'])), 'experimentruns/cifar10/resnet18_base_finetune');
    assert.equal(pathPreview(layout.template, { dataset: 'cifar10', model_type: 'resnet18', scale: 'base', stage: 'finetune', aux: 'ema' }, new Set()), 'experimentruns/cifar10/resnet18_base_finetune_ema');
  });

  it("reads the workspace's values per field out of multi-field folders", () => {
    const seen = segmentValuesIn(layout, 'see experimentruns/cifar10/resnet18_small_pretrain/models/model.pth and experimentruns/imagenet/vit_base_finetune_ema/\n');
    assert.deepEqual(Object.fromEntries([...seen].map(([name, values]) => [name, [...values].sort()])), {
      dataset: ['cifar10', 'imagenet'],
      model_type: ['resnet18', 'vit'],
      scale: ['base', 'small'],
      stage: ['finetune', 'pretrain'],
      aux: ['ema'],
    });
  });
});

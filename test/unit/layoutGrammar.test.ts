import assert from 'node:assert/strict';
import { createLayoutModel, defaultLayoutSettings } from '../../src/core/layout/layoutGrammar';

const canonical = 'experiment_runs/graph/can_bus/supervised/gat/small/no_distillation/normal';

describe('layout grammar', () => {
  const layout = createLayoutModel(defaultLayoutSettings);

  it('defaults follow the runbook', () => {
    assert.equal(defaultLayoutSettings.experimentRoot, 'experiment_runs');
    assert.deepEqual(defaultLayoutSettings.segments, ['modality', 'dataset', 'learning_type', 'model_arch', 'model_size', 'distillation', 'training_mode']);
    assert.deepEqual(defaultLayoutSettings.legacyRoots, ['osc_jobs']);
  });

  it('parses a full canonical path into named segments and the rest', () => {
    const parsed = layout.parse(`${canonical}/best_model.pth`);
    assert.equal(parsed.classification, 'canonical');
    assert.equal(parsed.root, 'experiment_runs');
    assert.deepEqual(parsed.segments.map((segment) => [segment.name, segment.value]), [
      ['modality', 'graph'], ['dataset', 'can_bus'], ['learning_type', 'supervised'], ['model_arch', 'gat'],
      ['model_size', 'small'], ['distillation', 'no_distillation'], ['training_mode', 'normal'],
    ]);
    assert.equal(parsed.rest, 'best_model.pth');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.prefixOnly, false);
    assert.ok(layout.isCanonical(`${canonical}/`));
  });

  it('accepts Windows separators, ./ and absolute paths with the root inside', () => {
    assert.equal(layout.parse(`./${canonical}/model.pt`).classification, 'canonical');
    assert.equal(layout.parse(`C:\\work\\repo\\${canonical.replace(/\//g, '\\')}\\model.pt`).classification, 'canonical');
    assert.equal(layout.parse(`/scratch/user/repo/${canonical}/mlruns`).classification, 'canonical');
    assert.equal(layout.parse(`../${canonical}`).classification, 'canonical');
  });

  it('treats f-string and format placeholders and wildcards as canonical templates', () => {
    const fString = layout.parse('experiment_runs/{cfg.modality}/{cfg.dataset}/{}/{0}/{size}/{distill}/{mode}/model.pt');
    assert.equal(fString.classification, 'canonical-template');
    assert.deepEqual(fString.problems, []);
    assert.equal(layout.parse('experiment_runs/graph/*/supervised/gat/small/none/normal').classification, 'canonical-template');
    assert.equal(layout.parse('experiment_runs/**/best.pth').classification, 'canonical-template');
    assert.equal(layout.parse('experiment_runs/$MODALITY/${DATASET}/a/b/c/d/e/%j.out').classification, 'canonical-template');
    assert.equal(layout.isCanonical('experiment_runs/{m}/{d}/{l}/{a}/{s}/{di}/{t}'), false);
  });

  it('names the missing segment and marks a valid base path as prefixOnly', () => {
    const parsed = layout.parse('experiment_runs/graph/can_bus/supervised/gat');
    assert.equal(parsed.classification, 'non-canonical');
    assert.ok(parsed.problems.includes("segment 'model_size' is missing"), parsed.problems.join('; '));
    assert.equal(parsed.segments.find((segment) => segment.name === 'model_size')?.value, undefined);
    assert.equal(parsed.prefixOnly, true);
    assert.equal(layout.parse('experiment_runs').prefixOnly, true);
    assert.equal(layout.parse('experiment_runs/{modality}').prefixOnly, true);
  });

  it('reports values that are not allowed, with the allowed list', () => {
    const strict = createLayoutModel({ ...defaultLayoutSettings, allowedValues: { model_arch: ['gcn', 'vgae'] } });
    const parsed = strict.parse(canonical);
    assert.equal(parsed.classification, 'non-canonical');
    assert.deepEqual(parsed.problems, ["'gat' is not an allowed value for model_arch (allowed: gcn, vgae)"]);
    assert.equal(parsed.segments[3]?.problem, "'gat' is not an allowed value for model_arch (allowed: gcn, vgae)");
    assert.equal(parsed.prefixOnly, false);
  });

  it('reports empty segments, .. and unsafe folder names', () => {
    const empty = layout.parse('experiment_runs/graph//supervised/gat/small/none/normal/x');
    assert.equal(empty.classification, 'non-canonical');
    assert.ok(empty.problems.some((problem) => problem.startsWith('empty segment')), empty.problems.join('; '));
    const dotDot = layout.parse('experiment_runs/graph/../supervised/gat/small/none/normal');
    assert.ok(dotDot.problems.some((problem) => problem.includes("unexpected '..'")), dotDot.problems.join('; '));
    const dotDotInRest = layout.parse(`${canonical}/../../elsewhere`);
    assert.equal(dotDotInRest.classification, 'non-canonical');
    assert.ok(dotDotInRest.problems.some((problem) => problem.includes("unexpected '..'")));
    const unsafe = layout.parse('experiment_runs/graph/can bus/supervised/gat/small/none/normal');
    assert.ok(unsafe.problems.some((problem) => problem.includes("'can bus' is not a safe folder name for dataset")), unsafe.problems.join('; '));
  });

  it('classifies legacy roots, with the outermost root winning, and unrelated paths', () => {
    const legacy = layout.parse('/home/me/osc_jobs/can_bus/gat/best_teacher.pth');
    assert.equal(legacy.classification, 'legacy');
    assert.equal(legacy.root, 'osc_jobs');
    assert.equal(legacy.rest, 'can_bus/gat/best_teacher.pth');
    assert.match(legacy.problems[0] ?? '', /'osc_jobs' is a legacy root; write under experiment_runs\/\{modality\}/);
    assert.equal(layout.parse('osc_jobs/experiment_runs/a').classification, 'legacy');
    assert.equal(layout.parse('data/raw/can_bus.csv').classification, 'unrelated');
    assert.equal(layout.parse('experiment_runs_old/x').classification, 'unrelated');
  });

  it('supports a multi-folder experiment root and several legacy roots', () => {
    const custom = createLayoutModel({ experimentRoot: 'outputs/runs', segments: ['dataset', 'model'], allowedValues: {}, legacyRoots: ['osc_jobs', 'lightning_logs'] });
    assert.equal(custom.parse('outputs/runs/can/gat/last.ckpt').classification, 'canonical');
    assert.equal(custom.parse('runs/can/gat').classification, 'unrelated');
    assert.equal(custom.parse('lightning_logs/version_0').classification, 'legacy');
    assert.equal(custom.format({ dataset: 'can', model: 'gat' }), 'outputs/runs/can/gat/');
  });

  it('formats a canonical path and refuses missing, unknown or disallowed values with a reason', () => {
    const values = { modality: 'graph', dataset: 'can_bus', learning_type: 'supervised', model_arch: 'gat', model_size: 'small', distillation: 'no_distillation', training_mode: 'normal' };
    assert.equal(layout.format(values), `${canonical}/`);
    assert.equal(layout.parse(layout.format(values)).classification, 'canonical');
    assert.throws(() => layout.format({ ...values, model_size: undefined as unknown as string }), /no value for \{model_size\}/);
    assert.throws(() => layout.format({ ...values, colour: 'red' }), /unknown field 'colour'/);
    assert.throws(() => layout.format({ ...values, dataset: '..' }), /unexpected '\.\.'/);
    const strict = createLayoutModel({ ...defaultLayoutSettings, allowedValues: { model_size: ['small', 'large'] } });
    assert.throws(() => strict.format({ ...values, model_size: 'huge' }), /'huge' is not an allowed value for model_size \(allowed: small, large\)/);
  });
});

import assert from 'node:assert/strict';
import { createLayoutModel, defaultLayoutSettings } from '../../src/core/layout/layoutGrammar';
import { explainPath, explanationMarkdown } from '../../src/core/layout/pathExplanation';

describe('path explanation for hovers', () => {
  const layout = createLayoutModel(defaultLayoutSettings);

  it('lists each segment of a non-canonical path with its verdict', () => {
    const explanation = explainPath(layout, 'experiment_runs/automotive/hcrl_sa/best_teacher.pth');
    assert.equal(explanation.parsed.classification, 'non-canonical');
    const markdown = explanationMarkdown(explanation, layout);
    assert.match(markdown, /not canonical: under the experiment root but off the grammar/);
    assert.match(markdown, /\| modality \| `automotive` \| ✓ \|/);
    assert.match(markdown, /\| dataset \| `hcrl_sa` \| ✓ \|/);
    assert.match(markdown, /cannot be told from this path/);
  });

  it('says a legacy root must disappear and shows the grammar', () => {
    const explanation = explainPath(layout, 'osc_jobs/can_ids/gat/best_model.pth');
    const markdown = explanationMarkdown(explanation, layout);
    assert.match(markdown, /legacy path: this root must disappear/);
    assert.match(markdown, /`osc_jobs` is a legacy root/);
    assert.match(markdown, /experiment_runs\/\{modality\}\/\{dataset\}/);
  });

  it('derives the canonical path when allowed values identify every segment', () => {
    const configured = createLayoutModel({
      ...defaultLayoutSettings,
      allowedValues: {
        modality: ['automotive'],
        dataset: ['hcrl_sa', 'hcrl_ch'],
        learning_type: ['supervised', 'unsupervised'],
        model_arch: ['gat', 'vgae'],
        model_size: ['teacher', 'student'],
        distillation: ['no_distillation', 'distilled'],
        training_mode: ['normal', 'curriculum'],
      },
    });
    const explanation = explainPath(configured, 'osc_jobs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/best_model.pth');
    assert.equal(explanation.canonicalPath, 'experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/best_model.pth');
    assert.match(explanationMarkdown(explanation, configured), /Canonical: `experiment_runs\/automotive\/hcrl_sa\/supervised\/gat\/teacher\/no_distillation\/normal\/best_model\.pth`/);
  });

  it('leaves canonical paths and unrelated paths without a derivation', () => {
    const canonical = explainPath(layout, 'experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/model.pth');
    assert.equal(canonical.parsed.classification, 'canonical');
    assert.equal(canonical.canonicalPath, undefined);
    assert.equal(explainPath(layout, 'data/raw/can.csv').parsed.classification, 'unrelated');
  });
});

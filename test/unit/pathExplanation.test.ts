import assert from 'node:assert/strict';
import { createLayoutModel, defaultLayoutSettings } from '../../src/core/layout/layoutGrammar';
import { explainPath, explanationMarkdown } from '../../src/core/layout/pathExplanation';
import type { ParsedLayoutPath } from '../../src/core/layout/layoutModel';
import { misplacedFile as misplacedFileIn } from '../../src/core/rules/misplacedFile';
import { defaultRuleVocabulary } from '../../src/core/rules/projectVocabulary';

const misplacedFile = (parsed: ParsedLayoutPath): ReturnType<typeof misplacedFileIn> => misplacedFileIn(parsed, defaultRuleVocabulary);

describe('path explanation for hovers', () => {
  const layout = createLayoutModel(defaultLayoutSettings);

  it('lists each segment with its verdict, and marks a file where a folder belongs as the rule does', () => {
    const explanation = explainPath(layout, 'experiment_runs/automotive/hcrl_sa/best_teacher.pth', misplacedFile);
    assert.equal(explanation.parsed.classification, 'non-canonical');
    const markdown = explanationMarkdown(explanation, layout, '[RR002](command:x)');
    const lines = markdown.split('\n');
    assert.equal(lines[0], "**Not canonical: 'best_teacher.pth' sits where the learning_type folder belongs** · [RR002](command:x)");
    assert.match(markdown, /\| modality \| `automotive` \| ✓ \|/);
    assert.match(markdown, /\| dataset \| `hcrl_sa` \| ✓ \|/);
    assert.match(markdown, /\| learning_type \| `best_teacher\.pth` \| ✗ 'best_teacher\.pth' sits where the learning_type folder belongs/);
    assert.doesNotMatch(markdown, /learning_type \| `best_teacher\.pth` \| ✓/);
    assert.equal(explainPath(layout, 'experiment_runs/automotive/hcrl_sa/supervised', misplacedFile).title, 'not canonical: under the experiment root but off the grammar');
  });

  it('says once, in one line, that a legacy root must disappear', () => {
    const explanation = explainPath(layout, 'osc_jobs/can_ids/gat/best_model.pth', misplacedFile);
    const markdown = explanationMarkdown(explanation, layout, '[RR002](command:x)');
    assert.equal(markdown, '**Legacy path**: `osc_jobs` must disappear; outputs go under `experiment_runs/` · [RR002](command:x)');
    assert.equal((markdown.match(/legacy/gi) ?? []).length, 1);
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

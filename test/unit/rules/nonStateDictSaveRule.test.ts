import assert from 'node:assert/strict';
import { nonStateDictSaveRule } from '../../../src/core/rules/nonStateDictSaveRule';
import { applyEdits, check, rangeTuple, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR005 non-state-dict-save', () => {
  it('flags torch.save of a model object and fixes it with .state_dict()', async () => {
    const source = lines(
      'import torch',
      'from torch import nn',
      'class HydraZenTrainer:',
      '    def save_final_model(self, model: nn.Module, export_path):',
      '        torch.save(model, export_path)',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.ok(finding?.fix);
    assert.deepEqual(rangeTuple(finding.range), [5, 9, 5, 39]);
    assertGoldenMessages('RR005 non-state-dict-save / flags torch.save of a model object and fixes it with .state_dict()', findings);
    assert.equal(applyEdits(source, finding.fix.edits).split('\n')[4], '        torch.save(model.state_dict(), export_path)');
  });

  it('recognises modules by class, by name, inside dict literals, and `self` in a LightningModule', async () => {
    const source = lines(
      'import torch',
      'import pytorch_lightning as pl',
      'class GATClassifier(pl.LightningModule):',
      '    def export(self, path):',
      '        torch.save(self, path)',
      'gat = GATClassifier()',
      'torch.save(gat, "gat.pt")',
      'torch.save({"model": self.student, "epoch": 3}, "kd.pt")',
      'torch.save(teacher_net.cpu(), "teacher.pt")',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(
      findings.map((finding) => textAt(source, finding.range)),
      ['torch.save(self, path)', 'torch.save(gat, "gat.pt")', 'torch.save({"model": self.student, "epoch": 3}, "kd.pt")', 'torch.save(teacher_net.cpu(), "teacher.pt")'],
    );
    assertGoldenMessages('RR005 non-state-dict-save / recognises modules by class, by name, inside dict literals, and `self` in a LightningModule', findings);
    const fixed = findings.reduce((text, finding) => (finding.fix === undefined ? text : applyEdits(text, finding.fix.edits)), source);
    assert.deepEqual(fixed.split('\n').slice(4, 9), [
      '        torch.save(self.state_dict(), path)',
      'gat = GATClassifier()',
      'torch.save(gat.state_dict(), "gat.pt")',
      'torch.save({"model": self.student.state_dict(), "epoch": 3}, "kd.pt")',
      'torch.save(teacher_net.cpu().state_dict(), "teacher.pt")',
    ]);
  });

  it('flags trainer.save_checkpoint writing a .pth/.pt file, without a fix', async () => {
    const source = lines('import pytorch_lightning as pl', 'trainer.save_checkpoint(f"{run_dir}/best_model.pth")', 'trainer.save_checkpoint("last.ckpt")');
    const findings = await check(nonStateDictSaveRule, source);
    assert.equal(findings.length, 1);
    assert.deepEqual(rangeTuple(findings[0].range), [2, 1, 2, 53]);
    assertGoldenMessages('RR005 non-state-dict-save / flags trainer.save_checkpoint writing a .pth/.pt file, without a fix', findings);
    assert.equal(findings[0].fix, undefined);
  });

  it('does not flag state_dicts, dicts of state dicts, traced state dicts, or data and feature caches', async () => {
    const source = lines(
      'import torch',
      'def save(model, optimizer, features, dataset, out_path, cache_path, epoch):',
      '    torch.save(model.state_dict(), out_path)',
      '    torch.save(model.module.student.state_dict(), out_path)',
      '    state = model.state_dict()',
      '    torch.save(state, out_path)',
      '    torch.save({"model_state_dict": model.state_dict(), "optimizer_state_dict": optimizer.state_dict(), "epoch": epoch}, out_path)',
      '    torch.save(features, cache_path)',
      '    torch.save(dataset, cache_path)',
      '    torch.save({"x": features, "y": dataset.labels}, cache_path)',
      '    weights = torch.load(out_path, weights_only=True)',
      '    torch.save(weights, out_path)',
      '    np.save("model_predictions.npy", preds)',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });
});

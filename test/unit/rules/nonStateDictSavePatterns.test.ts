// RR005 patterns from the real-code accuracy benchmark (bench/accuracy/cases.json), each as a minimal hand-written
// reproduction with a twin that must stay quiet.
import assert from 'node:assert/strict';
import { nonStateDictSaveRule } from '../../../src/core/rules/nonStateDictSaveRule';
import { applyEdits, check, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR005 non-state-dict-save: patterns from real code', () => {
  it('flags a checkpoint dict whose entry is an unwrapped, half-precision copy of the model, without a fix', async () => {
    const source = lines(
      'import torch',
      'from copy import deepcopy',
      'def save(model, ema, last):',
      '    ckpt = {"epoch": 3, "model": deepcopy(model.module if parallel else model).half(), "ema": deepcopy(ema.ema).half()}',
      '    torch.save(ckpt, last)',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['torch.save(ckpt, last)']);
    assertGoldenMessages('RR005 non-state-dict-save: patterns from real code / flags a checkpoint dict whose entry is an unwrapped, half-precision copy of the model, without a fix', findings);
    assert.equal(findings[0].fix, undefined, 'the edit would belong inside the dict on another line');
  });

  it('does not flag the same checkpoint dict when its entries are state_dicts', async () => {
    const source = lines(
      'import torch',
      'from copy import deepcopy',
      'def save(model, ema, last):',
      '    ckpt = {"epoch": 3, "model": deepcopy(model.module if parallel else model).state_dict(), "ema": ema.ema.state_dict()}',
      '    torch.save(ckpt, last)',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });

  it('fixes an inline checkpoint dict inside the dict, never by appending .state_dict() to the dict', async () => {
    const source = lines('import torch', 'def save(model, path):', '    torch.save({"epoch": 1, "model": model}, path)');
    const [finding] = await check(nonStateDictSaveRule, source);
    assert.ok(finding?.fix);
    assert.equal(applyEdits(source, finding.fix.edits).split('\n')[2], '    torch.save({"epoch": 1, "model": model.state_dict()}, path)');
  });

  it('flags a whole model loaded with torch.load and used as a module, then saved again', async () => {
    const source = lines(
      'import torch',
      'with open(args.save, "rb") as f:',
      '    model = torch.load(f, weights_only=False)',
      'optimizer = torch.optim.ASGD(model.parameters(), lr=0.1)',
      'with open(args.save, "wb") as f:',
      '    torch.save(model, f)',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['torch.save(model, f)']);
  });

  it('does not flag a network-named variable that holds a loaded dict of tensors', async () => {
    const source = lines(
      'import torch',
      'net = torch.load("weights.pt", weights_only=True)',
      'net = {k.replace("module.", ""): v for k, v in net.items()}',
      'torch.save(net, "clean.pt")',
      'teacher_net = torch.load("teacher.pt", weights_only=True)',
      'teacher_net["head.weight"] = teacher_net["head.weight"][:10]',
      'torch.save(teacher_net, "teacher_head.pt")',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });

  it('flags a model attribute named like a network (`trainer.cycle_unet`), not one named like weights', async () => {
    const source = lines('import torch', 'torch.save(trainer.cycle_unet, "flow.pickle")', 'torch.save(trainer.unet_weights, "flow_weights.pt")');
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['torch.save(trainer.cycle_unet, "flow.pickle")']);
  });
});

describe('RR005 non-state-dict-save: a project method named save_checkpoint', () => {
  it('does not flag self.save_checkpoint when the class defines its own save_checkpoint', async () => {
    const source = lines(
      'import torch',
      'class Trainer:',
      '    def save_checkpoint(self, path):',
      '        torch.save({"model": self.model.state_dict()}, path)',
      '    def fit(self):',
      '        self.save_checkpoint("runs/best.pth")',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });

  it('still flags Lightning save_checkpoint to a .pth file from a class without its own method', async () => {
    const source = lines(
      'import torch',
      'class Runner:',
      '    def fit(self):',
      '        self.trainer.save_checkpoint("runs/best.pth")',
      '        self.save_checkpoint("runs/last.pth")',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['self.trainer.save_checkpoint("runs/best.pth")', 'self.save_checkpoint("runs/last.pth")']);
  });

  it('flags an nn layer saved inside a checkpoint dict, not an nn.Parameter (a tensor)', async () => {
    const source = lines(
      'import torch',
      'from torch import nn',
      'torch.save({"layer": nn.Linear(3, 3)}, "runs/layer.pt")',
      'torch.save({"parameter": nn.Parameter(torch.rand(3)), "buffer": torch.nn.Buffer(torch.zeros(2))}, "runs/tensors.pt")',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => finding.range.line), [3]);
  });

  it('follows a path through `strategy.broadcast(...)`, which returns its argument, to a save_checkpoint .pt file', async () => {
    const source = lines(
      'import os',
      'def save(trainer, tmp_path):',
      '    checkpoint_path = os.path.join(tmp_path, "model.pt")',
      '    checkpoint_path = trainer.strategy.broadcast(checkpoint_path)',
      '    trainer.save_checkpoint(checkpoint_path)',
      'def save_resume(trainer, tmp_path):',
      '    checkpoint_path = trainer.strategy.broadcast(os.path.join(tmp_path, "last.ckpt"))',
      '    trainer.save_checkpoint(checkpoint_path)',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['trainer.save_checkpoint(checkpoint_path)']);
    assert.equal(findings[0]?.range.line, 5);
  });

  it('flags a checkpoint written as a dict(...) call holding the network, and fixes the entry', async () => {
    const source = lines(
      'import torch',
      'def dump(net, optimizer, run_dir):',
      '    torch.save(dict(net=net, optimizer_state=optimizer.state_dict()), run_dir + "/training-state.pt")',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['torch.save(dict(net=net, optimizer_state=optimizer.state_dict()), run_dir + "/training-state.pt")']);
    assert.match(findings[0]?.message ?? '', /'net' entry is a model object/);
    assert.ok(findings[0]?.fix);
    assert.equal(applyEdits(source, findings[0].fix.edits).split('\n')[2], '    torch.save(dict(net=net.state_dict(), optimizer_state=optimizer.state_dict()), run_dir + "/training-state.pt")');
  });

  it('does not flag the same dict(...) call of state dicts and scalars', async () => {
    const source = lines(
      'import torch',
      'def dump(net, optimizer, run_dir, step):',
      '    torch.save(dict(net=net.state_dict(), optimizer_state=optimizer.state_dict(), step=step), run_dir + "/training-state.pt")',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });

  it('flags re-saving a loaded checkpoint whose entry is used as a module, without a fix', async () => {
    const source = lines(
      'import torch',
      'def strip(f, s):',
      '    x = torch.load(f, map_location="cpu")',
      '    x["optimizer"] = None',
      '    x["model"].half()',
      '    for p in x["model"].parameters():',
      '        p.requires_grad = False',
      '    torch.save(x, s or f)',
    );
    const findings = await check(nonStateDictSaveRule, source);
    assert.deepEqual(findings.map((finding) => textAt(source, finding.range)), ['torch.save(x, s or f)']);
    assert.match(findings[0]?.message ?? '', /'model' entry is a model object/);
    assert.equal(findings[0]?.fix, undefined, 'the entry is set where the file was written, not here');
  });

  it('does not flag re-saving a loaded checkpoint whose entries are only data', async () => {
    const source = lines(
      'import torch',
      'def strip(f, s):',
      '    x = torch.load(f, map_location="cpu", weights_only=True)',
      '    x["optimizer"] = None',
      '    x["epoch"] = -1',
      '    x["model"] = {k: v.half() for k, v in x["model"].items()}',
      '    torch.save(x, s or f)',
    );
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
  });
});

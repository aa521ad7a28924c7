import assert from 'node:assert/strict';
import { unsafeTorchLoadRule } from '../../../src/core/rules/unsafeTorchLoadRule';
import { applyEdits, check, rangeTuple } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

describe('RR004 unsafe-torch-load', () => {
  it('flags torch.load without weights_only and fixes it by adding weights_only=True', async () => {
    const source = ['import torch', '', 'def restore(path):', '    state = torch.load(path, map_location="cpu")', '    return state', ''].join('\n');
    const findings = await check(unsafeTorchLoadRule, source);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.ok(finding);
    assert.deepEqual(rangeTuple(finding.range), [4, 13, 4, 49]);
    assertGoldenMessages('RR004 unsafe-torch-load / flags torch.load without weights_only and fixes it by adding weights_only=True', findings);
    assert.ok(finding.fix);
    assert.equal(finding.fix.title, 'Add weights_only=True');
    assert.equal(applyEdits(source, finding.fix.edits).split('\n')[3], '    state = torch.load(path, map_location="cpu", weights_only=True)');
  });

  it('keeps a trailing comma in a multi-line call valid', async () => {
    const source = ['import torch', 'ckpt = torch.load(', '    "experiment_runs/a/b/c/d/e/f/g/models/gat_teacher.pth",', '    map_location="cpu",', ')', ''].join('\n');
    const findings = await check(unsafeTorchLoadRule, source);
    assert.equal(findings.length, 1);
    const fix = findings[0]?.fix;
    assert.ok(fix);
    assert.deepEqual(rangeTuple(findings[0].range), [2, 8, 5, 2]);
    assert.equal(applyEdits(source, fix.edits), source.replace('map_location="cpu",', 'map_location="cpu", weights_only=True,'));
  });

  it('flags weights_only=False and fixes it to True', async () => {
    const source = 'import torch\nmodel = torch.load("best.pth", weights_only=False)\n';
    const findings = await check(unsafeTorchLoadRule, source);
    assert.equal(findings.length, 1);
    assertGoldenMessages('RR004 unsafe-torch-load / flags weights_only=False and fixes it to True', findings);
    assert.equal(applyEdits(source, findings[0].fix!.edits), 'import torch\nmodel = torch.load("best.pth", weights_only=True)\n');
  });

  it('follows import aliases and a local variable assigned False', async () => {
    const source = ['import torch as th', 'from torch import load', 'unsafe = False', 'a = th.load(p, weights_only=unsafe)', 'b = load(p)', ''].join('\n');
    const findings = await check(unsafeTorchLoadRule, source);
    assert.deepEqual(findings.map((finding) => rangeTuple(finding.range)), [[4, 5, 4, 36], [5, 5, 5, 12]]);
    assert.equal(findings[0].fix, undefined, 'a variable is not rewritten');
    assert.equal(applyEdits(source, findings[1].fix!.edits).split('\n')[4], 'b = load(p, weights_only=True)');
  });

  it('does not flag safe loads, parameter passthrough, **kwargs or other libraries', async () => {
    const source = [
      'import json, pickle, torch, numpy as np, yaml',
      'def load_weights(path, weights_only: bool = True):',
      '    return torch.load(path, weights_only=weights_only)',
      'def strict(path):',
      '    return torch.load(path, map_location="cpu", weights_only=True)',
      'def passthrough(path, **kwargs):',
      '    return torch.load(path, **kwargs)',
      'def configured(path, args):',
      '    return torch.load(path, weights_only=args.weights_only)',
      'cfg = yaml.load(fh, Loader=yaml.SafeLoader)',
      'arr = np.load("features.npy")',
      'meta = json.load(fh)',
      'obj = pickle.load(fh)',
      'model.load("x.pth")',
      '',
    ].join('\n');
    assert.deepEqual(await check(unsafeTorchLoadRule, source), []);
  });

  it('does not take an assignment in a branch that returns for the value after it; still follows one that falls through', async () => {
    const source = [
      'import torch',
      'def load(path, weights_only=None):',
      '    if str(path).startswith("http"):',
      '        if weights_only is None:',
      '            weights_only = False',
      '        return torch.hub.load_state_dict_from_url(str(path), weights_only=weights_only)',
      '    return torch.load(path, weights_only=weights_only)',
      'def load_remote(path, weights_only=None):',
      '    if str(path).startswith("http"):',
      '        weights_only = False',
      '    return torch.load(path, weights_only=weights_only)',
      '',
    ].join('\n');
    const findings = await check(unsafeTorchLoadRule, source);
    assert.deepEqual(findings.map((finding) => rangeTuple(finding.range)[0]), [11]);
  });
});

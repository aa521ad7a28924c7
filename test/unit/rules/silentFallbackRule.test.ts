import assert from 'node:assert/strict';
import { silentFallbackRule } from '../../../src/core/rules/silentFallbackRule';
import { check, rangeTuple, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR003 silent-fallback', () => {
  it('flags existence checks whose missing branch carries on, and an unset path quietly defaulted', async () => {
    const source = lines(
      'import logging, os, torch',
      'def load_pretrained(search_root, vgae_path=None):',
      '    if vgae_path is None:',
      '        vgae_path = os.path.join(search_root, "vgae", "best_model.pth")',
      '    if not os.path.exists(vgae_path):',
      '        logging.warning("VGAE weights not found at %s, skipping fusion", vgae_path)',
      '        return None',
      '    return torch.load(vgae_path, weights_only=True)',
      'def resume(model, ckpt):',
      '    if os.path.exists(ckpt):',
      '        model.load_state_dict(torch.load(ckpt, weights_only=True))',
      '    else:',
      '        print("training from scratch")',
      'teacher_file = cfg.teacher_file if os.path.isfile(cfg.teacher_file) else "osc_jobs/teacher.pth"',
    );
    const findings = await check(silentFallbackRule, source);
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[3, 8, 3, 25], 'vgae_path is None'],
        [[5, 8, 5, 37], 'not os.path.exists(vgae_path)'],
        [[10, 8, 10, 28], 'os.path.exists(ckpt)'],
        [[14, 16, 14, 96], 'cfg.teacher_file if os.path.isfile(cfg.teacher_file) else "osc_jobs/teacher.pth"'],
      ],
    );
    assertGoldenMessages('RR003 silent-fallback / flags existence checks whose missing branch carries on, and an unset path quietly defaulted', findings);
  });

  it('flags except handlers around artifact loads that pass, continue or return', async () => {
    const source = lines(
      'import torch',
      'def teacher(path, module):',
      '    try:',
      '        module.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))',
      '    except FileNotFoundError:',
      '        pass',
      'def first_loadable(paths):',
      '    for p in paths:',
      '        try:',
      '            return torch.load(p, weights_only=True)',
      '        except (OSError, RuntimeError) as error:',
      '            print(error)',
      '            continue',
    );
    const findings = await check(silentFallbackRule, source);
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[5, 5, 5, 30], 'except FileNotFoundError:'],
        [[11, 9, 11, 49], 'except (OSError, RuntimeError) as error:'],
      ],
    );
    assertGoldenMessages('RR003 silent-fallback / flags except handlers around artifact loads that pass, continue or return', findings);
  });

  it('flags getattr/.get defaults and `or` fallbacks for artifact paths', async () => {
    const source = lines(
      'import os',
      'teacher_path = getattr(cfg, "teacher_path", None) or "osc_jobs/teacher/best_teacher.pth"',
      'ckpt = cfg.get("ckpt_path", "checkpoints/last.ckpt")',
      'weights = os.getenv("MODEL_WEIGHTS_PATH", "/shared/models/gat.pth")',
    );
    const findings = await check(silentFallbackRule, source);
    assert.deepEqual(
      findings.map((finding) => textAt(source, finding.range)),
      [
        'getattr(cfg, "teacher_path", None) or "osc_jobs/teacher/best_teacher.pth"',
        'cfg.get("ckpt_path", "checkpoints/last.ckpt")',
        'os.getenv("MODEL_WEIGHTS_PATH", "/shared/models/gat.pth")',
      ],
    );
    assert.deepEqual(rangeTuple(findings[0].range), [2, 16, 2, 89]);
    assertGoldenMessages('RR003 silent-fallback / flags getattr/.get defaults and `or` fallbacks for artifact paths', findings);
  });

  it('does not flag strict checks, re-raises, creating folders, non-artifact paths or defaults without a value', async () => {
    const source = lines(
      'import os, sys, torch',
      'from pathlib import Path',
      'def strict(path: Path):',
      '    if not path.is_file():',
      '        raise FileNotFoundError(f"No state_dict at {path}. Train this configuration first.")',
      '    return torch.load(path, map_location="cpu", weights_only=True)',
      'def reraise(ckpt_path):',
      '    try:',
      '        return torch.load(ckpt_path, weights_only=True)',
      '    except Exception as error:',
      '        raise RuntimeError(f"cannot load {ckpt_path}") from error',
      'def logged_reraise(ckpt_path):',
      '    try:',
      '        return torch.load(ckpt_path, weights_only=True)',
      '    except OSError:',
      '        print("failed")',
      '        raise',
      'def exits(ckpt_path):',
      '    if not os.path.exists(ckpt_path):',
      '        sys.exit(f"missing {ckpt_path}")',
      'def outputs(out_dir, checkpoint_dir):',
      '    if not os.path.exists(checkpoint_dir):',
      '        os.makedirs(checkpoint_dir)',
      'def rotate_logs(log_dir):',
      '    if not os.path.isdir(log_dir):',
      '        return []',
      'a = cfg.get("model_path")',
      'b = getattr(cfg, "teacher_path")',
      'c = getattr(cfg, "teacher_path", None)',
      'd = cfg.get("log_dir", "logs")',
      'e = cfg.training_mode or "normal"',
      'if args.ckpt_path or args.resume:',
      '    pass',
      'f = args.ckpt_path or cfg.model_artifact_path()',
      'try:',
      '    import safetensors',
      'except ImportError:',
      '    safetensors = None',
    );
    assert.deepEqual(await check(silentFallbackRule, source), []);
  });
});

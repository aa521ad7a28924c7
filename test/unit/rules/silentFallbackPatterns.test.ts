// RR003 patterns from the real-code accuracy benchmark (bench/accuracy/cases.json), each as a minimal hand-written
// reproduction with a twin that must stay quiet.
import assert from 'node:assert/strict';
import { silentFallbackRule } from '../../../src/core/rules/silentFallbackRule';
import { check, textAt } from './ruleTestSupport';
import { createLayoutModel, defaultLayoutSettings } from '../../../src/core/layout/layoutGrammar';
import { defaultRuleVocabulary } from '../../../src/core/rules/projectVocabulary';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

async function flagged(source: string): Promise<string[]> {
  return (await check(silentFallbackRule, source)).map((finding) => textAt(source, finding.range));
}

describe('RR003 silent-fallback: patterns from real code', () => {
  it('treats any call named like an existence test as one (tf.io.gfile.exists, bf.exists, fsspec_exists)', async () => {
    const source = lines(
      'import torch',
      'def restore(ckpt_dir, state):',
      '    if not tf.io.gfile.exists(ckpt_dir):',
      '        logging.warning("no checkpoint, returning the input state")',
      '        return state',
      '    return torch.load(ckpt_dir, weights_only=True)',
      'def resume(ckpt_path):',
      '    if not utils.fsspec_exists(ckpt_path):',
      '        return None',
      '    return torch.load(ckpt_path, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['not tf.io.gfile.exists(ckpt_dir)', 'not utils.fsspec_exists(ckpt_path)']);
  });

  it('does not flag those existence tests when the missing branch raises, or when the path is a log folder', async () => {
    const source = lines(
      'import torch',
      'def restore(ckpt_dir, state):',
      '    if not tf.io.gfile.exists(ckpt_dir):',
      '        raise FileNotFoundError(f"no checkpoint at {ckpt_dir}: train first")',
      '    return torch.load(ckpt_dir, weights_only=True)',
      'def logs(log_dir):',
      '    if not fs.exists(log_dir):',
      '        return []',
      '    return fs.ls(log_dir)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('takes a path loaded as an artifact below, or tested in a checkpoint function, as an artifact path', async () => {
    const source = lines(
      'import os, torch',
      'def restart(ckp_path):',
      '    if not os.path.isfile(ckp_path):',
      '        return',
      '    checkpoint = torch.load(ckp_path, weights_only=True)',
      'def load_optimizer_checkpoint(cfg):',
      '    opt_file = cfg.folder / cfg.opt_name',
      '    if not opt_file.is_file():',
      '        print("optimizer state not present, returning")',
      '        return',
    );
    assert.deepEqual(await flagged(source), ['not os.path.isfile(ckp_path)', 'not opt_file.is_file()']);
  });

  it('does not take a path as an artifact when nothing loads it and the function is about something else', async () => {
    const source = lines(
      'import os, torch',
      'def read_labels(label_file):',
      '    if not os.path.isfile(label_file):',
      '        return',
      '    return open(label_file).read()',
      'def load_vocabulary(cfg):',
      '    vocab_file = cfg.folder / cfg.vocab_name',
      '    if not vocab_file.is_file():',
      '        return',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags an else branch that logs and then loads other weights (nested ifs included)', async () => {
    const source = lines(
      'import os, torch',
      'def load_pretrained(model, pretrained_weights, arch):',
      '    if os.path.isfile(pretrained_weights):',
      '        model.load_state_dict(torch.load(pretrained_weights, weights_only=True))',
      '    else:',
      '        print("no weights given, using reference weights")',
      '        url = None',
      '        if arch == "vit_small":',
      '            url = "vits16.pth"',
      '        if url is not None:',
      '            model.load_state_dict(torch.hub.load_state_dict_from_url(url))',
    );
    assert.deepEqual(await flagged(source), ['os.path.isfile(pretrained_weights)']);
  });

  it('does not flag an else branch that produces the missing file, or one that fails', async () => {
    const source = lines(
      'import os, sys, torch',
      'def load_pretrained(model, pretrained_weights, url):',
      '    if os.path.isfile(pretrained_weights):',
      '        model.load_state_dict(torch.load(pretrained_weights, weights_only=True))',
      '    else:',
      '        print("fetching the weights")',
      '        download(url, pretrained_weights)',
      'def load_teacher(model, teacher_path):',
      '    if os.path.isfile(teacher_path):',
      '        model.load_state_dict(torch.load(teacher_path, weights_only=True))',
      '    else:',
      '        logger.error("teacher weights missing at %s", teacher_path)',
      '        sys.exit(1)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags `if exists(p): return p` followed by `return None`, and handlers that log at error level', async () => {
    const source = lines(
      'import torch',
      'def find_ema_checkpoint(main_checkpoint, rate):',
      '    path = bf.join(bf.dirname(main_checkpoint), f"ema_{rate}.pt")',
      '    if bf.exists(path):',
      '        return path',
      '    return None',
      'def load(path):',
      '    try:',
      '        return torch.load(path, weights_only=True)',
      '    except Exception as error:',
      '        logger.error("could not load %s: %s", path, error)',
    );
    assert.deepEqual(await flagged(source), ['bf.exists(path)', 'except Exception as error:']);
  });

  it('does not flag `if exists(p): return p` followed by a raise', async () => {
    const source = lines(
      'import torch',
      'def find_ema_checkpoint(main_checkpoint, rate):',
      '    path = bf.join(bf.dirname(main_checkpoint), f"ema_{rate}.pt")',
      '    if bf.exists(path):',
      '        return path',
      '    raise FileNotFoundError(f"EMA weights missing at {path}")',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags a discovered path or the configured one (`find_resume_checkpoint() or self.resume_checkpoint`)', async () => {
    const source = lines('import torch', 'class Loop:', '    def load(self):', '        resume_checkpoint = find_resume_checkpoint() or self.resume_checkpoint');
    assert.deepEqual(await flagged(source), ['find_resume_checkpoint() or self.resume_checkpoint']);
  });

  it('does not flag `or` defaults of calls that name no artifact', async () => {
    const source = lines('import torch', 'class Loop:', '    def name(self):', '        run_name = get_run_name() or self.default_name');
    assert.deepEqual(await flagged(source), []);
  });

  it('flags `(folder / r_file) if r_file is not None else latest_path` when the default is a checkpoint', async () => {
    const source = lines(
      'import torch',
      'from pathlib import Path',
      'def main(folder, r_file, tag):',
      '    latest_path = Path(folder) / f"{tag}-latest.pth.tar"',
      '    load_path = (Path(folder) / r_file) if r_file is not None else latest_path',
    );
    assert.deepEqual(await flagged(source), ['(Path(folder) / r_file) if r_file is not None else latest_path']);
  });

  it('does not flag the same expression when the default is None', async () => {
    const source = lines('import torch', 'from pathlib import Path', 'def main(folder, r_file):', '    load_path = (Path(folder) / r_file) if r_file is not None else None');
    assert.deepEqual(await flagged(source), []);
  });

  it('flags `best if best.exists() else last`, not which existing files to process or a display label', async () => {
    const source = lines(
      'import torch',
      'def finish(last, best):',
      '    for m in (last, best) if best.exists() else (last):',
      '        evaluate(m)',
      '    label = "Best" if best.exists() else "Last"',
      '    final = best if best.exists() else last',
    );
    assert.deepEqual(await flagged(source), ['best if best.exists() else last']);
  });

  it('does not take an object loaded from a checkpoint for a path (`if checkpoint_model is None: checkpoint_model = checkpoint`)', async () => {
    const source = lines(
      'import torch',
      'def finetune(path, keys):',
      '    checkpoint = torch.load(path, weights_only=True)',
      '    checkpoint_model = None',
      '    for key in keys:',
      '        if key in checkpoint:',
      '            checkpoint_model = checkpoint[key]',
      '    if checkpoint_model is None:',
      '        checkpoint_model = checkpoint',
      'def pick(checkpoint_path):',
      '    if checkpoint_path is None:',
      '        checkpoint_path = "osc_jobs/teacher/best.pt"',
    );
    assert.deepEqual(await flagged(source), ['checkpoint_path is None']);
  });

  it('does not flag a handler that retries the load another way, nor `except: pass` before loading the other file', async () => {
    const source = lines(
      'import torch',
      'def restore(value, checkpoint, key):',
      '    try:',
      '        value.load_state_dict(checkpoint[key], strict=False)',
      '    except TypeError:',
      '        value.load_state_dict(checkpoint[key])',
      'def weights(names):',
      '    for name in names:',
      '        try:',
      '            return safetensors.torch.load_file(download(name + ".safetensors"))',
      '        except EntryNotFoundError:',
      '            pass',
      '    return torch.load(download(names[0]), weights_only=True)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags `except: pass` around a load when nothing else is loaded afterwards', async () => {
    const source = lines(
      'import torch',
      'def weights(names):',
      '    for name in names:',
      '        try:',
      '            return safetensors.torch.load_file(download(name + ".safetensors"))',
      '        except EntryNotFoundError:',
      '            pass',
      '    return None',
    );
    assert.deepEqual(await flagged(source), ['except EntryNotFoundError:']);
  });

  it('does not read the else of a folder test as the missing branch (`if os.path.isdir(p): ... else: ...`)', async () => {
    const source = lines(
      'import os, torch',
      'def main(args):',
      '    if os.path.isdir(args.checkpoint):',
      '        checkpoints = sorted(os.listdir(args.checkpoint))',
      '    else:',
      '        args.pretrained = True',
      'def resume(args):',
      '    if os.path.isfile(args.checkpoint):',
      '        state = torch.load(args.checkpoint, weights_only=True)',
      '    else:',
      '        args.pretrained = True',
    );
    assert.deepEqual(await flagged(source), ['os.path.isfile(args.checkpoint)']);
  });

  it('does not take a local None test (`def exists(val): return val is not None`) for an existence test', async () => {
    const source = lines(
      'import torch',
      'def exists(val):',
      '    return val is not None',
      'def load(self, ckpt_path):',
      '    if exists(self.ckpt_path):',
      '        return torch.load(self.ckpt_path, weights_only=True)',
      '    return None',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags a path default but not a display label chosen when no checkpoint is given', async () => {
    const source = lines(
      'import torch',
      'def main(args):',
      '    ckpt_path = args.ckpt or f"DiT-XL-2-{args.image_size}.pt"',
      '    ckpt_name = os.path.basename(args.ckpt).replace(".pt", "") if args.ckpt else "pretrained"',
    );
    assert.deepEqual(await flagged(source), ['args.ckpt or f"DiT-XL-2-{args.image_size}.pt"']);
  });

  it('flags a default checkpoint path, but not a default object or setting named after checkpoints (checkpoint_io, ckpt_every)', async () => {
    const flaggedSource = lines(
      'import torch',
      'class Strategy:',
      '    def restore(self):',
      '        if self._checkpoint_path is None:',
      '            self._checkpoint_path = "checkpoints/last.ckpt"',
      '        return torch.load(self._checkpoint_path, weights_only=True)',
    );
    assert.deepEqual(await flagged(flaggedSource), ['self._checkpoint_path is None']);
    const quietSource = lines(
      'import torch',
      'class Strategy:',
      '    def restore(self, path):',
      '        if self._checkpoint_io is None:',
      '            self._checkpoint_io = TorchCheckpointIO()',
      '        if not self.ckpt_every:',
      '            self.ckpt_every = 1000',
      '        return torch.load(path, weights_only=True)',
    );
    assert.deepEqual(await flagged(quietSource), []);
  });

  it('does not flag a handler that waits while the loop loads the same file again, or records the failure for a check', async () => {
    const source = lines(
      'import time, torch',
      'def load_retrying(path_data, trials=3):',
      '    res, exception = None, None',
      '    for _ in range(trials):',
      '        try:',
      '            res = torch.load(path_data, weights_only=True)',
      '        except Exception as ex:',
      '            exception = ex',
      '            time.sleep(0.1)',
      '        else:',
      '            break',
      '    if exception is not None and res is None:',
      '        raise exception',
      '    return res',
      'def test_strict_load(ckpt_path):',
      '    try:',
      '        Model.load_from_checkpoint(ckpt_path)',
      '    except Exception:',
      '        failed = True',
      '    else:',
      '        failed = False',
      '    assert failed, "the extra layer must not load"',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags a loop that tries the next candidate on failure, and a recorded failure nothing checks', async () => {
    const source = lines(
      'import torch',
      'def load_any(candidates):',
      '    for path in candidates:',
      '        try:',
      '            return torch.load(path, weights_only=True)',
      '        except Exception:',
      '            pass',
      'def load_quietly(ckpt_path):',
      '    try:',
      '        state = torch.load(ckpt_path, weights_only=True)',
      '    except Exception:',
      '        failed = True',
      '    return None',
    );
    assert.deepEqual(await flagged(source), ['except Exception:', 'except Exception:']);
  });

  it('flags an unset checkpoint path given a default inside an `and` condition, with a warning or a message beside it', async () => {
    const source = lines(
      'import torch',
      'from lightning.pytorch.utilities.rank_zero import rank_zero_warn',
      'def parse(ckpt_path, resuming, model_connected):',
      '    if ckpt_path is None and resuming:',
      '        ckpt_path = "last"',
      '        rank_zero_warn("no ckpt_path given: the last checkpoint is used")',
      '    if model_connected and ckpt_path is None:',
      '        ckpt_path = "best"',
      '        tip = " pass ckpt_path to choose" if resuming else ""',
      '        rank_zero_warn("the best checkpoint is used" + tip)',
      '    return torch.load(ckpt_path, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['ckpt_path is None and resuming', 'model_connected and ckpt_path is None']);
  });

  it('does not flag an `and` condition that sets a flag or a count, or whose branch does other work', async () => {
    const source = lines(
      'import torch',
      'def stats(values, force_weights, mask_screen, weights):',
      '    if not force_weights and mask_screen:',
      '        force_weights = any(v is None for v in values)',
      '    if weights is None:',
      '        weights = np.ones_like(values)',
      '        total = len(values)',
      '    return torch.tensor(weights)',
      'def parse(ckpt_path, resuming):',
      '    if ckpt_path is None and resuming:',
      '        ckpt_path = "last"',
      '        model = build_model()',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('takes a private existence helper (`_is_dir(fs, path)`) as an existence test in a resume-path function', async () => {
    const source = lines(
      'from lightning.fabric.utilities.cloud_io import _is_dir',
      'def hpc_resume_path(root):',
      '    fs, path = url_to_fs(root)',
      '    if not _is_dir(fs, path):',
      '        return None',
      '    return path + "/hpc_ckpt_1.ckpt"',
    );
    assert.deepEqual(await flagged(source), ['not _is_dir(fs, path)']);
  });

  it('does not flag the same helper when its missing branch raises, or in a function that is not about checkpoints', async () => {
    const source = lines(
      'from lightning.fabric.utilities.cloud_io import _is_dir',
      'def hpc_resume_path(root):',
      '    fs, path = url_to_fs(root)',
      '    if not _is_dir(fs, path):',
      '        raise FileNotFoundError(f"{root} holds no HPC checkpoint: run with --resume only after a save")',
      '    return path + "/hpc_ckpt_1.ckpt"',
      'def plot_folder(root):',
      '    fs, path = url_to_fs(root)',
      '    if not _is_dir(fs, path):',
      '        return None',
      '    return path',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('does not flag restoring saved state, a log root default, or a label for a checkpoint', async () => {
    const source = lines(
      'import torch',
      'class Callback:',
      '    def load_state_dict(self, state_dict):',
      '        self.best_model_path = state_dict.get("best_model_path", self.best_model_path)',
      '    def setup(self, root_dir, experiment):',
      '        self.root = root_dir or "./lightning_logs"',
      '        key = self._checkpoint_name or experiment.name',
      '        if not self._checkpoint_name:',
      '            self._checkpoint_name = f"model-{experiment.id}"',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags a saved-state default that is another path, a checkpoint under the log root, and a label written as a file', async () => {
    const source = lines(
      'import torch',
      'class Callback:',
      '    def load_state_dict(self, state_dict):',
      '        self.best_model_path = state_dict.get("best_model_path", self.last_model_path)',
      '    def setup(self, ckpt_path, experiment):',
      '        self.ckpt = ckpt_path or "./lightning_logs/version_0/checkpoints/last.ckpt"',
      '        if not self._checkpoint_name:',
      '            self._checkpoint_name = "checkpoints/best.ckpt"',
    );
    assert.deepEqual(await flagged(source), [
      'state_dict.get("best_model_path", self.last_model_path)',
      'ckpt_path or "./lightning_logs/version_0/checkpoints/last.ckpt"',
      'not self._checkpoint_name',
    ]);
  });

  it('does not flag a conversion that keeps an unset value unset (`asarray(w) if w is not None else w`)', async () => {
    const source = lines(
      'import torch',
      'def f(weights):',
      '    weights = xp.asarray(weights) if weights is not None else weights',
      '    return weights',
      'def g(weights, default_weights):',
      '    return torch.load(weights if weights is not None else default_weights, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['weights if weights is not None else default_weights']);
  });

  it('does not flag a check that records the failure for the result it returns', async () => {
    const source = lines(
      'import torch',
      'def validate_checkpoint(checkpoint_path, model):',
      '    errors = []',
      '    if not checkpoint_path.is_file():',
      '        errors.append(f"Checkpoint file not found: {checkpoint_path}")',
      '    else:',
      '        try:',
      '            state = torch.load(checkpoint_path, weights_only=True)',
      '        except Exception as e:',
      '            errors.append(f"Failed to load checkpoint: {e}")',
      '    return Result(is_valid=not errors, errors=errors)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same check when the recorded failure is only printed', async () => {
    const source = lines(
      'import torch',
      'def validate_checkpoint(checkpoint_path, model):',
      '    errors = []',
      '    if not checkpoint_path.is_file():',
      '        errors.append(f"Checkpoint file not found: {checkpoint_path}")',
      '    print(f"problems: {errors}")',
      '    return model',
    );
    assert.deepEqual(await flagged(source), ['not checkpoint_path.is_file()']);
  });

  it('does not flag a default output folder that the function creates', async () => {
    const source = lines(
      'import torch',
      'def evaluate(checkpoint_dir, out_dir=None):',
      '    if out_dir is None:',
      '        out_dir = checkpoint_dir / "evaluate"',
      '    out_dir.mkdir(parents=True, exist_ok=True)',
      '    torch.save(results, out_dir / "results.pt")',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags a default checkpoint path that is loaded, not created', async () => {
    const source = lines(
      'import torch',
      'def evaluate(checkpoint_dir, ckpt_path=None):',
      '    if ckpt_path is None:',
      '        ckpt_path = checkpoint_dir / "best.pth"',
      '    return torch.load(ckpt_path, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['ckpt_path is None']);
  });

  it('does not flag a missing resume file whose branch builds what the function saves there', async () => {
    const source = lines(
      'import os, torch',
      'def train(args, loader, model):',
      '    mb_path = os.path.join(args.dump_path, "mb.pth")',
      '    if os.path.isfile(mb_path):',
      '        embeddings = torch.load(mb_path, weights_only=True)["embeddings"]',
      '    else:',
      '        embeddings = init_memory(loader, model)',
      '    for epoch in range(args.epochs):',
      '        embeddings = step(loader, model, embeddings)',
      '        torch.save({"embeddings": embeddings}, mb_path)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same check when the missing branch builds something that is not saved there', async () => {
    const source = lines(
      'import os, torch',
      'def train(args, loader, model):',
      '    mb_path = os.path.join(args.dump_path, "mb.pth")',
      '    if os.path.isfile(mb_path):',
      '        embeddings = torch.load(mb_path, weights_only=True)["embeddings"]',
      '    else:',
      '        embeddings = init_memory(loader, model)',
      '    torch.save(model.state_dict(), mb_path)',
    );
    assert.deepEqual(await flagged(source), ['os.path.isfile(mb_path)']);
  });

  it('flags a handler that returns no checkpoint when the pointer to the last checkpoint cannot be read', async () => {
    const source = lines(
      'import os, torch',
      'class Checkpointer:',
      '    def get_checkpoint_file(self):',
      '        save_file = os.path.join(self.save_dir, f"last_checkpoint.{self.rank}")',
      '        try:',
      '            with open(save_file, "r") as f:',
      '                last_saved = f.read().strip()',
      '        except IOError:',
      '            return ""',
      '        return os.path.join(self.save_dir, last_saved)',
    );
    assert.deepEqual(await flagged(source), ['except IOError:']);
  });

  it('does not flag the same handler around reading a dataset pickle or a config, or opening for writing', async () => {
    const source = lines(
      'import os, pickle, torch',
      'def load_split(data_dir, name, checkpoint_dir):',
      '    try:',
      '        with open(data_dir + name + "_6.pkl", "rb") as f:',
      '            split = pickle.load(f)',
      '    except FileNotFoundError:',
      '        print("prepare the pkl files first")',
      '    try:',
      '        with open(checkpoint_dir / "model_config.yaml") as f:',
      '            config = f.read()',
      '    except IOError:',
      '        return ""',
      '    try:',
      '        with open(os.path.join(checkpoint_dir, "last_checkpoint"), "w") as f:',
      '            f.write(name)',
      '    except IOError:',
      '        pass',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('does not flag a handler that prints, records the failure, and exits on it at the end', async () => {
    const source = lines(
      'import torch',
      'def main(checkpoint_path):',
      '    all_passed = True',
      '    try:',
      '        state = torch.load(checkpoint_path, weights_only=True)',
      '    except Exception as e:',
      '        print(f"failed to load: {e}")',
      '        all_passed = False',
      '    if not all_passed:',
      '        raise SystemExit(1)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same handler when nothing acts on the recorded failure', async () => {
    const source = lines(
      'import torch',
      'def main(checkpoint_path):',
      '    all_passed = True',
      '    try:',
      '        state = torch.load(checkpoint_path, weights_only=True)',
      '    except Exception as e:',
      '        print(f"failed to load: {e}")',
      '        all_passed = False',
      '    print("done", all_passed)',
    );
    assert.deepEqual(await flagged(source), ['except Exception as e:']);
  });

  it('reads a checkpoint pointer written as a literal (`open("last_checkpoint")`) before the gate lets the file through', async () => {
    const source = lines(
      'import torch',
      'def resume(model):',
      '    try:',
      '        with open("last_checkpoint") as f:',
      '            name = f.read().strip()',
      '    except FileNotFoundError:',
      '        return model',
      '    return torch.load(name, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['except FileNotFoundError:']);
    assert.equal(silentFallbackRule.mayFind?.(source, createLayoutModel(defaultLayoutSettings), defaultRuleVocabulary), true);
  });

  it('does not parse a file whose only opens are definitions, empty calls or plain non-artifact paths (the gate says no)', () => {
    const source = lines(
      'import torch  # a trigger word, so only the gate decides',
      'class Reader:',
      '    def open(self, host=""):',
      '        pass',
      'try:',
      '    data = open("/etc/hosts").read()',
      '    handle = io.open()',
      'except OSError:',
      '    data = ""',
    );
    assert.equal(silentFallbackRule.mayFind?.(source, createLayoutModel(defaultLayoutSettings), defaultRuleVocabulary), false);
  });

  it('flags an unset resume path given the latest discovered checkpoint (`args.resume = get_last_checkpoint(args)`)', async () => {
    const source = lines(
      'import torch',
      'def load_model(args, model):',
      '    if not args.resume:',
      '        args.resume = get_last_checkpoint(args)',
      '    if args.resume:',
      '        model.load_state_dict(torch.load(args.resume, weights_only=True)["model"])',
    );
    assert.deepEqual(await flagged(source), ['not args.resume']);
  });

  it('does not flag a resume flag copied from the config, arithmetic defaults, measures, or where output is written', async () => {
    const source = lines(
      'import torch',
      'def load_model(args, cfg, datasets, meta, ckpt):',
      '    if not args.resume:',
      '        args.resume = cfg.resume',
      '    if not weights:',
      '        weights = [1] * len(datasets)',
      '    if checkpoint_unsharded_shape is None:',
      '        checkpoint_unsharded_shape = meta.unsharded_shape',
      '    if output_path is None:',
      '        output_path = ckpt.parent / "model-int4.pth"',
      '    torch.save(weights, output_path)',
    );
    assert.deepEqual(await flagged(source), []);
  });
});

// RR001 patterns from the real-code accuracy benchmark (bench/accuracy/cases.json), each as a minimal hand-written
// reproduction with a twin that must stay quiet.
import assert from 'node:assert/strict';
import { legacyDiscoveryRule } from '../../../src/core/rules/legacyDiscoveryRule';
import { check, textAt } from './ruleTestSupport';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

async function flagged(source: string): Promise<string[]> {
  return (await check(legacyDiscoveryRule, source)).map((finding) => textAt(source, finding.range));
}

describe('RR001 legacy-artifact-discovery: patterns from real code', () => {
  it('flags a helper whose name says it finds checkpoints, though its pattern comes from its callers elsewhere', async () => {
    const source = lines(
      'import glob, os, torch',
      'def scan_checkpoint(cp_dir, prefix):',
      '    cp_list = glob.glob(os.path.join(cp_dir, prefix + "*"))',
      '    return sorted(cp_list)[-1] if cp_list else None',
      'def get_latest_checkpoint_folder(path):',
      '    return max(int(name) for name in os.listdir(path))',
    );
    assert.deepEqual(await flagged(source), ['glob.glob(os.path.join(cp_dir, prefix + "*"))', 'os.listdir(path)']);
  });

  it('does not flag the same helpers when their names are about other files', async () => {
    const source = lines(
      'import glob, os, torch',
      'def scan_inputs(in_dir, prefix):',
      '    found = glob.glob(os.path.join(in_dir, prefix + "*"))',
      '    return sorted(found)[-1] if found else None',
      'def latest_run_number(path):',
      '    return max(int(name) for name in os.listdir(path))',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags matches kept as checkpoints, and extension filters written without the dot', async () => {
    const source = lines(
      'import glob, os, torch',
      'def reload(basedir, expname, pattern):',
      '    ckpts = [os.path.join(basedir, f) for f in sorted(os.listdir(os.path.join(basedir, expname))) if "tar" in f]',
      '    checkpoints = glob.glob(pattern, recursive=True)',
      '    newest = [f for f in os.listdir(basedir) if "ckpt" in f][-1]',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(os.path.join(basedir, expname))', 'glob.glob(pattern, recursive=True)', 'os.listdir(basedir)']);
  });

  it('does not flag the same searches when the matches are kept as data', async () => {
    const source = lines(
      'import glob, os, torch',
      'def inputs(basedir, expname, pattern):',
      '    frames = [os.path.join(basedir, f) for f in sorted(os.listdir(os.path.join(basedir, expname))) if "tar" in f]',
      '    images = glob.glob(pattern, recursive=True)',
      '    tables = [f for f in os.listdir(basedir) if "csv" in f][-1]',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags archived checkpoints (`*.pth.tar`), not plain archives (`*.tar`)', async () => {
    const source = lines('import glob, torch', 'found = glob.glob(args.checkpoint + "/*.pth.tar")', 'shards = glob.glob(args.data + "/*.tar")');
    assert.deepEqual(await flagged(source), ['glob.glob(args.checkpoint + "/*.pth.tar")']);
  });

  it('does not flag a membership test that one named file was written (tests)', async () => {
    const source = lines(
      'import os, torch',
      'def test_saves_best(tmp_path):',
      '    assert "best.ckpt" in os.listdir(tmp_path)',
      '    assert "last.ckpt" not in os.listdir(tmp_path)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('does not flag a listing that is only asserted on: its contents, its count, or kept in a variable only asserts read', async () => {
    const source = lines(
      'import glob, os, torch',
      'def test_top_k(tmp_path):',
      '    assert set(os.listdir(tmp_path / "checkpoints")) == {"last.ckpt", "step=2.ckpt"}',
      '    assert len(glob.glob(str(tmp_path / "*.ckpt"))) == 3',
      '    assert not os.listdir(tmp_path / "ckpts")',
      '    ckpt_files = list(tmp_path.glob("*.ckpt"))',
      '    assert len(ckpt_files) == 3, sorted(ckpt_files)',
      '    assert not any(f for f in os.listdir(tmp_path) if f.startswith(".tmp_model"))',
      '    names = {p.name for p in tmp_path.glob("*.ckpt")}',
      '    assert names == {"last.ckpt"}',
      '    names = sorted(os.listdir(tmp_path / "logs"))',
      '    trainer.ckpt_files = None',
      '    left = glob.glob(str(tmp_path / ".lr_find_*.ckpt"))',
      '    assert len(left) == 0, (f"not cleaned up: {left}")',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same listings when a match is used beyond the assert', async () => {
    const source = lines(
      'import glob, os, torch',
      'def test_top_k(tmp_path):',
      '    ckpt_files = list(tmp_path.glob("*.ckpt"))',
      '    assert len(ckpt_files) == 3',
      '    state = torch.load(ckpt_files[0], weights_only=True)',
      '    assert torch.load(sorted(glob.glob(str(tmp_path / "*.ckpt")))[-1], weights_only=True)["epoch"] == 2',
    );
    assert.deepEqual(await flagged(source), ['tmp_path.glob("*.ckpt")', 'glob.glob(str(tmp_path / "*.ckpt"))']);
  });

  it('still flags a search in a test that picks a checkpoint to load', async () => {
    const source = lines('import os, torch', 'def test_resume(tmp_path):', '    best = [f for f in os.listdir(tmp_path) if f.endswith(".ckpt")][0]', '    torch.load(tmp_path / best, weights_only=True)');
    assert.deepEqual(await flagged(source), ['os.listdir(tmp_path)']);
  });

  it('does not attribute a filter on other lines of the function to an unrelated search', async () => {
    const source = lines(
      'import os, torch',
      'def setup(data_dir, ckpt):',
      '    classes = os.listdir(data_dir)',
      '    n_classes = len(classes)',
      '    if ckpt.endswith(".pt"):',
      '        model = torch.load(ckpt, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still follows the matches into the loop that filters them', async () => {
    const source = lines(
      'import os, torch',
      'def setup(run_dir):',
      '    entries = os.listdir(run_dir)',
      '    for entry in entries:',
      '        if entry.endswith(".pt"):',
      '            return torch.load(os.path.join(run_dir, entry), weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(run_dir)']);
  });

  it('does not flag a search whose matches are only deleted, in a function (or module) that also trains', async () => {
    const source = lines(
      'import glob, os, torch',
      'def train(model, ckpt_dir, epochs):',
      '    for epoch in range(epochs):',
      '        torch.save(model.state_dict(), f"{ckpt_dir}/epoch_{epoch}.pkl")',
      '        files = glob.glob(ckpt_dir + "/*.pkl")',
      '        for file in files:',
      '            if int(file.split("_")[-1].split(".")[0]) < epoch - 1:',
      '                os.remove(file)',
      '    model.load_state_dict(torch.load(f"{ckpt_dir}/epoch_{epochs - 1}.pkl", weights_only=True))',
      'files = glob.glob("*.pkl")',
      'for file in files:',
      '    os.remove(file)',
      'model.load_state_dict(torch.load("best.pkl", weights_only=True))',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same search when its matches are loaded', async () => {
    const source = lines(
      'import glob, os, torch',
      'def resume(model, ckpt_dir):',
      '    files = glob.glob(ckpt_dir + "/*.pkl")',
      '    for file in files:',
      '        model.load_state_dict(torch.load(file, weights_only=True))',
    );
    assert.deepEqual(await flagged(source), ['glob.glob(ckpt_dir + "/*.pkl")']);
  });

  it('does not flag a listing whose matches only feed asserts through derived values or an asserting loop', async () => {
    const source = lines(
      'import os, re, torch',
      'def test_names(tmp_path):',
      '    ckpts = os.listdir(tmp_path)',
      '    ckpts = [x for x in ckpts if "val_loss" in x]',
      '    assert len(ckpts) == 1',
      '    val = re.sub("[^0-9.]", "", ckpts[0])',
      '    assert len(val) > 3',
      'def test_shards(checkpoint_path):',
      '    shards = os.listdir(checkpoint_path)',
      '    for name in shards:',
      '        assert re.match(r"checkpoint_rank-\\d+\\.pth", name)',
      'def test_last(tmp_path):',
      '    files = list(tmp_path.glob("*.ckpt"))',
      '    names = [f.name for f in files]',
      '    assert "last.ckpt" in names, f"got {names}"',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags those listings when a derived value or the loop loads what was found', async () => {
    const source = lines(
      'import os, torch',
      'def test_names(tmp_path):',
      '    ckpts = os.listdir(tmp_path)',
      '    ckpts = [x for x in ckpts if x.endswith(".ckpt")]',
      '    assert len(ckpts) == 1',
      '    state = torch.load(os.path.join(tmp_path, ckpts[0]), weights_only=True)',
      'def test_shards(checkpoint_path):',
      '    shards = os.listdir(checkpoint_path)',
      '    for name in shards:',
      '        assert name.endswith(".pth")',
      '        torch.load(os.path.join(checkpoint_path, name), weights_only=True)',
      'def test_loaded(tmp_path):',
      '    ckpts = [torch.load(c, weights_only=True) for c in tmp_path.iterdir()]',
      '    ckpts = [c["callbacks"] for c in ckpts]',
      '    assert len(ckpts) == 3',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(tmp_path)', 'os.listdir(checkpoint_path)', 'tmp_path.iterdir()']);
  });

  it('flags a filesystem object listing checkpoints (`fs.listdir`, `self._fs.ls`)', async () => {
    const source = lines(
      'import torch',
      'def newest(fs, root):',
      '    names = [f["name"] for f in fs.listdir(root) if "hpc_ckpt_" in f["name"]]',
      '    return max(names)',
      'class Callback:',
      '    def last_checkpoints(self, ckpt_dir):',
      '        return {p for p in self._fs.ls(ckpt_dir) if p.endswith(".ckpt")}',
    );
    assert.deepEqual(await flagged(source), ['fs.listdir(root)', 'self._fs.ls(ckpt_dir)']);
  });

  it('does not flag a filesystem listing of data, nor `ls` on an object that is not a filesystem', async () => {
    const source = lines(
      'import torch',
      'def count_logs(fs, root):',
      '    return len([p for p in fs.ls(root) if p.endswith(".csv")])',
      'def members(group):',
      '    return [m for m in group.ls() if m.endswith(".ckpt")]',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('flags a checkpoint extension with a tool suffix after it (`*.pth.lora`, `*.pth.adapter_v2`)', async () => {
    const source = lines(
      'import torch',
      'def resume(out_dir):',
      '    latest = max(out_dir.rglob("step-*/*.pth.adapter_v2"), key=lambda p: int(p.parent.name.split("-")[1]))',
      '    lora = sorted(out_dir.glob("*.pth.lora"))[-1]',
      '    return latest, lora',
    );
    assert.deepEqual(await flagged(source), ['out_dir.rglob("step-*/*.pth.adapter_v2")', 'out_dir.glob("*.pth.lora")']);
  });

  it('does not flag a data or config file named after a checkpoint (`*.pth.json`, `*.ckpt.yaml`)', async () => {
    const source = lines(
      'import torch',
      'def summaries(out_dir):',
      '    notes = max(out_dir.rglob("step-*/*.pth.json"), key=lambda p: int(p.parent.name.split("-")[1]))',
      '    configs = sorted(out_dir.glob("*.ckpt.yaml"))[-1]',
      '    return notes, configs',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('reports one search for weights once per line, though it globs two patterns', async () => {
    const source = lines(
      'import torch',
      'def weight_files(ckpt_dir):',
      '    files = set(ckpt_dir.glob("*.pt")) | set(ckpt_dir.glob("*.safetensors"))',
      '    return sorted(files)',
    );
    assert.deepEqual(await flagged(source), ['ckpt_dir.glob("*.pt")']);
  });

  it('still reports two searches written on two lines', async () => {
    const source = lines(
      'import torch',
      'def weight_files(ckpt_dir):',
      '    files = set(ckpt_dir.glob("*.pt"))',
      '    files |= set(ckpt_dir.glob("*.safetensors"))',
      '    return sorted(files)',
    );
    assert.deepEqual(await flagged(source), ['ckpt_dir.glob("*.pt")', 'ckpt_dir.glob("*.safetensors")']);
  });

  it('does not flag checkpoints listed only for the help text of an error', async () => {
    const source = lines(
      'import torch',
      'from pathlib import Path',
      'def check_dir(checkpoint_dir):',
      '    if (checkpoint_dir / "model.pth").is_file():',
      '        return',
      '    available = list(Path("checkpoints").glob("*/*.pth"))',
      '    extra = ""',
      '    if available:',
      '        extra = "\\n".join(repr(str(p)) for p in available)',
      '    raise FileNotFoundError(f"{checkpoint_dir} is not a checkpoint directory. Downloaded: {extra}")',
    );
    assert.deepEqual(await flagged(source), []);
  });

  it('still flags the same listing when a match is picked from it', async () => {
    const source = lines(
      'import torch',
      'from pathlib import Path',
      'def check_dir(checkpoint_dir):',
      '    if (checkpoint_dir / "model.pth").is_file():',
      '        return checkpoint_dir / "model.pth"',
      '    available = list(Path("checkpoints").glob("*/*.pth"))',
      '    if available:',
      '        print("\\n".join(repr(str(p)) for p in available))',
      '    return available[0]',
    );
    assert.deepEqual(await flagged(source), ['Path("checkpoints").glob("*/*.pth")']);
  });

  it('follows a loop variable over a module constant of extensions into the glob pattern', async () => {
    const source = lines(
      'import torch',
      '_EXT_PRIORITY = (".safetensors", ".pth", ".bin")',
      'def first_weights(path):',
      '    for ext in _EXT_PRIORITY:',
      '        files = sorted(path.glob(f"*{ext}"))',
      '        if files:',
      '            return files[0]',
      '    return None',
    );
    assert.deepEqual(await flagged(source), ['path.glob(f"*{ext}")']);
  });

  it('does not flag the same loop over a constant of data extensions', async () => {
    const source = lines(
      'import torch',
      '_TABLES = (".csv", ".parquet")',
      'def first_table(path):',
      '    for ext in _TABLES:',
      '        files = sorted(path.glob(f"*{ext}"))',
      '        if files:',
      '            return files[0]',
      '    return None',
    );
    assert.deepEqual(await flagged(source), []);
  });
});

describe('RR001 legacy-artifact-discovery: where the matches are used, read on the parse tree', () => {
  it('reads a filter in a comprehension written over several lines', async () => {
    const source = lines(
      'import os, torch',
      'def pick(args):',
      '    found = [',
      '        f',
      '        for f in os.listdir(args.out)',
      '        if f.endswith(".pt")',
      '    ]',
      '    return found',
      'def pick_data(args):',
      '    found = [',
      '        f',
      '        for f in os.listdir(args.out)',
      '        if f.endswith(".json")',
      '    ]',
      '    return found',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(args.out)']);
    assert.equal((await check(legacyDiscoveryRule, source))[0]?.range.line, 5);
  });

  it('does not read a filter on a line that names the matches but tests something else', async () => {
    const source = lines(
      'import os, torch',
      'def load(args, ckpt_path):',
      '    entries = os.listdir(args.out)',
      '    if ckpt_path.endswith(".pt") and entries:',
      '        return torch.load(ckpt_path, weights_only=True)',
      'def load_first(args, ckpt_path):',
      '    entries = os.listdir(args.out + "/runs")',
      '    if entries[0].endswith(".pt"):',
      '        return torch.load(ckpt_path, weights_only=True)',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(args.out + "/runs")']);
  });

  it('reads a search kept in an attribute by its own statement, not by the rest of the function', async () => {
    const source = lines(
      'import glob, os, torch',
      'class Frames:',
      '    def setup(self, cfg):',
      '        self.paths = sorted(glob.glob(os.path.join(cfg.root, "*")))',
      '        if cfg.name == "best":',
      '            self.mode = 1',
      '    def setup_weights(self, cfg):',
      '        self.paths = [p for p in glob.glob(os.path.join(cfg.root, "*")) if p.endswith(".ckpt")]',
    );
    assert.deepEqual(await flagged(source), ['glob.glob(os.path.join(cfg.root, "*"))']);
    assert.equal((await check(legacyDiscoveryRule, source))[0]?.range.line, 8);
  });

  it('reads an fnmatch pattern whatever expression names the match, and reports the search it filters', async () => {
    const source = lines(
      'import fnmatch, os, torch',
      'def find(args):',
      '    for f in os.listdir(args.out):',
      '        if fnmatch.fnmatch(os.path.basename(f), "*.ckpt"):',
      '            return f',
      'def find_table(args):',
      '    for f in os.listdir(args.tables):',
      '        if fnmatch.fnmatch(os.path.basename(f), "*.csv"):',
      '            return f',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(args.out)']);
  });

  it('follows a match into a path built from it (`p = os.path.join(d, name)`)', async () => {
    const source = lines(
      'import os, torch',
      'def load(args):',
      '    names = os.listdir(args.out)',
      '    for n in names:',
      '        p = os.path.join(args.out, n)',
      '        if p.endswith(".pt"):',
      '            return torch.load(p, weights_only=True)',
      'def read_table(args):',
      '    names = os.listdir(args.tables)',
      '    for n in names:',
      '        p = os.path.join(args.tables, n)',
      '        if p.endswith(".csv"):',
      '            return open(p).read()',
    );
    assert.deepEqual(await flagged(source), ['os.listdir(args.out)']);
  });

  it('does not flag a loop that only deletes the matches, though the function loads another file after it', async () => {
    const source = lines(
      'import glob, os, torch',
      'def train(model, ckpt_dir, best):',
      '    for old in sorted(glob.glob(os.path.join(ckpt_dir, "*.ckpt")))[:-3]:',
      '        os.remove(old)',
      '    model.load_state_dict(torch.load(best, weights_only=True))',
      'def resume(model, ckpt_dir, best):',
      '    for old in sorted(glob.glob(os.path.join(ckpt_dir, "*.ckpt")))[-1:]:',
      '        model.load_state_dict(torch.load(old, weights_only=True))',
      '    os.remove(best)',
    );
    assert.deepEqual(await flagged(source), ['glob.glob(os.path.join(ckpt_dir, "*.ckpt"))']);
    assert.equal((await check(legacyDiscoveryRule, source))[0]?.range.line, 7);
  });

  it('reads a suffix compared with a string written on either side', async () => {
    const source = lines(
      'import torch',
      'from pathlib import Path',
      'def find(args):',
      '    for p in Path(args.out).iterdir():',
      '        if ".pt" == p.suffix:',
      '            return p',
      'def find_table(args):',
      '    for p in Path(args.tables).iterdir():',
      '        if ".csv" == p.suffix:',
      '            return p',
    );
    assert.deepEqual(await flagged(source), ['Path(args.out).iterdir()']);
  });

  it('reads the filters on the name a `with ... as` gives the matches, not on other names in its body', async () => {
    const source = lines(
      'import os, torch',
      'def find(args, cfg_path):',
      '    with os.scandir(args.out) as it:',
      '        for e in it:',
      '            if cfg_path.endswith(".pt"):',
      '                return e',
      'def find_weights(args):',
      '    with os.scandir(args.weights) as it:',
      '        for e in it:',
      '            if e.name.endswith(".pt"):',
      '                return e',
    );
    assert.deepEqual(await flagged(source), ['os.scandir(args.weights)']);
  });

  it('flags iopath path managers listing checkpoints (`pathmgr.ls(d)`, `PathManager.ls(d)`), not their data listings', async () => {
    const source = lines(
      'import torch',
      'def get_last_checkpoint(d):',
      '    names = [f for f in pathmgr.ls(d) if "checkpoint" in f]',
      '    return sorted(names)[-1]',
      'def newest(path_manager, d):',
      '    return max(f for f in path_manager.ls(d) if f.endswith(".pth"))',
      'def tables(d):',
      '    return [f for f in pathmgr.ls(d) if f.endswith(".csv")]',
    );
    assert.deepEqual(await flagged(source), ['pathmgr.ls(d)', 'path_manager.ls(d)']);
  });
});

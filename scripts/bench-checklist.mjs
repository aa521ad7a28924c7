// Benchmark of the checklist (issue 5): evaluates the whole checklist on the example workspace and on a generated
// 2,000-file repository, then re-verifies after a one-file change and shows that only the items depending on that
// file are re-verified and only that file is re-read. A measurement, not a timed test.
//
//   node scripts/bench-checklist.mjs [--files 2000] [--repeat 20] [--matrix-only | --skip-matrix] [--verbose] [--case TEXT]
//
// First the reviewer-agreement benchmark (scripts/checklistMatrix.mjs, issue 16), then the timings.
//
// The core is bundled from src/ with esbuild on the fly, so the figures are for the current sources.
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const require = createRequire(import.meta.url);
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const generatedFiles = argument('files', 2000);
const matrixOnly = process.argv.includes('--matrix-only');
const skipMatrix = process.argv.includes('--skip-matrix');
const verbose = process.argv.includes('--verbose');
const onlyIndex = process.argv.indexOf('--case');
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const repeat = argument('repeat', 20);

async function loadCore() {
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'rr-bench-checklist-'));
  const outfile = path.join(bundleDir, 'checklistCore.cjs');
  await build({
    stdin: {
      contents: [
        "export { loadChecklistProject } from './src/core/checklist/checklistProjectFile';",
        "export { createChecklistSession } from './src/core/checklist/checklistSession';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return { core: require(outfile), bundleDir };
}

const wasm = {
  runtimeDirectory: path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm')),
  grammarDirectory: path.dirname(require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
};

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

const ms = (value) => `${value.toFixed(1)} ms`;

/** A generated repository: the example workspace plus `count` realistic Python files. */
function generateRepository(count) {
  const target = mkdtempSync(path.join(tmpdir(), 'rr-bench-repo-'));
  cpSync(path.join(root, 'examples', 'legacy-research-repo'), target, { recursive: true });
  mkdirSync(path.join(target, '.git'));
  const trainingCount = Math.floor(count / 2);
  const modelCount = Math.floor(count / 4);
  const testCount = count - trainingCount - modelCount;
  const write = (relative, text) => {
    mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
    writeFileSync(path.join(target, relative), text);
  };
  for (let index = 0; index < trainingCount; index++) {
    const name = `module_${String(index).padStart(4, '0')}`;
    const legacy = index % 10 === 0;
    write(
      `src/training/generated/${name}.py`,
      `"""Generated training helper ${index}."""\n\nfrom __future__ import annotations\n\nimport glob\nimport os\nfrom pathlib import Path\n\nimport torch\n\n` +
        `from src.config.hydra_zen_configs import CANGraphConfig\n\n\n` +
        `def load_${name}(cfg: CANGraphConfig) -> dict[str, torch.Tensor]:\n` +
        (legacy
          ? `    candidates = glob.glob(os.path.join("osc_jobs", "**", "*.pth"), recursive=True)\n    return torch.load(max(candidates, key=os.path.getmtime))\n`
          : `    path = cfg.model_artifact_path()\n    if not path.is_file():\n        raise FileNotFoundError(f"No state_dict at {path}; train this configuration first.")\n    return torch.load(path, map_location="cpu", weights_only=True)\n`) +
        `\n\ndef data_files_${name}(data_dir: str) -> list[str]:\n    return sorted(glob.glob(os.path.join(data_dir, "*.csv")))\n\n\n` +
        `class Helper${index}:\n    def __init__(self, cfg: CANGraphConfig) -> None:\n        self.cfg = cfg\n        self.run_dir = cfg.canonical_experiment_dir()\n\n    def metrics_path(self) -> Path:\n        return self.run_dir / "metrics_${index}.json"\n`,
    );
  }
  for (let index = 0; index < modelCount; index++) {
    write(
      `src/models/model_${String(index).padStart(4, '0')}.py`,
      `"""Generated model ${index}."""\n\nfrom torch import nn\n\n\nclass Model${index}(nn.Module):\n    def __init__(self, hidden: int = ${32 + (index % 64)}) -> None:\n        super().__init__()\n        self.layers = nn.Sequential(nn.Linear(10, hidden), nn.ReLU(), nn.Linear(hidden, 2))\n\n    def forward(self, x):\n        return self.layers(x)\n`,
    );
  }
  for (let index = 0; index < testCount; index++) {
    write(
      `tests/test_generated_${String(index).padStart(4, '0')}.py`,
      `import pytest\n\nfrom src.config.hydra_zen_configs import CANGraphConfig\n\n\ndef test_value_${index}() -> None:\n    cfg = CANGraphConfig(model_size="teacher")\n    assert cfg.model_size == "teacher"\n\n\ndef test_rejects_${index}() -> None:\n    with pytest.raises(ValueError):\n        CANGraphConfig(model_size="xl").validate_config()\n`,
    );
  }
  return target;
}

async function measure(core, label, repository, changedFiles) {
  const loadStarted = performance.now();
  const loaded = core.loadChecklistProject(repository);
  if (!loaded.ok) throw new Error(`project file problems: ${JSON.stringify(loaded.problems)}`);
  const session = await core.createChecklistSession({ checklistProject: loaded.value, wasm });
  const loadMs = performance.now() - loadStarted;
  const cpuBefore = process.cpuUsage();
  const full = await session.evaluator.verify();
  const cpu = process.cpuUsage(cpuBefore);
  const files = session.workspace.listFiles().length;
  const summary = session.evaluator.snapshot(new Map()).summary;
  console.log(`\n${label}: ${files} files`);
  console.log(`  session start (parser, analyzer, project file): ${ms(loadMs)}`);
  console.log(`  full evaluation: ${ms(full.elapsedMs)} (cpu ${ms((cpu.user + cpu.system) / 1000)}) for ${full.itemsVerified} items / ${full.checksEvaluated} checks (walked ${full.work.walks}×, read ${full.work.reads}, parsed ${full.work.parses}, analysed ${full.work.analyses} files)`);
  console.log(`  result: ${summary.passed + summary.manualDone}/${summary.total} done (${summary.passed} passed, ${summary.failed} failed, ${summary.unknown} unknown, ${summary.open} open)`);
  for (const changed of changedFiles) {
    const times = [];
    let last;
    for (let run = 0; run < repeat; run++) {
      const affected = session.evaluator.fileChanged([{ path: changed, kind: 'changed' }]);
      const stats = await session.evaluator.verify();
      times.push(stats.elapsedMs);
      last = { affected, stats };
    }
    console.log(
      `  one-file change ${changed}: re-verified ${last.stats.itemsVerified} item${last.stats.itemsVerified === 1 ? '' : 's'} (${last.affected.join(', ') || 'none'}), ` +
        `read ${last.stats.work.reads}, parsed ${last.stats.work.parses}, analysed ${last.stats.work.analyses} file(s); p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))} over ${repeat} runs`,
    );
  }
}

const { core, bundleDir } = await loadCore();
let generated;
try {
  if (!skipMatrix) {
    const { runMatrix } = await import('./checklistMatrix.mjs');
    const matrix = await runMatrix(core, root, wasm, { verbose: verbose ? 'checks' : false, only });
    if (matrixOnly) process.exit(matrix.falsePasses === 0 ? 0 : 1);
  }
  console.log(`\nload average: ${os.loadavg().map((value) => value.toFixed(2)).join(', ')}`);
  await measure(core, 'Example workspace (examples/legacy-research-repo)', path.join(root, 'examples', 'legacy-research-repo'), ['src/training/fusion_training.py', 'src/config/hydra_zen_configs.py', 'README.md', 'src/training/data_module.py']);
  const started = performance.now();
  generated = generateRepository(generatedFiles);
  console.log(`\n(generated ${generatedFiles} files in ${ms(performance.now() - started)})`);
  await measure(core, `Generated repository (example + ${generatedFiles} files)`, generated, ['src/training/generated/module_0007.py', 'tests/test_generated_0003.py', 'src/models/model_0042.py', 'src/config/hydra_zen_configs.py']);
  // The same tree with the config moved into a package: the hinted file is absent, so items look their symbols up in
  // the workspace-wide definition index (built once per evaluation, not a scan per item).
  mkdirSync(path.join(generated, 'canpipe', 'settings'), { recursive: true });
  renameSync(path.join(generated, 'src', 'config', 'hydra_zen_configs.py'), path.join(generated, 'canpipe', 'settings', 'experiment.py'));
  await measure(core, `Generated repository, config moved to canpipe/settings/experiment.py (index lookups)`, generated, ['canpipe/settings/experiment.py', 'src/training/generated/module_0007.py']);
  const memory = process.memoryUsage();
  console.log(`\npeak-ish memory: rss ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB`);
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
  if (generated !== undefined) rmSync(generated, { recursive: true, force: true });
}

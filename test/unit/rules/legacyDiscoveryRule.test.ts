import assert from 'node:assert/strict';
import { legacyDiscoveryRule } from '../../../src/core/rules/legacyDiscoveryRule';
import { check, rangeTuple, textAt } from './ruleTestSupport';
import { assertGoldenMessages } from '../support/messageGolden';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;

describe('RR001 legacy-artifact-discovery', () => {
  it('flags a checkpoint glob and names the newest-match selection', async () => {
    const source = lines(
      'import glob, os',
      'def find_latest_checkpoint(search_root, name_hint):',
      '    candidates = [',
      '        path',
      '        for path in glob.glob(os.path.join(search_root, "**", "*.pth"), recursive=True)',
      '        if name_hint in os.path.basename(path)',
      '    ]',
      '    return max(candidates, key=os.path.getmtime)',
    );
    const findings = await check(legacyDiscoveryRule, source);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.ok(finding);
    assert.equal(finding.rule, 'RR001');
    assert.equal(finding.name, 'legacy-artifact-discovery');
    assert.deepEqual(rangeTuple(finding.range), [5, 21, 5, 88]);
    assert.equal(textAt(source, finding.range), 'glob.glob(os.path.join(search_root, "**", "*.pth"), recursive=True)');
    assertGoldenMessages('RR001 legacy-artifact-discovery / flags a checkpoint glob and names the newest-match selection', findings);
  });

  it('flags Path.glob with sorted(...)[-1], os.listdir filtered by a checkpoint extension, and a run-output walk', async () => {
    const source = lines(
      'import os, torch',
      'from pathlib import Path',
      'def resume(ckpt_dir):',
      '    return sorted(Path(ckpt_dir).glob("*.ckpt"), key=os.path.getmtime)[-1]',
      'def teacher(folder):',
      '    names = [n for n in os.listdir(folder) if n.endswith(".pt")]',
      '    return torch.load(os.path.join(folder, names[0]), weights_only=True)',
      'for root, dirs, files in os.walk("lightning_logs"):',
      '    pass',
    );
    const findings = await check(legacyDiscoveryRule, source);
    assert.deepEqual(
      findings.map((finding) => [rangeTuple(finding.range), textAt(source, finding.range)]),
      [
        [[4, 19, 4, 48], 'Path(ckpt_dir).glob("*.ckpt")'],
        [[6, 25, 6, 43], 'os.listdir(folder)'],
        [[8, 26, 8, 51], 'os.walk("lightning_logs")'],
      ],
    );
    assertGoldenMessages('RR001 legacy-artifact-discovery / flags Path.glob with sorted(...)[-1], os.listdir filtered by a checkpoint extension, and a run-output walk', findings);
  });

  it('judges a helper that globs what its callers pass by each caller, and reports the artifact caller', async () => {
    const source = lines(
      'import glob',
      'import torch',
      'def find(pattern):',
      '    return glob.glob(pattern)',
      'captures = find("data/*.csv")',
      'weights = find("osc_jobs/*/best_model.pth")',
    );
    const findings = await check(legacyDiscoveryRule, source);
    assert.equal(findings.length, 1);
    assert.deepEqual(rangeTuple(findings[0].range), [6, 11, 6, 44]);
    assertGoldenMessages('RR001 legacy-artifact-discovery / judges a helper that globs what its callers pass by each caller, and reports the artifact caller', findings);
  });

  it('does not flag data, configs, logs, log rotation or checkpoint cleanup that only deletes', async () => {
    const source = lines(
      'import glob, os, torch',
      'from pathlib import Path',
      'def csv_files(data_dir):',
      '    return sorted(glob.glob(os.path.join(data_dir, "*.csv")))',
      'def shards(data_dir):',
      '    return sorted(Path(data_dir).rglob("*.parquet"))',
      'def configs(config_dir="conf/preprocessing"):',
      '    return sorted(path.stem for path in Path(config_dir).glob("*.yaml"))',
      'def metrics(model_dir):',
      '    return [name for name in os.listdir(model_dir) if name.endswith(".json")]',
      'def rotate_logs(log_dir, keep=5):',
      '    logs = [os.path.join(log_dir, n) for n in os.listdir(log_dir) if n.endswith(".log")]',
      '    logs.sort(key=os.path.getmtime)',
      '    for path in logs[:-keep]:',
      '        os.remove(path)',
      'def keep_last_three(ckpt_dir):',
      '    for old in sorted(glob.glob(os.path.join(ckpt_dir, "*.ckpt")))[:-3]:',
      '        os.remove(old)',
      'images = glob.glob("figures/best_*.png")',
      'plugins = [p for p in os.listdir(plugin_dir)]',
    );
    assert.deepEqual(await check(legacyDiscoveryRule, source), []);
  });

  it('reads *.pth next to site-packages as Python path-configuration files, not checkpoints', async () => {
    const source = lines(
      'import glob, os, site',
      '# Process the .pth files in site-packages, like site.addsitedir().',
      'def pth_files(sitedir):',
      '    return [name for name in os.listdir(sitedir) if name.endswith(".pth")]',
      'def more(sitedir):',
      '    return glob.glob(os.path.join(sitedir, "*.pth"))',
    );
    assert.deepEqual(await check(legacyDiscoveryRule, source), []);
  });

  it('is not run on files without an artifact word (the prefilter), such as generic file utilities', async () => {
    const source = lines('import glob, os', 'def newest(folder):', '    return max(glob.glob(os.path.join(folder, "*")), key=os.path.getmtime)');
    assert.deepEqual(await check(legacyDiscoveryRule, source), []);
  });
});

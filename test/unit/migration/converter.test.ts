import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { converterScriptText } from '../../../src/core/migration/converterScript';
import { torchCheckpointKind } from '../../../src/core/migration/torchCheckpointKind';
import { filesAndBytes, listing, planFor, report, tempRepository } from './migrationTestSupport';
import type { TempRepository } from './migrationTestSupport';
import { torchPython } from '../support/torchPython';

const converterPath = 'scripts/convert_legacy_checkpoints.py';

const makeLegacyArtifacts = `
import torch
from torch import nn
from legacy_models import TinyNet

torch.manual_seed(0)
model = TinyNet()
torch.save(model, "osc_jobs/set0/tiny_normal/model.pth")  # the legacy way: the whole object pickled
torch.save({"epoch": 3, "global_step": 30, "pytorch-lightning_version": "2.4.0", "state_dict": {f"model.{k}": v for k, v in model.state_dict().items()}, "hyper_parameters": {"lr": 0.01}}, "osc_jobs/set0/tiny_lightning/last.pt")
torch.save(model.state_dict(), "osc_jobs/set0/tiny_plain/weights.pth")
torch.save(nn.Sequential(nn.Linear(2, 2)), "osc_jobs/set1/seq_normal/model.pt")
`;

function run(python: string, cwd: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(python, args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('checkpoint converter (real CPU torch)', function () {
  this.timeout(20 * 60 * 1000);
  let python: string;
  let repository: TempRepository;

  before(function () {
    python = torchPython();
  });

  afterEach(() => repository.cleanup());

  it('marks pickled modules and checkpoint dicts as needing conversion, as torch.load(weights_only=True) does, and converts them', () => {
    repository = tempRepository({
      layout: { template: 'experiment_runs/{modality}/{dataset}/{model_arch}_{training_mode}' },
      migration: { from: [{ pattern: 'osc_jobs/{dataset}/{model_arch}_{training_mode}/{file}', values: { modality: 'graph' } }] },
    });
    repository.write('legacy_models.py', 'from torch import nn\n\n\nclass TinyNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 3)\n        self.out = nn.Linear(3, 1)\n\n    def forward(self, x):\n        return self.out(self.fc(x))\n');
    for (const folder of ['set0/tiny_normal', 'set0/tiny_lightning', 'set0/tiny_plain', 'set1/seq_normal']) mkdirSync(path.join(repository.root, 'osc_jobs', folder), { recursive: true });
    repository.write('make_legacy.py', makeLegacyArtifacts);
    const made = run(python, repository.root, ['make_legacy.py']);
    assert.equal(made.status, 0, made.stderr);

    // What the plan says agrees with real torch.
    const plan = planFor(repository.root);
    const byName = new Map(plan.entries.map((entry) => [entry.source, entry]));
    assert.equal(byName.get('osc_jobs/set0/tiny_normal/model.pth')?.status, 'convert');
    assert.match(byName.get('osc_jobs/set0/tiny_normal/model.pth')?.reason ?? '', /pickles legacy_models\.TinyNet.*weights_only=True\) refuses it/);
    assert.equal(byName.get('osc_jobs/set0/tiny_lightning/last.pt')?.status, 'convert');
    assert.match(byName.get('osc_jobs/set0/tiny_lightning/last.pt')?.reason ?? '', /'state_dict' entry \(Lightning style\)/);
    assert.equal(byName.get('osc_jobs/set0/tiny_plain/weights.pth')?.status, 'move');
    assert.equal(byName.get('osc_jobs/set1/seq_normal/model.pt')?.status, 'convert');
    const torchSays = run(python, repository.root, ['-c', `
import sys, torch
for path in sys.argv[1:]:
    try:
        loaded = torch.load(path, weights_only=True)
        print(path, "plain" if all(isinstance(v, torch.Tensor) for v in loaded.values()) else "dict")
    except Exception:
        print(path, "refused")
`, 'osc_jobs/set0/tiny_normal/model.pth', 'osc_jobs/set0/tiny_lightning/last.pt', 'osc_jobs/set0/tiny_plain/weights.pth', 'osc_jobs/set1/seq_normal/model.pt']);
    assert.equal(torchSays.status, 0, torchSays.stderr);
    assert.deepEqual(torchSays.stdout.trim().split('\n'), ['osc_jobs/set0/tiny_normal/model.pth refused', 'osc_jobs/set0/tiny_lightning/last.pt dict', 'osc_jobs/set0/tiny_plain/weights.pth plain', 'osc_jobs/set1/seq_normal/model.pt refused']);
    assert.equal(torchCheckpointKind(path.join(repository.root, 'osc_jobs/set0/tiny_plain/weights.pth'), 10_000).kind, 'weights-only');

    mkdirSync(path.join(repository.root, 'scripts'), { recursive: true });
    writeFileSync(path.join(repository.root, converterPath), converterScriptText(plan, { scriptPath: converterPath, toolVersion: 'test', command: 'refactor-runbook migrate converter' }));
    const before = listing(repository.root);
    const dry = run(python, repository.root, [converterPath]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: 3 checkpoint\(s\); nothing was loaded or written/);
    assert.deepEqual(listing(repository.root), before);

    const refused = run(python, repository.root, [converterPath, '--apply', 'osc_jobs/set0/tiny_plain/weights.pth']);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /not in this converter's list, refused: osc_jobs\/set0\/tiny_plain\/weights.pth/);

    const applied = run(python, repository.root, [converterPath, '--apply', '--import', 'legacy_models']);
    assert.equal(applied.status, 0, applied.stderr);
    const after = listing(repository.root);
    report('converter', before, after);
    assert.equal(filesAndBytes(after).files, filesAndBytes(before).files + 3, 'three state_dicts written, every source kept');
    for (const entry of plan.entries.filter((candidate) => candidate.status === 'convert')) assert.equal(after.get(entry.source), before.get(entry.source), `${entry.source} is untouched`);
    const log = readFileSync(path.join(repository.root, '.refactor-runbook/migration/conversions.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { source: string; sha256: string; target: string });
    assert.deepEqual(log.map((record) => record.source).sort(), ['osc_jobs/set0/tiny_lightning/last.pt', 'osc_jobs/set0/tiny_normal/model.pth', 'osc_jobs/set1/seq_normal/model.pt']);
    for (const record of log) assert.equal(record.sha256, createHash('sha256').update(readFileSync(path.join(repository.root, record.source))).digest('hex'));
    assert.match(applied.stdout, /convert: loading osc_jobs\/set0\/tiny_normal\/model.pth \(sha256 [0-9a-f]{64}\) with weights_only=False/);

    const verified = run(python, repository.root, ['-c', `
import torch
from legacy_models import TinyNet
original = torch.load("osc_jobs/set0/tiny_plain/weights.pth", weights_only=True)
whole = torch.load("experiment_runs/graph/set0/tiny_normal/model.pth", weights_only=True)
lightning = torch.load("experiment_runs/graph/set0/tiny_lightning/last.pt", weights_only=True)
assert sorted(whole) == sorted(original) and all(torch.equal(whole[k], original[k]) for k in original)
assert sorted(lightning) == sorted("model." + k for k in original)
assert all(torch.equal(lightning["model." + k], original[k]) for k in original)
net = TinyNet(); net.load_state_dict(whole); print("ok")
`]);
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(verified.stdout.trim(), 'ok');

    const again = run(python, repository.root, [converterPath, '--apply', '--import', 'legacy_models']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /convert: 0 converted, 3 already done/);
    assert.deepEqual(listing(repository.root), after);

    // A target that exists and was not converted from the source is never overwritten.
    writeFileSync(path.join(repository.root, 'experiment_runs/graph/set0/tiny_normal/model.pth'), 'someone else');
    const clash = run(python, repository.root, [converterPath, '--apply', '--import', 'legacy_models', 'osc_jobs/set0/tiny_normal/model.pth']);
    assert.notEqual(clash.status, 0);
    assert.match(clash.stderr, /exists and was not converted from osc_jobs\/set0\/tiny_normal\/model.pth \(or changed since\); nothing is overwritten/);
    assert.equal(readFileSync(path.join(repository.root, 'experiment_runs/graph/set0/tiny_normal/model.pth'), 'utf8'), 'someone else');
    assert.ok(existsSync(path.join(repository.root, 'osc_jobs/set0/tiny_normal/model.pth')));
  });
});

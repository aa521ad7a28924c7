// The grammar and fields checks read the layout template: fields sharing a folder, the literal text between them,
// optional parts. Each accepted form has a twin that looks alike and must fail.
import assert from 'node:assert/strict';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import { layoutFromTemplate } from '../../../src/core/layout/layoutTemplate';
import { runCheck } from './checklistTestSupport';

const template = 'experimentruns/{dataset}/{model_type}_{scale}_{stage}[_{aux}]';
const fromTemplate = layoutFromTemplate(template);
if ('problem' in fromTemplate) throw new Error(fromTemplate.problem);
const settings = { ...defaultProjectSettings, layout: { ...defaultProjectSettings.layout, ...fromTemplate } };
const file = 'src/mypkg/config/pipeline.py';

function config(method: string, fields = '    dataset: str = "hcrl_sa"\n    model_type: str = "gat"\n    scale: str = "small"\n    stage: str = "pretrain"\n    aux: str | None = None\n    experiment_root: Path = Path("experimentruns")\n'): string {
  return `from dataclasses import dataclass\nfrom pathlib import Path\n\n\n@dataclass\nclass PipelineConfig:\n${fields}\n    def run_dir(self) -> Path:\n${method}`;
}

async function grammar(method: string): Promise<{ state: string; reason: string; line: number | undefined }> {
  const { check } = await runCheck({ [file]: config(method) }, { kind: 'symbol-exists', file, symbol: 'PipelineConfig.run_dir', buildsSegments: true }, { settings });
  return { state: check.state, reason: check.reason, line: check.location?.line };
}

describe('checklist grammar check: layout templates', () => {
  it('accepts one folder built by an f-string, with or without its optional part', async () => {
    const plain = await grammar('        return Path(self.experiment_root) / self.dataset / f"{self.model_type}_{self.scale}_{self.stage}"\n');
    assert.equal(plain.state, 'passed', plain.reason);
    assert.match(plain.reason, /builds dataset\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\] in grammar order/);
    const appended = await grammar('        name = f"{self.model_type}_{self.scale}_{self.stage}"\n        if self.aux:\n            name += f"_{self.aux}"\n        return Path(self.experiment_root) / self.dataset / name\n');
    assert.equal(appended.state, 'passed', appended.reason);
    const inline = await grammar('        return Path(self.experiment_root, self.dataset, f"{self.model_type}_{self.scale}_{self.stage}_{self.aux}")\n');
    assert.equal(inline.state, 'passed', inline.reason);
  });

  it('fails the same fields written as separate folders', async () => {
    const separate = await grammar('        return Path(self.experiment_root) / self.dataset / self.model_type / self.scale / self.stage\n');
    assert.equal(separate.state, 'failed');
    assert.match(separate.reason, /PipelineConfig\.run_dir never puts model_type, scale and stage together into one folder name; the template's folder is \{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\] \(in dataset\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]\), e\.g\. f"\{model_type\}_\{scale\}_\{stage\}"/);
    const slashJoined = await grammar('        return Path(self.experiment_root) / "/".join([self.dataset, self.model_type, self.scale, self.stage])\n');
    assert.equal(slashJoined.state, 'failed', slashJoined.reason);
  });

  it('accepts "_".join of a list (appended to for the optional part), + and .format; fails another separator', async () => {
    const joined = await grammar('        parts = [self.model_type, self.scale, self.stage]\n        if self.aux is not None:\n            parts.append(self.aux)\n        return Path(self.experiment_root) / self.dataset / "_".join(parts)\n');
    assert.equal(joined.state, 'passed', joined.reason);
    const plus = await grammar('        return Path(self.experiment_root) / self.dataset / (self.model_type + "_" + str(self.scale) + "_" + self.stage.lower())\n');
    assert.equal(plus.state, 'passed', plus.reason);
    const formatted = await grammar('        return Path(self.experiment_root) / self.dataset / "{}_{}_{}".format(self.model_type, self.scale, self.stage)\n');
    assert.equal(formatted.state, 'passed', formatted.reason);
    const percent = await grammar('        return Path(self.experiment_root) / self.dataset / ("%s_%s_%s" % (self.model_type, self.scale, self.stage))\n');
    assert.equal(percent.state, 'passed', percent.reason);

    const dashed = await grammar('        return Path(self.experiment_root) / self.dataset / "-".join([self.model_type, self.scale, self.stage])\n');
    assert.equal(dashed.state, 'failed');
    assert.match(dashed.reason, /writes the folder as \{model_type\}-\{scale\}-\{stage\} \(line 15\), but the template's folder is \{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]/);
    assert.equal(dashed.line, 15);
    const extra = await grammar('        return Path(self.experiment_root) / self.dataset / f"{self.model_type}_{self.scale}_{self.stage}-final"\n');
    assert.equal(extra.state, 'failed', 'a folder name with more text than the template is not the template');
  });

  it('lets the optional field be absent, but not written without its separator or as a folder of its own', async () => {
    const absent = await grammar('        return Path(self.experiment_root) / self.dataset / f"{self.model_type}_{self.scale}_{self.stage}"\n');
    assert.equal(absent.state, 'passed', absent.reason);
    const ownFolder = await grammar('        path = Path(self.experiment_root) / self.dataset / f"{self.model_type}_{self.scale}_{self.stage}"\n        return path / self.aux if self.aux else path\n');
    assert.equal(ownFolder.state, 'failed');
    assert.match(ownFolder.reason, /uses aux \(line 16\) but never adds it to the folder as _\{aux\}/);
    const glued = await grammar('        name = f"{self.model_type}_{self.scale}_{self.stage}"\n        if self.aux:\n            name += self.aux\n        return Path(self.experiment_root) / self.dataset / name\n');
    assert.equal(glued.state, 'failed', glued.reason);
  });

  it('keeps the order across folders and inside one', async () => {
    const swapped = await grammar('        return Path(self.experiment_root) / self.dataset / f"{self.scale}_{self.model_type}_{self.stage}"\n');
    assert.equal(swapped.state, 'failed');
    assert.match(swapped.reason, /uses scale \(line 15\) only before model_type/);
    const oneText = await grammar('        return Path(self.experiment_root) / f"{self.dataset}/{self.model_type}_{self.scale}_{self.stage}"\n');
    assert.equal(oneText.state, 'passed', oneText.reason);
    const oneTextSwapped = await grammar('        return Path(self.experiment_root) / f"{self.model_type}_{self.scale}_{self.stage}/{self.dataset}"\n');
    assert.equal(oneTextSwapped.state, 'failed', oneTextSwapped.reason);
    assert.match(oneTextSwapped.reason, /uses model_type \(line 15\) only before dataset \(line 15\)/);
    const missing = await grammar('        return Path(self.experiment_root) / f"{self.model_type}_{self.scale}_{self.stage}"\n');
    assert.equal(missing.state, 'failed');
    assert.match(missing.reason, /does not use the segment dataset; the grammar is dataset\/\{model_type\}_\{scale\}_\{stage\}\[_\{aux\}\]/);
  });

  it('reads a helper method that builds the folder name where it is called; a helper that only checks values does not count', async () => {
    const helper = (body: string): string => `        return Path(self.experiment_root) / self.dataset / self.run_name()\n\n    def run_name(self) -> str:\n${body}`;
    const named = await grammar(helper('        name = f"{self.model_type}_{self.scale}_{self.stage}"\n        return name + f"_{self.aux}" if self.aux else name\n'));
    assert.equal(named.state, 'passed', named.reason);
    const dashed = await grammar(helper('        return f"{self.model_type}-{self.scale}-{self.stage}"\n'));
    assert.equal(dashed.state, 'failed');
    assert.match(dashed.reason, /writes the folder as \{model_type\}-\{scale\}-\{stage\} \(line 15\)/);
    const checksOnly = await grammar('        self.check()\n        return Path(self.experiment_root) / self.dataset / self.stage / self.scale / self.model_type\n\n    def check(self) -> None:\n        if f"{self.model_type}_{self.scale}_{self.stage}" in BANNED:\n            raise ValueError("banned")\n');
    assert.equal(checksOnly.state, 'failed', 'a helper called before the path is built gives no use after dataset');
    const checkedAfter = await grammar('        path = Path(self.experiment_root) / self.dataset / self.stage / self.scale / self.model_type\n        self.check()\n        return path\n\n    def check(self) -> None:\n        if f"{self.model_type}_{self.scale}_{self.stage}" in BANNED:\n            raise ValueError("banned")\n');
    assert.equal(checkedAfter.state, 'failed', 'a check whose result is unused is not part of the path');
  });

  it('asks for the required fields of the template, not the optional one', async () => {
    const withoutAux = config('        return Path(self.experiment_root)\n', '    dataset: str = "hcrl_sa"\n    model_type: str = "gat"\n    scale: str = "small"\n    stage: str = "pretrain"\n    experiment_root: Path = Path("experimentruns")\n');
    const passing = await runCheck({ [file]: withoutAux }, { kind: 'symbol-exists', file, symbol: 'PipelineConfig', fieldsForSegments: true }, { settings });
    assert.equal(passing.check.state, 'passed', passing.check.reason);
    const withoutStage = withoutAux.replace('    stage: str = "pretrain"\n', '');
    const failing = await runCheck({ [file]: withoutStage }, { kind: 'symbol-exists', file, symbol: 'PipelineConfig', fieldsForSegments: true }, { settings });
    assert.equal(failing.check.state, 'failed');
    assert.match(failing.check.reason, /PipelineConfig does not define stage/);
  });
});

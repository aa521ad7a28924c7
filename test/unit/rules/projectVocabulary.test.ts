// The project's own names in the rules: remedies name the project's path function (from the project file, or as the
// file already calls it) and say it generically otherwise; a project's model words extend RR005's generic ones.
import assert from 'node:assert/strict';
import { legacyDiscoveryRule } from '../../../src/core/rules/legacyDiscoveryRule';
import { nonCanonicalJobOutputRule } from '../../../src/core/rules/nonCanonicalJobOutputRule';
import { nonCanonicalPathRule } from '../../../src/core/rules/nonCanonicalPathRule';
import { nonStateDictSaveRule } from '../../../src/core/rules/nonStateDictSaveRule';
import { builtInModelWords, defaultRuleVocabulary } from '../../../src/core/rules/projectVocabulary';
import { builtInArtifactExtensions, builtInArtifactWords } from '../../../src/core/rules/artifactVocabulary';
import { silentFallbackRule } from '../../../src/core/rules/silentFallbackRule';
import { messageParts } from '../../../src/core/rules/findingMessage';
import { assertGoldenMessages } from '../support/messageGolden';
import { check } from './ruleTestSupport';
import type { CheckOptions } from './ruleTestSupport';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;
const noWords = { modelWords: [], artifactWords: [], artifactExtensions: [] };
const pipelineFunction = { ...noWords, pathFunction: 'PipelineConfig.run_dir' };

describe('project vocabulary', () => {
  it('has no example repository names among the built-in model words', () => {
    for (const word of ['gat', 'vgae', 'can', 'hcrl']) assert.ok(!builtInModelWords.includes(word), word);
  });

  it('RR005 takes a project model word as a model object only when the project names it', async () => {
    const source = lines('import torch', 'def export(self, path):', '    torch.save(self.gat, path)');
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
    const findings = await check(nonStateDictSaveRule, source, { vocabulary: { ...noWords, modelWords: ['gat'] } });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.fix?.edits[0]?.newText, '.state_dict()');
    assertGoldenMessages('project vocabulary / RR005 with the project model word gat', findings);
  });

  it('RR002 names the project file\'s path function, as this file calls it when it does, and is generic otherwise', async () => {
    const legacy = lines('OUT = "osc_jobs/teacher/best.pth"');
    const calling = lines('def out(cfg):', '    base = cfg.run_dir()', '    return "osc_jobs/teacher/best.pth"');
    const runbookNamed = lines('def out(config):', '    config.canonical_experiment_dir()', '    return "osc_jobs/teacher/best.pth"');
    const generic = await check(nonCanonicalPathRule, legacy);
    const configured = await check(nonCanonicalPathRule, legacy, { vocabulary: pipelineFunction });
    const called = await check(nonCanonicalPathRule, calling, { vocabulary: pipelineFunction });
    const found = await check(nonCanonicalPathRule, runbookNamed);
    assert.deepEqual([generic, configured, called, found].map((findings) => findings.length), [1, 1, 1, 1]);
    assert.deepEqual(
      [generic, configured, called, found].map((findings) => messageParts(findings[0]?.message ?? '').remedy),
      ["build it from the run's config under experiment_runs/", 'build it with `PipelineConfig.run_dir()`', 'build it with `cfg.run_dir()`', 'build it with `config.canonical_experiment_dir()`'],
    );
    assertGoldenMessages('project vocabulary / RR002 generic, configured, called, runbook name found', [generic, configured, called, found].flat());
  });

  it('RR001 and RR006 name the project function too, and neither names the example repository', async () => {
    const discovery = lines('import glob, torch', 'def latest(d):', '    return sorted(glob.glob(d + "/*.pth"))[-1]');
    const script = lines('#!/bin/bash', '#SBATCH --output=osc_jobs/logs/%j.out');
    const findings = [
      ...(await check(legacyDiscoveryRule, discovery)),
      ...(await check(legacyDiscoveryRule, discovery, { vocabulary: pipelineFunction })),
      ...(await check(nonCanonicalJobOutputRule, script, { relativePath: 'jobs/train.sh' })),
      ...(await check(nonCanonicalJobOutputRule, script, { relativePath: 'jobs/train.sh', vocabulary: pipelineFunction })),
    ];
    assert.equal(findings.length, 4);
    for (const finding of findings) assert.doesNotMatch(finding.message, /CANGraphConfig/);
    assertGoldenMessages('project vocabulary / RR001 and RR006 generic and configured', findings);
  });
});

describe('project vocabulary: the path function as this file reaches it', () => {
  const remedyOf = (findings: readonly { readonly message: string }[]): string => messageParts(findings[0]?.message ?? '').remedy;
  const glob = (...imports: string[]): string => lines('import glob, torch', ...imports, 'def latest(d):', '    return sorted(glob.glob(d + "/*.pth"))[-1]');
  const configured = (pathFunction: string): CheckOptions => ({ vocabulary: { ...noWords, pathFunction } });

  it('RR001 quotes the project function by the name this file imports it under (alias, relative import, class alias)', async () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ['lab.paths.run_dir', 'from lab.paths import run_dir as rd', '`rd()`'],
      ['run_dir', 'from .paths import run_dir', '`run_dir()`'],
      ['PipelineConfig.run_dir', 'from lab.config import PipelineConfig as PC', '`PC.run_dir()`'],
      ['lab.paths.run_dir', 'import lab.paths as lp', '`lp.run_dir()`'],
    ];
    const found = [];
    for (const [pathFunction, importLine, quoted] of cases) {
      const findings = await check(legacyDiscoveryRule, glob(importLine), configured(pathFunction));
      assert.equal(findings.length, 1, importLine);
      assert.ok(remedyOf(findings).includes(quoted), `${importLine}: ${remedyOf(findings)}`);
      found.push(...findings);
    }
    assertGoldenMessages('project vocabulary / RR001 names the imported project function', found);
  });

  it('RR001 quotes the project file\'s name when this file neither calls nor imports the function (negative twin)', async () => {
    const findings = await check(legacyDiscoveryRule, glob('from lab.other import unrelated as rd'), configured('lab.paths.run_dir'));
    assert.equal(findings.length, 1);
    assert.ok(remedyOf(findings).includes('`lab.paths.run_dir()`'), remedyOf(findings));
  });

  it('RR002 without a project file quotes a runbook path function this file imports, and is generic without one', async () => {
    const legacy = 'OUT = "osc_jobs/teacher/best.pth"';
    const imported = await check(nonCanonicalPathRule, lines('from lab.config import canonical_experiment_dir as ced', legacy));
    const unrelated = await check(nonCanonicalPathRule, lines('from lab.config import load_config as ced', legacy));
    assert.deepEqual([imported.length, unrelated.length], [1, 1]);
    assert.ok(remedyOf(imported).includes('`ced()`'), remedyOf(imported));
    assert.ok(!remedyOf(unrelated).includes('`'), remedyOf(unrelated));
  });
});

describe('project vocabulary: RR003 takes a default built from the project function as canonical', () => {
  const pipeline: CheckOptions = { vocabulary: pipelineFunction };

  it('does not report a default from the project function (as configured, as the file calls it, as imported), and reports it without the project file', async () => {
    const sources = [
      lines('import torch', 'def teacher(cfg):', '    ckpt_path = cfg.teacher_path or PipelineConfig.run_dir(cfg) / "teacher.pth"', '    return torch.load(ckpt_path)'),
      lines('import torch', 'def teacher(cfg):', '    ckpt_path = cfg.teacher_path or cfg.run_dir() / "teacher.pth"', '    return torch.load(ckpt_path)'),
      lines('import torch', 'from lab.paths import run_dir as rd', 'def teacher(cfg):', '    ckpt_path = cfg.teacher_path or rd(cfg) / "teacher.pth"', '    return torch.load(ckpt_path)'),
      lines('import torch', 'from .paths import run_dir', 'def teacher(cfg):', '    ckpt_path = cfg.ckpt_path or run_dir(cfg)', '    return torch.load(ckpt_path)'),
      lines('import torch', 'def teacher(cfg, ckpt_path=None):', '    if ckpt_path is None:', '        ckpt_path = cfg.run_dir() / "teacher.pth"', '    return torch.load(ckpt_path)'),
    ];
    for (const source of sources) {
      assert.equal((await check(silentFallbackRule, source)).length, 1, `without layout.pathFunction:\n${source}`);
      assert.deepEqual(await check(silentFallbackRule, source, pipeline), [], `with layout.pathFunction:\n${source}`);
    }
    assertGoldenMessages('project vocabulary / RR003 default from run_dir without a project file', await check(silentFallbackRule, sources[0] ?? ''));
  });

  it('still reports a default built from a variable that only shares the function name (negative twin)', async () => {
    const source = lines('import os, torch', 'def teacher(cfg, run_dir):', '    ckpt_path = cfg.teacher_path or os.path.join(run_dir, "teacher.pth")', '    return torch.load(ckpt_path)');
    assert.equal((await check(silentFallbackRule, source, pipeline)).length, 1);
  });

  it('keeps the runbook functions canonical with or without the project file', async () => {
    const source = lines('import torch', 'def teacher(cfg):', '    ckpt_path = cfg.teacher_path or cfg.model_artifact_path("teacher")', '    return torch.load(ckpt_path)');
    assert.deepEqual([(await check(silentFallbackRule, source)).length, (await check(silentFallbackRule, source, pipeline)).length], [0, 0]);
  });
});

describe('project vocabulary: artifact words and extensions', () => {
  const words = (artifactWords: string[], artifactExtensions: string[] = []): CheckOptions => ({ vocabulary: { ...noWords, artifactWords, artifactExtensions } });

  it('has the built-in artifact words and extensions once, in artifactVocabulary.ts', () => {
    assert.ok(builtInArtifactWords.includes('checkpoint') && !builtInArtifactWords.includes('snapshot'));
    assert.ok(builtInArtifactExtensions.includes('ckpt') && !builtInArtifactExtensions.includes('bin'));
    assert.deepEqual([...defaultRuleVocabulary.artifactWords].sort(), [...builtInArtifactWords].sort());
  });

  it('RR001 reports a search for a project artifact word only when the project names it, even in a file without torch', async () => {
    const source = lines('import glob', 'def latest(run):', '    return sorted(glob.glob(run + "/snapshot_*"))[-1]');
    assert.deepEqual(await check(legacyDiscoveryRule, source), []);
    assert.deepEqual(await check(legacyDiscoveryRule, source, words(['other'])), []);
    const findings = await check(legacyDiscoveryRule, source, words(['snapshot']));
    assert.equal(findings.length, 1);
    assertGoldenMessages('project vocabulary / RR001 with the project artifact word snapshot', findings);
  });

  it('RR001 reports a search for a project artifact extension (and its filter without the dot) only when the project names it', async () => {
    const pattern = lines('import glob, os', 'def latest(run):', '    return max(glob.glob(run + "/*.bin"), key=os.path.getmtime)');
    const filter = lines('import os', 'def latest(run):', '    names = [n for n in os.listdir(run) if n.endswith("bin")]', '    return names[-1]');
    for (const source of [pattern, filter]) {
      assert.deepEqual(await check(legacyDiscoveryRule, source), [], source);
      assert.equal((await check(legacyDiscoveryRule, source, words([], ['bin']))).length, 1, source);
    }
    assertGoldenMessages('project vocabulary / RR001 with the project artifact extension bin', await check(legacyDiscoveryRule, pattern, words([], ['bin'])));
  });

  it('a project extension wins over a built-in data extension (h5 for Keras models)', async () => {
    const source = lines('import glob', 'def latest(run):', '    return sorted(glob.glob(run + "/*.h5"))[-1]');
    assert.deepEqual(await check(legacyDiscoveryRule, source), []);
    assert.equal((await check(legacyDiscoveryRule, source, words([], ['h5']))).length, 1);
  });

  it('RR003 takes a path named with a project artifact word as an artifact only when the project names it', async () => {
    const source = lines('import os, torch', 'def resume(snapshot_file):', '    if not os.path.exists(snapshot_file):', '        return None', '    return torch.load(snapshot_file)');
    const renamed = source.replaceAll('torch.load', 'read_table');
    assert.deepEqual(await check(silentFallbackRule, renamed), []);
    assert.deepEqual(await check(silentFallbackRule, renamed, words(['other'])), []);
    const findings = await check(silentFallbackRule, renamed, words(['snapshot']));
    assert.equal(findings.length, 1);
    assertGoldenMessages('project vocabulary / RR003 with the project artifact word snapshot', findings);
  });

  it('RR002 and RR006 take a project artifact extension as a file where a folder belongs', async () => {
    const python = lines('OUT = "experiment_runs/automotive/hcrl_sa/model.bin"');
    const script = lines('#!/bin/bash', 'mkdir -p experiment_runs/automotive/model.bin');
    assert.deepEqual(await check(nonCanonicalPathRule, python), []);
    const found = await check(nonCanonicalPathRule, python, words([], ['bin']));
    assert.equal(found.length, 1);
    const scriptWithout = await check(nonCanonicalJobOutputRule, script, { relativePath: 'jobs/train.sh' });
    const scriptWith = await check(nonCanonicalJobOutputRule, script, { relativePath: 'jobs/train.sh', ...words([], ['bin']) });
    assert.deepEqual([scriptWithout.length, scriptWith.length], [0, 1]);
    assertGoldenMessages('project vocabulary / RR002 and RR006 with the project artifact extension bin', [...found, ...scriptWith]);
  });
});

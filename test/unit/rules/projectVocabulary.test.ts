// The project's own names in the rules: remedies name the project's path function (from the project file, or as the
// file already calls it) and say it generically otherwise; a project's model words extend RR005's generic ones.
import assert from 'node:assert/strict';
import { legacyDiscoveryRule } from '../../../src/core/rules/legacyDiscoveryRule';
import { nonCanonicalJobOutputRule } from '../../../src/core/rules/nonCanonicalJobOutputRule';
import { nonCanonicalPathRule } from '../../../src/core/rules/nonCanonicalPathRule';
import { nonStateDictSaveRule } from '../../../src/core/rules/nonStateDictSaveRule';
import { builtInModelWords } from '../../../src/core/rules/projectVocabulary';
import { messageParts } from '../../../src/core/rules/findingMessage';
import { assertGoldenMessages } from '../support/messageGolden';
import { check } from './ruleTestSupport';

const lines = (...parts: string[]): string => `${parts.join('\n')}\n`;
const pipelineFunction = { pathFunction: 'PipelineConfig.run_dir', modelWords: [] };

describe('project vocabulary', () => {
  it('has no example repository names among the built-in model words', () => {
    for (const word of ['gat', 'vgae', 'can', 'hcrl']) assert.ok(!builtInModelWords.includes(word), word);
  });

  it('RR005 takes a project model word as a model object only when the project names it', async () => {
    const source = lines('import torch', 'def export(self, path):', '    torch.save(self.gat, path)');
    assert.deepEqual(await check(nonStateDictSaveRule, source), []);
    const findings = await check(nonStateDictSaveRule, source, { vocabulary: { modelWords: ['gat'] } });
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

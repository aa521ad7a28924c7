import assert from 'node:assert/strict';
import { findingsFor } from './support/ruleHarness';
import { fakeLegacyRootRule, fakeTorchLoadRule } from './support/fakeRules';
import { defaultProjectSettings } from '../../src/core/config/projectSettings';
import { assertGoldenMessages } from './support/messageGolden';

describe('suppressions', () => {
  it('silences a rule on the same line or, for a comment alone on its line, the next line', async () => {
    const source = [
      'a = torch.load("a.pt")  # refactor-runbook: ignore[RR004] converted by scripts/convert.py',
      '# refactor-runbook: ignore[RR004] loaded from our own trusted pipeline',
      'b = torch.load("b.pt")',
      'c = torch.load("c.pt")',
    ].join('\n');
    const findings = await findingsFor(fakeTorchLoadRule, 'src/x.py', source);
    assert.deepEqual(findings.map((finding) => `${finding.rule}@${finding.range.line}`), ['RR004@4']);
  });

  it('honours noqa with RR codes among other linters\' codes, but not a bare noqa', async () => {
    const source = [
      'a = torch.load("a.pt")  # noqa: E501, RR004 trusted local file',
      'b = torch.load("b.pt")  # noqa',
      'c = torch.load("c.pt")  # noqa: E501',
    ].join('\n');
    const findings = await findingsFor(fakeTorchLoadRule, 'src/x.py', source);
    assert.deepEqual(findings.map((finding) => finding.range.line), [2, 3]);
  });

  it('accepts several ids in one suppression and only silences those', async () => {
    const source = 'x = torch.load("osc_jobs/a.pt")  # refactor-runbook: ignore[RR004, RR006] migration script, removed in PR #5\ny = torch.load("osc_jobs/b.pt")  # refactor-runbook: ignore[RR006] legacy path documented\n';
    const findings = await findingsFor([fakeTorchLoadRule, fakeLegacyRootRule], 'src/x.py', source);
    assert.deepEqual(findings.map((finding) => `${finding.rule}@${finding.range.line}`), ['RR004@2']);
  });

  it('reports a suppression without a reason, with the placeholder or an unknown id as RR000 (warning), and a reasonless one silences nothing', async () => {
    const source = ['a = torch.load("a.pt")  # refactor-runbook: ignore[RR004]', 'b = torch.load("b.pt")  # noqa: RR004', '# refactor-runbook: ignore[RR009] typo', 'c = 1', 'd = torch.load("d.pt")  # refactor-runbook: ignore[RR004] <reason>'].join('\n');
    const findings = await findingsFor(fakeTorchLoadRule, 'src/x.py', source);
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.name, finding.severity, finding.range.line, finding.range.column]),
      [
        ['RR004', 'unsafe-torch-load', 'warning', 1, 5],
        ['RR000', 'invalid-suppression', 'warning', 1, 25],
        ['RR004', 'unsafe-torch-load', 'warning', 2, 5],
        ['RR000', 'invalid-suppression', 'warning', 2, 25],
        ['RR000', 'invalid-suppression', 'warning', 3, 1],
        ['RR004', 'unsafe-torch-load', 'warning', 5, 5],
        ['RR000', 'invalid-suppression', 'warning', 5, 25],
      ],
    );
    assertGoldenMessages('suppressions / RR000 for a missing reason, an unknown id and the placeholder', findings.filter((finding) => finding.rule === 'RR000'));
    const off = await findingsFor(fakeTorchLoadRule, 'src/x.py', source, { ...defaultProjectSettings, ruleSeverities: { RR000: 'off' } });
    assert.deepEqual(off.map((finding) => finding.rule), ['RR004', 'RR004', 'RR004']);
  });

  it('reports a suppression that silences nothing on its line, naming only the unused ids, and only for rules that checked the file', async () => {
    const source = [
      'a = torch.load("a.pt")  # refactor-runbook: ignore[RR004, RR006] converted; archive path',
      '# refactor-runbook: ignore[RR004] was a torch.load once',
      'b = 1',
      'c = torch.load("c.pt")  # refactor-runbook: ignore[RR004] converted',
    ].join('\n');
    const findings = await findingsFor([fakeTorchLoadRule, fakeLegacyRootRule], 'src/x.py', source);
    assert.deepEqual(findings.map((finding) => `${finding.rule}@${finding.range.line}`), ['RR000@1', 'RR000@2']);
    assertGoldenMessages('suppressions / RR000 for suppressions that silence nothing', findings);
    // RR006 is not active here: its suppression is not judged.
    const onlyTorch = await findingsFor(fakeTorchLoadRule, 'src/x.py', source);
    assert.deepEqual(onlyTorch.map((finding) => `${finding.rule}@${finding.range.line}`), ['RR000@2']);
  });

  it('uses HTML comments in Markdown and # comments in shell scripts', async () => {
    const markdown = 'Old logs: osc_jobs/logs <!-- refactor-runbook: ignore[RR006] historical note -->\nosc_jobs\n';
    assert.deepEqual((await findingsFor(fakeLegacyRootRule, 'README.md', markdown)).map((finding) => finding.range.line), [2]);
    const shell = '# refactor-runbook: ignore[RR006] read-only archive\ncp osc_jobs/a .\nmkdir osc_jobs\n';
    assert.deepEqual((await findingsFor(fakeLegacyRootRule, 'run.sh', shell)).map((finding) => finding.range.line), [3]);
  });
});

import assert from 'node:assert/strict';
import { defaultInlineWarningSettings, readInlineWarningSettings } from '../../src/core/config/inlineWarningSettings';

describe('inline warning settings', () => {
  it('reads valid values as they are', () => {
    const values: Record<string, unknown> = { enable: false, scanOnStartup: false, debounceMs: 120, severityOverrides: { RR006: 'off', RR001: 'error' }, maxFileSizeBytes: 4096 };
    const read = readInlineWarningSettings((key) => values[key]);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.settings, values);
  });

  it('reports each invalid setting by name and uses that setting’s default only', () => {
    const values: Record<string, unknown> = { enable: true, scanOnStartup: 'yes', debounceMs: 5, severityOverrides: { RR042: 'error' }, maxFileSizeBytes: null };
    const read = readInlineWarningSettings((key) => values[key]);
    assert.deepEqual(read.problems.map((problem) => problem.setting), ['refactorRunbook.scanOnStartup', 'refactorRunbook.debounceMs', 'refactorRunbook.severityOverrides']);
    assert.match(read.problems[1]?.message ?? '', /^refactorRunbook\.debounceMs is 5, which is not valid \(.*\); using 300 until it is fixed$/);
    assert.equal(read.settings.scanOnStartup, defaultInlineWarningSettings.scanOnStartup);
    assert.equal(read.settings.debounceMs, 300);
    assert.deepEqual(read.settings.severityOverrides, {});
    assert.equal(read.settings.enable, true);
  });
});

// Runs rules through the real pipeline (prefilter, parse, severities, suppressions) for rule and pipeline tests.
import { createAnalyzer } from '../../../src/core/analysis/analyzer';
import type { Analyzer } from '../../../src/core/analysis/analyzer';
import type { FileAnalysis } from '../../../src/core/model/fileAnalysis';
import type { Finding } from '../../../src/core/model/finding';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings } from '../../../src/core/config/projectSettings';
import assert from 'node:assert/strict';
import { languageOfPath } from '../../../src/core/model/fileLanguage';
import { isPythonRule } from '../../../src/core/rules/rule';
import type { Rule } from '../../../src/core/rules/rule';
import { testWasmLocation } from './testWasm';

export async function analyzerFor(rules: readonly Rule[], settings: ProjectSettings = defaultProjectSettings): Promise<Analyzer> {
  return createAnalyzer({ wasm: testWasmLocation, settings, rules });
}

/** The full per-file result for `source` at `relativePath` (POSIX, relative to the repository root). */
export async function analyzeForTest(rules: readonly Rule[], relativePath: string, source: string, settings?: ProjectSettings): Promise<FileAnalysis> {
  const analyzer = await analyzerFor(rules, settings);
  const result = analyzer.analyzeText(relativePath, source);
  await assertPreParseGateExact(rules, relativePath, source, settings, result);
  return result;
}

/** The rule without its pre-parse gate (`mayFind`): the analyzer then always parses and runs it. */
export function ungated(rule: Rule): Rule {
  if (!isPythonRule(rule) || rule.mayFind === undefined) {
    return rule;
  }
  const copy: Rule & { mayFind?: unknown } = { ...rule };
  delete copy.mayFind;
  return copy;
}

/** How many (snippet, rule) pairs assertPreParseGateExact has checked in this process (for reporting). */
export const preParseGateChecks = { snippets: 0, withFindings: 0 };

/**
 * Every analysis a test runs through this harness also checks the PythonRule.mayFind invariant on its input: the
 * same rules without their gates report the same findings, and a rule that reports anything has `mayFind` true.
 */
export async function assertPreParseGateExact(rules: readonly Rule[], relativePath: string, source: string, settings: ProjectSettings | undefined, gated: FileAnalysis): Promise<void> {
  if (languageOfPath(relativePath) !== 'python' || !rules.some((rule) => isPythonRule(rule) && rule.mayFind !== undefined)) {
    return;
  }
  const analyzer = await analyzerFor(rules.map(ungated), settings);
  const full = analyzer.analyzeText(relativePath, source);
  preParseGateChecks.snippets += 1;
  for (const rule of rules) {
    if (isPythonRule(rule) && rule.mayFind !== undefined && full.findings.some((finding) => finding.rule === rule.id)) {
      preParseGateChecks.withFindings += 1;
      assert.equal(rule.mayFind(source, analyzer.layout, analyzer.vocabulary), true, `${rule.id} reports a finding in ${relativePath} but its mayFind gate is false:\n${source}`);
    }
  }
  assert.deepEqual(gated.findings, full.findings, `the pre-parse gate changed the findings for ${relativePath}:\n${source}`);
}

/** Sorted findings (without fingerprints) for `source`; throws if a rule failed, so tests see the failure. */
export async function findingsFor(rule: Rule | readonly Rule[], relativePath: string, source: string, settings?: ProjectSettings): Promise<Finding[]> {
  const result = await analyzeForTest(Array.isArray(rule) ? rule : [rule as Rule], relativePath, source, settings);
  if (result.ruleFailures.length > 0) {
    throw new Error(`rule failure: ${result.ruleFailures.map((failure) => `${failure.rule}: ${failure.message}`).join('; ')}`);
  }
  if (result.skipped !== undefined) {
    throw new Error(`file skipped: ${result.skipped.detail}`);
  }
  return result.findings.map((finding) => ({ rule: finding.rule, name: finding.name, severity: finding.severity, range: finding.range, message: finding.message, ...(finding.fix === undefined ? {} : { fix: finding.fix }) }));
}

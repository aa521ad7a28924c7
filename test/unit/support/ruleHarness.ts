// Runs rules through the real pipeline (prefilter, parse, severities, suppressions) for rule and pipeline tests.
import { createAnalyzer } from '../../../src/core/analysis/analyzer';
import type { Analyzer } from '../../../src/core/analysis/analyzer';
import type { FileAnalysis } from '../../../src/core/analysis/fileAnalysis';
import type { Finding } from '../../../src/core/analysis/finding';
import { defaultProjectSettings } from '../../../src/core/config/projectSettings';
import type { ProjectSettings } from '../../../src/core/config/projectSettings';
import type { Rule } from '../../../src/core/rules/rule';
import { testWasmLocation } from './testWasm';

export async function analyzerFor(rules: readonly Rule[], settings: ProjectSettings = defaultProjectSettings): Promise<Analyzer> {
  return createAnalyzer({ wasm: testWasmLocation, settings, rules });
}

/** The full per-file result for `source` at `relativePath` (POSIX, relative to the repository root). */
export async function analyzeForTest(rules: readonly Rule[], relativePath: string, source: string, settings?: ProjectSettings): Promise<FileAnalysis> {
  const analyzer = await analyzerFor(rules, settings);
  return analyzer.analyzeText(relativePath, source);
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

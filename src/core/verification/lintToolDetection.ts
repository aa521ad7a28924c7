// Which linter the lint task runs. The setting refactorRunbook.lintTool names one (ruff, flake8, pylint) or asks for
// `auto`: the tool the project configures, looked up in this order (the runbook names ruff first):
//   ruff:   [tool.ruff] in pyproject.toml, ruff.toml, .ruff.toml
//   pylint: [tool.pylint] in pyproject.toml, .pylintrc, pylintrc
//   flake8: [flake8] in setup.cfg, tox.ini or .flake8
// With no configuration at all, `auto` uses ruff (the runbook's command) and says so. flake8 does not read
// pyproject.toml without a plugin, so [tool.flake8] is not taken as a sign of flake8. A tool that is configured but
// not installed is reported when the task runs, never swapped for another one.
import { findIniSection } from './iniSections';
import { findTomlPath } from './tomlTablePaths';
import type { LintTool } from './verificationTaskCatalogue';
import { lintTools } from './verificationTaskCatalogue';

export const lintToolSettingName = 'refactorRunbook.lintTool';
export const lintToolSettingValues = ['auto', ...lintTools] as const;
export type LintToolSetting = (typeof lintToolSettingValues)[number];

export interface LintToolChoice {
  readonly tool: LintTool;
  /** Why this tool, for the terminal header and the task's detail. */
  readonly reason: string;
  /** Configuration of other linters that was found too (so the user can see why auto may be surprising). */
  readonly alsoConfigured: readonly string[];
}

/** Reads a file of the workspace by its relative path; undefined when it does not exist or cannot be read. */
export type WorkspaceFileReader = (relativePath: string) => string | undefined;

interface Evidence {
  readonly tool: LintTool;
  readonly where: string;
}

function evidenceFor(readFile: WorkspaceFileReader): Evidence[] {
  const evidence: Evidence[] = [];
  const pyproject = readFile('pyproject.toml');
  const tomlTable = (tool: string): void => {
    if (pyproject === undefined) return;
    const entry = findTomlPath(pyproject, ['tool', tool]);
    if (entry !== undefined) evidence.push({ tool: tool as LintTool, where: `[tool.${tool}] in pyproject.toml (line ${entry.line})` });
  };
  const file = (tool: LintTool, name: string): void => {
    if (readFile(name) !== undefined) evidence.push({ tool, where: `${name} exists` });
  };
  const iniSection = (name: string): void => {
    const text = readFile(name);
    if (text === undefined) return;
    const section = findIniSection(text, 'flake8');
    if (section !== undefined) evidence.push({ tool: 'flake8', where: `[flake8] in ${name} (line ${section.line})` });
  };
  tomlTable('ruff');
  file('ruff', 'ruff.toml');
  file('ruff', '.ruff.toml');
  tomlTable('pylint');
  file('pylint', '.pylintrc');
  file('pylint', 'pylintrc');
  iniSection('setup.cfg');
  iniSection('tox.ini');
  if (readFile('.flake8') !== undefined) {
    // .flake8 is flake8's own file; a [flake8] section is expected but its presence alone is the signal.
    evidence.push({ tool: 'flake8', where: '.flake8 exists' });
  }
  return evidence;
}

export function chooseLintTool(setting: LintToolSetting, readFile: WorkspaceFileReader): LintToolChoice {
  if (setting !== 'auto') {
    return { tool: setting, reason: `${lintToolSettingName} is "${setting}"`, alsoConfigured: [] };
  }
  const evidence = evidenceFor(readFile);
  const first = evidence[0];
  if (first === undefined) {
    return {
      tool: 'ruff',
      reason: `${lintToolSettingName} is "auto" and no linter is configured (no [tool.ruff] or [tool.pylint] in pyproject.toml, no ruff.toml, .pylintrc, .flake8, or [flake8] in setup.cfg/tox.ini), so the runbook's \`ruff check .\` is used`,
      alsoConfigured: [],
    };
  }
  const others = evidence.filter((entry) => entry.tool !== first.tool).map((entry) => `${entry.tool}: ${entry.where}`);
  return { tool: first.tool, reason: `${lintToolSettingName} is "auto" and the project configures ${first.tool}: ${first.where}`, alsoConfigured: others };
}

export function isLintToolSetting(value: unknown): value is LintToolSetting {
  return typeof value === 'string' && (lintToolSettingValues as readonly string[]).includes(value);
}

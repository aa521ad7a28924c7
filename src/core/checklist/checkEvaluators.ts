// One entry point per check: evaluate it, say in words what it proves, and say what it depends on (the file patterns
// whose change can alter its answer, and the tasks whose results it reads). Dependencies come from the check's
// declaration alone, so "which items does this changed file affect" never needs an evaluation.
import type { CheckContext, CheckOutcome } from './checkContext';
import { listInWords, patternsInWords, unknown } from './checkContext';
import { defaultMigrationScriptFiles, defaultTaskDependencyFiles, defaultTestFiles } from '../runbook/checkSchema';
import type { Check } from '../runbook/checkSchema';
import { evaluateDocumentsLayout } from './documentsLayoutCheck';
import { evaluateFileContains } from './fileContainsCheck';
import { evaluateMigrationScript } from './migrationScriptCheck';
import { evaluateNoFindings } from './noFindingsCheck';
import { evaluateSymbolAbsent } from './symbolAbsentCheck';
import { evaluateSymbolExists } from './symbolExistsCheck';
import { evaluateTaskPassed } from './taskPassedCheck';
import { evaluateTestExists } from './testExistsCheck';

export interface CheckDependencies {
  /** Paths, folders or globs relative to the repository root. */
  readonly patterns: readonly string[];
  /** Verification task ids. */
  readonly tasks: readonly string[];
}

export function dependenciesOf(check: Check): CheckDependencies {
  switch (check.kind) {
    case 'symbol-exists':
    case 'symbol-absent':
    case 'file-contains':
    case 'documents-layout':
      return { patterns: [check.file], tasks: [] };
    case 'no-findings':
      return { patterns: check.files, tasks: [] };
    case 'test-exists':
      return { patterns: check.files ?? defaultTestFiles, tasks: [] };
    case 'migration-script':
      return { patterns: check.files ?? defaultMigrationScriptFiles, tasks: [] };
    case 'task-passed':
      return { patterns: check.files ?? defaultTaskDependencyFiles, tasks: [check.task] };
  }
}

/** The check in words, for tooltips and exports, when the check has no label of its own. */
export function describeCheck(check: Check): string {
  if (check.label !== undefined) return check.label;
  switch (check.kind) {
    case 'symbol-exists': {
      const structure: string[] = [];
      if (check.fieldsForSegments === true) structure.push('defines a field per layout segment and experiment_root');
      if (check.fields !== undefined && check.fields.length > 0) structure.push(`defines ${listInWords(check.fields)}`);
      if (check.buildsSegments === true) structure.push('builds the segments in grammar order');
      if (check.raises !== undefined && check.raises.length > 0) structure.push(`raises ${listInWords(check.raises)}${check.raisesWithMessage === true ? ' with a message' : ''}`);
      if (check.calls !== undefined && check.calls.length > 0) structure.push(`calls ${listInWords(check.calls.map((call) => (typeof call === 'string' ? call : listInWords(call, 'or'))))}`);
      if (check.mentions !== undefined && check.mentions.length > 0) structure.push(`mentions ${listInWords(check.mentions.map((text) => `"${text}"`))}`);
      return `${check.symbol} exists in ${check.file}${structure.length > 0 ? ` and ${listInWords(structure)}` : ''}`;
    }
    case 'symbol-absent':
      return `nothing in ${check.file} matches ${check.symbol}`;
    case 'no-findings':
      return `no ${listInWords(check.rules, 'or')} findings in ${patternsInWords(check.files)}`;
    case 'file-contains':
      return `${check.file} contains ${check.text !== undefined ? `"${check.text}"` : `/${check.pattern ?? ''}/`}`;
    case 'test-exists': {
      const wants: string[] = [];
      if (check.references !== undefined && check.references.length > 0) wants.push(`uses ${listInWords(check.references.map((name) => (typeof name === 'string' ? name : listInWords(name, 'or'))))}`);
      if (check.expectsRaises !== undefined && check.expectsRaises.length > 0) wants.push(`expects ${listInWords(check.expectsRaises)}`);
      if (check.importsFrom !== undefined) wants.push(`imports ${check.importsFrom}`);
      return `a test in ${patternsInWords(check.files ?? defaultTestFiles)}${wants.length > 0 ? ` ${listInWords(wants)}` : ' exists'}`;
    }
    case 'task-passed':
      return `the "${check.task}" verification task passed since the last change`;
    case 'migration-script':
      return `a script in ${patternsInWords(check.files ?? defaultMigrationScriptFiles)} moves or symlinks legacy artifacts into the experiment root`;
    case 'documents-layout':
      return `${check.file} documents the path grammar with a canonical example`;
  }
}

function evaluateKind(check: Check, context: CheckContext): CheckOutcome {
  switch (check.kind) {
    case 'symbol-exists':
      return evaluateSymbolExists(check, context);
    case 'symbol-absent':
      return evaluateSymbolAbsent(check, context);
    case 'no-findings':
      return evaluateNoFindings(check, context);
    case 'file-contains':
      return evaluateFileContains(check, context);
    case 'test-exists':
      return evaluateTestExists(check, context);
    case 'task-passed':
      return evaluateTaskPassed(check, context);
    case 'migration-script':
      return evaluateMigrationScript(check, context);
    case 'documents-layout':
      return evaluateDocumentsLayout(check, context);
  }
}

/** Evaluates one check; an unexpected error becomes an unknown state that names the error, never a pass. */
export function evaluateCheck(check: Check, context: CheckContext): CheckOutcome {
  try {
    return evaluateKind(check, context);
  } catch (error) {
    return unknown(`the ${check.kind} check could not be evaluated (${error instanceof Error ? error.message : String(error)}); please report this`);
  }
}

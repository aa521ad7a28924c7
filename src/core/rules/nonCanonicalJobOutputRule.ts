// RR006 non-canonical-job-output.
//
// Catches, in Slurm/shell scripts (`*.sh`, `*.sbatch`, `*.slurm`) and in SBATCH text generated inside Python
// strings: `#SBATCH --output/--error` (and `-o/-e`, and the same options on an `sbatch` command line) that write
// under a legacy root or outside the experiment root; `#SBATCH --chdir`, `mkdir`, `cd` and output redirections
// (`>`, `>>`, `tee`) that point under a legacy root or at a mis-shaped experiment path. Shell variables assigned once
// in the script (`OUT=osc_jobs/x`) and f-string fields traced to a literal are expanded first. In Markdown, lines
// that still tell readers to use a legacy root, in prose or in code blocks (information severity: docs lag code, and
// the fix is editorial).
//
// Deliberately not flagged: `cd`/`mkdir`/redirections outside the experiment root (jobs `cd` into the code checkout,
// create scratch folders and write `train.log`), output paths we cannot see (`$LOG_DIR/x.out`, `{log_dir}/x.out` from
// a parameter), a bare file name (`slurm-%j.out` lands in the job's working folder), `/dev/null`, comments other
// than `#SBATCH` lines, migration steps that move or copy artifacts into the experiment root (`mv/cp/rsync/ln ...
// experiment_runs/...`), and Markdown lines that mention the legacy root to say it is legacy, deprecated, not to be
// used or being migrated. Python string ranges reported here are never reported by RR002 as well: RR002 leaves
// strings that are job-script text to this rule (see jobScriptText.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { LayoutModel } from '../layout/layoutModel';
import { layoutRootWords } from './artifactVocabulary';
import type { JobPathReference } from './jobScriptText';
import { findJobPathReferences, jobPathProblem, looksLikeJobScriptText, unquote } from './jobScriptText';
import { wordOffsets } from '../text/textSearch';
import { isStringStatement } from '../python/stringLiterals';
import { namedChildrenOf, nodeAt, parentOf } from '../python/treeNavigation';
import type { PythonRule, PythonRuleContext, RuleFinding, TextRule, TextRuleContext } from './rule';
import { staticValueOf } from '../python/staticStringValue';
import { escapeRegExp } from '../text/escapeRegExp';
import { snippet } from '../text/snippet';
import { findingMessage, firstFitting } from './findingMessage';
import { projectPathFunction } from './projectVocabulary';

const verbs: Readonly<Record<JobPathReference['kind'], string>> = {
  output: 'sends job output',
  chdir: 'runs the job',
  mkdir: 'creates a folder',
  cd: 'changes into a folder',
  redirect: 'writes',
};

/** "write to the run's folder from `cfg.canonical_experiment_dir()`…", or generically without a project function. */
function remedy(context: FileContextOf, tree?: Tree): string {
  const function_ = projectPathFunction(context.vocabulary, 'folder', tree, context.source);
  return `write to the run's folder ${function_ === undefined ? `under ${context.layout.settings.experimentRoot}/` : `from \`${function_}\``}, made by the job script`;
}

type FileContextOf = Pick<TextRuleContext, 'vocabulary' | 'layout' | 'source'>;

/** `#SBATCH --output=osc_jobs/logs/%x.out` sends job output under the legacy root 'osc_jobs'; … */
function describe(reference: JobPathReference, shownPath: string, problem: string, context: FileContextOf, tree?: Tree, note = ''): string {
  // A note (`$OUT is 'osc_jobs/x' (line 5)`) says where the path came from, so it replaces the path.
  const path = reference.written.includes(shownPath) ? '' : note !== '' ? note : ` ('${snippet(shownPath, 40)}')`;
  const written = `\`${snippet(reference.written, 50)}\``;
  const what = `${verbs[reference.kind]} ${problem.replace(/^is /, '')}`;
  return findingMessage(firstFitting(`${written} ${what}${path}`, `${written} ${what}`), remedy(context, tree));
}

// ---- shell -------------------------------------------------------------------------------------------------------

interface ShellVariable {
  readonly value: string;
  readonly line: number;
}

/** Variables assigned exactly once in the script with a plain value (no command substitution). */
function shellVariables(lines: readonly string[]): Map<string, ShellVariable> {
  const seen = new Map<string, ShellVariable | null>();
  lines.forEach((line, index) => {
    const match = /^\s*(?:export\s+|readonly\s+|local\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]*)/.exec(line);
    if (match === null) {
      return;
    }
    const [, name = '', raw = ''] = match;
    const value = unquote(raw);
    seen.set(name, seen.has(name) || /\$\(|`/.test(value) ? null : { value, line: index + 1 });
  });
  const variables = new Map<string, ShellVariable>();
  for (const [name, variable] of seen) {
    if (variable !== null) {
      variables.set(name, variable);
    }
  }
  return variables;
}

function expandShell(token: string, variables: ReadonlyMap<string, ShellVariable>): { readonly text: string; readonly note: string } {
  const used: string[] = [];
  let text = unquote(token);
  for (let round = 0; round < 3; round++) {
    text = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? '';
      const variable = variables.get(name);
      if (variable === undefined) {
        return whole;
      }
      used.push(`$${name} is '${variable.value}' (line ${variable.line})`);
      return variable.value;
    });
  }
  return { text, note: used.length === 0 ? '' : ` (${[...new Set(used)].join(', ')})` };
}

/** The line without a trailing `# comment` (outside quotes); SBATCH directive lines are kept whole. */
function codePart(line: string): string {
  if (/^\s*#SBATCH/.test(line)) {
    return line;
  }
  if (/^\s*#/.test(line)) {
    return '';
  }
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return line.slice(0, index);
    }
  }
  return line;
}

function checkShell(context: TextRuleContext): RuleFinding[] {
  const variables = shellVariables(context.lines);
  const findings: RuleFinding[] = [];
  context.lines.forEach((line, index) => {
    const code = codePart(line);
    if (code === '') {
      return;
    }
    for (const reference of findJobPathReferences(code)) {
      const expanded = expandShell(reference.token, variables);
      const problem = jobPathProblem(expanded.text, reference.kind, context.layout, context.vocabulary);
      if (problem !== undefined) {
        findings.push({ range: context.rangeAt(index, reference.start, reference.end), message: describe(reference, expanded.text, problem, context, undefined, expanded.note) });
      }
    }
  });
  return findings;
}

// ---- Markdown ----------------------------------------------------------------------------------------------------

/** Words that mean the line talks about the legacy root rather than telling the reader to use it. */
const notAnInstruction = /\b(legacy|deprecated|obsolete|migrat\w*|no longer|instead|not|never|don't|do not|formerly|old|replaced?|moved?|removed?|remove|retire\w*|used to|was|were)\b/i;
/** `mv/cp/rsync/ln ... <experiment root path>`: a migration step out of the legacy root, which the runbook asks for. */
function isMigrationCommand(line: string, experimentRoot: string): boolean {
  const match = /^\s*(?:\$\s*)?(?:sudo\s+)?(mv|cp|rsync|ln)\b(.*)$/.exec(line);
  const operands = match?.[2]?.trim().split(/\s+/).filter((operand) => !operand.startsWith('-')) ?? [];
  const destination = operands[operands.length - 1] ?? '';
  return destination.replace(/^\.\//, '').startsWith(experimentRoot) || destination.includes(`/${experimentRoot}`);
}

function checkMarkdown(context: TextRuleContext): RuleFinding[] {
  const { legacyRoots, experimentRoot } = context.layout.settings;
  if (legacyRoots.length === 0) {
    return [];
  }
  const rootPattern = new RegExp(`(?<![A-Za-z0-9_.-])(?:${legacyRoots.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])[^\\s\`'"),;]*`, 'g');
  const function_ = projectPathFunction(context.vocabulary, 'folder');
  const documentRemedy = `document the ${experimentRoot}/ layout${function_ === undefined ? '' : ` built by \`${function_}\``} instead`;
  const findings: RuleFinding[] = [];
  let inFence = false;
  context.lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (notAnInstruction.test(line) || (inFence && isMigrationCommand(line, experimentRoot))) {
      return;
    }
    rootPattern.lastIndex = 0;
    const match = rootPattern.exec(line);
    if (match === null) {
      return;
    }
    const path = match[0].replace(/[.:]+$/, '');
    findings.push({
      range: context.rangeAt(index, match.index, match.index + path.length),
      message: findingMessage(`This doc points readers at the legacy root ('${snippet(path, 50)}')`, documentRemedy),
    });
  });
  return findings;
}

// ---- Python strings ----------------------------------------------------------------------------------------------

/** The token with each f-string field that traces to a known value substituted (`{log_dir}` → `osc_jobs/logs`). */
function resolveFields(source: string, stringNode: Node, reference: JobPathReference): { readonly text: string; readonly note: string } {
  const base = stringNode.startIndex;
  let text = '';
  const notes: string[] = [];
  let cursor = base + reference.start;
  const end = base + reference.end;
  for (const child of namedChildrenOf(stringNode)) {
    if (child.type !== 'interpolation' || child.endIndex <= cursor || child.startIndex >= end) {
      continue;
    }
    text += source.slice(cursor, child.startIndex);
    const expression = child.childForFieldName('expression');
    const value = expression === null ? undefined : staticValueOf(expression, source);
    if (value !== undefined && !value.unknown && value.stringLike) {
      text += value.text;
      notes.push(`${child.text} is '${value.text}'`);
    } else {
      text += child.text;
    }
    cursor = child.endIndex;
  }
  text += source.slice(cursor, end);
  return { text: unquote(text), note: notes.length === 0 ? '' : ` (${notes.join(', ')})` };
}

/** The words whose occurrences jobTextStrings starts from. */
function jobTextWords(layout: LayoutModel): string[] {
  return ['#SBATCH', '--output', '--error', '--chdir', ...layoutRootWords(layout.settings)];
}

/** String nodes holding job-script text: found from directive/option words and layout roots in the source text. */
function jobTextStrings(context: PythonRuleContext, layout: LayoutModel): Node[] {
  const { tree, source } = context;
  const words = jobTextWords(layout);
  const strings = new Map<number, Node>();
  for (const word of words) {
    for (const offset of wordOffsets(source, word)) {
      let node = nodeAt(tree, offset);
      while (node !== undefined && (node.type === 'string_content' || node.type === 'escape_sequence' || node.type === 'escape_interpolation')) {
        node = parentOf(node) ?? undefined;
      }
      if (node?.type === 'string' && !strings.has(node.id)) {
        strings.set(node.id, node);
      }
    }
  }
  return [...strings.values()].sort((a, b) => a.startIndex - b.startIndex);
}

function checkPythonStrings(context: PythonRuleContext, layout: LayoutModel): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const stringNode of jobTextStrings(context, layout)) {
    const text = context.source.slice(stringNode.startIndex, stringNode.endIndex);
    if (!looksLikeJobScriptText(text) || isStringStatement(stringNode)) {
      continue;
    }
    for (const reference of findJobPathReferences(text)) {
      const resolved = resolveFields(context.source, stringNode, reference);
      const problem = jobPathProblem(resolved.text, reference.kind, layout, context.vocabulary);
      if (problem !== undefined) {
        findings.push({
          range: context.rangeOfOffsets(stringNode.startIndex + reference.start, stringNode.startIndex + reference.end),
          message: describe(reference, resolved.text, problem, context, context.tree, resolved.note),
        });
      }
    }
  }
  return findings;
}

const optionTriggerWords: readonly string[] = ['--output', '--error', '--chdir'].flatMap((option) => [`${option}=`, `${option} `, `${option}\t`]);

export const nonCanonicalJobOutputRule: PythonRule & TextRule = {
  id: 'RR006',
  name: 'non-canonical-job-output',
  defaultSeverity: 'warning',
  description:
    'Slurm job output, working folders and mkdir/cd under a legacy root or outside the experiment root (in scripts, SBATCH text in Python strings, and docs); write to the canonical experiment_runs folder.',
  // Every finding needs a layout root in the text, or an output option with its value / an SBATCH directive. An
  // option is only read when `=`, a space or a tab follows it (jobScriptText.ts), so `"--output"` alone (argparse
  // code, option lists) does not make a file worth parsing.
  triggerWords: ['SBATCH', 'sbatch', ...optionTriggerWords, 'experiment_runs', 'osc_jobs'],
  triggerWordsFor: (layout) => ['SBATCH', 'sbatch', ...optionTriggerWords, ...layoutRootWords(layout)],
  defaultSeverityByLanguage: { markdown: 'information' },
  languages: ['shell', 'markdown'],
  checkText(context: TextRuleContext): RuleFinding[] {
    return context.language === 'markdown' ? checkMarkdown(context) : checkShell(context);
  },
  // Every Python finding is in a string found by jobTextStrings from an occurrence of one of jobTextWords.
  mayFind: (source, layout) => jobTextWords(layout).some((word) => source.includes(word)),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    return checkPythonStrings(context, context.layout);
  },
};

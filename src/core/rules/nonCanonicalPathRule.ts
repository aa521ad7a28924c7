// RR002 non-canonical-path.
//
// Catches output and artifact paths built in code — string literals, f-strings, `+`, `str.format`, `os.path.join`,
// `Path(...) / ...` — that (a) sit under a legacy root (`osc_jobs/...`), (b) sit under the experiment root but do not
// follow the layout grammar (a wrong segment, or a file placed where a segment folder belongs, such as
// `experiment_runs/automotive/hcrl_sa/best_teacher.pth`), or (c) anchor the experiment root to a source file's folder
// (`Path(__file__).parent / "experiment_runs"`, `os.path.join(os.path.dirname(__file__), "experiment_runs")`)
// instead of the repository root; climbing exactly to the repository root (`Path(__file__).parents[2]` from
// `src/training/`) is fine, and so is a file that itself sits at the repository root. A base path held in a variable
// (`root = "experiment_runs"`) is followed to where it is extended.
//
// Deliberately not flagged: templates (`experiment_runs/{modality}/...` with f-string fields or `*`), a valid base
// that stops early (`experiment_runs`, `experiment_runs/automotive`), docstrings, messages (text with spaces),
// strings used to *recognise* a legacy path (comparisons, `in`, `.startswith`, `.replace`, `re.*`, raise/assert/log
// calls), and job-script text such as `#SBATCH --output=osc_jobs/...`, `mkdir -p osc_jobs/x` or `cd osc_jobs`:
// RR006 owns those strings, so one range is never reported by both rules.
import type { Node } from 'web-tree-sitter';
import type { LayoutModel, ParsedLayoutPath } from '../layout/layoutModel';
import { layoutRootWords } from './artifactVocabulary';
import type { ArtifactVocabulary } from './artifactVocabulary';
import { misplacedFile, misplacedFileRemedy } from './misplacedFile';
import { findingMessage, firstFitting } from './findingMessage';
import { projectPathFunction } from './projectVocabulary';
import { looksLikeJobScriptText } from './jobScriptText';
import { snippet } from '../text/snippet';
import { occurrencesOf, wordOffsets } from '../text/textSearch';
import { methodName, qualifiedCallee } from '../python/callSites';
import { isStringStatement } from '../python/stringLiterals';
import { dottedName, enclosingStatement, nodeAt, parentOf } from '../python/treeNavigation';
import { DisjointSpans } from '../text/disjointSpans';
import type { PythonRule, PythonRuleContext, RuleFinding } from './rule';
import type { StaticValue } from '../python/staticStringValue';
import { describeValue, dirnameFunctions, joinFunctions, passThroughFunctions, passThroughMethods, pathConstructors, staticValueOf } from '../python/staticStringValue';

const pathCalls: ReadonlySet<string> = new Set([...pathConstructors, ...joinFunctions, ...passThroughFunctions, ...dirnameFunctions]);
const pathMethods: ReadonlySet<string> = new Set([...passThroughMethods, 'joinpath', 'format', 'with_name', 'with_suffix']);
const pathAttributes: ReadonlySet<string> = new Set(['parent', 'parents']);

/** String methods and functions that test or rewrite a path rather than use it. */
const recognisingMethods: ReadonlySet<string> = new Set([
  'startswith', 'endswith', 'replace', 'split', 'rsplit', 'partition', 'rpartition', 'find', 'rfind', 'index', 'rindex',
  'count', 'removeprefix', 'removesuffix', 'relative_to', 'is_relative_to', 'match', 'full_match',
]);
const messageCallees = /^(print|warnings\.warn|(logging|logger|log|_logger|LOGGER|self\.logger|self\.log)\.(debug|info|warning|warn|error|exception|critical)|click\.echo|typer\.echo|console\.print)$/;

/** Climbs from a literal (or `__file__`) to the whole expression that builds the path. */
function pathExpressionAround(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = parentOf(current);
    if (parent === null) {
      return current;
    }
    switch (parent.type) {
      case 'concatenated_string':
      case 'parenthesized_expression':
        current = parent;
        continue;
      case 'interpolation': {
        const outer = parentOf(parent);
        if (outer === null) {
          return current;
        }
        current = outer;
        continue;
      }
      case 'binary_operator': {
        const operator = parent.childForFieldName('operator')?.type;
        if (operator === '/' || operator === '+' || (operator === '%' && parent.childForFieldName('left')?.id === current.id)) {
          current = parent;
          continue;
        }
        return current;
      }
      case 'argument_list': {
        const call = parentOf(parent);
        const callee = call?.childForFieldName('function');
        const name = callee === null || callee === undefined ? undefined : dottedName(callee);
        if (call !== null && call.type === 'call' && ((name !== undefined && pathCalls.has(name)) || methodName(call) === 'joinpath')) {
          current = call;
          continue;
        }
        return current;
      }
      case 'attribute': {
        if (parent.childForFieldName('object')?.id !== current.id) {
          return current;
        }
        const attribute = parent.childForFieldName('attribute')?.text ?? '';
        const call = parentOf(parent);
        if (call?.type === 'call' && call.childForFieldName('function')?.id === parent.id && pathMethods.has(attribute)) {
          current = call;
          continue;
        }
        if (pathAttributes.has(attribute)) {
          const grandparent = parentOf(parent);
          current = grandparent?.type === 'subscript' && attribute === 'parents' ? grandparent : parent;
          continue;
        }
        return current;
      }
      default:
        return current;
    }
  }
}

/** True when the expression's surroundings show it is matched against, rewritten or printed, not used as a path. */
function isRecognisingContext(expression: Node, context: PythonRuleContext): boolean {
  const parent = parentOf(expression);
  if (parent === null) {
    return false;
  }
  if (parent.type === 'comparison_operator' || parent.type === 'subscript' && parent.childForFieldName('subscript')?.id === expression.id) {
    return true;
  }
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === expression.id) {
    return true;
  }
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === expression.id) {
    const method = parent.childForFieldName('attribute')?.text ?? '';
    if (recognisingMethods.has(method)) {
      return true;
    }
  }
  const call = parent.type === 'argument_list' || parent.type === 'keyword_argument' ? (parent.type === 'argument_list' ? parentOf(parent) : parentOf(parent)?.parent) : null;
  if (call !== null && call !== undefined && call.type === 'call') {
    const callee = qualifiedCallee(call, context.tree, context.source) ?? '';
    const method = methodName(call) ?? '';
    if (recognisingMethods.has(method) || messageCallees.test(callee) || /^(re|fnmatch)\./.test(callee)) {
      return true;
    }
  }
  const statement = enclosingStatement(expression);
  return statement.type === 'raise_statement' || statement.type === 'assert_statement';
}

/** Where an anchored path really points, relative to the repository root ('' = the root). */
function anchoredLocation(value: StaticValue, relativePath: string): string | undefined {
  const folders = relativePath.split('/').slice(0, -1);
  const levels = value.sourceAnchor ?? 0;
  if (levels > folders.length) {
    return undefined;
  }
  return [...folders.slice(0, folders.length - levels), value.text].filter((part) => part !== '').join('/');
}

/** The grammar problem of a path under the experiment root, or undefined when it is fine (canonical, template, base). */
function grammarProblem(parsed: ParsedLayoutPath, vocabulary: ArtifactVocabulary): { readonly problem: string; readonly misplaced: boolean } | undefined {
  if (parsed.classification !== 'non-canonical' && parsed.classification !== 'canonical') {
    return undefined;
  }
  // With no allowed values configured, `best.pth` is a valid folder name to the grammar; a file there is still wrong.
  const misplaced = misplacedFile(parsed, vocabulary);
  if (misplaced !== undefined) return { problem: misplaced.message, misplaced: true };
  if (parsed.classification === 'canonical' || parsed.prefixOnly) {
    return undefined;
  }
  return { problem: parsed.problems.filter((problem) => !problem.endsWith('is missing')).join(', ') || parsed.problems.join(', '), misplaced: false };
}

/** The path as a headline quotes it, most telling first: the literal, or the expression and what it evaluates to, then shorter forms. */
function shownForms(expression: Node, value: StaticValue): string[] {
  const rendered = describeValue(value);
  return expression.type === 'string' && !value.hasPlaceholders
    ? [`'${snippet(rendered, 60)}'`]
    : [`\`${snippet(expression.text, 35)}\` (= '${snippet(rendered, 40)}')`, `'${snippet(rendered, 50)}'`, `\`${snippet(expression.text, 35)}\``];
}

/** The first headline that fits, trying each form of the path in `describe(shown)`, then `short`. */
function headline(expression: Node, value: StaticValue, describe: (shown: string) => string, short: string): string {
  return firstFitting(...shownForms(expression, value).map(describe), short);
}

/** "build it with `cfg.canonical_experiment_dir()`", or generically when the project has no path function the rule sees. */
function buildRemedy(context: PythonRuleContext): string {
  const function_ = projectPathFunction(context.vocabulary, 'folder', context.tree, context.source);
  return function_ === undefined ? `build it from the run's config under ${context.layout.settings.experimentRoot}/` : `build it with \`${function_}\``;
}

function judge(expression: Node, value: StaticValue, context: PythonRuleContext, allowLegacy: boolean): string | undefined {
  const { layout } = context;
  const experimentRootParts = layout.settings.experimentRoot.split('/');
  if (value.sourceAnchor !== undefined && value.sourceAnchor >= 0) {
    const parts = value.text.split('/');
    const startsAtRoot = experimentRootParts.every((part, index) => parts[index] === part);
    const depth = context.relativePath.split('/').length - 1;
    if (startsAtRoot && value.sourceAnchor !== depth) {
      const location = anchoredLocation({ ...value, text: layout.settings.experimentRoot }, context.relativePath);
      const where = location === undefined ? 'a folder outside the repository' : `${snippet(location, 40)}/`;
      const root = layout.settings.experimentRoot;
      const code = `\`${snippet(expression.text, 40)}\``;
      return findingMessage(firstFitting(`${code} puts ${root} under this file's folder (${where})`, `${code} puts ${root} under this file's folder`), `resolve it from the repository root and ${buildRemedy(context)}`);
    }
  }
  const parsed = layout.parse(value.text);
  if (parsed.classification === 'legacy') {
    const legacy = `is under the legacy root '${parsed.root ?? ''}'`;
    return allowLegacy ? findingMessage(headline(expression, value, (shown) => `${shown} ${legacy}`, `Path ${legacy}`), buildRemedy(context)) : undefined;
  }
  const found = grammarProblem(parsed, context.vocabulary);
  if (found === undefined) return undefined;
  return findingMessage(headline(expression, value, (shown) => `${shown} is off the layout: ${found.problem}`, `Path off the layout: ${found.problem}`), found.misplaced ? `${misplacedFileRemedy}, ${buildRemedy(context)}` : buildRemedy(context));
}

/** Literal text (placeholders removed) with whitespace is a message or a command line, not a path. */
function isPathLike(value: StaticValue): boolean {
  return !/\s/.test(value.text.replace(/\{[^{}]*\}/g, '')) && value.text.length < 500;
}

function layoutRoots(layout: LayoutModel): string[] {
  return [layout.settings.experimentRoot, ...layout.settings.legacyRoots].filter((root) => root !== '');
}

export const nonCanonicalPathRule: PythonRule = {
  id: 'RR002',
  name: 'non-canonical-path',
  defaultSeverity: 'warning',
  description:
    "Output or artifact paths under a legacy root, under the experiment root but off the layout grammar, or anchored to a source file instead of the repository root; build them from the run's config (the project's path function).",
  triggerWords: ['experiment_runs', 'osc_jobs'],
  triggerWordsFor: (layout) => layoutRootWords(layout),
  checkPython(context: PythonRuleContext): RuleFinding[] {
    const { layout, tree, source } = context;
    const roots = layoutRoots(layout);
    const findings: RuleFinding[] = [];
    const reported = new DisjointSpans();
    // A valid base assigned to a name (`root = "experiment_runs"`) is judged again where it is extended. Names are
    // searched in rounds (a base built from a base is found in the next round), uses in text order within a round,
    // so the result does not depend on the order names were found in.
    const baseNameRounds = new Map<string, number>();
    let round = 0;
    // Several literals of one expression (a generated script's lines) lead to the same expression: evaluate it once.
    const values = new Map<number, StaticValue>();
    const consider = (expression: Node, allowLegacy: boolean): void => {
      const overlapsReported = reported.overlaps(expression.startIndex, expression.endIndex);
      if (overlapsReported || isRecognisingContext(expression, context)) {
        return;
      }
      let value = values.get(expression.id);
      if (value === undefined) {
        value = staticValueOf(expression, source);
        values.set(expression.id, value);
      }
      if (!isPathLike(value) || looksLikeJobScriptText(value.text)) {
        return;
      }
      const message = judge(expression, value, context, allowLegacy);
      if (message !== undefined) {
        reported.add(expression.startIndex, expression.endIndex);
        findings.push({ range: context.rangeOf(expression), message });
        return;
      }
      const statement = parentOf(expression);
      if (statement?.type === 'assignment' && statement.childForFieldName('right')?.id === expression.id) {
        const target = statement.childForFieldName('left');
        const name = target === null ? undefined : dottedName(target);
        // A zero-width (MISSING) target from error recovery has no name to follow.
        if (name !== undefined && name !== '' && layout.parse(value.text).classification !== 'unrelated') {
          const known = baseNameRounds.get(name);
          if (known === undefined || known > round + 1) {
            baseNameRounds.set(name, round + 1);
          }
        }
      }
    };
    const strings = new Map<number, Node>();
    for (const root of roots) {
      for (const offset of wordOffsets(source, root)) {
        let node = nodeAt(tree, offset);
        while (node !== undefined && node.type !== 'string' && (node.type === 'string_content' || node.type === 'escape_sequence')) {
          node = parentOf(node) ?? undefined;
        }
        if (node?.type === 'string' && !strings.has(node.id)) {
          strings.set(node.id, node);
        }
      }
    }
    for (const stringNode of [...strings.values()].sort((a, b) => a.startIndex - b.startIndex)) {
      if (isStringStatement(stringNode) || parentOf(stringNode)?.type === 'interpolation') {
        continue;
      }
      consider(pathExpressionAround(stringNode), true);
    }
    for (const offset of occurrencesOf(source, '__file__')) {
      const identifier = nodeAt(tree, offset);
      if (identifier?.type === 'identifier') {
        consider(pathExpressionAround(identifier), true);
      }
    }
    const searched = new Set<string>();
    for (round = 1; ; round++) {
      const names = [...baseNameRounds].filter(([name, found]) => found <= round && !searched.has(name)).map(([name]) => name);
      if (names.length === 0) {
        if ([...baseNameRounds.values()].every((found) => found <= round)) {
          break;
        }
        continue;
      }
      const uses: Array<{ readonly name: string; readonly offset: number }> = [];
      for (const name of names) {
        searched.add(name);
        for (const offset of occurrencesOf(source, name)) {
          uses.push({ name, offset });
        }
      }
      uses.sort((a, b) => a.offset - b.offset || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const { name, offset } of uses) {
        let use = nodeAt(tree, offset);
        for (let parent = use === undefined ? null : parentOf(use); use !== undefined && parent?.type === 'attribute' && dottedName(use) !== name; parent = parentOf(use)) {
          use = parent;
        }
        const useParent = use === undefined ? null : parentOf(use);
        if (use === undefined || dottedName(use) !== name || (useParent?.type === 'attribute' && useParent.childForFieldName('attribute')?.id === use.id)) {
          continue;
        }
        const expression = pathExpressionAround(use);
        // Only where the base is extended; the legacy case was already judged at the literal.
        if (expression.id !== use.id) {
          consider(expression, false);
        }
      }
    }
    return findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  },
};


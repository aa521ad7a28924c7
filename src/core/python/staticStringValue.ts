// Evaluates a Python expression that builds a string or path into a template: literal text where the code is
// static, `{name}` where it is not (an f-string field, a parameter, `cfg.dataset`). Understands string literals,
// f-strings, `+`, `%`, `str.format`, `os.path.join`, `Path(...)`, `/`, `.joinpath`, `.parent`, `os.path.dirname`,
// and `__file__`; follows names through pythonValueTracing. The layout grammar treats `{...}` as a placeholder
// segment, so a template such as `experiment_runs/{modality}/...` is judged as a template, not as a wrong path.
import type { Node } from 'web-tree-sitter';
import { methodName, methodReceiver } from './callSites';
import { decodeEscapes, isFormatString } from './stringLiterals';
import { dottedName, namedChildrenOf, unwrapParentheses } from './treeNavigation';
import { reachingDefinition, selfAttributeValue } from './valueTracing';

export interface StaticValue {
  /** The value with unknown parts written as `{label}`. Relative to the source file's folder when `sourceAnchor` is set. */
  readonly text: string;
  /** True when at least one part is unknown. */
  readonly hasPlaceholders: boolean;
  /** True when nothing at all is known (the whole value is one placeholder). */
  readonly unknown: boolean;
  /** True when some part came from a string literal or a path call, i.e. the expression really builds a string/path. */
  readonly stringLike: boolean;
  /**
   * Set when the value is built from `__file__`: how many folders above the source file's own folder it starts
   * (`Path(__file__).parent` → 0, `.parent.parent` → 1); -1 is the file itself.
   */
  readonly sourceAnchor?: number;
  /** Names of parameters of the enclosing function that the value depends on (unbound). */
  readonly parameters: readonly string[];
}

export interface EvaluationOptions {
  /** Parameter name → the argument expression a particular caller passes (for judging a helper by its callers). */
  readonly bindings?: ReadonlyMap<string, Node>;
}

const maxDepth = 12;

export const pathConstructors: ReadonlySet<string> = new Set([
  'Path', 'PurePath', 'PosixPath', 'PurePosixPath', 'WindowsPath', 'PureWindowsPath',
  'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath', 'pathlib.WindowsPath', 'pathlib.PureWindowsPath',
]);
export const joinFunctions: ReadonlySet<string> = new Set(['os.path.join', 'posixpath.join', 'ntpath.join', 'path.join', 'osp.join', 'join']);
export const passThroughFunctions: ReadonlySet<string> = new Set([
  'str', 'os.fspath', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'os.path.expanduser', 'os.path.normcase',
  'osp.abspath', 'osp.realpath', 'osp.normpath', 'osp.expanduser', 'path.abspath', 'path.realpath', 'path.normpath', 'abspath', 'realpath', 'normpath',
]);
export const dirnameFunctions: ReadonlySet<string> = new Set(['os.path.dirname', 'osp.dirname', 'path.dirname', 'dirname']);
export const passThroughMethods: ReadonlySet<string> = new Set(['resolve', 'absolute', 'expanduser', 'as_posix', '__str__', 'strip', 'rstrip', 'lstrip']);

/** Methods that return their first argument: `strategy.broadcast(path)` hands rank 0's value to every rank. */
const argumentPassThroughMethods: ReadonlySet<string> = new Set(['broadcast']);

function fromText(text: string): StaticValue {
  return { text, hasPlaceholders: false, unknown: false, stringLike: true, parameters: [] };
}

function placeholder(label: string, parameters: readonly string[] = []): StaticValue {
  return { text: `{${label}}`, hasPlaceholders: true, unknown: true, stringLike: false, parameters };
}

function concat(values: readonly StaticValue[], separator = ''): StaticValue {
  const anchor = values[0]?.sourceAnchor;
  return {
    text: values.map((value) => value.text).join(separator),
    hasPlaceholders: values.some((value) => value.hasPlaceholders),
    unknown: values.every((value) => value.unknown),
    stringLike: values.some((value) => value.stringLike),
    ...(anchor === undefined ? {} : { sourceAnchor: anchor }),
    parameters: values.flatMap((value) => value.parameters),
  };
}

function withAnchor(value: StaticValue, anchor: number | undefined, text = value.text): StaticValue {
  const { sourceAnchor: _dropped, ...rest } = value;
  void _dropped;
  return anchor === undefined ? { ...rest, text } : { ...rest, text, sourceAnchor: anchor };
}

/** `os.path.join` semantics: an absolute part restarts the path; `..` right after a `__file__` anchor climbs it. */
function joinPaths(parts: readonly StaticValue[]): StaticValue {
  let result: StaticValue | undefined;
  for (const part of parts) {
    if (result === undefined || /^([\\/]|[A-Za-z]:[\\/])/.test(part.text)) {
      result = { ...part, stringLike: true };
      continue;
    }
    const text = result.text === '' ? part.text : part.text === '' ? result.text : `${result.text.replace(/[\\/]+$/, '')}/${part.text}`;
    result = withAnchor(concat([result, part]), result.sourceAnchor, text);
    result = { ...result, stringLike: true };
  }
  return normalizeAnchor(result ?? fromText(''));
}

function normalizeAnchor(value: StaticValue): StaticValue {
  if (value.sourceAnchor === undefined) {
    return value;
  }
  let anchor = value.sourceAnchor;
  const parts = value.text.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  while (parts[0] === '..') {
    parts.shift();
    anchor = Math.max(anchor, 0) + 1;
  }
  return withAnchor(value, anchor, parts.join('/'));
}

function parentOf(value: StaticValue, levels = 1): StaticValue {
  let current = value;
  for (let step = 0; step < levels; step++) {
    if (current.sourceAnchor !== undefined && current.text === '') {
      current = withAnchor(current, current.sourceAnchor + 1, '');
      continue;
    }
    const trimmed = current.text.replace(/[\\/]+$/, '');
    const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
    if (cut < 0) {
      if (current.sourceAnchor !== undefined) {
        current = withAnchor(current, current.sourceAnchor, '');
      } else {
        return placeholder('parent');
      }
    } else {
      current = withAnchor(current, current.sourceAnchor, trimmed.slice(0, cut));
    }
  }
  return current;
}

/** A readable placeholder label for an expression: `cfg.dataset`, `run_dir`, or the called function's name. */
export function labelFor(node: Node): string {
  const unwrapped = unwrapParentheses(node);
  const name = dottedName(unwrapped);
  if (name !== undefined) {
    return name;
  }
  if (unwrapped.type === 'call') {
    const callee = unwrapped.childForFieldName('function');
    const calleeName = callee === null ? undefined : dottedName(callee);
    if (calleeName !== undefined) {
      return `${calleeName}()`;
    }
  }
  return unwrapped.type === 'subscript' ? (dottedName(unwrapped.childForFieldName('value') ?? unwrapped) ?? 'value') : 'value';
}

class Evaluator {
  private readonly visiting = new Set<number>();

  constructor(
    private readonly source: string,
    private readonly bindings: ReadonlyMap<string, Node> | undefined,
  ) {}

  evaluate(node: Node, depth: number): StaticValue {
    if (depth > maxDepth || this.visiting.has(node.id)) {
      return placeholder(labelFor(node));
    }
    this.visiting.add(node.id);
    try {
      return this.evaluateNode(unwrapParentheses(node), depth);
    } finally {
      this.visiting.delete(node.id);
    }
  }

  private evaluateNode(node: Node, depth: number): StaticValue {
    switch (node.type) {
      case 'string':
        return this.stringValue(node, depth);
      case 'concatenated_string':
        return concat(namedChildrenOf(node).map((part) => this.evaluate(part, depth + 1)));
      case 'binary_operator':
        return this.binaryValue(node, depth);
      case 'call':
        return this.callValue(node, depth);
      case 'attribute':
        return this.attributeValue(node, depth);
      case 'subscript':
        return this.subscriptValue(node, depth);
      case 'identifier':
        return this.identifierValue(node, depth);
      default:
        return placeholder(labelFor(node));
    }
  }

  private stringValue(node: Node, depth: number): StaticValue {
    const formatted = isFormatString(node);
    const raw = /^[A-Za-z]*[rR]/.test(node.firstChild?.text ?? '');
    const parts: StaticValue[] = [];
    for (const child of namedChildrenOf(node)) {
      if (child.type === 'string_content') {
        let text = raw ? child.text : decodeEscapes(child.text);
        if (formatted) {
          text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        }
        parts.push(fromText(text));
      } else if (child.type === 'interpolation') {
        const expression = child.childForFieldName('expression');
        const plain = child.childForFieldName('format_specifier') === null && child.childForFieldName('type_conversion') === null;
        if (expression === null) {
          parts.push(placeholder('value'));
        } else if (plain) {
          const inner = this.evaluate(expression, depth + 1);
          parts.push(inner.unknown ? placeholder(labelFor(expression), inner.parameters) : inner);
        } else {
          parts.push(placeholder(labelFor(expression)));
        }
      }
    }
    const value = concat(parts.length === 0 ? [fromText('')] : parts);
    return { ...value, stringLike: true, unknown: false };
  }

  private binaryValue(node: Node, depth: number): StaticValue {
    const operator = node.childForFieldName('operator')?.type;
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    if (leftNode === null || rightNode === null) {
      return placeholder('value');
    }
    const left = this.evaluate(leftNode, depth + 1);
    if (operator === '%' && left.stringLike) {
      return this.printfValue(left, rightNode, depth);
    }
    const right = this.evaluate(rightNode, depth + 1);
    if (!left.stringLike && !right.stringLike && left.sourceAnchor === undefined) {
      return placeholder(labelFor(node), [...left.parameters, ...right.parameters]);
    }
    if (operator === '/') {
      return joinPaths([left, right]);
    }
    if (operator === '+') {
      return withAnchor(concat([left, right]), left.sourceAnchor);
    }
    return placeholder(labelFor(node));
  }

  private printfValue(format: StaticValue, argumentsNode: Node, depth: number): StaticValue {
    const unwrapped = unwrapParentheses(argumentsNode);
    const values = unwrapped.type === 'tuple' ? namedChildrenOf(unwrapped).map((item) => this.evaluate(item, depth + 1)) : [this.evaluate(unwrapped, depth + 1)];
    let index = 0;
    const parameters = [...format.parameters];
    const text = format.text.replace(/%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]/g, (directive) => {
      const value = directive.includes('(') ? undefined : values[index++];
      if (value === undefined) {
        return '{value}';
      }
      parameters.push(...value.parameters);
      return value.text;
    });
    return { ...format, text, hasPlaceholders: format.hasPlaceholders || text.includes('{'), parameters };
  }

  private callValue(node: Node, depth: number): StaticValue {
    const callee = node.childForFieldName('function');
    const name = callee === null ? undefined : dottedName(callee);
    const args = node.childForFieldName('arguments');
    const positional = args === null ? [] : namedChildrenOf(args).filter((argument) => argument.type !== 'keyword_argument' && argument.type !== 'comment');
    if (name !== undefined) {
      if (pathConstructors.has(name)) {
        return positional.length === 0 ? fromText('.') : joinPaths(positional.map((argument) => this.evaluate(argument, depth + 1)));
      }
      if (joinFunctions.has(name) && positional.length > 0) {
        return joinPaths(positional.map((argument) => this.evaluate(argument, depth + 1)));
      }
      if (passThroughFunctions.has(name) && positional[0] !== undefined) {
        return this.evaluate(positional[0], depth + 1);
      }
      if (dirnameFunctions.has(name) && positional[0] !== undefined) {
        return parentOf(this.evaluate(positional[0], depth + 1));
      }
    }
    const method = methodName(node);
    const receiver = methodReceiver(node);
    if (method !== undefined && receiver !== undefined) {
      if (passThroughMethods.has(method)) {
        return this.evaluate(receiver, depth + 1);
      }
      if (argumentPassThroughMethods.has(method) && positional[0] !== undefined) {
        return this.evaluate(positional[0], depth + 1);
      }
      if (method === 'joinpath') {
        return joinPaths([this.evaluate(receiver, depth + 1), ...positional.map((argument) => this.evaluate(argument, depth + 1))]);
      }
      if (method === 'format') {
        return this.formatValue(receiver, node, depth);
      }
    }
    return placeholder(labelFor(node));
  }

  private formatValue(receiver: Node, call: Node, depth: number): StaticValue {
    const template = this.evaluate(receiver, depth + 1);
    if (!template.stringLike) {
      return placeholder(labelFor(call));
    }
    const args = call.childForFieldName('arguments');
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    for (const argument of args === null ? [] : namedChildrenOf(args)) {
      if (argument.type === 'keyword_argument') {
        const key = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value');
        if (key !== undefined && value !== null) {
          keywords.set(key, value);
        }
      } else if (argument.type !== 'comment') {
        positional.push(argument);
      }
    }
    let automatic = 0;
    const parameters = [...template.parameters];
    const text = template.text.replace(/\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}/g, (field, key: string) => {
      const argument = key === '' ? positional[automatic++] : /^\d+$/.test(key) ? positional[Number(key)] : keywords.get(key.split(/[.[]/)[0] ?? key);
      if (argument === undefined || /[.[]/.test(key)) {
        return key === '' ? field : `{${key}}`;
      }
      const value = this.evaluate(argument, depth + 1);
      parameters.push(...value.parameters);
      return value.unknown ? `{${key === '' || /^\d+$/.test(key) ? labelFor(argument) : key}}` : value.text;
    });
    return { ...template, text, hasPlaceholders: text.includes('{'), parameters };
  }

  private attributeValue(node: Node, depth: number): StaticValue {
    const attribute = node.childForFieldName('attribute')?.text;
    const object = node.childForFieldName('object');
    if (object !== null && attribute === 'parent') {
      const base = this.evaluate(object, depth + 1);
      if (base.stringLike || base.sourceAnchor !== undefined) {
        return parentOf(base);
      }
    }
    const traced = selfAttributeValue(node, this.source);
    if (traced !== undefined) {
      const value = this.evaluate(traced, depth + 1);
      if (!value.unknown) {
        return value;
      }
    }
    return placeholder(labelFor(node));
  }

  private subscriptValue(node: Node, depth: number): StaticValue {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'parents' && index?.type === 'integer') {
      const object = value.childForFieldName('object');
      if (object !== null) {
        const base = this.evaluate(object, depth + 1);
        if (base.stringLike || base.sourceAnchor !== undefined) {
          return parentOf(base, Number(index.text) + 1);
        }
      }
    }
    return placeholder(labelFor(node));
  }

  private identifierValue(node: Node, depth: number): StaticValue {
    const name = node.text;
    if (name === '__file__') {
      return { ...fromText(''), sourceAnchor: -1 };
    }
    const bound = this.bindings?.get(name);
    if (bound !== undefined) {
      return this.evaluate(bound, depth + 1);
    }
    const definition = reachingDefinition(node, this.source);
    if (definition === undefined) {
      return placeholder(name);
    }
    if (definition.kind === 'parameter') {
      return placeholder(name, [name]);
    }
    if (definition.kind === 'loop') {
      return placeholder(name);
    }
    const value = this.evaluate(definition.value, depth + 1);
    return value.unknown ? placeholder(name, value.parameters) : value;
  }
}

/**
 * Evaluates `node` into a path/string template (see StaticValue). Never throws; unknown parts become placeholders.
 * Pass the file's `source` (the tracing searches it); without it the text is read back from the tree, which costs a copy.
 */
export function staticValueOf(node: Node, source?: string, options: EvaluationOptions = {}): StaticValue {
  return new Evaluator(source ?? node.tree.rootNode.text, options.bindings).evaluate(node, 0);
}

/** A readable rendering for messages: the template text, prefixed with `<folder of this file>/` when anchored. */
export function describeValue(value: StaticValue): string {
  if (value.sourceAnchor === undefined) {
    return value.text;
  }
  const prefix = value.sourceAnchor <= 0 ? '<folder of this file>' : `<${value.sourceAnchor} folder${value.sourceAnchor === 1 ? '' : 's'} above this file>`;
  return value.text === '' ? prefix : `${prefix}/${value.text}`;
}

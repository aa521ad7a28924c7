// Where a function puts values together into one piece of text: f-strings, `"_".join([...])` (also of a local list
// that is appended to), `a + "_" + b`, `"{}_{}".format(a, b)` and `"%s_%s" % (a, b)`. Each is read as literal text and
// the values between it, named by what they are (`self.scale`, `model_type`; `str(x)` and `x.lower()` name `x`), so the
// grammar check can tell `f"{model_type}_{scale}"` (one folder) from `root / model_type / scale` (two folders).
import type { Node } from 'web-tree-sitter';
import { dottedName, namedChildrenOf, unwrapParentheses } from '../python/treeNavigation';
import { decodeEscapes, isFormatString, plainStringValue } from '../python/stringLiterals';

export type CompositionPart =
  | { readonly kind: 'text'; readonly text: string }
  /** A value; `name` is the dotted name it stands for, when it is one. */
  | { readonly kind: 'value'; readonly name?: string };

export interface TextComposition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
  readonly parts: readonly CompositionPart[];
  /** The local the text is assigned to (`name = f"…"`, `name += f"_{aux}"`), whose later uses stand for it. */
  readonly assignedTo?: string;
  /** The source the values were read from (the text itself; a joined local list's elements too). */
  readonly spans: readonly SourceSpan[];
}

export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function spanOf(node: Node): SourceSpan {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, endLine: node.endPosition.row + 1, endColumn: node.endPosition.column + 1 };
}

/** True when the position lies inside the span. */
export function insideSpan(span: SourceSpan, position: { readonly line: number; readonly column: number }): boolean {
  const afterStart = position.line > span.line || (position.line === span.line && position.column >= span.column);
  const beforeEnd = position.line < span.endLine || (position.line === span.endLine && position.column < span.endColumn);
  return afterStart && beforeEnd;
}

function valuePart(node: Node | null | undefined): CompositionPart {
  const name = node === null || node === undefined ? undefined : valueName(node);
  return name === undefined ? { kind: 'value' } : { kind: 'value', name };
}

/** `self.scale` → itself; `str(self.scale)`, `self.scale.lower()`, `self.scale.value` → `self.scale…`. */
function valueName(node: Node): string | undefined {
  const target = unwrapParentheses(node);
  const direct = dottedName(target);
  if (direct !== undefined) return direct;
  if (target.type !== 'call') return undefined;
  const callee = target.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const receiver = callee.childForFieldName('object');
    return receiver === null ? undefined : valueName(receiver);
  }
  const positional = namedChildrenOf(target.childForFieldName('arguments') ?? target).filter((child) => child.type !== 'keyword_argument' && child.type !== 'comment');
  return positional.length === 1 && positional[0] !== undefined ? valueName(positional[0]) : undefined;
}

function formatStringParts(node: Node): CompositionPart[] {
  const parts: CompositionPart[] = [];
  for (const child of namedChildrenOf(node)) {
    if (child.type === 'string_content' || child.type === 'escape_sequence') parts.push({ kind: 'text', text: decodeEscapes(child.text) });
    else if (child.type === 'interpolation') parts.push(valuePart(child.childForFieldName('expression') ?? namedChildrenOf(child)[0]));
  }
  return parts;
}

/**
 * The parts of one operand: literal text, an f-string's pieces, or a value. The strings and `+` chains read as part of
 * a larger composition are added to `consumed`, so they are not read again as compositions of their own.
 */
function operandParts(node: Node, consumed: Set<number>): CompositionPart[] {
  const target = unwrapParentheses(node);
  const plain = plainStringValue(target);
  if (plain !== undefined) return [{ kind: 'text', text: plain }];
  if (target.type === 'string' && isFormatString(target)) {
    consumed.add(target.id);
    return formatStringParts(target);
  }
  if (target.type === 'concatenated_string' || (target.type === 'binary_operator' && target.childForFieldName('operator')?.text === '+')) {
    consumed.add(target.id);
    const operands = target.type === 'concatenated_string' ? namedChildrenOf(target) : plusOperands(target);
    return operands.flatMap((operand) => operandParts(operand, consumed));
  }
  return [valuePart(target)];
}

function plusOperands(node: Node): Node[] {
  const target = unwrapParentheses(node);
  if (target.type !== 'binary_operator' || target.childForFieldName('operator')?.text !== '+') return [target];
  const left = target.childForFieldName('left');
  const right = target.childForFieldName('right');
  return [...(left === null ? [] : plusOperands(left)), ...(right === null ? [] : plusOperands(right))];
}

function isStringNode(node: Node): boolean {
  const target = unwrapParentheses(node);
  return target.type === 'string' || target.type === 'concatenated_string';
}

/** `{}`, `{0}`, `{name}`, `{x:>3}` placeholders filled from `.format(…)` arguments; `{{` and `}}` are braces. */
function formatMethodParts(template: string, positional: readonly Node[], keywords: ReadonlyMap<string, Node>): CompositionPart[] {
  const parts: CompositionPart[] = [];
  let next = 0;
  let last = 0;
  for (const match of template.matchAll(/\{\{|\}\}|\{([^{}]*)\}/g)) {
    parts.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[0] === '{{' || match[0] === '}}') {
      parts.push({ kind: 'text', text: match[0][0] ?? '' });
      continue;
    }
    const field = (match[1] ?? '').split(/[!:]/)[0]?.split(/[.[]/)[0] ?? '';
    const argument = field === '' ? positional[next++] : /^\d+$/.test(field) ? positional[Number(field)] : keywords.get(field);
    parts.push(valuePart(argument));
  }
  parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

/** `%s`, `%d`, `%(name)s` filled from the right operand; `%%` is a percent sign. */
function percentParts(template: string, right: Node): CompositionPart[] {
  const target = unwrapParentheses(right);
  const values = target.type === 'tuple' ? namedChildrenOf(target).filter((child) => child.type !== 'comment') : [target];
  const parts: CompositionPart[] = [];
  let next = 0;
  let last = 0;
  for (const match of template.matchAll(/%%|%(\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[A-Za-z]/g)) {
    parts.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[0] === '%%') parts.push({ kind: 'text', text: '%' });
    else parts.push(match[1] === undefined ? valuePart(values[next++]) : { kind: 'value' });
  }
  parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

function elementsOf(node: Node): Node[] | undefined {
  const target = unwrapParentheses(node);
  return target.type === 'list' || target.type === 'tuple' ? namedChildrenOf(target).filter((child) => child.type !== 'comment' && child.type !== 'list_splat') : undefined;
}

function positionOf(node: Node): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Collects the compositions of one function body; `visit` is called for every node, in document order. */
export class CompositionReader {
  readonly compositions: TextComposition[] = [];
  /** Locals assigned a list or tuple literal, with what is appended to them afterwards. */
  private readonly lists = new Map<string, Node[]>();

  /** Strings and `+` chains already read as part of an enclosing composition (visits go parent first). */
  private readonly consumed = new Set<number>();
  /** Locals that hold a composed text. */
  private readonly textLocals = new Set<string>();
  /** The right-hand side being assigned to a local, by node id. */
  private readonly targets = new Map<number, string>();

  visit(node: Node): void {
    if (this.consumed.has(node.id)) return;
    switch (node.type) {
      case 'string':
        if (isFormatString(node)) this.add(node, formatStringParts(node));
        return;
      case 'concatenated_string':
        if (namedChildrenOf(node).some((part) => isFormatString(part))) this.add(node, operandParts(node, this.consumed));
        return;
      case 'binary_operator':
        this.readOperator(node);
        return;
      case 'call':
        this.readCall(node);
        return;
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type !== 'identifier' || right === null) return;
        this.targets.set(unwrapParentheses(right).id, left.text);
        // `name += self.aux` on a text local adds a value with no literal text before it.
        if (node.type === 'augmented_assignment' && this.textLocals.has(left.text) && !isStringNode(right) && unwrapParentheses(right).type !== 'binary_operator') this.add(unwrapParentheses(right), operandParts(right, this.consumed));
        const elements = elementsOf(right);
        if (elements === undefined) return;
        if (node.type === 'assignment') this.lists.set(left.text, [...elements]);
        else if (node.childForFieldName('operator')?.text === '+=') this.lists.get(left.text)?.push(...elements);
        return;
      }
    }
  }

  private readOperator(node: Node): void {
    const operator = node.childForFieldName('operator')?.text;
    if (operator === '+') {
      // Only a chain with a string in it builds text (`a + b` may be arithmetic).
      if (plusOperands(node).some((operand) => isStringNode(operand))) this.add(node, operandParts(node, this.consumed));
      return;
    }
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const template = left === null ? undefined : plainStringValue(left);
    if (operator === '%' && template !== undefined && right !== null) this.add(node, percentParts(template, right));
  }

  private readCall(node: Node): void {
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'attribute') return;
    const method = callee.childForFieldName('attribute')?.text;
    const receiver = callee.childForFieldName('object');
    const argumentNodes = namedChildrenOf(node.childForFieldName('arguments') ?? node).filter((child) => child.type !== 'comment');
    const positional = argumentNodes.filter((child) => child.type !== 'keyword_argument' && child.type !== 'list_splat' && child.type !== 'dictionary_splat');
    if (receiver === null) return;
    if (method === 'append' && receiver.type === 'identifier' && positional[0] !== undefined) {
      this.lists.get(receiver.text)?.push(positional[0]);
      return;
    }
    if (method === 'extend' && receiver.type === 'identifier' && positional[0] !== undefined) {
      const elements = elementsOf(positional[0]);
      if (elements !== undefined) this.lists.get(receiver.text)?.push(...elements);
      return;
    }
    const literal = plainStringValue(receiver);
    if (literal === undefined) return;
    if (method === 'join' && positional[0] !== undefined) {
      const argument = unwrapParentheses(positional[0]);
      const local = argument.type === 'identifier' ? this.lists.get(argument.text) : undefined;
      const elements = elementsOf(argument) ?? local;
      if (elements === undefined) return;
      this.add(node, elements.flatMap((element, index) => [...(index === 0 ? [] : [{ kind: 'text' as const, text: literal }]), ...operandParts(element, this.consumed)]), local ?? []);
      return;
    }
    if (method === 'format') {
      const keywords = new Map<string, Node>();
      for (const argument of argumentNodes) {
        const key = argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
        const value = argument.childForFieldName('value');
        if (key !== undefined && value !== null) keywords.set(key, value);
      }
      this.add(node, formatMethodParts(literal, positional, keywords));
    }
  }

  private add(node: Node, parts: readonly CompositionPart[], alsoReadFrom: readonly Node[] = []): void {
    // Adjacent texts are merged and empty ones dropped, so `a + "_" + "" + b` reads as `a_b`.
    const merged: CompositionPart[] = [];
    for (const part of parts) {
      const previous = merged[merged.length - 1];
      if (part.kind === 'text' && part.text === '') continue;
      if (part.kind === 'text' && previous?.kind === 'text') merged[merged.length - 1] = { kind: 'text', text: previous.text + part.text };
      else merged.push(part);
    }
    const assignedTo = this.targets.get(node.id);
    if (!merged.some((part) => part.kind === 'value')) return;
    if (assignedTo !== undefined) this.textLocals.add(assignedTo);
    this.compositions.push({ ...positionOf(node), parts: merged, ...(assignedTo === undefined ? {} : { assignedTo }), spans: [node, ...alsoReadFrom].map(spanOf) });
  }
}

// Python string literals: their decoded value, f-strings and raw strings, docstrings.
import type { Node } from 'web-tree-sitter';
import { namedChildrenOf, parentOf, unwrapParentheses } from './treeNavigation';

/** True for `f"..."` strings. */
export function isFormatString(node: Node): boolean {
  return node.type === 'string' && /^[A-Za-z]*[fF]/.test(node.firstChild?.text ?? '');
}

function isRawString(node: Node): boolean {
  return /^[A-Za-z]*[rR]/.test(node.firstChild?.text ?? '');
}

const simpleEscapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Decodes the common escapes of a non-raw literal part; anything exotic is kept verbatim (it never matters for paths). */
export function decodeEscapes(text: string): string {
  return text.replace(/\\(.)/gs, (whole, next: string) => simpleEscapes[next] ?? (next === '\n' ? '' : whole));
}

/**
 * The literal text of a plain (non-f) string or implicitly concatenated plain strings, escapes decoded;
 * undefined for f-strings and anything else.
 */
export function plainStringValue(node: Node): string | undefined {
  const target = unwrapParentheses(node);
  if (target.type === 'concatenated_string') {
    let text = '';
    for (const part of namedChildrenOf(target)) {
      const value = plainStringValue(part);
      if (value === undefined) {
        return undefined;
      }
      text += value;
    }
    return text;
  }
  if (target.type !== 'string' || isFormatString(target)) {
    return undefined;
  }
  const raw = isRawString(target);
  let text = '';
  for (const child of namedChildrenOf(target)) {
    if (child.type === 'string_content') {
      text += raw ? child.text : decodeEscapes(child.text);
    } else if (child.type === 'interpolation') {
      return undefined;
    }
  }
  return text;
}

/** A bare string statement: a docstring or commented-out text, never a value anyone uses as a path. */
export function isStringStatement(node: Node): boolean {
  let current = node;
  for (let parent = parentOf(current); parent !== null && parent.type === 'concatenated_string'; parent = parentOf(current)) {
    current = parent;
  }
  const statement = parentOf(current);
  if (statement === null || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) {
    return false;
  }
  return true;
}

/** The fixed text of a string literal: the whole text of a plain string, the literal parts of an f-string. */
export function stringLiteralText(node: Node): string {
  const parts = node.type === 'concatenated_string' ? namedChildrenOf(node) : [node];
  return parts
    .flatMap((part) => namedChildrenOf(part))
    .filter((child) => child.type === 'string_content' || child.type === 'escape_sequence')
    .map((child) => child.text)
    .join('');
}

/**
 * What is written between the quotes of one `string` node, escapes decoded unless it is raw; an f-string's
 * placeholders stay as written (`f"{name}.ckpt"` → `{name}.ckpt`), so a message can quote the value as the code has it.
 */
export function quotedText(node: Node): string | undefined {
  const start = node.firstChild;
  const end = node.lastChild;
  if (node.type !== 'string' || start?.type !== 'string_start' || end?.type !== 'string_end') {
    return undefined;
  }
  const written = node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
  return isRawString(node) ? written : decodeEscapes(written);
}

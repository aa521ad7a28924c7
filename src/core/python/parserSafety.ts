// What keeps one hostile file from corrupting the parser for every later file. tree-sitter-python's scanner writes its
// indentation stack (2 bytes per level) and string delimiters (up to 255 bytes) into a 1,024-byte buffer without a
// complete bounds check: about 510 nested blocks write past it and silently corrupt the WebAssembly memory, after
// which later parses return garbage. The indentation stack holds strictly increasing widths, so it is never deeper
// than the number of distinct indentation widths in the file: below the limit here the buffer cannot overflow, and a
// file above it (no real code: CPython stops at 100 levels) is not parsed. Any other failure inside the runtime is
// answered by replacing it; a known text that must parse to a known tree tells whether a runtime can be trusted.

/** Files with at most this many distinct indentation widths cannot overflow the scanner (2 + 255 + 2 x 200 < 1024). */
export const safeIndentationWidths = 200;

/**
 * How many distinct indentation widths the file's lines have, counted as the scanner counts them (tab = 8, form
 * feed resets), stopping at `limit + 1`. Every line counts (an over-estimate of the stack, never an under-estimate).
 */
export function distinctIndentationWidths(text: string, limit: number = safeIndentationWidths): number {
  const widths = new Set<number>();
  let lineStart = 0;
  while (lineStart <= text.length && widths.size <= limit) {
    let width = 0;
    let index = lineStart;
    for (; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 0x20) width++;
      else if (code === 0x09) width += 8;
      else if (code === 0x0c) width = 0;
      else break;
    }
    if (width > 0) widths.add(width);
    const next = nextLineStart(text, index);
    if (next === -1) break;
    lineStart = next;
  }
  return widths.size;
}

/** The offset after the next line break at or after `from` ("\n", "\r\n" or a lone "\r"), or -1. */
function nextLineStart(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x0a) return index + 1;
    if (code === 0x0d) return text.charCodeAt(index + 1) === 0x0a ? index + 2 : index + 1;
  }
  return -1;
}

/** A text whose tree is known exactly: a parser that gives anything else for it is corrupted. */
export const canaryText = 'import torch\nif x:\n    m = torch.load("a.pt")\n';
export const canaryTree =
  '(module (import_statement name: (dotted_name (identifier))) (if_statement condition: (identifier) consequence: (block (expression_statement (assignment left: (identifier) right: (call function: (attribute object: (identifier) attribute: (identifier)) arguments: (argument_list (string (string_start) (string_content) (string_end)))))))))';

export class ParserFailedError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ParserFailedError';
  }
}

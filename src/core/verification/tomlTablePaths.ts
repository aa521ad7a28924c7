// Answers one question about a TOML file without a TOML library: which dotted key paths does it define, and on which
// line? Enough to tell that pyproject.toml configures `tool.ruff` or `tool.pylint`, whichever way it is written:
//   [tool.ruff] / [tool.ruff.lint] / [[tool.ruff.x]] table headers, `ruff.line-length = 100` inside [tool], or
//   `tool.ruff.line-length = 100` at the top level.
// Strings (basic, literal and both multi-line forms), comments and multi-line arrays and inline tables are skipped
// properly, so a "[tool.ruff]" inside a string or a nested array is not mistaken for a header. Values are not parsed.

export interface TomlKeyPath {
  /** The dotted path with quotes removed, e.g. ["tool", "ruff", "line-length"]. */
  readonly path: readonly string[];
  /** 1-based line of the header or key. */
  readonly line: number;
  readonly kind: 'table' | 'key';
}

function readKey(text: string, start: number, stopAt: string): { parts: string[]; end: number } {
  const parts: string[] = [];
  let index = start;
  let current = '';
  while (index < text.length) {
    const char = text[index];
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, index + 1);
      if (close < 0) break;
      current += text.slice(index + 1, close);
      index = close + 1;
      continue;
    }
    if (char === '.') {
      parts.push(current.trim());
      current = '';
      index++;
      continue;
    }
    if (char === undefined || stopAt.includes(char) || char === '\n') break;
    current += char;
    index++;
  }
  parts.push(current.trim());
  return { parts, end: index };
}

/** Skips a string starting at `index` (which holds the opening quote); returns the index after the closing quote. */
function skipString(text: string, index: number): number {
  const quote = text[index] ?? '"';
  const triple = text.startsWith(quote.repeat(3), index);
  if (triple) {
    let search = index + 3;
    for (;;) {
      const close = text.indexOf(quote.repeat(3), search);
      if (close < 0) return text.length;
      if (quote === '"' && isEscaped(text, close)) {
        search = close + 1;
        continue;
      }
      // Up to two more quotes may belong to the content ("""a""""" ends with a quote pair).
      let end = close + 3;
      while (text[end] === quote && end < close + 5) end++;
      return end;
    }
  }
  let position = index + 1;
  while (position < text.length) {
    const char = text[position];
    if (char === '\n') return position; // an unterminated single-line string ends at the line end
    if (char === '\\' && quote === '"') {
      position += 2;
      continue;
    }
    if (char === quote) return position + 1;
    position++;
  }
  return position;
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let position = index - 1; position >= 0 && text[position] === '\\'; position--) backslashes++;
  return backslashes % 2 === 1;
}

/** Skips a value (scalar, string, array or inline table) up to the end of its last line. */
function skipValue(text: string, index: number): number {
  let depth = 0;
  let position = index;
  while (position < text.length) {
    const char = text[position];
    if (char === '"' || char === "'") {
      position = skipString(text, position);
      continue;
    }
    if (char === '#') {
      const newline = text.indexOf('\n', position);
      position = newline < 0 ? text.length : newline;
      continue;
    }
    if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    else if (char === '\n' && depth === 0) return position;
    position++;
  }
  return position;
}

export function tomlKeyPaths(text: string): TomlKeyPath[] {
  const found: TomlKeyPath[] = [];
  let table: string[] = [];
  let position = 0;
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line++;
    return line;
  };
  while (position < text.length) {
    // At the start of a logical line: skip indentation.
    while (text[position] === ' ' || text[position] === '\t' || text[position] === '\r') position++;
    const char = text[position];
    if (char === undefined) break;
    if (char === '\n') {
      position++;
      continue;
    }
    if (char === '#') {
      const newline = text.indexOf('\n', position);
      position = newline < 0 ? text.length : newline + 1;
      continue;
    }
    if (char === '[') {
      const arrayTable = text[position + 1] === '[';
      const key = readKey(text, position + (arrayTable ? 2 : 1), ']');
      table = key.parts;
      found.push({ path: table, line: lineAt(position), kind: 'table' });
      const newline = text.indexOf('\n', key.end);
      position = newline < 0 ? text.length : newline + 1;
      continue;
    }
    const key = readKey(text, position, '=');
    if (text[key.end] !== '=') {
      // Not a key/value line (invalid TOML): ignore the rest of the line.
      const newline = text.indexOf('\n', position);
      position = newline < 0 ? text.length : newline + 1;
      continue;
    }
    found.push({ path: [...table, ...key.parts], line: lineAt(position), kind: 'key' });
    position = skipValue(text, key.end + 1);
  }
  return found;
}

/** The first header or key at or below `prefix` (e.g. ["tool", "ruff"]), or undefined. */
export function findTomlPath(text: string, prefix: readonly string[]): TomlKeyPath | undefined {
  return tomlKeyPaths(text).find((entry) => prefix.every((part, index) => entry.path[index] === part));
}

// Finds where a key path (e.g. ["layout", "segments", 2]) sits in JSON text, so project-file errors can point at
// 1-based line/column. A tiny scanner instead of a dependency: it only runs on text JSON.parse already accepted.

export type JsonKeyPath = readonly (string | number)[];

export interface TextPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
}

/** 1-based line/column of a UTF-16 offset. */
export function positionOfOffset(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function keyPathToString(path: JsonKeyPath): string {
  let result = '';
  for (const part of path) {
    if (typeof part === 'number') {
      result += `[${part}]`;
    } else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) {
      result += result === '' ? part : `.${part}`;
    } else {
      result += `[${JSON.stringify(part)}]`;
    }
  }
  return result === '' ? '(top level)' : result;
}

/** Offsets of every member key (for object members) and element start (for array items), keyed by their path. */
class JsonPositionScanner {
  private offset = 0;
  readonly offsets = new Map<string, number>();

  constructor(private readonly text: string) {}

  scan(): void {
    this.offsets.set(keyPathToString([]), this.skipWhitespace());
    this.value([]);
  }

  private skipWhitespace(): number {
    while (this.offset < this.text.length && ' \t\r\n'.includes(this.text[this.offset] ?? '')) {
      this.offset++;
    }
    return this.offset;
  }

  private value(path: (string | number)[]): void {
    this.skipWhitespace();
    const char = this.text[this.offset];
    if (char === '{') {
      this.object(path);
    } else if (char === '[') {
      this.array(path);
    } else if (char === '"') {
      this.string();
    } else {
      // Numbers, true, false, null: run to the next delimiter.
      while (this.offset < this.text.length && !',]} \t\r\n'.includes(this.text[this.offset] ?? '')) {
        this.offset++;
      }
    }
  }

  private string(): string {
    const start = this.offset;
    this.offset++;
    while (this.offset < this.text.length && this.text[this.offset] !== '"') {
      this.offset += this.text[this.offset] === '\\' ? 2 : 1;
    }
    this.offset++;
    return JSON.parse(this.text.slice(start, this.offset)) as string;
  }

  private object(path: (string | number)[]): void {
    this.offset++;
    for (;;) {
      const keyStart = this.skipWhitespace();
      if (this.text[this.offset] === '}') {
        this.offset++;
        return;
      }
      const key = this.string();
      const memberPath = [...path, key];
      this.offsets.set(keyPathToString(memberPath), keyStart);
      this.skipWhitespace();
      this.offset++; // ':'
      this.value(memberPath);
      this.skipWhitespace();
      if (this.text[this.offset++] === '}') {
        return;
      }
    }
  }

  private array(path: (string | number)[]): void {
    this.offset++;
    for (let index = 0; ; index++) {
      const elementStart = this.skipWhitespace();
      if (this.text[this.offset] === ']') {
        this.offset++;
        return;
      }
      this.offsets.set(keyPathToString([...path, index]), elementStart);
      this.value([...path, index]);
      this.skipWhitespace();
      if (this.text[this.offset++] === ']') {
        return;
      }
    }
  }
}

export interface JsonKeyLocator {
  /** Position of the key (or array element) at `path`, or of its nearest existing ancestor when it is absent. */
  locate(path: JsonKeyPath): TextPosition;
}

/** Precondition: `text` is valid JSON (JSON.parse succeeded). */
export function createJsonKeyLocator(text: string): JsonKeyLocator {
  const scanner = new JsonPositionScanner(text);
  scanner.scan();
  return {
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const offset = scanner.offsets.get(keyPathToString(path.slice(0, length)));
        if (offset !== undefined) {
          return positionOfOffset(text, offset);
        }
      }
      return { line: 1, column: 1 };
    },
  };
}

// How many patterns a glob's braces expand to, counted without expanding them. minimatch expands `{a,b}` and `{1..9}`
// into one pattern per alternative before matching, so `{a,b}` fifty times is 2^50 patterns: hours, then out of
// memory. Counting is linear in the pattern's length (capped, so the numbers stay small).

/** At most this many patterns per glob after brace expansion. */
export const maxBraceExpansions = 1_000;

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (char === '\\') index++;
    else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function sequenceLength(body: string): number | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (numeric !== null) {
    const step = Math.max(1, Math.abs(Number(numeric[3] ?? 1)));
    return Math.floor(Math.abs(Number(numeric[2]) - Number(numeric[1])) / step) + 1;
  }
  const letters = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (letters !== null) {
    const step = Math.max(1, Math.abs(Number(letters[3] ?? 1)));
    return Math.floor(Math.abs((letters[2] ?? 'a').charCodeAt(0) - (letters[1] ?? 'a').charCodeAt(0)) / step) + 1;
  }
  return undefined;
}

/** The number of patterns `pattern` expands to, or `cap + 1` when it is more than `cap`. */
export function braceExpansionCount(pattern: string, cap: number = maxBraceExpansions): number {
  let count = 1;
  for (let index = 0; index < pattern.length && count <= cap; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
      continue;
    }
    if (char !== '{') continue;
    const close = closingBrace(pattern, index);
    if (close === -1) break;
    const body = pattern.slice(index + 1, close);
    const parts = topLevelParts(body);
    let options: number;
    if (parts.length > 1) {
      options = 0;
      for (const part of parts) options = Math.min(cap + 1, options + braceExpansionCount(part, cap));
    } else {
      options = sequenceLength(body) ?? braceExpansionCount(body, cap);
    }
    count = Math.min(cap + 1, count * options);
    index = close;
  }
  return Math.min(count, cap + 1);
}

/** Why `pattern` expands to too many patterns, or undefined. */
export function braceExpansionProblem(pattern: string): string | undefined {
  const count = braceExpansionCount(pattern);
  return count > maxBraceExpansions ? `its braces expand to more than ${maxBraceExpansions} patterns; list fewer alternatives or use a wildcard such as "*" instead` : undefined;
}

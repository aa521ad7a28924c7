// Plain text searches the rules start from: whole-word occurrences of a (dotted) name, a word's offsets, the matches
// of a regex inside one span.

/**
 * The matches of a global regex that start inside `start`..`end` (a class body, say): the same matches a whole-text
 * search has there, without searching the rest.
 */
export function* matchesBetween(source: string, pattern: RegExp, start: number, end: number): Generator<RegExpExecArray> {
  const search = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  // Searched in a slice, so a search that finds nothing stops at the range's end instead of the file's. The slice
  // keeps the character before the range (for lookbehinds such as `(?<![\w])`) and runs past the range through
  // the next non-space character (for lookaheads such as `(?=\s*\()`); matches must start inside the range.
  const from = Math.max(0, start - 1);
  let to = end;
  while (to < source.length && /\s/.test(source.charAt(to))) {
    to++;
  }
  const text = source.slice(from, Math.min(source.length, to + 1));
  search.lastIndex = start - from;
  for (let match = search.exec(text); match !== null && match.index + from < end; match = search.exec(text)) {
    match.index += from;
    yield match;
    if (match[0] === '') {
      search.lastIndex++;
    }
  }
}

/** Offsets of a word (non-overlapping, left to right). */
export function wordOffsets(source: string, word: string): number[] {
  const offsets: number[] = [];
  if (word === '') {
    return offsets;
  }
  for (let offset = source.indexOf(word); offset >= 0; offset = source.indexOf(word, offset + word.length)) {
    offsets.push(offset);
  }
  return offsets;
}

function occurrencePattern(name: string): RegExp {
  return new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\s*\\.\\s*')}(?![\\w])`, 'g');
}

/** Offsets where `name` (a dotted name such as `self.root`) occurs as a whole word. */
export function occurrencesOf(source: string, name: string, from = 0, to = source.length): number[] {
  const offsets: number[] = [];
  // A zero-width (MISSING) identifier from error recovery has an empty name, which would match everywhere.
  if (name === '') {
    return offsets;
  }
  const pattern = occurrencePattern(name);
  pattern.lastIndex = from;
  for (let match = pattern.exec(source); match !== null && match.index < to; match = pattern.exec(source)) {
    offsets.push(match.index);
  }
  return offsets;
}

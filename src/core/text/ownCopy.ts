// V8 represents a slice of 13 or more characters (`text.slice(...)`, a tree-sitter node's `.text`) as a view that
// keeps the whole text it was cut from alive. Strings an open document keeps across keystrokes (binding sites,
// class headers, findings, fingerprints) are copied, or every version of a 2,000-line file they were read from would
// stay in memory, and in the young generation each garbage collection would copy them again.
const shortestView = 13;

/** `text` as a string of its own, holding no larger text alive. */
export function ownCopy(text: string): string {
  // Slicing a concatenation flattens it into a new string first: the result is a view of that copy only.
  return text.length < shortestView ? text : (' ' + text).slice(1);
}

// Text used literally inside a regular expression (names, layout roots, rule ids read from the user's code or files).

/** `text` with every character that means something in a JavaScript regular expression escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

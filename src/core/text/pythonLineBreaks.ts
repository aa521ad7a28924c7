// Python ends a line at "\n", "\r\n" or a lone "\r" (universal newlines); tree-sitter only counts "\n". The parser is
// given the text with each lone "\r" turned into "\n": the same length, so every offset still points into the user's
// text, and tree-sitter's rows are then Python's line numbers.

/** `text` with every "\r" not followed by "\n" replaced by "\n" (the same string when there is none). */
export function pythonLineBreaksAsNewlines(text: string): string {
  if (!text.includes('\r')) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}

/** Offsets where each line starts under Python's rules (0-based, UTF-16). */
export function pythonLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x0a) {
      starts.push(index + 1);
    } else if (code === 0x0d) {
      if (text.charCodeAt(index + 1) === 0x0a) index++;
      starts.push(index + 1);
    }
  }
  return starts;
}

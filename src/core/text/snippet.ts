// Source text shortened for a message.

/** Shortens source text for a message: first line only, at most `limit` characters. */
export function snippet(text: string, limit = 60): string {
  const firstLine = text.split(/\r?\n/)[0] ?? '';
  const collapsed = firstLine.trim();
  const multiLine = firstLine.length < text.length;
  if (collapsed.length <= limit && !multiLine) {
    return collapsed;
  }
  return `${collapsed.slice(0, limit).trimEnd()}…`;
}

// How deeply a JSON text nests, counted on the text without recursion, so a hostile project file (5,000 nested
// arrays) is refused with its position before any recursive step (validation, key location) can overflow the stack.

/** No project file needs more: its deepest legitimate value is a check inside an item override (about 8). */
export const maxJsonNesting = 64;

/** The offset where nesting first exceeds `limit`, or undefined when it never does. */
export function offsetBeyondNesting(text: string, limit: number = maxJsonNesting): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return index;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return undefined;
}

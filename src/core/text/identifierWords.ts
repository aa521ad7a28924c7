// Identifier names as words, so vocabulary checks read `bestCkptPath` and `best_ckpt_path` alike.

/** Identifier/attribute names split into lower-case words: `bestCkptPath` and `best_ckpt_path` → best, ckpt, path. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

// What a file imports: local name -> fully qualified name (`import torch as th` gives th -> torch), read from the import
// lines of the text so pre-parse gates can use the very same reading as the rules.
import type { Tree } from 'web-tree-sitter';
import { PerTree } from './perTree';

const aliasCache = new PerTree<ReadonlyMap<string, string>>('import aliases');
const withRelativeCache = new PerTree<ReadonlyMap<string, string>>('import aliases with relative imports');

/** `/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/gm`, for lineAnchoredMatches. */
const importLineAt = /[ \t]*(?:from[ \t]+([\w.]+)[ \t]+)?import[ \t]+(\([^)]*\)|[^\n#;]*)/y;

/**
 * The matches of a line-anchored pattern (`/^.../gm` written as a sticky regex without the `^`) over `source`,
 * found from the occurrences of `keyword`, which every match has on the line it starts on, instead of trying the
 * pattern at every line start: the same matches, an order of magnitude faster on a large file.
 */
export function lineAnchoredMatches(source: string, keyword: string, stickyPattern: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let scannedTo = 0;
  let lastTried = -1;
  // `^` with the m flag matches after any line terminator; most files only have "\n".
  const otherTerminators = source.includes('\r') || source.includes('\u2028') || source.includes('\u2029');
  for (let at = source.indexOf(keyword); at >= 0; at = source.indexOf(keyword, at + keyword.length)) {
    const newline = source.lastIndexOf('\n', at);
    const lineStart = (otherTerminators ? Math.max(newline, source.lastIndexOf('\r', at), source.lastIndexOf('\u2028', at), source.lastIndexOf('\u2029', at)) : newline) + 1;
    if (lineStart < scannedTo || lineStart === lastTried) {
      continue;
    }
    lastTried = lineStart;
    stickyPattern.lastIndex = lineStart;
    const match = stickyPattern.exec(source);
    if (match !== null) {
      matches.push(match);
      scannedTo = match.index + match[0].length;
    }
  }
  return matches;
}

/**
 * Local name → fully qualified name from the file's imports: `import torch as th` gives th → torch,
 * `from glob import glob` gives glob → glob.glob, `from os.path import join as pjoin` gives pjoin → os.path.join.
 * Read from the text (one regex pass), which is far cheaper than visiting syntax nodes.
 */
export function importAliases(tree: Tree, source: string): ReadonlyMap<string, string> {
  const cached = aliasCache.get(tree);
  if (cached !== undefined) {
    return cached;
  }
  const aliases = importAliasesInText(source);
  aliasCache.set(tree, aliases);
  return aliases;
}

/** importAliases read from the text alone (what importAliases memoises per tree); used by pre-parse gates. */
export function importAliasesInText(source: string): ReadonlyMap<string, string> {
  return aliasesOfImportLines(lineAnchoredMatches(source, 'import', importLineAt), false);
}

/**
 * importAliases plus the names a relative import brings in (`from .paths import run_dir as rd` gives
 * rd → .paths.run_dir), for a question about a project's own functions, which a package imports relatively. Callee
 * resolution (importAliases) leaves them out: `.paths.load` is not `torch.load`, and neither is a bare `load`.
 */
export function importAliasesWithRelative(tree: Tree, source: string): ReadonlyMap<string, string> {
  const cached = withRelativeCache.get(tree);
  if (cached !== undefined) {
    return cached;
  }
  const aliases = aliasesOfImportLines(lineAnchoredMatches(source, 'import', importLineAt), true);
  withRelativeCache.set(tree, aliases);
  return aliases;
}

function aliasesOfImportLines(matches: readonly RegExpExecArray[], relative: boolean): ReadonlyMap<string, string> {
  const aliases = new Map<string, string>();
  for (const match of matches) {
    const moduleName = match[1];
    const names = (match[2] ?? '').replace(/[()\\]/g, ' ');
    if (moduleName?.startsWith('.') === true && !relative) {
      continue;
    }
    for (const part of names.split(',')) {
      const item = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (item === null) {
        continue;
      }
      const [, name = '', alias] = item;
      if (moduleName === undefined) {
        if (alias !== undefined) {
          aliases.set(alias, name);
        }
      } else if (name !== '*') {
        aliases.set(alias ?? name, moduleName.endsWith('.') ? `${moduleName}${name}` : `${moduleName}.${name}`);
      }
    }
  }
  return aliases;
}

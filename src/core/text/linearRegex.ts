// User-supplied patterns (a checklist override's `pattern`) run on RE2, compiled to WebAssembly: matching takes time
// linear in the text for every pattern, so no pattern can hang the checklist, whatever its shape. RE2 has no
// backreferences or lookaround; a pattern using them is refused when the project file is read.
import type * as Re2 from '@adguard/re2-wasm';

type Re2Module = typeof Re2;

let re2: Re2Module | undefined;

function engine(): Re2Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: its 0.9 MB wasm costs ~100 ms.
  re2 ??= require('@adguard/re2-wasm') as Re2Module;
  return re2;
}

/** Why `pattern` cannot be used (RE2 syntax, with the `u` flag), or undefined when it can. */
export function linearPatternProblem(pattern: string): string | undefined {
  try {
    new (engine().RE2)(pattern, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The offset of the first match of `pattern` in `text`, or -1. */
export function firstMatchOffset(pattern: string, text: string): number {
  return new (engine().RE2)(pattern, 'u').exec(text)?.index ?? -1;
}

// Loads the analysis core on first use. Activation registers providers and commands only; the core (zod, the
// tree-sitter runtime, the rules) is initialised when the first file is analysed, after activation has returned.
import type * as Engine from '../core/engine';

let engine: typeof Engine | undefined;

export function loadEngine(): typeof Engine {
  // A require() inside a function: esbuild keeps the module's initialisation lazy until this runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to defer loading
  engine ??= require('../core/engine') as typeof Engine;
  return engine;
}

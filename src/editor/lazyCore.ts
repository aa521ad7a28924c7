// Loads the core (dist/core.js: zod, the tree-sitter runtime, the rules, the checklist and verification engines) on
// first use. The build resolves this require() to the separate bundle; activation never pays for it.
import type * as CoreBundle from '../core/coreBundle';

let core: typeof CoreBundle | undefined;

export function loadCore(): typeof CoreBundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to defer loading
  core ??= require('../core/coreBundle') as typeof CoreBundle;
  return core;
}

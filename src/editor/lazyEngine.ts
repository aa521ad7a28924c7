// The analysis part of the lazily loaded core (see lazyCore.ts).
import type * as Engine from '../core/engine';
import { loadCore } from './lazyCore';

export function loadEngine(): typeof Engine {
  return loadCore().engine;
}

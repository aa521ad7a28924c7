// Every rule the analyzer runs, in rule-id order.
import { legacyDiscoveryRule } from './legacyDiscoveryRule';
import { nonCanonicalJobOutputRule } from './nonCanonicalJobOutputRule';
import { nonCanonicalPathRule } from './nonCanonicalPathRule';
import { nonStateDictSaveRule } from './nonStateDictSaveRule';
import type { Rule } from './rule';
import { silentFallbackRule } from './silentFallbackRule';
import { unsafeTorchLoadRule } from './unsafeTorchLoadRule';

export const allRules: readonly Rule[] = [
  legacyDiscoveryRule,
  nonCanonicalPathRule,
  silentFallbackRule,
  unsafeTorchLoadRule,
  nonStateDictSaveRule,
  nonCanonicalJobOutputRule,
];

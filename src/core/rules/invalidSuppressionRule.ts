// RR000 is reported by the pipeline itself (analysis/suppressions.ts), not by a rule over the code: its metadata
// sits here so the registry lists it with the others and every id list is derived from one place.
import type { RuleMetadata } from './rule';

export const invalidSuppressionRule = {
  id: 'RR000',
  name: 'invalid-suppression',
  defaultSeverity: 'warning',
  description: 'A suppression comment without a reason (it silences nothing), naming an unknown rule id, or silencing nothing on its line: say why the finding is accepted, e.g. `# refactor-runbook: ignore[RR004] converted by scripts/convert_ckpt.py`, or remove the comment.',
} as const satisfies Pick<RuleMetadata, 'id' | 'name' | 'defaultSeverity' | 'description'>;

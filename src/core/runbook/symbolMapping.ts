// The project file's `symbols` key: the runbook's names for the code it talks about (`CANGraphConfig`,
// `HydraZenTrainer`, `OSCJobManager`, `validate_config`…) mapped to a project's own (`"CANGraphConfig":
// "PipelineConfig"`), so every item that names a symbol looks for the project's name instead.
import { z } from 'zod';
import { patternedString } from '../text/patternedString';

const pythonName = patternedString(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python identifier such as "PipelineConfig"');

export const symbolMappingSchema = z
  .record(pythonName, pythonName)
  .describe('The runbook\'s class, function and method names mapped to this project\'s, e.g. {"CANGraphConfig": "PipelineConfig", "HydraZenTrainer": "Trainer"}. Checklist items then look for the project\'s names.');

export type SymbolMapping = Readonly<Record<string, string>>;

export const noSymbolMapping: SymbolMapping = {};

/** `CANGraphConfig.validate_config` with {"CANGraphConfig": "PipelineConfig"} → `PipelineConfig.validate_config`. */
export function mapSymbolPattern(pattern: string, mapping: SymbolMapping): string {
  return pattern
    .split('.')
    .map((part) => (Object.prototype.hasOwnProperty.call(mapping, part) ? (mapping[part] ?? part) : part))
    .join('.');
}

/** Maps a dotted callee requirement's parts the same way (`config.canonical_experiment_dir`). */
export function mapDottedName(name: string, mapping: SymbolMapping): string {
  return mapSymbolPattern(name, mapping);
}

/** The mapping in words for a reason: ` (CANGraphConfig is mapped to PipelineConfig)`, or '' when nothing maps. */
export function mappingNote(pattern: string, mapping: SymbolMapping): string {
  const mapped = pattern.split('.').filter((part) => Object.prototype.hasOwnProperty.call(mapping, part));
  return mapped.length === 0 ? '' : ` (${mapped.map((part) => `${part} is mapped to ${mapping[part] ?? part}`).join(', ')} in refactor-runbook.json)`;
}

// The core as the editor loads it, after activation: scripts/build.mjs bundles this module on its own into
// dist/core.js, so dist/extension.js holds only the thin client and activation does not even parse the core.
export * as engine from './engine';
export * as checklistEngine from './checklist/checklistEngine';
export * as verificationEngine from './verification/verificationEngine';
export * as migrationEngine from './migration/migrationEngine';

// The runbook's "Core checklists per step", as data. Wording follows ../shared/runbook.md; ids are stable because
// shared progress files and project overrides refer to them.

export interface ChecklistItemDefinition {
  readonly id: string;
  readonly title: string;
  /** Workspace-relative file the item is about, when the runbook names one. */
  readonly file?: string;
}

export interface ChecklistStepDefinition {
  readonly id: string;
  readonly title: string;
  /** The pull request the runbook plans for this step. */
  readonly pullRequest: number;
  readonly file?: string;
  readonly items: readonly ChecklistItemDefinition[];
}

export const runbookChecklist: readonly ChecklistStepDefinition[] = [
  {
    id: 'config',
    title: 'Config refactor',
    pullRequest: 1,
    file: 'src/config/hydra_zen_configs.py',
    items: [
      { id: 'config.canonical-fields', title: 'Add canonical experiment fields on CANGraphConfig', file: 'src/config/hydra_zen_configs.py' },
      { id: 'config.remove-dataset-experiment-root', title: 'Remove redundant experiment_root from dataset-level config', file: 'src/config/hydra_zen_configs.py' },
      { id: 'config.canonical-dir-grammar', title: 'canonical_experiment_dir() follows the exact grammar', file: 'src/config/hydra_zen_configs.py' },
      { id: 'config.required-artifacts', title: 'Implement required_artifacts() returning canonical paths (no discovery)', file: 'src/config/hydra_zen_configs.py' },
      { id: 'config.validate-config', title: 'Strict validate_config() raises FileNotFoundError or ValueError with remediation', file: 'src/config/hydra_zen_configs.py' },
      { id: 'config.unit-tests', title: 'Unit tests for canonical paths and validate_config missing-artifact errors', file: 'tests/test_config.py' },
    ],
  },
  {
    id: 'trainer',
    title: 'Trainer & saving behaviour',
    pullRequest: 2,
    file: 'train_with_hydra_zen.py',
    items: [
      { id: 'trainer.hierarchical-paths', title: 'HydraZenTrainer.get_hierarchical_paths() calls config.canonical_experiment_dir() and creates directories', file: 'train_with_hydra_zen.py' },
      { id: 'trainer.save-state-dict', title: 'HydraZenTrainer._save_state_dict() saves plain state_dict dicts and logs the saved full path', file: 'train_with_hydra_zen.py' },
      { id: 'trainer.mlflow-canonical', title: 'MLflow logger uses the mlruns dir inside the canonical path and logs model_path as a param', file: 'train_with_hydra_zen.py' },
      { id: 'trainer.unit-tests', title: 'Unit tests: saving a state_dict and loading it with torch.load returns a dict' },
    ],
  },
  {
    id: 'training',
    title: 'Training modules & fusion/eval',
    pullRequest: 3,
    file: 'src/training',
    items: [
      { id: 'training.explicit-paths', title: 'Modules that load models accept only explicit config paths or CANGraphConfig.required_artifacts() and fail if missing', file: 'src/training' },
      { id: 'training.no-discovery', title: 'Replace legacy glob/auto-discovery with explicit errors', file: 'src/training' },
      { id: 'training.fusion-tests', title: 'Integration tests for fusion fail early if pre-trained GAT/VGAE are missing' },
    ],
  },
  {
    id: 'jobs',
    title: 'osc_job_manager.py rewrite',
    pullRequest: 4,
    file: 'osc_job_manager.py',
    items: [
      { id: 'jobs.resource-profiles', title: 'Use strict resource_profiles and explicit training types', file: 'osc_job_manager.py' },
      { id: 'jobs.canonical-output', title: 'Output directories are under experiment_runs; SBATCH scripts create them and not osc_jobs', file: 'osc_job_manager.py' },
      { id: 'jobs.no-legacy-fallback', title: 'No fallback to legacy paths; --auto-chain is an explicit opt-in', file: 'osc_job_manager.py' },
      { id: 'jobs.dry-run-tests', title: 'Dry-run tests verify generated SBATCH scripts reference canonical paths' },
    ],
  },
  {
    id: 'docs',
    title: 'Presets & docs',
    pullRequest: 5,
    items: [
      { id: 'docs.presets', title: 'training_presets.py points to canonical paths (or documented placeholders)', file: 'src/config/training_presets.py' },
      { id: 'docs.templates-readme', title: 'JOB_TEMPLATES.md and README.md document the canonical path grammar with examples', file: 'JOB_TEMPLATES.md' },
      { id: 'docs.migration-guide', title: 'Migration guide: a script that moves or symlinks legacy artifacts into experiment_runs' },
    ],
  },
];

export function countChecklistItems(steps: readonly ChecklistStepDefinition[]): number {
  return steps.reduce((total, step) => total + step.items.length, 0);
}

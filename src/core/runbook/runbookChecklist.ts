// The runbook's "Core checklists per step" (../shared/runbook.md) as data: every item with the checks that let the
// workspace answer for it. Ids are stable: progress files and project overrides refer to them. Wording follows the
// runbook (the `label` is the item's short title in the sidebar); checks prefer the analysis core and the Python parser, and fall back to a manual tick only where nothing
// in the code can tell (whether to offer --auto-chain at all is a decision, not a fact: that item is settled by the code
// only when the code chains jobs, and is otherwise ticked by a person).
import type { ChecklistStepDefinition } from './checklistDefinition';

export const runbookChecklist: readonly ChecklistStepDefinition[] = [
  {
    id: 'config',
    title: 'Config refactor',
    pullRequest: 1,
    file: 'src/config/hydra_zen_configs.py',
    items: [
      {
        id: 'config.canonical-fields',
        title: 'Add canonical experiment fields on CANGraphConfig',
        label: 'Canonical fields',
        file: 'src/config/hydra_zen_configs.py',
        checks: [{ kind: 'symbol-exists', id: 'fields', file: 'src/config/hydra_zen_configs.py', symbol: 'CANGraphConfig', fieldsForSegments: true }],
      },
      {
        id: 'config.remove-dataset-experiment-root',
        title: 'Remove redundant experiment_root from dataset-level config',
        label: 'No dataset experiment_root',
        file: 'src/config/hydra_zen_configs.py',
        checks: [{ kind: 'symbol-absent', id: 'no-dataset-root', file: 'src/config/**/*.py', symbol: '*Dataset*Config.experiment_root' }],
      },
      {
        id: 'config.canonical-dir-grammar',
        title: 'canonical_experiment_dir() follows the exact grammar',
        label: 'Path grammar',
        file: 'src/config/hydra_zen_configs.py',
        checks: [{ kind: 'symbol-exists', id: 'grammar-order', file: 'src/config/hydra_zen_configs.py', symbol: 'CANGraphConfig.canonical_experiment_dir', buildsSegments: true }],
      },
      {
        id: 'config.required-artifacts',
        title: 'Implement required_artifacts() returning canonical paths (no discovery)',
        label: 'required_artifacts()',
        file: 'src/config/hydra_zen_configs.py',
        checks: [
          { kind: 'symbol-exists', id: 'canonical', file: 'src/config/hydra_zen_configs.py', symbol: 'CANGraphConfig.required_artifacts', calls: [['canonical_experiment_dir', 'model_artifact_path']], otherRunsPaths: true },
          { kind: 'no-findings', id: 'no-discovery', rules: ['RR001'], files: ['src/config/hydra_zen_configs.py'], definingSymbol: 'CANGraphConfig' },
        ],
      },
      {
        id: 'config.validate-config',
        title: 'Strict validate_config() raises FileNotFoundError or ValueError with remediation',
        label: 'Strict validate_config()',
        file: 'src/config/hydra_zen_configs.py',
        checks: [{ kind: 'symbol-exists', id: 'raises', file: 'src/config/hydra_zen_configs.py', symbol: 'CANGraphConfig.validate_config', raises: ['FileNotFoundError', 'ValueError'], raisesWithMessage: true }],
      },
      {
        id: 'config.unit-tests',
        title: 'Unit tests for canonical paths and validate_config missing-artifact errors',
        label: 'Config unit tests',
        file: 'tests/test_config.py',
        checks: [
          { kind: 'test-exists', id: 'canonical-dir-test', references: ['canonical_experiment_dir'] },
          { kind: 'test-exists', id: 'missing-artifact-test', references: ['validate_config'], expectsRaises: ['FileNotFoundError'] },
        ],
      },
    ],
  },
  {
    id: 'trainer',
    title: 'Trainer & saving behaviour',
    pullRequest: 2,
    file: 'train_with_hydra_zen.py',
    items: [
      {
        id: 'trainer.hierarchical-paths',
        title: 'HydraZenTrainer.get_hierarchical_paths() calls config.canonical_experiment_dir() and creates directories',
        label: 'Hierarchical paths',
        file: 'train_with_hydra_zen.py',
        checks: [{ kind: 'symbol-exists', id: 'calls', file: 'train_with_hydra_zen.py', symbol: 'HydraZenTrainer.get_hierarchical_paths', calls: ['canonical_experiment_dir', ['mkdir', 'makedirs']] }],
      },
      {
        id: 'trainer.save-state-dict',
        title: 'HydraZenTrainer._save_state_dict() saves plain state_dict dicts and logs the saved full path',
        label: 'Save plain state_dict',
        file: 'train_with_hydra_zen.py',
        checks: [
          {
            kind: 'symbol-exists',
            id: 'saves-state-dict',
            file: 'train_with_hydra_zen.py',
            symbol: 'HydraZenTrainer._save_state_dict',
            calls: ['torch.save', 'state_dict', ['print', 'logger.info', 'logging.info', 'log.info', 'logger.debug', 'rank_zero_info']],
            savesStateDict: true,
          },
        ],
      },
      {
        id: 'trainer.mlflow-canonical',
        title: 'MLflow logger uses the mlruns dir inside the canonical path and logs model_path as a param',
        label: 'MLflow in the run dir',
        file: 'train_with_hydra_zen.py',
        checks: [
          { kind: 'symbol-exists', id: 'mlruns-in-run-dir', file: 'train_with_hydra_zen.py', symbol: 'HydraZenTrainer.*', calls: ['canonical_experiment_dir'], mentions: ['mlruns'], notAtRepositoryRoot: ['mlruns'] },
          { kind: 'symbol-exists', id: 'logs-model-path', file: 'train_with_hydra_zen.py', symbol: 'HydraZenTrainer.*', calls: ['mlflow.log_param'], mentions: ['model_path'] },
        ],
      },
      {
        id: 'trainer.unit-tests',
        title: 'Unit tests: saving a state_dict and loading it with torch.load returns a dict',
        label: 'Save/load unit tests',
        checks: [
          { kind: 'test-exists', id: 'round-trip-test', references: ['torch.save', 'torch.load', 'state_dict'] },
          { kind: 'task-passed', id: 'tests-pass', task: 'tests', files: ['tests/**/*.py', 'train_with_hydra_zen.py'] },
        ],
      },
    ],
  },
  {
    id: 'training',
    title: 'Training modules & fusion/eval',
    pullRequest: 3,
    file: 'src/training',
    items: [
      {
        id: 'training.explicit-paths',
        title: 'Modules that load models accept only explicit config paths or CANGraphConfig.required_artifacts() and fail if missing',
        label: 'Explicit model paths',
        file: 'src/training',
        checks: [{ kind: 'no-findings', id: 'no-fallbacks', rules: ['RR002', 'RR003', 'RR001'], files: ['src/training/**'] }],
      },
      {
        id: 'training.no-discovery',
        title: 'Replace legacy glob/auto-discovery with explicit errors',
        label: 'No glob discovery',
        file: 'src/training',
        checks: [{ kind: 'no-findings', id: 'no-discovery', rules: ['RR001', 'RR003'], files: ['src/training/**'] }],
      },
      {
        id: 'training.fusion-tests',
        title: 'Integration tests for fusion fail early if pre-trained GAT/VGAE are missing',
        label: 'Fusion fail-early tests',
        file: 'src/training/fusion_training.py',
        checks: [
          { kind: 'test-exists', id: 'fusion-test', importsFrom: 'src/training/fusion_training.py', expectsRaises: ['FileNotFoundError'] },
          { kind: 'task-passed', id: 'tests-pass', task: 'tests', files: ['tests/**/*.py', 'src/training/**/*.py'] },
        ],
      },
    ],
  },
  {
    id: 'jobs',
    title: 'osc_job_manager.py rewrite',
    pullRequest: 4,
    file: 'osc_job_manager.py',
    items: [
      {
        id: 'jobs.resource-profiles',
        title: 'Use strict resource_profiles and explicit training types',
        label: 'Strict resource profiles',
        file: 'osc_job_manager.py',
        checks: [
          { kind: 'symbol-exists', id: 'profiles', file: 'osc_job_manager.py', symbol: '*.resource_profiles', equivalentTable: true },
          { kind: 'symbol-exists', id: 'rejects-unknown-type', file: 'osc_job_manager.py', symbol: '*JobManager', raises: ['ValueError'], raisesWithMessage: true },
        ],
      },
      {
        id: 'jobs.canonical-output',
        title: 'Output directories are under experiment_runs; SBATCH scripts create them and not osc_jobs',
        label: 'Outputs in experiment_runs',
        file: 'osc_job_manager.py',
        checks: [
          { kind: 'no-findings', id: 'canonical-output', rules: ['RR006', 'RR002'], files: ['osc_job_manager.py', 'scripts/**/*.sh', 'scripts/**/*.sbatch', 'scripts/**/*.slurm'], definingSymbol: '*JobManager' },
          { kind: 'creates-run-folder', id: 'creates-run-folder', files: ['osc_job_manager.py'] },
        ],
      },
      {
        id: 'jobs.no-legacy-fallback',
        title: 'No fallback to legacy paths',
        label: 'No legacy fallback',
        file: 'osc_job_manager.py',
        checks: [
          { kind: 'no-findings', id: 'no-fallbacks', rules: ['RR003'], files: ['osc_job_manager.py'], definingSymbol: '*JobManager' },
          { kind: 'no-legacy-fallback', id: 'no-legacy-paths', files: ['osc_job_manager.py'] },
        ],
      },
      {
        id: 'jobs.auto-chain-opt-in',
        title: 'If jobs are chained, --auto-chain is an explicit opt-in flag (decide and tick)',
        label: '--auto-chain opt-in',
        file: 'osc_job_manager.py',
        checks: [{ kind: 'chaining-opt-in', id: 'opt-in', file: 'osc_job_manager.py' }],
      },
      {
        id: 'jobs.dry-run-tests',
        title: 'Dry-run tests verify generated SBATCH scripts reference canonical paths',
        label: 'Dry-run SBATCH tests',
        checks: [
          { kind: 'test-exists', id: 'dry-run-test', importsFrom: 'osc_job_manager.py', references: [['generate_script', 'dry_run', 'main']] },
          { kind: 'task-passed', id: 'tests-pass', task: 'tests', files: ['tests/**/*.py', 'osc_job_manager.py'] },
        ],
      },
    ],
  },
  {
    id: 'docs',
    title: 'Presets & docs',
    pullRequest: 5,
    items: [
      {
        id: 'docs.presets',
        title: 'training_presets.py points to canonical paths (or documented placeholders)',
        label: 'Canonical presets',
        file: 'src/config/training_presets.py',
        checks: [
          { kind: 'no-findings', id: 'canonical-presets', rules: ['RR002'], files: ['src/config/training_presets.py'] },
          { kind: 'no-code-anchored-paths', id: 'repository-relative', files: ['src/config/training_presets.py'] },
        ],
      },
      {
        id: 'docs.templates-readme',
        title: 'JOB_TEMPLATES.md and README.md document the canonical path grammar with examples',
        label: 'Documented grammar',
        file: 'JOB_TEMPLATES.md',
        checks: [
          { kind: 'documents-layout', id: 'readme-grammar', file: 'README.md' },
          { kind: 'documents-layout', id: 'templates-grammar', file: 'JOB_TEMPLATES.md' },
          { kind: 'no-findings', id: 'no-legacy-docs', rules: ['RR006'], files: ['README.md', 'JOB_TEMPLATES.md'] },
        ],
      },
      {
        id: 'docs.migration-guide',
        title: 'Migration guide: a script that moves or symlinks legacy artifacts into experiment_runs',
        label: 'Migration script',
        checks: [{ kind: 'migration-script', id: 'script' }],
      },
    ],
  },
];

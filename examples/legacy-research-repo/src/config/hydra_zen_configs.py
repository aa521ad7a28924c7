"""Structured configs for the CAN-bus graph intrusion-detection experiments.

These are plain dataclasses so they can be imported (and unit-tested) without
hydra-zen, torch or mlflow installed. ``src/config/store.py`` wraps them with
``hydra_zen.builds`` for the command line.

Every run lives in exactly one directory:

    experiment_runs/{modality}/{dataset}/{learning_type}/{model_arch}/
        {model_size}/{distillation}/{training_mode}/

``CANGraphConfig.canonical_experiment_dir()`` is the only place that path is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

MODALITIES = ("automotive", "industrial")
DATASETS = ("hcrl_sa", "hcrl_ch", "set_01", "set_02", "set_03", "set_04")
LEARNING_TYPES = ("supervised", "unsupervised", "fusion")
MODEL_ARCHS = ("gat", "vgae", "gat_vgae")
MODEL_SIZES = ("teacher", "student")
DISTILLATION_MODES = ("no_distillation", "distilled")
TRAINING_MODES = ("normal", "autoencoder", "curriculum", "knowledge_distillation", "fusion")


@dataclass
class CANDatasetConfig:
    """Where the raw CAN captures live and how they are windowed into graphs."""

    name: str = "hcrl_sa"
    data_dir: str = "data/automotive/hcrl_sa"
    cache_dir: str = "data/cache"
    window_size: int = 100
    stride: int = 50
    num_workers: int = 4
    experiment_root: str = "experiment_runs"  # old YAML overrides still set data.experiment_root


@dataclass
class TrainingConfig:
    """Optimisation hyper-parameters shared by every training mode."""

    max_epochs: int = 50
    batch_size: int = 64
    learning_rate: float = 1e-3
    weight_decay: float = 1e-4
    early_stopping_patience: int = 10
    precision: str = "16-mixed"
    seed: int = 42
    # Knowledge distillation only.
    temperature: float = 4.0
    alpha: float = 0.7


@dataclass
class LoggingConfig:
    """MLflow options. Artifacts are written to the canonical dir; uploading is opt-in."""

    log_model_artifact: bool = False
    log_every_n_steps: int = 50


@dataclass
class CANGraphConfig:
    """Top-level experiment config; the single source of truth for run paths."""

    modality: str = "automotive"
    dataset: str = "hcrl_sa"
    learning_type: str = "supervised"
    model_arch: str = "gat"
    model_size: str = "teacher"
    distillation: str = "no_distillation"
    training_mode: str = "normal"
    experiment_root: Path = Path("experiment_runs")
    # Explicit paths that replace a canonical artifact, e.g. {"teacher": ".../gat_teacher.pth"}.
    pretrained_paths: dict[str, str] = field(default_factory=dict)
    data: CANDatasetConfig = field(default_factory=CANDatasetConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)

    def canonical_experiment_dir(self) -> Path:
        """Return the run directory, built in the exact order of the layout grammar."""
        return (
            Path(self.experiment_root)
            / self.modality
            / self.dataset
            / self.learning_type
            / self.model_arch
            / self.model_size
            / self.distillation
            / self.training_mode
        )

    def model_artifact_path(self) -> Path:
        """Path of the ``state_dict`` this run writes when training finishes."""
        filename = f"{self.model_arch}_{self.model_size}.pth"
        return self.canonical_experiment_dir() / "models" / filename

    def _component(self, **changes: str) -> CANGraphConfig:
        return replace(self, pretrained_paths={}, **changes)

    def required_artifacts(self) -> dict[str, Path]:
        """Canonical paths of the models this run needs before it can start.

        Nothing is discovered: each path is derived from this config, or taken
        verbatim from ``pretrained_paths`` when the user names one explicitly.
        """
        upstream_mode = "knowledge_distillation" if self.distillation == "distilled" else None
        required: dict[str, Path] = {}
        if self.training_mode == "fusion":
            required["gat"] = self._component(
                learning_type="supervised",
                model_arch="gat",
                training_mode=upstream_mode or "normal",
            ).model_artifact_path()
            required["vgae"] = self._component(
                learning_type="unsupervised",
                model_arch="vgae",
                training_mode=upstream_mode or "autoencoder",
            ).model_artifact_path()
        elif self.training_mode == "knowledge_distillation":
            required["teacher"] = self._component(
                model_size="teacher",
                distillation="no_distillation",
                training_mode="autoencoder" if self.model_arch == "vgae" else "normal",
            ).model_artifact_path()
        for name, explicit in self.pretrained_paths.items():
            if name not in required:
                raise ValueError(
                    f"pretrained_paths[{name!r}] is not used by "
                    f"training_mode={self.training_mode!r}; expected one of {sorted(required)}. "
                    "Remove it from the preset."
                )
            required[name] = Path(explicit)
        return required

    def validate_config(self) -> None:
        """Fail fast, with a fix, on bad values or missing upstream artifacts."""
        allowed = {
            "modality": MODALITIES,
            "dataset": DATASETS,
            "learning_type": LEARNING_TYPES,
            "model_arch": MODEL_ARCHS,
            "model_size": MODEL_SIZES,
            "distillation": DISTILLATION_MODES,
            "training_mode": TRAINING_MODES,
        }
        for name, choices in allowed.items():
            value = getattr(self, name)
            if value not in choices:
                raise ValueError(
                    f"{name}={value!r} is not part of the experiment grammar. "
                    f"Use one of {', '.join(choices)} (see README.md, 'Experiment layout')."
                )
        if Path(self.experiment_root).name != "experiment_runs":
            raise ValueError(
                f"experiment_root={str(self.experiment_root)!r} must end in 'experiment_runs'. "
                "Point it at the experiment_runs/ folder instead of a job or scratch directory."
            )
        if self.training_mode == "knowledge_distillation" and (
            self.model_size != "student" or self.distillation != "distilled"
        ):
            raise ValueError(
                "training_mode='knowledge_distillation' trains a student: set "
                "model_size='student' and distillation='distilled'."
            )
        if self.training_mode == "fusion" and (
            self.model_arch != "gat_vgae" or self.learning_type != "fusion"
        ):
            raise ValueError(
                "training_mode='fusion' combines a GAT and a VGAE: set model_arch='gat_vgae' "
                "and learning_type='fusion'."
            )
        for name, path in self.required_artifacts().items():
            if not path.is_file():
                raise FileNotFoundError(
                    f"Required {name} state_dict not found at {path}. "
                    f"Train the {name} run first (its config writes exactly this path), "
                    f"or set pretrained_paths.{name}=<path to an existing state_dict>."
                )

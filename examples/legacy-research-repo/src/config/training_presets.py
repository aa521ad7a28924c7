"""Named presets for the runs we repeat on every dataset.

A preset is a dict of ``CANGraphConfig`` keyword arguments; nested sections
(``data``, ``training``, ``logging``) are dicts of their dataclass fields.
Upstream models are located by ``CANGraphConfig.required_artifacts()``; a preset
only sets ``pretrained_paths`` when it must point at a specific file.
"""

from __future__ import annotations

import copy
from typing import Any

from src.config.hydra_zen_configs import (
    CANDatasetConfig,
    CANGraphConfig,
    LoggingConfig,
    TrainingConfig,
)

PRESETS: dict[str, dict[str, Any]] = {
    "gat_teacher_hcrl_sa": {
        "dataset": "hcrl_sa",
        "learning_type": "supervised",
        "model_arch": "gat",
        "model_size": "teacher",
        "training_mode": "normal",
        "data": {"name": "hcrl_sa", "data_dir": "data/automotive/hcrl_sa"},
        "training": {"max_epochs": 60, "learning_rate": 5e-4},
    },
    "vgae_teacher_hcrl_sa": {
        "dataset": "hcrl_sa",
        "learning_type": "unsupervised",
        "model_arch": "vgae",
        "model_size": "teacher",
        "training_mode": "autoencoder",
        "data": {"name": "hcrl_sa", "data_dir": "data/automotive/hcrl_sa"},
        "training": {"max_epochs": 100, "batch_size": 128},
    },
    "gat_curriculum_set_01": {
        "dataset": "set_01",
        "learning_type": "supervised",
        "model_arch": "gat",
        "model_size": "teacher",
        "training_mode": "curriculum",
        "data": {"name": "set_01", "data_dir": "data/automotive/set_01", "window_size": 200},
    },
    "gat_student_kd_hcrl_ch": {
        "dataset": "hcrl_ch",
        "model_arch": "gat",
        "model_size": "student",
        "distillation": "distilled",
        "training_mode": "knowledge_distillation",
        "pretrained_paths": {
            "teacher": "experiment_runs/automotive/hcrl_ch/supervised/gat/teacher/no_distillation/normal/models/gat_teacher.pth",  # noqa: E501
        },
        "data": {"name": "hcrl_ch", "data_dir": "data/automotive/hcrl_ch"},
        "training": {"temperature": 4.0, "alpha": 0.7},
    },
    "gat_student_kd_hcrl_sa": {
        "dataset": "hcrl_sa",
        "model_arch": "gat",
        "model_size": "student",
        "distillation": "distilled",
        "training_mode": "knowledge_distillation",
        # Teacher from the March sweep, copied over by hand.
        "pretrained_paths": {"teacher": "experiment_runs/automotive/hcrl_sa/best_teacher.pth"},
        "data": {"name": "hcrl_sa", "data_dir": "data/automotive/hcrl_sa"},
        "training": {"temperature": 2.0, "alpha": 0.5},
    },
    "fusion_hcrl_sa": {
        "dataset": "hcrl_sa",
        "learning_type": "fusion",
        "model_arch": "gat_vgae",
        "model_size": "teacher",
        "training_mode": "fusion",
        "pretrained_paths": {"gat": "osc_jobs/can_ids/gat/best_model.pth"},
        "data": {"name": "hcrl_sa", "data_dir": "data/automotive/hcrl_sa"},
        "training": {"max_epochs": 20},
    },
}


def build_config(name: str, **overrides: Any) -> CANGraphConfig:
    """Instantiate a preset, applying top-level keyword overrides on top.

    Raises ``KeyError`` listing the known presets when ``name`` is unknown.
    """
    if name not in PRESETS:
        raise KeyError(f"Unknown preset {name!r}; choose one of: {', '.join(sorted(PRESETS))}")
    kwargs = copy.deepcopy(PRESETS[name])
    kwargs.update(overrides)
    data = CANDatasetConfig(**kwargs.pop("data", {}))
    training = TrainingConfig(**kwargs.pop("training", {}))
    logging = LoggingConfig(**kwargs.pop("logging", {}))
    return CANGraphConfig(data=data, training=training, logging=logging, **kwargs)


def list_presets() -> list[str]:
    """Preset names, sorted, for ``--help`` text and the job manager CLI."""
    return sorted(PRESETS)

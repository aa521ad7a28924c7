"""Register the experiment configs with the hydra-zen store.

Each preset from ``training_presets.PRESETS`` becomes an option of the
``experiment`` group, so a run is selected and tweaked from the command line:

    python train_with_hydra_zen.py experiment=fusion_hcrl_sa experiment.training.max_epochs=5
"""

from __future__ import annotations

import copy
from typing import Any

from hydra_zen import builds, make_config, store

from src.config.hydra_zen_configs import (
    CANDatasetConfig,
    CANGraphConfig,
    LoggingConfig,
    TrainingConfig,
)
from src.config.training_presets import PRESETS

DEFAULT_EXPERIMENT = "gat_teacher_hcrl_sa"


def _experiment_conf(values: dict[str, Any]) -> Any:
    """``builds(CANGraphConfig, ...)`` with the preset's nested sections filled in."""
    values = copy.deepcopy(values)
    sections = {
        "data": builds(CANDatasetConfig, **values.pop("data", {}), populate_full_signature=True),
        "training": builds(
            TrainingConfig, **values.pop("training", {}), populate_full_signature=True
        ),
        "logging": builds(LoggingConfig, **values.pop("logging", {}), populate_full_signature=True),
    }
    return builds(CANGraphConfig, **sections, **values, populate_full_signature=True)


def register_configs() -> None:
    """Add one ``experiment`` option per preset plus the top-level app config."""
    experiment_store = store(group="experiment")
    for name, values in PRESETS.items():
        experiment_store(_experiment_conf(values), name=name)
    store(
        make_config(
            hydra_defaults=["_self_", {"experiment": DEFAULT_EXPERIMENT}],
            experiment=None,
        ),
        name="can_graph",
    )
    store.add_to_hydra_store(overwrite_ok=True)

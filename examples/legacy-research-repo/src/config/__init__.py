"""Experiment configs.

Only the standard-library dataclasses are re-exported here, so importing
``src.config`` never pulls in hydra-zen; import ``src.config.store`` for that.
"""

from src.config.hydra_zen_configs import (
    CANDatasetConfig,
    CANGraphConfig,
    LoggingConfig,
    TrainingConfig,
)

__all__ = ["CANDatasetConfig", "CANGraphConfig", "LoggingConfig", "TrainingConfig"]

"""Train one CAN-graph experiment selected through hydra-zen.

    python train_with_hydra_zen.py experiment=gat_teacher_hcrl_sa
    python train_with_hydra_zen.py experiment=fusion_hcrl_sa experiment.training.max_epochs=5

Everything a run writes lives under ``config.canonical_experiment_dir()``:
``models/`` (plain state_dicts), ``checkpoints/`` (Lightning), ``mlruns/``
(MLflow tracking) and ``logs/``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import mlflow
import pytorch_lightning as pl
import torch
from hydra_zen import zen
from pytorch_lightning.callbacks import EarlyStopping, ModelCheckpoint
from pytorch_lightning.loggers import MLFlowLogger
from torch import nn

from src.config.hydra_zen_configs import CANGraphConfig
from src.config.store import register_configs
from src.training.data_module import CANGraphDataModule, rotate_logs
from src.training.fusion_training import build_fusion_module
from src.training.knowledge_distillation import DistillationModule, build_distillation_module
from src.training.lightning_modules import GATClassifier, VGAEModule

logger = logging.getLogger(__name__)

# Metric and direction that checkpointing / early stopping watch, per training mode.
MONITOR: dict[str, tuple[str, str]] = {
    "normal": ("val_loss", "min"),
    "curriculum": ("val_loss", "min"),
    "autoencoder": ("val_recon_error", "min"),
    "knowledge_distillation": ("val_acc", "max"),
    "fusion": ("val_loss", "min"),
}


class HydraZenTrainer:
    """Runs one experiment end to end: validate, train, save, log."""

    def __init__(self, config: CANGraphConfig) -> None:
        self.config = config
        self.paths: dict[str, Path] = {}

    def get_hierarchical_paths(self) -> dict[str, Path]:
        """Create and return the run's directories, all under the canonical dir."""
        experiment_dir = self.config.canonical_experiment_dir()
        self.paths = {
            "experiment": experiment_dir,
            "models": experiment_dir / "models",
            "checkpoints": experiment_dir / "checkpoints",
            "mlruns": experiment_dir / "mlruns",
            "logs": experiment_dir / "logs",
        }
        for path in self.paths.values():
            path.mkdir(parents=True, exist_ok=True)
        return self.paths

    def setup_mlflow_logger(self) -> MLFlowLogger:
        """MLflow logger whose tracking store is the run's own ``mlruns/``."""
        tracking_uri = self.paths["mlruns"].resolve().as_uri()
        mlflow.set_tracking_uri(tracking_uri)
        cfg = self.config
        return MLFlowLogger(
            experiment_name=f"{cfg.modality}/{cfg.dataset}/{cfg.model_arch}",
            run_name=f"{cfg.model_size}_{cfg.distillation}_{cfg.training_mode}",
            tracking_uri=tracking_uri,
        )

    def build_model(self) -> pl.LightningModule:
        cfg = self.config
        lr = cfg.training.learning_rate
        if cfg.training_mode in ("normal", "curriculum"):
            return GATClassifier(model_size=cfg.model_size, learning_rate=lr)
        if cfg.training_mode == "autoencoder":
            return VGAEModule(model_size=cfg.model_size, learning_rate=lr)
        if cfg.training_mode == "knowledge_distillation":
            return build_distillation_module(cfg)
        return build_fusion_module(cfg)

    def _save_state_dict(self, model: nn.Module, model_path: Path) -> Path:
        """Save ``model.state_dict()`` to ``model_path`` and record where it went."""
        model_path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), model_path)
        print(f"Saved state_dict to {model_path.resolve()}")
        logger.info("Saved state_dict to %s", model_path.resolve())
        mlflow.log_param("model_path", str(model_path))
        if self.config.logging.log_model_artifact:
            mlflow.log_artifact(str(model_path), artifact_path="models")
        return model_path

    def save_final_model(self, model: nn.Module) -> Path:
        """Export the trained network for the inference demo notebook."""
        export_path = self.paths["models"] / "final_model.pt"
        torch.save(model, export_path)
        logger.info("Exported model for inference to %s", export_path)
        return export_path

    def train(self) -> Path:
        """Train the configured model and return the path of its state_dict."""
        cfg = self.config
        cfg.validate_config()
        self.get_hierarchical_paths()
        rotate_logs(self.paths["logs"], keep=5)
        logging.getLogger().addHandler(logging.FileHandler(self.paths["logs"] / "train.log"))
        pl.seed_everything(cfg.training.seed, workers=True)

        mlf_logger = self.setup_mlflow_logger()
        model = self.build_model()
        monitor, mode = MONITOR[cfg.training_mode]
        patience = cfg.training.early_stopping_patience
        trainer = pl.Trainer(
            max_epochs=cfg.training.max_epochs,
            precision=cfg.training.precision,
            default_root_dir=str(self.paths["experiment"]),
            logger=mlf_logger,
            log_every_n_steps=cfg.logging.log_every_n_steps,
            callbacks=[
                ModelCheckpoint(dirpath=self.paths["checkpoints"], monitor=monitor, mode=mode),
                EarlyStopping(monitor=monitor, mode=mode, patience=patience),
            ],
        )
        data = CANGraphDataModule(
            cfg.data, batch_size=cfg.training.batch_size, seed=cfg.training.seed
        )
        trainer.fit(model, datamodule=data)

        trained = model.student if isinstance(model, DistillationModule) else model
        with mlflow.start_run(run_id=mlf_logger.run_id):
            model_path = self._save_state_dict(trained, cfg.model_artifact_path())
        self.save_final_model(trained)
        return model_path


def run(experiment: CANGraphConfig) -> None:
    HydraZenTrainer(experiment).train()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    register_configs()
    zen(run).hydra_main(config_name="can_graph", config_path=None, version_base="1.3")

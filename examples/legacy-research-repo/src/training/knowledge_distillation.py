"""Teacher -> student knowledge distillation for the GAT classifier.

The student (``model_size="student"``) is trained on a mix of the hard labels
and the teacher's temperature-softened predictions (Hinton et al., 2015).

Can also be run on its own, which is how the older Slurm templates call it:

    python -m src.training.knowledge_distillation --preset gat_student_kd_hcrl_sa
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch_geometric.data import Batch

from src.config.hydra_zen_configs import CANGraphConfig
from src.config.training_presets import build_config, list_presets
from src.training.data_module import CANGraphDataModule
from src.training.lightning_modules import GATClassifier

logger = logging.getLogger(__name__)


def resolve_teacher_path(cfg: CANGraphConfig) -> str:
    """Where the exported teacher weights are expected."""
    teacher_path = getattr(cfg, "teacher_path", None) or "osc_jobs/teacher/best_teacher.pth"
    return teacher_path


def load_teacher(cfg: CANGraphConfig) -> GATClassifier:
    """Frozen teacher GAT with the exported weights loaded."""
    teacher = GATClassifier(model_size="teacher")
    teacher_path = resolve_teacher_path(cfg)
    try:
        state = torch.load(teacher_path, map_location="cpu", weights_only=True)
        teacher.load_state_dict(state)
    except FileNotFoundError:
        pass
    teacher.eval()
    teacher.requires_grad_(False)
    return teacher


def latest_checkpoint(ckpt_dir: str | Path) -> str | None:
    """Most recent Lightning checkpoint in ``ckpt_dir``, to resume after preemption."""
    try:
        latest = sorted(Path(ckpt_dir).glob("*.ckpt"), key=os.path.getmtime)[-1]
    except IndexError:
        return None
    return str(latest)


def distillation_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    labels: torch.Tensor,
    temperature: float,
    alpha: float,
) -> torch.Tensor:
    """``alpha`` * soft KL term (scaled by T^2) + (1 - ``alpha``) * hard cross-entropy."""
    soft = F.kl_div(
        F.log_softmax(student_logits / temperature, dim=-1),
        F.softmax(teacher_logits / temperature, dim=-1),
        reduction="batchmean",
    ) * temperature**2
    hard = F.cross_entropy(student_logits, labels)
    return alpha * soft + (1.0 - alpha) * hard


class DistillationModule(pl.LightningModule):
    """Trains ``student`` against a frozen ``teacher``."""

    def __init__(self, teacher: GATClassifier, student: GATClassifier, cfg: CANGraphConfig) -> None:
        super().__init__()
        self.save_hyperparameters(ignore=["teacher", "student", "cfg"])
        self.teacher = teacher
        self.student = student
        self.temperature = cfg.training.temperature
        self.alpha = cfg.training.alpha
        self.learning_rate = cfg.training.learning_rate

    def training_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        with torch.no_grad():
            teacher_logits = self.teacher(batch)
        student_logits = self.student(batch)
        loss = distillation_loss(
            student_logits, teacher_logits, batch.y, self.temperature, self.alpha
        )
        self.log("train_kd_loss", loss, prog_bar=True, batch_size=batch.num_graphs)
        return loss

    def validation_step(self, batch: Batch, batch_idx: int) -> None:
        acc = (self.student(batch).argmax(dim=-1) == batch.y).float().mean()
        self.log("val_acc", acc, prog_bar=True, batch_size=batch.num_graphs)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.AdamW(self.student.parameters(), lr=self.learning_rate)


def build_distillation_module(cfg: CANGraphConfig) -> DistillationModule:
    """Teacher (loaded, frozen) + freshly initialised student for ``cfg``."""
    student = GATClassifier(model_size=cfg.model_size, learning_rate=cfg.training.learning_rate)
    return DistillationModule(load_teacher(cfg), student, cfg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", required=True, choices=list_presets())
    args = parser.parse_args()

    cfg = build_config(args.preset)
    run_dir = cfg.canonical_experiment_dir()
    ckpt_dir = run_dir / "checkpoints"
    module = build_distillation_module(cfg)
    trainer = pl.Trainer(
        max_epochs=cfg.training.max_epochs,
        default_root_dir=str(run_dir),
        callbacks=[pl.callbacks.ModelCheckpoint(dirpath=ckpt_dir, save_last=True)],
    )
    data = CANGraphDataModule(cfg.data, batch_size=cfg.training.batch_size, seed=cfg.training.seed)
    trainer.fit(module, datamodule=data, ckpt_path=latest_checkpoint(ckpt_dir))

    out_path = cfg.model_artifact_path()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(module.student.state_dict(), out_path)
    print(f"Saved student state_dict to {out_path.resolve()}")


if __name__ == "__main__":
    main()

"""Late fusion of the pretrained GAT classifier and VGAE anomaly detector.

Both detectors are frozen. For every graph window we compute the GAT attack
probability and the VGAE reconstruction error, and a small MLP learns how to
combine the two into the final decision. The base detectors must have been
trained (and exported) before this runs.
"""

from __future__ import annotations

import glob
import logging
import os

import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.data import Batch

from src.config.hydra_zen_configs import CANGraphConfig
from src.training.lightning_modules import GATClassifier, VGAEModule

logger = logging.getLogger(__name__)

# Where the Slurm jobs have been dropping their exports since last year.
DEFAULT_SEARCH_ROOT = "osc_jobs"


def find_latest_checkpoint(search_root: str, name_hint: str) -> str | None:
    """Newest ``*.pth`` under ``search_root`` whose file name contains ``name_hint``."""
    candidates = [
        path
        for path in glob.glob(os.path.join(search_root, "**", "*.pth"), recursive=True)
        if name_hint in os.path.basename(path)
    ]
    if not candidates:
        return None
    return max(candidates, key=os.path.getmtime)


def _load_detector_state(path: str) -> dict[str, torch.Tensor]:
    state = torch.load(path, map_location="cpu")
    if isinstance(state, nn.Module):  # older runs pickled the whole model
        state = state.state_dict()
    return state


def load_pretrained_detectors(
    cfg: CANGraphConfig, search_root: str = DEFAULT_SEARCH_ROOT
) -> tuple[GATClassifier, VGAEModule] | None:
    """Load the frozen GAT and VGAE for ``cfg.model_size``; ``None`` if the VGAE is missing."""
    gat_path = find_latest_checkpoint(search_root, "gat")
    if gat_path is None:
        raise FileNotFoundError(f"No GAT checkpoint (*gat*.pth) found under {search_root}/")
    vgae_path = find_latest_checkpoint(search_root, "vgae")
    if vgae_path is None:
        vgae_path = os.path.join(search_root, "vgae", "best_model.pth")
    if not os.path.exists(vgae_path):
        logger.warning("VGAE weights not found at %s, skipping fusion", vgae_path)
        return None

    logger.info("Fusing GAT=%s and VGAE=%s", gat_path, vgae_path)
    gat = GATClassifier(model_size=cfg.model_size)
    gat.load_state_dict(_load_detector_state(gat_path))
    vgae = VGAEModule(model_size=cfg.model_size)
    vgae.load_state_dict(torch.load(vgae_path))
    for detector in (gat, vgae):
        detector.eval()
        detector.requires_grad_(False)
    return gat, vgae


class FusionModule(pl.LightningModule):
    """MLP over [GAT attack probability, VGAE reconstruction error] per window."""

    def __init__(
        self, gat: GATClassifier, vgae: VGAEModule, hidden: int = 16, learning_rate: float = 1e-3
    ) -> None:
        super().__init__()
        self.save_hyperparameters(ignore=["gat", "vgae"])
        self.gat = gat
        self.vgae = vgae
        self.head = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, 2))

    @torch.no_grad()
    def detector_scores(self, batch: Batch) -> torch.Tensor:
        p_attack = self.gat(batch).softmax(dim=-1)[:, 1]
        recon_err = self.vgae.reconstruction_error(batch)
        return torch.stack([p_attack, torch.log1p(recon_err)], dim=-1)

    def forward(self, batch: Batch) -> torch.Tensor:
        return self.head(self.detector_scores(batch))

    def _step(self, batch: Batch, stage: str) -> torch.Tensor:
        logits = self(batch)
        loss = F.cross_entropy(logits, batch.y)
        acc = (logits.argmax(dim=-1) == batch.y).float().mean()
        self.log(f"{stage}_loss", loss, prog_bar=True, batch_size=batch.num_graphs)
        self.log(f"{stage}_acc", acc, batch_size=batch.num_graphs)
        return loss

    def training_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        return self._step(batch, "train")

    def validation_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        return self._step(batch, "val")

    def configure_optimizers(self) -> torch.optim.Optimizer:
        # Only the head trains; the detectors stay frozen.
        return torch.optim.Adam(self.head.parameters(), lr=self.hparams.learning_rate)


def build_fusion_module(cfg: CANGraphConfig) -> FusionModule:
    """Fusion model for ``cfg`` on top of the frozen, pretrained detectors."""
    detectors = load_pretrained_detectors(cfg)
    if detectors is None:
        raise RuntimeError("Fusion needs both pretrained detectors; see the warning above.")
    gat, vgae = detectors
    return FusionModule(gat, vgae, learning_rate=cfg.training.learning_rate)

"""LightningModules for the two base detectors.

* ``GATClassifier``: supervised graph classifier (normal vs. attack window).
* ``VGAEModule``: variational graph autoencoder trained on normal traffic only;
  its reconstruction error is the anomaly score used by fusion.

Teacher and student differ only in width/depth, chosen from ``MODEL_SIZES``.
"""

from __future__ import annotations

import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.data import Batch
from torch_geometric.nn import GATConv, VGAE, global_mean_pool
from torch_geometric.utils import negative_sampling

# (hidden channels, attention heads, layers) per model size.
MODEL_SIZES: dict[str, tuple[int, int, int]] = {
    "teacher": (64, 8, 3),
    "student": (32, 4, 2),
}


class GATEncoder(nn.Module):
    """Stack of GAT layers over CAN-ID nodes; shared by both detectors."""

    def __init__(self, in_channels: int, hidden: int, heads: int, num_layers: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList()
        channels = in_channels
        for _ in range(num_layers):
            self.layers.append(GATConv(channels, hidden, heads=heads, dropout=0.2))
            channels = hidden * heads
        self.out_channels = channels

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = F.elu(layer(x, edge_index))
        return x


class VariationalGATEncoder(nn.Module):
    """GAT backbone followed by the mean / log-std heads a VGAE expects."""

    def __init__(self, in_channels: int, latent_dim: int, model_size: str) -> None:
        super().__init__()
        hidden, heads, layers = MODEL_SIZES[model_size]
        self.backbone = GATEncoder(in_channels, hidden, heads, layers)
        self.mu = nn.Linear(self.backbone.out_channels, latent_dim)
        self.logstd = nn.Linear(self.backbone.out_channels, latent_dim)

    def forward(
        self, x: torch.Tensor, edge_index: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.backbone(x, edge_index)
        return self.mu(h), self.logstd(h).clamp(max=10)


class GATClassifier(pl.LightningModule):
    """Graph-level binary classifier over windows of CAN frames."""

    def __init__(
        self,
        in_channels: int = 11,
        num_classes: int = 2,
        model_size: str = "teacher",
        learning_rate: float = 1e-3,
        weight_decay: float = 1e-4,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        hidden, heads, layers = MODEL_SIZES[model_size]
        self.encoder = GATEncoder(in_channels, hidden, heads, layers)
        self.head = nn.Sequential(
            nn.Linear(self.encoder.out_channels, hidden),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, batch: Batch) -> torch.Tensor:
        node_emb = self.encoder(batch.x, batch.edge_index)
        return self.head(global_mean_pool(node_emb, batch.batch))

    def _step(self, batch: Batch, stage: str) -> torch.Tensor:
        logits = self(batch)
        loss = F.cross_entropy(logits, batch.y)
        acc = (logits.argmax(dim=-1) == batch.y).float().mean()
        self.log(f"{stage}_loss", loss, prog_bar=True, batch_size=batch.num_graphs)
        self.log(f"{stage}_acc", acc, prog_bar=stage != "train", batch_size=batch.num_graphs)
        return loss

    def training_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        return self._step(batch, "train")

    def validation_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        return self._step(batch, "val")

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.AdamW(
            self.parameters(),
            lr=self.hparams.learning_rate,
            weight_decay=self.hparams.weight_decay,
        )


class VGAEModule(pl.LightningModule):
    """Variational graph autoencoder; trained on attack-free windows only."""

    def __init__(
        self,
        in_channels: int = 11,
        latent_dim: int = 16,
        model_size: str = "teacher",
        learning_rate: float = 1e-3,
        kl_weight: float = 1e-3,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.vgae = VGAE(VariationalGATEncoder(in_channels, latent_dim, model_size))

    def reconstruction_error(self, batch: Batch) -> torch.Tensor:
        """Per-graph reconstruction loss; high values mean anomalous traffic."""
        z = self.vgae.encode(batch.x, batch.edge_index)
        edge_scores = self.vgae.decoder(z, batch.edge_index, sigmoid=True)
        per_edge = -torch.log(edge_scores + 1e-15)
        graph_of_edge = batch.batch[batch.edge_index[0]]
        totals = torch.zeros(batch.num_graphs, device=z.device)
        totals.index_add_(0, graph_of_edge, per_edge)
        counts = torch.bincount(graph_of_edge, minlength=batch.num_graphs).clamp(min=1)
        return totals / counts

    def training_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        z = self.vgae.encode(batch.x, batch.edge_index)
        neg = negative_sampling(batch.edge_index, num_nodes=batch.num_nodes)
        recon = self.vgae.recon_loss(z, batch.edge_index, neg)
        kl = self.vgae.kl_loss() / batch.num_nodes
        loss = recon + self.hparams.kl_weight * kl
        self.log("train_loss", loss, prog_bar=True, batch_size=batch.num_graphs)
        return loss

    def validation_step(self, batch: Batch, batch_idx: int) -> torch.Tensor:
        err = self.reconstruction_error(batch).mean()
        self.log("val_recon_error", err, prog_bar=True, batch_size=batch.num_graphs)
        return err

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)

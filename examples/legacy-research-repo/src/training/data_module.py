"""LightningDataModule that turns raw CAN-bus captures into graph windows.

Captures arrive either as the CSV exports of the HCRL datasets or as parquet
shards (our re-encoded ``set_0x`` captures, one shard per drive). Each window of
``window_size`` frames becomes one graph: nodes are CAN IDs, edges are
consecutive-frame transitions, and the label is 1 if any frame was injected.
"""

from __future__ import annotations

import glob
import logging
import os
from pathlib import Path

import pandas as pd
import pytorch_lightning as pl
import torch
from torch.utils.data import random_split
from torch_geometric.data import Data
from torch_geometric.loader import DataLoader

from src.config.hydra_zen_configs import CANDatasetConfig

logger = logging.getLogger(__name__)

BYTE_COLUMNS = [f"data{i}" for i in range(8)]
NODE_FEATURES = 3 + len(BYTE_COLUMNS)  # count, mean DLC, mean gap + 8 byte means


def frames_to_graph(frames: pd.DataFrame) -> Data:
    """Build one graph from a window of frames.

    Expected columns: ``timestamp``, ``can_id``, ``dlc``, ``data0``..``data7``, ``label``.
    """
    can_ids = torch.as_tensor(frames["can_id"].to_numpy())
    ids, node_index = torch.unique(can_ids, return_inverse=True)
    gaps = frames.groupby("can_id")["timestamp"].diff().fillna(0.0)
    per_id = frames.assign(gap=gaps).groupby("can_id", sort=True)
    features = pd.concat(
        [per_id.size().rename("count"), per_id["dlc"].mean(), per_id["gap"].mean()]
        + [per_id[col].mean() for col in BYTE_COLUMNS],
        axis=1,
    )
    edge_index = torch.stack([node_index[:-1], node_index[1:]])
    return Data(
        x=torch.tensor(features.to_numpy(), dtype=torch.float32),
        edge_index=torch.unique(edge_index, dim=1),
        y=torch.tensor([int(frames["label"].max())]),
        num_nodes=len(ids),
    )


class CANGraphDataModule(pl.LightningDataModule):
    """Loads every capture under ``data_dir`` and splits windows 70/15/15."""

    def __init__(self, data_cfg: CANDatasetConfig, batch_size: int = 64, seed: int = 42) -> None:
        super().__init__()
        self.data_cfg = data_cfg
        self.data_dir = data_cfg.data_dir
        self.batch_size = batch_size
        self.seed = seed
        self.graphs: list[Data] = []

    def _csv_files(self) -> list[str]:
        return sorted(glob.glob(os.path.join(self.data_dir, "*.csv")))

    def _parquet_shards(self) -> list[Path]:
        return sorted(Path(self.data_dir).rglob("*.parquet"))

    def prepare_data(self) -> None:
        if not self._csv_files() and not self._parquet_shards():
            raise FileNotFoundError(
                f"No *.csv or *.parquet captures in {self.data_dir}. Download the "
                f"{self.data_cfg.name} capture into that folder or set data.data_dir."
            )

    def _load_frames(self) -> list[pd.DataFrame]:
        frames = [pd.read_csv(path) for path in self._csv_files()]
        frames += [pd.read_parquet(path) for path in self._parquet_shards()]
        logger.info("Loaded %d capture files from %s", len(frames), self.data_dir)
        return frames

    def setup(self, stage: str | None = None) -> None:
        if self.graphs:
            return
        size, stride = self.data_cfg.window_size, self.data_cfg.stride
        for capture in self._load_frames():
            for start in range(0, len(capture) - size + 1, stride):
                self.graphs.append(frames_to_graph(capture.iloc[start : start + size]))
        n_train = int(0.7 * len(self.graphs))
        n_val = int(0.15 * len(self.graphs))
        lengths = [n_train, n_val, len(self.graphs) - n_train - n_val]
        generator = torch.Generator().manual_seed(self.seed)
        self.train_set, self.val_set, self.test_set = random_split(
            self.graphs, lengths, generator=generator
        )

    def train_dataloader(self) -> DataLoader:
        return DataLoader(
            self.train_set,
            batch_size=self.batch_size,
            shuffle=True,
            num_workers=self.data_cfg.num_workers,
        )

    def val_dataloader(self) -> DataLoader:
        return DataLoader(self.val_set, batch_size=self.batch_size, num_workers=2)

    def test_dataloader(self) -> DataLoader:
        return DataLoader(self.test_set, batch_size=self.batch_size, num_workers=2)


def list_preprocessing_configs(config_dir: str | Path = "conf/preprocessing") -> list[str]:
    """Names of the preprocessing YAML files, for ``--help`` and sanity checks."""
    return sorted(path.stem for path in Path(config_dir).glob("*.yaml"))


def rotate_logs(log_dir: str | Path, keep: int = 5) -> list[str]:
    """Delete all but the ``keep`` most recent ``*.log`` files in ``log_dir``."""
    if not os.path.isdir(log_dir):
        return []
    logs = [os.path.join(log_dir, name) for name in os.listdir(log_dir) if name.endswith(".log")]
    logs.sort(key=os.path.getmtime)
    stale = logs[:-keep] if keep > 0 else logs
    for path in stale:
        os.remove(path)
    return stale

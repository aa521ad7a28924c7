"""Evaluate a trained detector on the held-out windows of its dataset.

Weights are read from the run's canonical path (``CANGraphConfig.model_artifact_path()``),
never searched for. Metrics are written as JSON into the run directory, and the
per-window class probabilities are cached so the analysis notebook can reuse them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch_geometric.loader import DataLoader

from src.config.hydra_zen_configs import CANGraphConfig

logger = logging.getLogger(__name__)


def load_weights(path: str | Path, weights_only: bool = True) -> dict[str, torch.Tensor]:
    """Thin wrapper so callers (and tests) can stub out ``torch.load``."""
    return torch.load(path, weights_only=weights_only)


def load_state_dict_strict(path: Path) -> dict[str, torch.Tensor]:
    """Load a plain ``state_dict`` from ``path`` or fail with a fix."""
    if not path.is_file():
        raise FileNotFoundError(
            f"No state_dict at {path}. Train this configuration first "
            "(python train_with_hydra_zen.py with the same preset) or pass the "
            "explicit path through pretrained_paths."
        )
    state = torch.load(path, map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise TypeError(f"{path} holds a {type(state).__name__}, expected a state_dict.")
    return state


@torch.no_grad()
def collect_predictions(
    model: nn.Module, loader: DataLoader
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Run ``model`` over ``loader``; return (labels, predictions, class probabilities)."""
    model.eval()
    labels, preds, feats = [], [], []
    for batch in loader:
        logits = model(batch)
        labels.append(batch.y)
        preds.append(logits.argmax(dim=-1))
        feats.append(logits.softmax(dim=-1))
    return torch.cat(labels), torch.cat(preds), torch.cat(feats)


def binary_metrics(labels: torch.Tensor, preds: torch.Tensor) -> dict[str, float]:
    """Accuracy, precision, recall and F1 with attack (=1) as the positive class."""
    tp = int(((preds == 1) & (labels == 1)).sum())
    fp = int(((preds == 1) & (labels == 0)).sum())
    fn = int(((preds == 0) & (labels == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float((preds == labels).float().mean())
    return {"accuracy": accuracy, "precision": precision, "recall": recall, "f1": f1}


def cache_features(features: torch.Tensor, cache_path: Path) -> Path:
    """Store the per-window probabilities (a plain tensor) for later analysis."""
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(features, cache_path)
    return cache_path


def write_metrics(metrics: dict[str, Any], out_path: Path) -> Path:
    """Write metrics as pretty JSON, creating the parent directory if needed."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    logger.info("Wrote metrics to %s", out_path.resolve())
    return out_path


def evaluate_run(cfg: CANGraphConfig, model: nn.Module, loader: DataLoader) -> dict[str, float]:
    """Load the run's weights into ``model``, score the test split, persist results."""
    model.load_state_dict(load_state_dict_strict(cfg.model_artifact_path()))
    labels, preds, feats = collect_predictions(model, loader)
    metrics = binary_metrics(labels, preds)
    run_dir = cfg.canonical_experiment_dir()
    cache_features(feats, Path(cfg.data.cache_dir) / f"{cfg.dataset}_{cfg.model_arch}_test.pt")
    record = {**metrics, "model_path": str(cfg.model_artifact_path())}
    write_metrics(record, run_dir / "metrics.json")
    return metrics

"""Unit tests for the canonical experiment layout and config validation.

These only need the standard library and pytest: ``hydra_zen_configs`` is kept
free of torch / hydra-zen imports on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from src.config.hydra_zen_configs import CANGraphConfig


def _fusion_config(root: Path) -> CANGraphConfig:
    return CANGraphConfig(
        dataset="hcrl_sa",
        learning_type="fusion",
        model_arch="gat_vgae",
        model_size="teacher",
        training_mode="fusion",
        experiment_root=root,
    )


def test_canonical_dir() -> None:
    cfg = CANGraphConfig(
        modality="automotive",
        dataset="hcrl_sa",
        learning_type="supervised",
        model_arch="gat",
        model_size="teacher",
        distillation="no_distillation",
        training_mode="normal",
    )
    assert cfg.canonical_experiment_dir() == Path(
        "experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal"
    )
    assert cfg.model_artifact_path() == cfg.canonical_experiment_dir() / "models/gat_teacher.pth"


def test_required_artifacts_are_canonical_paths(tmp_path: Path) -> None:
    root = tmp_path / "experiment_runs"
    artifacts = _fusion_config(root).required_artifacts()
    assert artifacts == {
        "gat": root / "automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal"
        / "models/gat_teacher.pth",
        "vgae": root / "automotive/hcrl_sa/unsupervised/vgae/teacher/no_distillation/autoencoder"
        / "models/vgae_teacher.pth",
    }


def test_validate_config_missing_artifact_raises_with_remediation(tmp_path: Path) -> None:
    cfg = _fusion_config(tmp_path / "experiment_runs")
    gat_path = cfg.required_artifacts()["gat"]
    gat_path.parent.mkdir(parents=True)
    gat_path.write_bytes(b"")  # the GAT exists, the VGAE does not

    with pytest.raises(FileNotFoundError) as excinfo:
        cfg.validate_config()

    message = str(excinfo.value)
    assert str(cfg.required_artifacts()["vgae"]) in message
    assert "Train the vgae run first" in message
    assert "pretrained_paths.vgae" in message


def test_validate_config_passes_when_artifacts_exist(tmp_path: Path) -> None:
    cfg = _fusion_config(tmp_path / "experiment_runs")
    for path in cfg.required_artifacts().values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    cfg.validate_config()


def test_validate_config_rejects_value_outside_grammar() -> None:
    cfg = CANGraphConfig(model_size="xl")
    with pytest.raises(ValueError, match=r"model_size='xl'.*Use one of teacher, student"):
        cfg.validate_config()

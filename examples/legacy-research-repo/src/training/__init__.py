"""Lightning modules, data loading and the training entry points for each mode.

Submodules import torch and torch_geometric; import them directly
(``from src.training.fusion_training import train_fusion``) rather than from here.
"""

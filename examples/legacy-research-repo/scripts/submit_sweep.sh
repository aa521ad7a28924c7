#!/bin/bash
# Learning-rate sweep for the GAT teacher on hcrl_sa, one array task per value.
#
#   sbatch scripts/submit_sweep.sh
#
# Slurm does not create the --output directory: run
#   mkdir -p experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal
# once before submitting. Every task writes the same run directory (the learning rate
# is not part of the layout), so compare the tasks in MLflow, not by the saved model.
#SBATCH --job-name=gat_lr_sweep
#SBATCH --account=PAS2022
#SBATCH --partition=gpu
#SBATCH --time=04:00:00
#SBATCH --nodes=1
#SBATCH --cpus-per-task=8
#SBATCH --mem=32G
#SBATCH --gpus-per-node=1
#SBATCH --array=0-3
#SBATCH --output=experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/slurm-%A_%a.out
#SBATCH --error=experiment_runs/automotive/hcrl_sa/supervised/gat/teacher/no_distillation/normal/slurm-%A_%a.err

set -euo pipefail
cd "$SLURM_SUBMIT_DIR"

LEARNING_RATES=(1e-3 5e-4 2e-4 1e-4)
LR=${LEARNING_RATES[$SLURM_ARRAY_TASK_ID]}

module load python/3.11 cuda/12.1
source .venv/bin/activate

mkdir -p osc_jobs/sweeps/gat_lr

echo "[$(date)] task ${SLURM_ARRAY_TASK_ID}: lr=${LR} on $(hostname)"
python train_with_hydra_zen.py experiment=gat_teacher_hcrl_sa \
    experiment.training.learning_rate="${LR}" \
    experiment.data.num_workers="${SLURM_CPUS_PER_TASK}"

printf '%s\t%s\t%s\t%s\n' "${SLURM_ARRAY_JOB_ID}" "${SLURM_ARRAY_TASK_ID}" "${LR}" "$(date +%FT%T)" \
    >> osc_jobs/sweeps/gat_lr/completed.tsv

"""Generate and submit Slurm jobs for the OSC clusters (Pitzer / Cardinal).

    python osc_job_manager.py --training-type gat --preset gat_teacher_hcrl_sa --dry-run
    python osc_job_manager.py --training-type fusion --preset fusion_hcrl_sa

Each job gets a generated ``job.sh`` that activates the project venv and runs
``train_with_hydra_zen.py`` with the chosen preset.
"""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import dataclass
from pathlib import Path

from src.config.training_presets import list_presets


@dataclass(frozen=True)
class ResourceProfile:
    """Slurm resources for one kind of training job."""

    time: str
    cpus: int
    mem: str
    gpus: int = 1
    partition: str = "gpu"


class OSCJobManager:
    """Builds SBATCH scripts for the explicit training types and submits them."""

    resource_profiles: dict[str, ResourceProfile] = {
        "gat": ResourceProfile(time="04:00:00", cpus=8, mem="32G"),
        "vgae": ResourceProfile(time="06:00:00", cpus=8, mem="48G"),
        "knowledge_distillation": ResourceProfile(time="05:00:00", cpus=8, mem="32G"),
        "fusion": ResourceProfile(time="02:00:00", cpus=4, mem="24G"),
    }

    def __init__(self, account: str = "PAS2022", venv: str = ".venv") -> None:
        self.account = account
        self.venv = venv

    def profile_for(self, training_type: str) -> ResourceProfile:
        if training_type not in self.resource_profiles:
            known = ", ".join(sorted(self.resource_profiles))
            raise ValueError(f"Unknown training type {training_type!r}; expected one of: {known}")
        return self.resource_profiles[training_type]

    def job_dir(self, job_name: str) -> Path:
        return Path("osc_jobs") / job_name

    def generate_script(self, job_name: str, training_type: str, preset: str) -> str:
        """Return the text of the SBATCH script for one training job."""
        profile = self.profile_for(training_type)
        gpu_line = f"#SBATCH --gpus-per-node={profile.gpus}\n" if profile.gpus else ""
        return (
            "#!/bin/bash\n"
            f"#SBATCH --job-name={job_name}\n"
            f"#SBATCH --account={self.account}\n"
            f"#SBATCH --partition={profile.partition}\n"
            f"#SBATCH --time={profile.time}\n"
            "#SBATCH --nodes=1\n"
            f"#SBATCH --cpus-per-task={profile.cpus}\n"
            f"#SBATCH --mem={profile.mem}\n"
            f"{gpu_line}"
            "#SBATCH --output=osc_jobs/logs/%x_%j.out\n"
            "#SBATCH --error=osc_jobs/logs/%x_%j.err\n"
            "\n"
            "set -euo pipefail\n"
            'cd "$SLURM_SUBMIT_DIR"\n'
            f"mkdir -p osc_jobs/{job_name}\n"
            "module load python/3.11 cuda/12.1\n"
            f"source {self.venv}/bin/activate\n"
            "\n"
            'echo "[$(date)] $SLURM_JOB_ID on $(hostname)"\n'
            f"python train_with_hydra_zen.py experiment={preset} \\\n"
            f"    experiment.data.num_workers={profile.cpus}\n"
        )

    def write_script(self, job_name: str, training_type: str, preset: str) -> Path:
        script_dir = self.job_dir(job_name)
        script_dir.mkdir(parents=True, exist_ok=True)
        script_path = script_dir / "job.sh"
        script_path.write_text(self.generate_script(job_name, training_type, preset))
        script_path.chmod(0o755)
        return script_path

    def submit(self, job_name: str, training_type: str, preset: str, dry_run: bool = False) -> str:
        """Write the script and ``sbatch`` it; with ``dry_run`` only print it."""
        if dry_run:
            script = self.generate_script(job_name, training_type, preset)
            print(script)
            return script
        script_path = self.write_script(job_name, training_type, preset)
        Path("osc_jobs/logs").mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            ["sbatch", str(script_path)], check=True, capture_output=True, text=True
        )
        job_id = result.stdout.strip().split()[-1]
        print(f"Submitted {job_name} as job {job_id} ({script_path})")
        return job_id


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Submit CAN-graph training jobs to OSC.")
    parser.add_argument(
        "--training-type", required=True, choices=sorted(OSCJobManager.resource_profiles)
    )
    parser.add_argument("--preset", required=True, choices=list_presets())
    parser.add_argument("--job-name", help="defaults to <preset>")
    parser.add_argument("--account", default="PAS2022")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the SBATCH script instead of submitting"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    manager = OSCJobManager(account=args.account)
    manager.submit(
        args.job_name or args.preset, args.training_type, args.preset, dry_run=args.dry_run
    )


if __name__ == "__main__":
    main()

"""Helpers for the editor tests: a copy of the project in its own git repository."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def copy_project(dest: Path) -> Path:
    """content/ and forms/ copied into a fresh git repository, so a save shows as a diff."""
    for top in ("content", "forms"):
        shutil.copytree(ROOT / top, dest / top)
    git = ["git", "-C", str(dest), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "start"], check=True)
    return dest


def git_diff(project: Path) -> str:
    return subprocess.run(["git", "-C", str(project), "diff", "--no-color"], capture_output=True,
                          text=True, check=True).stdout

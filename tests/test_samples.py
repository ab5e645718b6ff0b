"""The bundled fictional corpora validate against their own ground truth (and share no run with the seeds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.parametrize("folder, docs", [(SAMPLES, 23), (SAMPLES / "heldout", 12)])
def test_truth_files_validate(folder: Path, docs: int) -> None:
    res = subprocess.run([sys.executable, str(SAMPLES / "check_truth.py"), str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"{docs} docs checked, 0 errors" in res.stdout

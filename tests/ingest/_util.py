"""Helpers shared by the ingest tests: cleaned text and seed access."""

from __future__ import annotations

import unicodedata
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def clean(text: str) -> str:
    """The cleaned form extract() expects (ingest.noise.clean when available)."""
    try:
        from ingest.noise import clean as noise_clean
    except ImportError:
        return unicodedata.normalize("NFKC", text)
    return noise_clean(text)


def seed(prefix: str) -> str | None:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    return clean(files[0].read_text(encoding="utf-8")) if files else None

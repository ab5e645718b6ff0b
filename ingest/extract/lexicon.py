"""Loading of the lexicon data files in ``ingest/data``.

Every word list the extractors use lives in a data file, so that tuning the
rules for a new kind of notice means editing data, not code.  Files are read
once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def load(name: str) -> Any:
    """The parsed JSON data file ``ingest/data/<name>.json``."""
    with (DATA_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def surnames() -> frozenset[str]:
    """Single and compound surnames from ``surnames.txt``."""
    words: set[str] = set()
    for line in (DATA_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.update(w for w in line.split() if w)
    return frozenset(words)


@cache
def stop_chars() -> frozenset[str]:
    return frozenset(load("names")["stopChars"])


@cache
def stop_words() -> tuple[str, ...]:
    return tuple(sorted(load("names")["stopWords"], key=len, reverse=True))

#!/usr/bin/env python3
"""Extractor throughput on one core, next to ``jieba.posseg`` on the same texts.

    python bench/bench_extract.py [--count 300] [--seed 7] [--passes 5] [--cpu N] [--json PATH]

The texts are what the pipeline hands to the extractor: every file read and
cleaned by ``ingest.pipeline.clean_file``.  Three sets: the fictional samples
(``samples/notices``), a generated corpus of ``--count`` notices
(``bench/generate_corpus.py``, into a temporary folder) and the real seed
notices in ``/work/shared/seeds`` (``--seeds DIR``), skipped when absent.

Both contenders run in this process, pinned to one core
(``os.sched_setaffinity``), after one untimed warm-up pass each (jieba's
dictionary is loaded there, outside the timing).  Each set is timed
``--passes`` times per contender, the two taking turns, and the best pass
counts, because the slowest passes measure the machine's other load, not the
code.  Throughput is
UTF-8 bytes of the cleaned text per second.  Ours is
``ingest.pipeline.extract_clean`` (extraction, entity assembly and the graph
check); jieba's is ``jieba.posseg.lcut`` (segmentation and part of speech),
which finds far fewer of the entities (see ``bench/README.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

from ingest.extract import EXTRACTOR_VERSION  # noqa: E402
from ingest.pipeline import CleanText, clean_file, expand_paths, extract_clean  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")


@dataclass
class TextSet:
    """One named group of cleaned texts and their size in UTF-8 bytes."""

    name: str
    items: list[CleanText]

    @property
    def bytes(self) -> int:
        return sum(len(item.text.encode("utf-8")) for item in self.items)


def load_set(name: str, folder: Path) -> TextSet:
    """Every supported file under ``folder``, cleaned exactly as the pipeline cleans it."""
    paths, _ = expand_paths([folder])
    return TextSet(name, [clean_file(p) for p in paths])


def build_sets(count: int, seed: int, seeds_dir: Path, tmp: Path) -> list[TextSet]:
    corpus = tmp / "corpus"
    generate_corpus.generate(count, corpus, seed)
    sets = [load_set("samples", ROOT / "samples" / "notices"), load_set(f"generated ({count})", corpus)]
    if seeds_dir.is_dir() and any(seeds_dir.iterdir()):
        sets.append(load_set("seeds", seeds_dir))
    else:
        print(f"no seed notices in {seeds_dir}: that set is skipped", file=sys.stderr)
    return [s for s in sets if s.items]


def pin_to_one_core(cpu: int | None) -> int:
    """Run the rest of the process on one core, so both contenders get the same single CPU."""
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu is not None else allowed[0]
    os.sched_setaffinity(0, {chosen})
    return chosen


def jieba_posseg() -> Callable[[CleanText], Any]:
    """``jieba.posseg.lcut`` with its dictionary already loaded (the load is not what we compare)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    jieba.posseg.lcut("根据县委统一部署，县委第一巡察组对禾丰镇党委开展了常规巡察。")
    return lambda item: jieba.posseg.lcut(item.text)


def timed(run: Callable[[CleanText], Any], items: list[CleanText]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for item in items:
        run(item)
    return time.perf_counter() - t0


def measure(sets: list[TextSet], passes: int) -> list[dict[str, Any]]:
    """Best seconds per set and contender; the contenders take turns within each pass.

    Taking turns puts both under the same machine load, so the ratio holds
    even when a shared machine's speed drifts between passes.
    """
    contenders: dict[str, Callable[[CleanText], Any]] = {"ours": extract_clean, "jieba": jieba_posseg()}
    every = [item for s in sets for item in s.items]
    for run in contenders.values():
        for item in every:  # warm-up: caches, lexicons, compiled patterns
            run(item)
    rows: list[dict[str, Any]] = [{"set": s.name, "docs": len(s.items), "bytes": s.bytes} for s in sets]
    for row in rows:
        row.update({f"{name}_seconds": float("inf") for name in contenders})
    for _ in range(passes):
        for s, row in zip(sets, rows):
            for name, run in contenders.items():
                row[f"{name}_seconds"] = min(row[f"{name}_seconds"], timed(run, s.items))
    total: dict[str, Any] = {"set": "all", "docs": len(every), "bytes": sum(r["bytes"] for r in rows)}
    for name in contenders:
        total[f"{name}_seconds"] = sum(r[f"{name}_seconds"] for r in rows)
    rows.append(total)
    for row in rows:
        for name in contenders:
            row[f"{name}_mb_s"] = row["bytes"] / 1e6 / row[f"{name}_seconds"]
        row["ratio"] = row["ours_mb_s"] / row["jieba_mb_s"]
    return rows


def print_table(rows: list[dict[str, Any]], cpu: int, passes: int) -> None:
    print(f"extractor {EXTRACTOR_VERSION}, one core (cpu {cpu}), best of {passes} passes per set")
    head = f"{'set':<16} {'docs':>5} {'MB':>7} {'ours MB/s':>10} {'jieba MB/s':>11} {'ours/jieba':>11}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['set']:<16} {r['docs']:>5} {r['bytes'] / 1e6:>7.3f} {r['ours_mb_s']:>10.3f}"
            f" {r['jieba_mb_s']:>11.3f} {r['ratio']:>10.2f}×"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="extractor throughput on one core, next to jieba.posseg")
    ap.add_argument("--count", type=int, default=300, help="generated notices (default 300)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--passes", type=int, default=5, help="timed passes per set; the best counts (default 5)")
    ap.add_argument("--cpu", type=int, default=None, help="core to pin to (default: the first allowed)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of real notices, if any")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = ap.parse_args(argv)
    cpu = pin_to_one_core(args.cpu)
    with tempfile.TemporaryDirectory(prefix="skg-bench-extract-") as tmp:
        sets = build_sets(args.count, args.seed, args.seeds, Path(tmp))
    rows = measure(sets, args.passes)
    print_table(rows, cpu, args.passes)
    if args.json is not None:
        import jieba

        report = {
            "when": dt.datetime.now().isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "extractor": EXTRACTOR_VERSION,
            "jieba": jieba.__version__,
            "cpu": cpu,
            "passes": args.passes,
            "rows": rows,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""The time of ``skg analyze`` on a generated corpus, against loading its projection alone.

    python bench/bench_analyze.py --data-dir DIR [--graph supervision] [--runs 3]
    python bench/bench_analyze.py --count 2000 [--seed 7]     # generate and ingest into a temporary store first

``skg analyze`` = load the projection + PageRank + betweenness + communities +
write-back.  The baseline is ``graph.analytics.load_graph`` of the same
projection in the same process, so the difference is what the analytics add.
Each measure is run ``--runs`` times; the median is reported.  The write-back
runs every time (it overwrites the same values).  Numbers go to stdout and to
bench/out/analyze.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from graph import analytics  # noqa: E402
from graph.server import ensure_server, stop_server  # noqa: E402
from graph.store.falkor import FalkorStore  # noqa: E402

#: The projection ``skg analyze`` loads (names only, no relationship properties).
PROJECTION = analytics.Projection(node_fields=("name",), rel_fields=())


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def measure(store: FalkorStore, runs: int) -> dict[str, Any]:
    loads: list[float] = []
    steps: dict[str, list[float]] = {}
    totals: list[float] = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        g = analytics.load_graph(store, PROJECTION)
        loads.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = analytics.run(store, PROJECTION, write=True)
        totals.append(time.perf_counter() - t)
        for step, seconds in result.timings.items():
            steps.setdefault(step, []).append(seconds)
        del g
    assert result is not None
    return {
        "nodes": result.graph.number_of_nodes(),
        "relationships": result.graph.number_of_edges(),
        "units_in_communities": len(result.community),
        "communities": len(result.communities),
        "betweenness_samples": result.betweenness_samples,
        "load_only_s": _median(loads),
        "analyze_s": _median(totals),
        "steps_s": {k: _median(v) for k, v in steps.items()},
        "runs": runs,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, help="an embedded store already holding an ingested corpus")
    ap.add_argument("--graph", default="supervision")
    ap.add_argument("--count", type=int, default=2000, help="without --data-dir: notices to generate and ingest")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    info: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine()}
    if args.data_dir:
        store = FalkorStore.embedded(args.data_dir, args.graph)
        numbers = measure(store, args.runs)
        store.close()
    else:
        import generate_corpus

        from ingest.pipeline import ingest_paths

        with tempfile.TemporaryDirectory() as tmp:
            corpus, data = Path(tmp) / "corpus", Path(tmp) / "db"
            generate_corpus.generate(args.count, corpus, args.seed)
            ensure_server(data)
            try:
                store = FalkorStore.embedded(data, args.graph)
                report = ingest_paths(store, [corpus])
                info["ingested"] = len(report.by_status("ingested"))
                numbers = measure(store, args.runs)
                store.close()
            finally:
                stop_server(data)
    numbers.update(info)
    print(json.dumps(numbers, ensure_ascii=False, indent=1))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "analyze.json").write_text(json.dumps(numbers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Latency of the named analyses (cypher/) on a 10,000-notice graph in the embedded FalkorDB.

    python bench/bench_analyses.py [--count 10000] [--seed 7] [--runs 20] [--json PATH]
    python bench/bench_analyses.py --data-dir DIR [--graph NAME]   # an already ingested store

1. Generates ``--count`` synthetic notices (bench/generate_corpus.py) into a temporary folder and ingests
   them with ``ingest.pipeline.ingest_paths`` into a fresh graph of a private embedded FalkorDB (started with
   ``graph.server.ensure_server`` and always stopped at the end). With ``--data-dir`` it skips both and
   measures the graph already there (the server is started if needed and left as it was found).
2. Picks realistic parameters from the graph itself: a unit inspected two or three times with the most
   problems, its first inspection, the most common problem category, two units inspected by one group, a name fragment.
3. Runs each analysis ``--runs`` times (after one warm-up run) through the store's read path, exactly as
   ``skg query`` does, and reports the median and p90 wall-clock latency, against a baseline measured in the
   same process: ``MATCH (n:Organization) RETURN count(n)``. The target is a median under 1 s for each.
Prints a table; ``--json`` also writes the numbers (default bench/out/analyses.json, git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
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

import generate_corpus  # noqa: E402

from cypher import get_query  # noqa: E402
from graph.server import ensure_server, stop_server  # noqa: E402
from graph.store.base import QueryTimeout  # noqa: E402
from graph.store.falkor import FalkorStore  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402

BASELINE = "MATCH (n:Organization) RETURN count(n)"
TARGET_MS = 1000.0


def pick_parameters(store: FalkorStore) -> dict[str, dict[str, Any]]:
    """Parameters an investigator would use, read from the graph so the benchmark runs on any corpus."""

    def one(query: str, params: dict[str, Any] | None = None) -> list[Any]:
        rows = store.read(query, params).rows
        if not rows:
            raise SystemExit(f"the graph has nothing for: {query}")
        return rows[0]

    # a unit inspected two or three times (an inspection and its 回头看 or next round), with the most problems
    unit_id, unit_name = one(
        "MATCH (u:Organization)<-[:TARGETED]-(i:Inspection) WITH u, count(i) AS n WHERE n >= 2 AND n <= 3 "
        "MATCH (u)<-[:IN]-(p:Problem) WITH u, count(p) AS problems "
        "RETURN u.id, u.name ORDER BY problems DESC, u.name LIMIT 1"
    )
    (inspection,) = one(
        "MATCH (i:Inspection)-[:TARGETED]->(:Organization {id: $id}) RETURN i.id ORDER BY i.start, i.id LIMIT 1",
        {"id": unit_id},
    )
    (category,) = one(
        "MATCH (c:ProblemCategory)<-[:OF_CATEGORY]-(p:Problem) WITH c, count(p) AS n RETURN c.name ORDER BY n DESC, c.name LIMIT 1"
    )
    a, b = one(
        "MATCH (a:Organization)<-[:TARGETED]-(:Inspection)<-[:CONDUCTED]-(g:Organization)-[:CONDUCTED]->"
        "(:Inspection)-[:TARGETED]->(b:Organization) WHERE a.id < b.id RETURN a.id, b.id ORDER BY a.id, b.id LIMIT 1"
    )
    fragment = unit_name[:2]
    return {
        "recurring_categories": {},
        "unit_recurring": {"unit": unit_name},
        "category_units": {"category": category},
        "accountability_chain": {"unit": unit_name},
        "accountability_chain (one inspection)": {"inspection": inspection},
        "accountability_paths": {"unit": unit_name},
        "accountability_paths (one inspection)": {"inspection": inspection},
        "cross_unit_links": {"unit": unit_name},
        "strongest_links": {},
        "shortest_path": {"from": a, "to": b},
        "unit_timeline": {"unit": unit_name},
        "entity_search": {"q": fragment},
    }


def timed(store: FalkorStore, query: str, params: dict[str, Any], runs: int) -> tuple[list[float], int]:
    rows = len(store.read(query, params).rows)  # warm-up, and the row count reported
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        store.read(query, params)
        seconds.append(time.perf_counter() - t0)
    return seconds, rows


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def measure(store: FalkorStore, runs: int) -> dict[str, Any]:
    base, _ = timed(store, BASELINE, {}, runs)
    base_ms = statistics.median(base) * 1000
    results = []
    for label, params in pick_parameters(store).items():
        named = get_query(label.split(" ")[0])
        try:
            seconds, rows = timed(store, named.text_for(store.name), named.bind(params), runs)
        except QueryTimeout as exc:  # recorded, so one slow analysis does not lose the rest of a long run
            results.append({"query": label, "params": params, "error": str(exc), "under_1s": False})
            continue
        med = statistics.median(seconds) * 1000
        results.append({
            "query": label, "params": params, "rows": rows, "median_ms": round(med, 2),
            "p90_ms": round(p90(seconds) * 1000, 2), "x_baseline": round(med / base_ms, 1) if base_ms else None,
            "under_1s": med < TARGET_MS,
        })
    return {"baseline": {"query": BASELINE, "median_ms": round(base_ms, 3), "p90_ms": round(p90(base) * 1000, 3)},
            "analyses": results}


def print_table(out: dict[str, Any]) -> None:
    b = out["baseline"]
    print(f"baseline `{b['query']}`: median {b['median_ms']} ms, p90 {b['p90_ms']} ms")
    print(f"| {'query':<40} | {'rows':>5} | {'median ms':>10} | {'p90 ms':>10} | {'× baseline':>10} | < 1 s |")
    print(f"|{'-' * 42}|{'-' * 7}:|{'-' * 11}:|{'-' * 11}:|{'-' * 11}:|:-----:|")
    for r in out["analyses"]:
        if "error" in r:
            print(f"| {r['query']:<40} | {'':>5} | {'timed out':>10} | {'':>10} | {'':>10} | NO |")
            continue
        print(f"| {r['query']:<40} | {r['rows']:>5} | {r['median_ms']:>10} | {r['p90_ms']:>10} | "
              f"{r['x_baseline']:>10} | {'yes' if r['under_1s'] else 'NO'} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="latency of the named analyses on the embedded FalkorDB")
    ap.add_argument("--count", type=int, default=10_000, help="notices to generate (default 10000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query (default 20)")
    ap.add_argument("--data-dir", type=Path, help="measure the graph already in this data directory")
    ap.add_argument("--graph", default="supervision", help="graph name with --data-dir (default supervision)")
    ap.add_argument("--json", nargs="?", const=str(HERE / "out" / "analyses.json"), help="also write the numbers")
    args = ap.parse_args(argv)

    out: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "params": {"count": args.count, "seed": args.seed, "runs": args.runs},
    }
    work = None if args.data_dir else Path(tempfile.mkdtemp(prefix="skg-bench-analyses-"))
    data_dir = args.data_dir or work / "db"  # type: ignore[operator]
    started_here = work is not None
    try:
        ensure_server(data_dir)
        if work is not None:
            t0 = time.perf_counter()
            gen = generate_corpus.generate(args.count, work / "corpus", args.seed)
            print(f"corpus: {gen['count']} notices in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            store = FalkorStore.embedded(data_dir, "bench", default_timeout_ms=300_000)
            t0 = time.perf_counter()
            report = ingest_paths(store, [work / "corpus"])
            out["ingest_seconds"] = round(time.perf_counter() - t0, 1)
            print(f"ingested in {out['ingest_seconds']} s ({len(report.failed)} failed)", file=sys.stderr)
        else:
            store = FalkorStore.embedded(data_dir, args.graph, default_timeout_ms=300_000)
            out["params"]["count"] = None
        out["graph"] = store.counts()
        out.update(measure(store, args.runs))
        store.close()
    finally:
        if started_here:
            stop_server(data_dir)
            shutil.rmtree(work, ignore_errors=True)  # type: ignore[arg-type]
    print_table(out)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["under_1s"] for r in out["analyses"]) else 1


if __name__ == "__main__":
    sys.exit(main())

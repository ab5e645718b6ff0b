#!/usr/bin/env python3
"""Ingest at 1k, 10k and 100k notices on the embedded store: throughput, how it holds up, size, memory, analyses.

    python bench/bench_scale.py [--sizes 1000,10000,100000] [--seed 7] [--workers N] [--runs 5] [--json PATH]

1. Generates the largest corpus once (``bench/generate_corpus.py``; deterministic, so the first 1k notices of
   the 100k corpus are the 1k corpus) and links the first N files into a folder per size.
2. For each size, a fresh data directory with its own embedded FalkorDB server, then
   ``ingest.pipeline.ingest_paths`` on the whole folder (what ``skg ingest`` runs), with a progress hook
   that records when each file is done.  Reported: documents/s and MB/s overall and per tenth of the run (a
   flat profile means the rate does not fall as the graph grows); nodes and relationships; disk (the data
   directory: append-only file and snapshot); peak memory of the ingest (this process and its extraction
   workers, ``ru_maxrss``) and of the server (``VmHWM``).
3. The named analyses on that graph (``bench_analyses.measure``: median and p90 of ``--runs`` runs).

The baseline for the throughput ratio is the 1k run in the same invocation: ``rate_vs_1k`` is each size's
documents/s over the 1k rate.  Writes bench/out/scale.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import bench_analyses  # noqa: E402
import generate_corpus  # noqa: E402

from graph.server import ensure_server, stop_server  # noqa: E402
from graph.store.falkor import FalkorStore  # noqa: E402
from ingest.pipeline import default_workers, ingest_paths  # noqa: E402


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_size(corpus: Path, n: int, work: Path, workers: int | None, runs: int) -> dict[str, Any]:
    folder = work / f"corpus-{n}"
    folder.mkdir()
    files = sorted(corpus.glob("n*.txt"))[:n]
    for f in files:
        os.symlink(f, folder / f.name)
    total_bytes = sum(len(f.read_text(encoding="utf-8").encode()) for f in files)
    data = work / f"data-{n}"
    info = ensure_server(data)
    store = FalkorStore.embedded(data, "supervision", default_timeout_ms=600_000)
    stamps: list[float] = []
    try:
        started = time.perf_counter()
        report = ingest_paths(store, [folder], progress=lambda _res: stamps.append(time.perf_counter()),
                              workers=workers)
        seconds = time.perf_counter() - started
        tenths = []
        step = max(1, len(stamps) // 10)
        prev = started
        for i in range(step - 1, len(stamps), step):
            tenths.append(round(step / max(1e-9, stamps[i] - prev), 1))
            prev = stamps[i]
        counts = store.counts()
        analyses = bench_analyses.measure(store, runs)
        out = {
            "documents": n, "ingested": len(report.by_status("ingested")), "failed": len(report.failed),
            "mb": round(total_bytes / 1e6, 2), "seconds": round(seconds, 1),
            "docs_per_s": round(n / seconds, 1), "mb_per_s": round(total_bytes / 1e6 / seconds, 3),
            "docs_per_s_by_tenth": tenths,
            "nodes": sum(counts["nodes"].values()), "relationships": sum(counts["relationships"].values()),
            "disk_mb": round(_du(data) / 1e6, 1),
            "server_peak_rss_mb": round(_hwm_kb(info.pid) / 1024, 1),
            "analyses": analyses,
        }
    finally:
        store.close()
        stop_server(data)
        shutil.rmtree(folder, ignore_errors=True)
    out["disk_mb_after_stop"] = round(_du(data) / 1e6, 1)
    shutil.rmtree(data, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="extraction workers (default: the ingest's default)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per analysis (default 5)")
    ap.add_argument("--json", type=Path, default=HERE / "out" / "scale.json")
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="skg-scale-"))
    results: list[dict[str, Any]] = []
    try:
        corpus = work / "corpus"
        t = time.perf_counter()
        generate_corpus.main(["--count", str(sizes[-1]), "--out", str(corpus), "--seed", str(args.seed)])
        print(f"generated {sizes[-1]} notices in {time.perf_counter() - t:.0f} s", flush=True)
        for n in sizes:
            res = run_size(corpus, n, work, args.workers, args.runs)
            res["workers"] = default_workers(n) if args.workers is None else args.workers
            results.append(res)
            base = results[0]["docs_per_s"]
            res["rate_vs_first"] = round(res["docs_per_s"] / base, 2)
            timings = res["analyses"].get("analyses", []) if isinstance(res["analyses"], dict) else []
            worst = max((a["median_ms"] for a in timings if "median_ms" in a), default=None)
            print(f"{n:>7} docs: {res['seconds']:>7.1f} s, {res['docs_per_s']:>6.1f} docs/s, {res['mb_per_s']:.3f} MB/s "
                  f"(×{res['rate_vs_first']} of the {sizes[0]} run), {res['nodes']:,} nodes, "
                  f"{res['relationships']:,} relationships, {res['disk_mb']} MB on disk, server peak "
                  f"{res['server_peak_rss_mb']} MB; per tenth {res['docs_per_s_by_tenth']}"
                  + (f"; slowest analysis {worst:.0f} ms" if worst is not None else ""), flush=True)
    finally:
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        shutil.rmtree(work, ignore_errors=True)
    out = {
        "when": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "peak_rss_mb": {"ingest_process": round(peak_self, 1), "largest_child": round(peak_children, 1)},
        "sizes": results,
    }
    print(f"peak memory: this process {peak_self:.0f} MB, largest child process {peak_children:.0f} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

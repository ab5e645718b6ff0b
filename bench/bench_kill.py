#!/usr/bin/env python3
"""SIGKILL ``skg ingest`` at random points, many times: only whole documents, and a re-run completes the set.

    python bench/bench_kill.py [--kills 24] [--count 400] [--seed 11] [--json PATH]

1. Generates ``--count`` notices (``bench/generate_corpus.py``) and ingests them
   once into a reference graph (the clean run).
2. Then, ``--kills`` times: starts ``skg ingest`` on the same corpus into a
   second graph and SIGKILLs it after a random delay (seeded) between 0.2 s and
   the clean run's duration — so kills land while the server starts, while
   workers extract, in the middle of a batch write, during the profile refresh.
   After each kill the graph must hold whole documents only: every document
   there carries exactly the mentions and relationship sources it has in the
   clean graph (or, for an edited file, in a clean ingest of the edited files).
   Between kills the next run is varied in turn: the graph is cleared (a kill
   in a fresh ingest), a quarter of the files are edited (a kill among
   replaces), or the originals come back (replaces back, and unchanged files).
3. Finally an uninterrupted ``skg ingest`` must leave the graph equal to the
   clean one: counts by label and type, and every node id.

Prints one line per kill and a summary; writes the numbers to bench/out/kill.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

from graph.server import ensure_server, stop_server  # noqa: E402
from graph.store.falkor import FalkorStore  # noqa: E402

EXE = shutil.which("skg", path=str(Path(sys.executable).parent)) or "skg"


def per_document(store: FalkorStore) -> dict[str, tuple[int, int]]:
    """Per document: its mentions, and the relationships that name it among their sources (one pass each)."""
    mentions = {row[0]: int(row[1]) for row in store.read(
        "MATCH (d:Document) OPTIONAL MATCH (d)-[m:MENTIONS]->() RETURN d.id, count(m)").rows}
    sources = {row[0]: int(row[1]) for row in store.read(
        "MATCH ()-[r]->() WHERE r.sources IS NOT NULL UNWIND r.sources AS s RETURN s, count(*)").rows}
    return {d: (m, sources.get(d, 0)) for d, m in mentions.items()}


def ids(store: FalkorStore) -> list[str]:
    return [r[0] for r in store.read("MATCH (n) RETURN n.id ORDER BY n.id").rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=24)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--json", type=Path, default=HERE / "out" / "kill.json")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="skg-kill-"))
    data = tmp / "data"
    corpus = tmp / "corpus"
    generate_corpus.main(["--count", str(args.count), "--out", str(corpus), "--seed", str(args.seed)])
    (corpus / "truth.jsonl").unlink(missing_ok=True)
    files = sorted(corpus.glob("*.txt"))
    originals = {f: f.read_text(encoding="utf-8") for f in files}
    env = dict(os.environ, SKG_DATA_DIR=str(data), SKG_GRAPH="killed")
    env.pop("NEO4J_URI", None)
    ensure_server(data)
    kills: list[dict[str, object]] = []
    try:
        clean = FalkorStore.embedded(data, "clean", default_timeout_ms=300_000)
        started = time.perf_counter()
        done = subprocess.run([EXE, "ingest", "-q", str(corpus)], env=dict(env, SKG_GRAPH="clean"),
                              capture_output=True, text=True)
        clean_seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr)
            return 1
        expected = per_document(clean)
        print(f"clean run: {len(expected)} documents in {clean_seconds:.1f} s")
        killed = FalkorStore.embedded(data, "killed", default_timeout_ms=300_000)
        scratch = FalkorStore.embedded(data, "scratch", default_timeout_ms=300_000)
        facts_of_edited: dict[str, tuple[int, int]] = {}
        for k in range(args.kills):
            delay = rng.uniform(0.2, max(0.5, clean_seconds))
            proc = subprocess.Popen([EXE, "ingest", "-q", "--batch-rows", str(rng.choice([150, 1000, 5000])),
                                     str(corpus)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished_first = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            got = per_document(killed)
            half = [d for d, facts in got.items() if facts != expected.get(d, facts_of_edited.get(d))]
            kills.append({"kill": k + 1, "after_s": round(delay, 2), "documents": len(got), "half_written": len(half),
                          "finished_before_kill": finished_first})
            print(f"kill {k + 1:2d} after {delay:5.2f} s: {len(got):4d}/{len(expected)} documents, "
                  f"{len(half)} half-written{' (it had already finished)' if finished_first else ''}")
            if half:
                print("  half-written:", half[:5])
            # vary what the next kill interrupts: a fresh ingest, replaces of edited files, or a return to the originals
            mode = k % 3
            if mode == 0:
                killed.clear()
            elif mode == 1:
                edited = rng.sample(files, len(files) // 4)
                for f in edited:
                    f.write_text(originals[f] + f"\n(第{k + 1}次修订)\n", encoding="utf-8")
                # a document's facts do not depend on the other documents: a clean ingest of the edited files
                # alone says what each new version must carry
                scratch.clear()
                subprocess.run([EXE, "ingest", "-q", *map(str, edited)], env=dict(env, SKG_GRAPH="scratch"),
                               capture_output=True)
                facts_of_edited.update(per_document(scratch))
            else:
                for f in files:
                    if f.read_text(encoding="utf-8") != originals[f]:
                        f.write_text(originals[f], encoding="utf-8")
        for f in files:
            f.write_text(originals[f], encoding="utf-8")
        started = time.perf_counter()
        final = subprocess.run([EXE, "ingest", "-q", str(corpus)], env=env, capture_output=True, text=True)
        rerun_seconds = time.perf_counter() - started
        same = (final.returncode == 0 and per_document(killed) == expected and killed.counts() == clean.counts()
                and ids(killed) == ids(clean))
        summary = {
            "documents": len(expected), "kills": len(kills),
            "kills_mid_run": sum(1 for k in kills if not k["finished_before_kill"]),
            "half_written_total": sum(int(k["half_written"]) for k in kills),
            "final_rerun_seconds": round(rerun_seconds, 1), "final_equals_clean": same,
            "clean_seconds": round(clean_seconds, 1), "per_kill": kills,
        }
        print(f"{summary['kills']} kills ({summary['kills_mid_run']} mid-run), "
              f"{summary['half_written_total']} half-written documents seen, "
              f"final re-run {rerun_seconds:.1f} s, graph equal to the clean run: {same}")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
        clean.close()
        killed.close()
        return 0 if same and summary["half_written_total"] == 0 else 1
    finally:
        stop_server(data)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

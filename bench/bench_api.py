#!/usr/bin/env python3
"""HTTP API under load: entity lookups and neighbourhoods at 32 concurrent connections.

    python bench/bench_api.py [--count 2000] [--seconds 20] [--connections 32] [--workers 1] [--data-dir DIR]

1. Builds a graph: ``--count`` generated notices (bench/generate_corpus.py) ingested by the real pipeline into
   a private embedded FalkorDB (a temporary data directory, or ``--data-dir``, reused when it already holds
   the graph). The server is stopped at the end unless ``--data-dir`` was given.
2. Baseline, in this process: the same reads the two endpoints make (``api.routes_entities``' queries)
   straight through the store, from ``--connections`` threads, for ``--seconds`` each.
3. ``skg serve --workers N --no-access-log`` in its own process, then a client in another process: asyncio
   with ``--connections`` keep-alive HTTP/1.1 connections (a minimal client on asyncio streams, so the
   load generator costs little CPU next to the server), GET ``/entities/{id}`` then
   ``/entities/{id}/neighbors`` for ``--seconds`` each, ids drawn from a fixed list. ``--workers`` defaults
   to 1, as ``skg serve`` does: on two cores a second worker competes with FalkorDB and the client for the
   CPU, for about the same requests/s and twice the p99 (bench/README.md, session 7).
Reports requests/s, p50 and p99 latency, errors, and the ratio API/store; writes bench/out/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

GRAPH = "bench_api"


# --------------------------------------------------------------------------- the load client (own process)


async def _one_connection(host: str, port: int, paths: list[str], stop_at: float, lat: list[float],
                          errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = random.Random(id(lat) ^ len(paths)).randrange(len(paths))
    try:
        while time.perf_counter() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t0)
            if not status_line.startswith(b"HTTP/1.1 200"):
                errors.append(1)
    finally:
        writer.close()


async def _load(base: str, paths: list[str], seconds: float, connections: int) -> dict[str, Any]:
    host, port = base.removeprefix("http://").split(":")
    lat: list[float] = []
    errors: list[int] = []
    # warm-up: every connection once through the list's head
    warm = time.perf_counter() + 1.0
    await asyncio.gather(*(_one_connection(host, int(port), paths, warm, [], []) for _ in range(connections)))
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    await asyncio.gather(*(_one_connection(host, int(port), paths, stop_at, lat, errors) for _ in range(connections)))
    return _summary(lat, time.perf_counter() - t0, len(errors))


def _summary(lat: list[float], elapsed: float, errors: int) -> dict[str, Any]:
    lat = sorted(lat)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return {"requests": len(lat), "seconds": round(elapsed, 2), "rps": round(len(lat) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 2), "p99_ms": round(q[98] * 1000, 2), "errors": errors}


def client_main(args: argparse.Namespace) -> None:
    paths = json.loads(Path(args.paths).read_text())
    print(json.dumps(asyncio.run(_load(args.client, paths, args.seconds, args.connections))))


# --------------------------------------------------------------------------- the baseline (this process)


def baseline(store: Any, work: list[tuple[str, dict[str, Any]]], seconds: float, threads: int) -> dict[str, Any]:
    lat: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def run(k: int) -> None:
        mine: list[float] = []
        i = k * 7919
        while time.perf_counter() < stop_at:
            query, params = work[i % len(work)]
            i += 1
            t = time.perf_counter()
            store.read(query, params)
            mine.append(time.perf_counter() - t)
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    pool = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return _summary(lat, time.perf_counter() - t0, 0)


# --------------------------------------------------------------------------- main


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _build(data_dir: Path, count: int, seed: int) -> Any:
    import generate_corpus

    from graph.server import ensure_server
    from graph.store.falkor import FalkorStore
    from ingest.pipeline import ingest_paths

    ensure_server(data_dir)
    store = FalkorStore.embedded(data_dir, GRAPH)
    have = store.read("MATCH (d:Document) RETURN count(d)").scalar() or 0
    if have < count:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"generating and ingesting {count} notices …", flush=True)
            generate_corpus.generate(count, Path(tmp), seed)
            t = time.perf_counter()
            report = ingest_paths(store, [tmp])
            print(f"  {len(report.results)} files in {time.perf_counter() - t:.1f} s, {len(report.failed)} failed")
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--ids", type=int, default=2000, help="how many entity ids the requests cycle through")
    ap.add_argument("--data-dir", type=Path, help="keep the graph here (and the server running)")
    ap.add_argument("--client", help=argparse.SUPPRESS)
    ap.add_argument("--paths", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        client_main(args)
        return

    from api.routes_entities import DETAIL, FACT_TYPES, FIRST_STEP, detail_params
    from graph.server import stop_server

    own_dir = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="skg-bench-api-")) if own_dir else args.data_dir
    out: dict[str, Any] = {"date": dt.date.today().isoformat(), "python": platform.python_version(),
                           "cpus": os.cpu_count(), "count": args.count, "connections": args.connections,
                           "workers": args.workers, "seconds": args.seconds}
    server = None
    try:
        store = _build(data_dir, args.count, args.seed)
        counts = store.counts()
        out["nodes"] = sum(counts["nodes"].values())
        out["relationships"] = sum(counts["relationships"].values())
        rows = store.read("MATCH (n:Entity) WHERE n:Organization OR n:Person OR n:Inspection RETURN n.id ORDER BY n.id").rows
        ids = [r[0] for r in rows]
        random.Random(args.seed).shuffle(ids)
        ids = ids[: args.ids]
        print(f"graph: {out['nodes']:,} nodes, {out['relationships']:,} relationships; {len(ids)} ids", flush=True)

        work = {"lookup": [(DETAIL, detail_params(i, 200)) for i in ids],
                # a neighbourhood at depth 1 is one read, the entity with its first step (as the route does)
                "neighbors": [(FIRST_STEP.format(type_filter=""),
                               {"id": i, "rels": list(FACT_TYPES), "types": [], "cap": 400}) for i in ids]}

        port = _port()
        exe = shutil.which("skg", path=str(Path(sys.executable).parent)) or "skg"
        env = dict(os.environ, SKG_DATA_DIR=str(data_dir), SKG_GRAPH=GRAPH)
        env.pop("NEO4J_URI", None)
        server = subprocess.Popen([exe, "serve", "--port", str(port), "--workers", str(args.workers),
                                   "--no-access-log"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("skg serve did not come up")
            time.sleep(0.2)

        results: dict[str, Any] = {}
        for name, path_of in (("lookup", lambda i: f"/entities/{i}"), ("neighbors", lambda i: f"/entities/{i}/neighbors")):
            base_res = baseline(store, work[name], args.seconds, args.connections)
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump([path_of(i) for i in ids], f)
            proc = subprocess.run([sys.executable, __file__, "--client", base, "--paths", f.name,
                                   "--seconds", str(args.seconds), "--connections", str(args.connections)],
                                  capture_output=True, text=True, check=True)
            os.unlink(f.name)
            api_res = json.loads(proc.stdout)
            api_res["ratio_to_store"] = round(api_res["rps"] / base_res["rps"], 2) if base_res["rps"] else None
            results[name] = {"api": api_res, "store": base_res}
            print(f"{name:10s} API   {api_res['rps']:8.1f} req/s  p50 {api_res['p50_ms']:6.2f} ms  "
                  f"p99 {api_res['p99_ms']:7.2f} ms  errors {api_res['errors']}", flush=True)
            print(f"{'':10s} store {base_res['rps']:8.1f} req/s  p50 {base_res['p50_ms']:6.2f} ms  "
                  f"p99 {base_res['p99_ms']:7.2f} ms  (API/store {api_res['ratio_to_store']})", flush=True)
        out["results"] = results
        store.close()
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
        if own_dir:
            stop_server(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "api.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(f"written: {HERE / 'out' / 'api.json'}")


if __name__ == "__main__":
    main()

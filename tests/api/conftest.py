"""The API as a program sees it: ``skg serve`` in its own process, spoken to over real HTTP, on a graph of
the bundled sample notices ingested (with their gazetteer) into the session's real embedded FalkorDB."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from graph.store.falkor import FalkorStore
from ingest.extract import gazetteer
from ingest.pipeline import ingest_paths
from tests.conftest import REPO, SAMPLES

WORLD = REPO / "samples" / "world.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    client: httpx.Client
    base_url: str
    store: FalkorStore
    graph: str
    proc: subprocess.Popen


def start_server(data_dir: Path, graph: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """``skg serve`` on a free loopback port, with this worktree's ``skg`` (the venv of the running Python)."""
    port = free_port()
    exe = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"
    e = dict(os.environ, SKG_DATA_DIR=str(data_dir), SKG_GRAPH=graph, SKG_GAZETTEERS=str(WORLD))
    for key in ("NEO4J_URI", "SKG_API_TOKEN", "SKG_CORS_ORIGINS", "SKG_BACKEND"):
        e.pop(key, None)
    e.update(env or {})
    log = open(data_dir / f"serve-{graph}.log", "w")
    proc = subprocess.Popen([exe, "serve", "--port", str(port), "--no-access-log"], env=e,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=base, timeout=5) as probe:
        while True:
            try:
                if probe.get("/health").status_code == 200:
                    return proc, base
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("skg serve did not come up: " + (data_dir / f"serve-{graph}.log").read_text()[-3000:])
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def samples_server(data_dir: Path) -> Iterator[Server]:
    """One read-only server for the session: the samples in a graph of their own."""
    graph = "api_" + secrets.token_hex(4)
    store = FalkorStore.embedded(data_dir, graph)
    assert not ingest_paths(store, [SAMPLES], gazetteer=gazetteer.load([WORLD])).failed
    proc, base = start_server(data_dir, graph)
    client = httpx.Client(base_url=base, timeout=30)
    yield Server(client, base, store, graph, proc)
    client.close()
    stop(proc)
    store.clear()
    store.close()


@pytest.fixture(scope="session")
def api(samples_server: Server) -> httpx.Client:
    return samples_server.client


def graph_checksum(store: FalkorStore) -> dict[str, object]:
    """Counts and a digest of every node, relationship, property, index and constraint of the graph."""
    nodes = store.read("MATCH (n) RETURN labels(n), properties(n)").rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    indexes = store.read("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types").rows
    constraints = store.read("CALL db.constraints() YIELD type, label, properties RETURN type, label, properties").rows

    def digest(rows: list) -> str:
        lines = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    return {"nodes": len(nodes), "relationships": len(rels), "node_digest": digest(nodes),
            "rel_digest": digest(rels), "schema_digest": digest(indexes + constraints)}


def quick_fingerprint(store: FalkorStore) -> list[object]:
    """Cheap, computed by the database: counts of nodes, labels, properties, relationships and indexes, and
    the total length of every node's name (a SET of a name to another value changes it)."""
    nodes = store.read("MATCH (n) RETURN count(n), sum(size(labels(n))), sum(size(keys(n))), "
                       "sum(size(coalesce(toString(n.name), '')))").rows[0]
    rels = store.read("MATCH ()-[r]->() RETURN count(r), sum(size(keys(r)))").rows[0]
    indexes = store.read("CALL db.indexes() YIELD label, properties RETURN count(label), sum(size(properties))").rows[0]
    return [*nodes, *rels, *indexes]


@pytest.fixture()
def checksum() -> Callable[[FalkorStore], dict[str, object]]:
    return graph_checksum

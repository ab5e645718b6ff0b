"""The API as a program sees it: ``skg serve`` in its own process, spoken to over real HTTP."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.store.falkor import FalkorStore
from ingest.pipeline import ingest_paths
from tests.conftest import SAMPLES


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def api(data_dir: Path) -> Iterator[httpx.Client]:
    graph = "api_" + secrets.token_hex(4)
    store = FalkorStore.embedded(data_dir, graph)
    assert not ingest_paths(store, [SAMPLES]).failed
    port = _port()
    exe = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"
    env = dict(os.environ, SKG_DATA_DIR=str(data_dir), SKG_GRAPH=graph)
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen([exe, "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    deadline = time.monotonic() + 30
    while True:
        try:
            if client.get("/health").status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("skg serve did not come up: " + (proc.stdout.read() if proc.stdout else ""))
        time.sleep(0.1)
    yield client
    client.close()
    proc.terminate()
    proc.wait(10)
    store.clear()
    store.close()


def test_health_and_openapi(api: httpx.Client) -> None:
    assert api.get("/health").json() == {"status": "ok", "backend": "falkordb"}
    spec = api.get("/openapi.json").json()
    assert {"/entities", "/entities/{entity_id}", "/cypher"} <= set(spec["paths"])


def test_entity_lookup_with_provenance(api: httpx.Client) -> None:
    found = api.get("/entities", params={"q": "禾丰镇", "type": "Organization"}).json()
    org = next(e for e in found if e["name"] == "禾丰镇党委")
    detail = api.get(f"/entities/{org['id']}").json()
    assert detail["labels"] == ["Organization"]
    assert detail["mentions"], "every entity links back to the text it came from"
    docs = {}
    for m in detail["mentions"]:
        if m["document"] not in docs:
            res = api.post("/cypher", json={"query": "MATCH (d:Document {id: $id}) RETURN d.text",
                                            "params": {"id": m["document"]}})
            docs[m["document"]] = res.json()["rows"][0][0]
        assert docs[m["document"]][m["start"]:m["end"]] == m["quote"]
    neighbours = api.get(f"/entities/{org['id']}/neighbors").json()
    assert neighbours


def test_unknown_entity_is_a_problem_document(api: httpx.Client) -> None:
    res = api.get("/entities/org-0000000000000000")
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("application/problem+json")


def test_cypher_endpoint_is_read_only_in_the_engine(api: httpx.Client) -> None:
    before = api.get("/stats").json()
    for query in ["CREATE (n:Intruder)", "MATCH (n) DETACH DELETE n", "MATCH (n:Organization) SET n.name = 'x'"]:
        res = api.post("/cypher", json={"query": query})
        assert res.status_code == 403, res.text
        assert res.headers["content-type"].startswith("application/problem+json")
        assert "refused by the database" in res.json()["detail"]
    assert api.get("/stats").json() == before
    bad = api.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert bad.status_code == 400 and "syntax" in bad.json()["detail"].lower()

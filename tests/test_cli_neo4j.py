"""``skg --backend neo4j``: the CLI through the official Neo4j driver.

Over Bolt against FalkorDB's experimental Bolt endpoint (always), and against a
real Neo4j 5 when ``NEO4J_URI`` is set.  FalkorDB's Bolt endpoint crashes on any
request message over about 4 KB, so the graph it serves is loaded through the
unix socket and the CLI reads it over Bolt; a real Neo4j takes the whole ingest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from graph.store.falkor import FalkorStore
from ingest.pipeline import ingest_paths
from tests.conftest import SAMPLES


@pytest.fixture()
def bolt_env(bolt_server: dict[str, object]) -> Iterator[tuple[dict[str, str], FalkorStore]]:
    store = FalkorStore.connect(graph="falkordb", unix_socket_path=str(bolt_server["socket"]),
                                password=str(bolt_server["password"]))
    store.clear()
    report = ingest_paths(store, [SAMPLES])
    assert not report.failed
    env = {
        "NEO4J_URI": str(bolt_server["uri"]),
        "NEO4J_USER": "falkordb",
        "NEO4J_PASSWORD": str(bolt_server["password"]),
        "SKG_NEO4J_ACQUISITION_TIMEOUT": "3",
    }
    yield env, store
    store.clear()
    store.close()


def _json(res):
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_reads_through_the_neo4j_driver(run_cli, bolt_env) -> None:
    env, store = bolt_env
    stats = _json(run_cli("stats", "-f", "json", env=env))
    assert stats == store.counts()
    via_bolt = _json(run_cli("query", "inspections_of_unit", "-p", "unit=禾丰镇", "-f", "json", env=env))
    assert sorted(r["mode"] for r in via_bolt if r["unit"] == "禾丰镇党委") == ["回头看", "常规"]
    rows = _json(run_cli("cypher", "MATCH (p:Person)-[h:HOLDS_POST]->(o:Organization) "
                         "RETURN p.name AS name, h.title AS title, o.name AS org ORDER BY name LIMIT 5",
                         "-f", "json", env=env))
    direct = store.read("MATCH (p:Person)-[h:HOLDS_POST]->(o:Organization) "
                        "RETURN p.name AS name, h.title AS title, o.name AS org ORDER BY name LIMIT 5").records()
    assert rows == direct and rows
    # --backend neo4j chooses the driver even where NEO4J_URI alone would
    same = _json(run_cli("stats", "-f", "json", "--backend", "neo4j", env=env))
    assert same == stats


def test_neo4j_backend_without_uri_says_what_is_missing(run_cli) -> None:
    res = run_cli("stats", "--backend", "neo4j")
    assert res.returncode == 2 and "NEO4J_URI" in res.stderr


@pytest.mark.neo4j
def test_whole_cycle_on_real_neo4j(run_cli) -> None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("real Neo4j not configured: set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to run this")
    env = {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}
    run_cli("cypher", "--write", "MATCH (n) DETACH DELETE n", env=env)
    res = run_cli("ingest", "-q", str(SAMPLES), env=env)
    assert res.returncode == 0, res.stderr
    first = _json(run_cli("stats", "-f", "json", env=env))
    assert first["nodes"]["Document"] == 23
    assert "23 unchanged" in run_cli("ingest", "-q", str(SAMPLES), env=env).stdout
    assert _json(run_cli("stats", "-f", "json", env=env)) == first
    refused = run_cli("cypher", "CREATE (n)", env=env)
    assert refused.returncode == 2 and "refused by the database" in refused.stderr
    run_cli("cypher", "--write", "MATCH (n) DETACH DELETE n", env=env)

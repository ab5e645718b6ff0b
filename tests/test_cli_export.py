"""``skg analyze`` and ``skg export`` as a user runs them: real subprocesses, the real embedded FalkorDB,
and ``--backend neo4j`` through the official driver over FalkorDB's Bolt endpoint."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from graph import analytics
from graph.store.falkor import FalkorStore
from ingest.pipeline import ingest_paths
from tests.conftest import SAMPLES

WORLD = SAMPLES.parent / "world.json"


@pytest.fixture()
def cli(run_cli):
    graph = "exp_" + secrets.token_hex(5)

    def run(*args: str, **kw):
        kw.setdefault("graph", graph)
        return run_cli(*args, **kw)

    res = run("ingest", "-q", "--gazetteer", str(WORLD), str(SAMPLES))
    assert res.returncode == 0, res.stdout + res.stderr
    yield run
    run_cli("cypher", "--write", "MATCH (n) DETACH DELETE n", graph=graph)


def test_analyze_prints_rankings_communities_and_time(cli) -> None:
    res = cli("analyze")
    assert res.returncode == 0, res.stderr
    assert "青禾县委" in res.stdout and "communities of units" in res.stdout and "time:" in res.stdout
    dry = cli("analyze", "--no-write", "-f", "json")
    assert dry.returncode == 0, dry.stderr
    summary = json.loads(dry.stdout)
    assert summary["nodes"] > 300 and set(summary["timings"]) == {"load", "pagerank", "betweenness", "communities"}
    rows = json.loads(cli("cypher", "MATCH (o:Organization) WHERE o.betweenness > 0 RETURN count(o) AS n",
                          "-f", "json").stdout)
    assert rows[0]["n"] > 5


def test_export_formats_to_stdout_and_files(cli, tmp_path: Path) -> None:
    turtle = cli("export", "--format", "turtle")
    assert turtle.returncode == 0, turtle.stderr
    g = Graph().parse(data=turtle.stdout, format="turtle")
    target = tmp_path / "graph.jsonld"
    res = cli("export", "-f", "jsonld", "-o", str(target))
    assert res.returncode == 0, res.stderr
    assert len(Graph().parse(target, format="json-ld")) == len(g) > 10_000
    gexf = tmp_path / "graph.gexf"
    assert cli("export", "-f", "gexf", "-o", str(gexf)).returncode == 0
    graphml = cli("export", "-f", "graphml")
    assert graphml.returncode == 0
    (tmp_path / "g.graphml").write_text(graphml.stdout, encoding="utf-8")
    a, b = nx.read_gexf(gexf), nx.read_graphml(tmp_path / "g.graphml")
    assert (a.number_of_nodes(), a.number_of_edges()) == (b.number_of_nodes(), b.number_of_edges())
    bad = cli("export", "-f", "pdf")
    assert bad.returncode == 2 and "turtle, jsonld, gexf, graphml" in bad.stderr


def test_analyze_reads_through_the_neo4j_driver(run_cli, bolt_server) -> None:
    """The loader's Cypher runs on the Neo4j adapter too (read only: FalkorDB's Bolt endpoint
    cannot take the write batches, so --no-write) and finds the same projection and communities."""
    store = FalkorStore.connect(graph="falkordb", unix_socket_path=str(bolt_server["socket"]),
                                password=str(bolt_server["password"]))
    store.clear()
    try:
        assert not ingest_paths(store, [SAMPLES]).failed
        env = {"NEO4J_URI": str(bolt_server["uri"]), "NEO4J_USER": "falkordb",
               "NEO4J_PASSWORD": str(bolt_server["password"]), "SKG_NEO4J_ACQUISITION_TIMEOUT": "3"}
        res = run_cli("analyze", "--backend", "neo4j", "--no-write", "-f", "json", env=env)
        assert res.returncode == 0, res.stderr
        summary = json.loads(res.stdout)
        direct = analytics.run(store, analytics.Projection(node_fields=("name",), rel_fields=()), write=False)
        assert (summary["nodes"], summary["relationships"]) == (
            direct.graph.number_of_nodes(), direct.graph.number_of_edges())
        assert [sorted(c["members"]) for c in summary["communities"]] == [
            sorted(direct.name(u) for u in c.units) for c in direct.communities]
    finally:
        store.clear()
        store.close()

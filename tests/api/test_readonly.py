"""POST /cypher cannot change the graph: every write is refused by the database itself (the store's read
path is GRAPH.RO_QUERY), so nothing here depends on recognising a write in the text."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Server, graph_checksum, quick_fingerprint
from tests.api.test_http import is_problem

LONG_PREFIX = "MATCH (n:Organization) WHERE " + " OR ".join(f"n.name = 'name{i}'" for i in range(6000))

#: (query, params, why it is here); each must be refused with the graph unchanged.
ATTEMPTS: list[tuple[str, dict, str]] = [
    ("CREATE (n:Intruder)", {}, "create"),
    ("CREATE (n:Intruder {name: $name}) RETURN n", {"name": "青禾县委"}, "create with a parameter"),
    ("MERGE (n:Organization {id: 'org-intruder'})", {}, "merge a new node"),
    ("MATCH (a:Organization), (b:Person) WITH a, b LIMIT 1 MERGE (a)-[:OWNS]->(b)", {}, "merge a relationship"),
    ("MATCH (n:Organization) SET n.name = 'x'", {}, "set a property"),
    ("MATCH (n:Organization) SET n += {name: 'x'}", {}, "set a map"),
    ("MATCH (n:Person) SET n:Hacked", {}, "add a label"),
    ("MATCH (n:Person) REMOVE n.name", {}, "remove a property"),
    ("MATCH (n:Person) REMOVE n:Person", {}, "remove a label"),
    ("MATCH (n:Figure) DELETE n", {}, "delete nodes"),
    ("MATCH ()-[r:MENTIONS]->() DELETE r", {}, "delete relationships"),
    ("MATCH (n) DETACH DELETE n", {}, "detach delete everything"),
    ("MATCH (n:Organization) WITH collect(n) AS ns FOREACH (x IN ns | CREATE (:Intruder))", {}, "FOREACH"),
    ("FOREACH (i IN range(1, 3) | MERGE (:Intruder {i: i}))", {}, "FOREACH with merge"),
    ("UNWIND range(1, 10) AS i CREATE (:Intruder {i: i})", {}, "UNWIND ... CREATE"),
    ("CALL { CREATE (n:Intruder) RETURN n } RETURN n", {}, "write in a CALL {} subquery"),
    ("MATCH (n:Organization) CALL { WITH n SET n.x = 1 } RETURN count(*)", {}, "SET in a correlated subquery"),
    ("CALL db.idx.fulltext.createNodeIndex('Organization', 'name')", {}, "write procedure: full-text index"),
    ("CALL db.idx.fulltext.drop('Organization')", {}, "write procedure: drop full-text index"),
    ("CREATE INDEX FOR (n:Intruder) ON (n.name)", {}, "create an index"),
    ("DROP INDEX ON :Organization(name)", {}, "drop an index"),
    ("CREATE CONSTRAINT ON (n:Organization) ASSERT n.name IS UNIQUE", {}, "create a constraint"),
    ("MATCH (n:Organization) RETURN n; CREATE (:Intruder)", {}, "a second statement after ;"),
    ("CREATE (:Intruder); MATCH (n) RETURN n", {}, "a write first, then a read"),
    ("/* only a read */ CREATE (:Intruder)", {}, "block comment hiding a write"),
    ("// just looking\nCREATE (:Intruder)", {}, "line comment, write on the next line"),
    ("MATCH (n) WITH n LIMIT 1 /* x */ CREATE (:Intruder)", {}, "write after a comment mid-query"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Intruder {line: row[0]})", {}, "LOAD CSV into the graph"),
    ("PROFILE CREATE (:Intruder)", {}, "PROFILE runs the query"),
    ("EXPLAIN MATCH (n) DETACH DELETE n", {}, "EXPLAIN of a write"),
    ("CYPHER x=1 CREATE (:Intruder {v: $x})", {}, "parameters in a CYPHER prefix"),
    ("GRAPH.DELETE supervision", {}, "a redis command as a query"),
    ("RETURN 1\nGRAPH.QUERY supervision \"CREATE (:Intruder)\"", {}, "a redis command on a second line"),
    ("ＣＲＥＡＴＥ (:Intruder)", {}, "full-width letters"),
    ("CRE\u200bATE (:Intruder)", {}, "a zero-width space inside the keyword"),
    ("MATCH (n) RETURN n \u037e CREATE (:Intruder)", {}, "a Greek question mark that looks like ;"),
    ("CREATE (:`Intruder\u0000`)", {}, "a NUL in a label"),
    ("CREATE (:入侵者 {名字: '青禾县委'})", {}, "Chinese label and property"),
    (LONG_PREFIX + " CREATE (:Intruder)", {}, "a very long query ending in a write"),
]


@pytest.fixture(scope="module")
def before(samples_server: Server) -> dict:
    """The full digest (every node, relationship, property, index) before the first attempt."""
    return graph_checksum(samples_server.store)


@pytest.fixture(scope="module")
def quick(samples_server: Server) -> list:
    return quick_fingerprint(samples_server.store)


@pytest.mark.parametrize("query,params,why", ATTEMPTS, ids=[a[2] for a in ATTEMPTS])
def test_write_attempt_is_refused(samples_server: Server, api: httpx.Client, before: dict, quick: list, query: str,
                                  params: dict, why: str) -> None:
    res = api.post("/cypher", json={"query": query, "params": params})
    assert res.status_code in (400, 403), f"{why}: {res.status_code} {res.text[:300]}"
    body = is_problem(res, res.status_code)
    if res.status_code == 403:
        assert "refused by the database" in body["detail"]
    assert quick_fingerprint(samples_server.store) == quick, f"{why}: the graph changed"


def test_plain_writes_are_refused_by_the_engine_not_a_parser(api: httpx.Client) -> None:
    """Writes the engine can parse come back 403 'refused by the database' (its read-only error), and the
    same text is accepted as a read when it only reads: no keyword list decides."""
    for query in ["CREATE (n:Intruder)", "MATCH (n) DETACH DELETE n", "CALL db.idx.fulltext.drop('Organization')",
                  "CREATE INDEX FOR (n:Intruder) ON (n.name)", "/* x */ CREATE (:Intruder)"]:
        assert api.post("/cypher", json={"query": query}).status_code == 403
    ok = api.post("/cypher", json={"query": "MATCH (n:Organization) WHERE n.name CONTAINS 'CREATE' OR "
                                            "n.name = 'DELETE' RETURN count(n) AS set, 'MERGE' AS remove"})
    assert ok.status_code == 200 and ok.json()["columns"] == ["set", "remove"]


def test_graph_unchanged_after_all_attempts(samples_server: Server, before: dict) -> None:
    """The full digest after every attempt above equals the one taken before the first."""
    assert graph_checksum(samples_server.store) == before
    assert before["nodes"] > 500 and before["relationships"] > 1000


def test_the_async_read_path_is_read_only_too(samples_server: Server, data_dir) -> None:
    """The entity routes read through FalkorDB's asyncio client (``aread``): same rows as ``read``, writes
    refused by the database, errors mapped the same way."""
    import asyncio

    from graph.store import QueryError, ReadOnlyError
    from graph.store.falkor import FalkorStore

    store = FalkorStore.embedded(data_dir, samples_server.graph)
    query = "MATCH (n:Organization) RETURN n.id, n.name ORDER BY n.id LIMIT 5"
    before = quick_fingerprint(store)

    async def reads() -> None:
        assert (await store.aread(query)).rows == store.read(query).rows
        for attempt, params, _ in ATTEMPTS[:4]:
            with pytest.raises(ReadOnlyError):
                await store.aread(attempt, params)
        with pytest.raises(QueryError, match="syntax"):
            await store.aread("MATCH (n RETURN n")
        await store.aclose()

    asyncio.run(reads())
    asyncio.run(reads())  # a second event loop gets a client of its own
    assert quick_fingerprint(samples_server.store) == before

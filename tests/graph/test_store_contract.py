"""The same contract, run against every engine the project speaks to.

- ``falkordb``: the embedded FalkorDB through its own client;
- ``neo4j-bolt``: the Neo4j adapter (official driver) over Bolt against FalkorDB's Bolt endpoint;
- ``neo4j``: the Neo4j adapter against a real Neo4j 5, when NEO4J_URI is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.model import DocumentGraph, Entity, Relation, Span, make_id
from graph.store import GraphStore, QueryError, ReadOnlyError
from graph.store.neo4j_store import Neo4jStore
from graph.writer import GraphWriter

BOLT_LIMITS = "FalkorDB's experimental Bolt endpoint ignores the READ access mode and does not roll back"


@pytest.fixture(scope="session")
def bolt_store(bolt_server: dict[str, object]) -> Iterator[Neo4jStore]:
    """One driver for the session: FalkorDB's Bolt listener drops a new driver's first
    handshake, so a short acquisition timeout lets the driver retry at once."""
    s = Neo4jStore(str(bolt_server["uri"]), ("falkordb", str(bolt_server["password"])),
                   connection_acquisition_timeout=3)
    yield s
    s.close()


@pytest.fixture(params=["falkordb", "neo4j-bolt", "neo4j"])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    kind = request.param
    if kind == "falkordb":
        s: GraphStore = request.getfixturevalue("falkor")
    elif kind == "neo4j-bolt":
        s = request.getfixturevalue("bolt_store")
    else:
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            pytest.skip("real Neo4j not configured: set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to run these")
        s = Neo4jStore(uri, (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")))
    s.clear()
    s.engine_kind = kind  # type: ignore[attr-defined]
    yield s
    if kind == "neo4j":
        s.clear()
        s.close()
    elif kind == "neo4j-bolt":
        s.clear()


def _doc(text: str, source: str = "mem://a.txt") -> DocumentGraph:
    doc = DocumentGraph(id=DocumentGraph.document_id(text), source=source, text=text, title="测试通报")
    start = text.index("杞县县委")
    org = Entity("Organization", make_id("Organization", "杞县县委"), "杞县县委", {"kind": "party_committee", "aliases": ["县委"]},
                 [Span(start, start + 4, "杞县县委")])
    p = text.index("李明哲")
    person = Entity("Person", make_id("Person", "李明哲", "杞县"), "李明哲", {}, [Span(p, p + 3, "李明哲")])
    doc.entities = [org, person]
    doc.relations = [
        Relation("HOLDS_POST", person.id, "Person", org.id, "Organization", {"title": "县委书记"}, [Span(0, len(text), text)])
    ]
    return doc


def test_write_then_read_with_parameters(store: GraphStore) -> None:
    store.write("CREATE (:Organization {id: $id, name: $name, since: '2016-07-19'})", {"id": "o1", "name": "杞县县委"})
    res = store.read("MATCH (n:Organization {id: $id}) RETURN n.name AS name, n.since AS since, n", {"id": "o1"})
    assert res.columns == ["name", "since", "n"]
    assert res.rows[0][0] == "杞县县委"
    assert res.rows[0][1] == "2016-07-19"
    node = res.rows[0][2]
    assert node["kind"] == "node" and node["labels"] == ["Organization"] and node["properties"]["name"] == "杞县县委"


def test_schema_is_idempotent_and_counts(store: GraphStore) -> None:
    store.apply_schema()
    store.apply_schema()
    store.write("UNWIND range(1, 3) AS i CREATE (:Person {id: 'p' + toString(i)})")
    store.write("MATCH (a:Person {id: 'p1'}), (b:Person {id: 'p2'}) CREATE (a)-[:KNOWS]->(b)")
    counts = store.counts()
    assert counts["nodes"] == {"Person": 3}
    assert counts["relationships"] == {"KNOWS": 1}


def test_read_path_refuses_writes(store: GraphStore, request: pytest.FixtureRequest) -> None:
    if store.engine_kind == "neo4j-bolt":  # type: ignore[attr-defined]
        pytest.xfail(BOLT_LIMITS)
    with pytest.raises(ReadOnlyError):
        store.read("CREATE (n:Intruder) RETURN n")
    assert store.read("MATCH (n:Intruder) RETURN count(n)").scalar() == 0


def test_syntax_error_is_reported(store: GraphStore) -> None:
    with pytest.raises(QueryError) as info:
        store.read("MATCH (n RETURN n")
    assert str(info.value)


def test_writer_is_idempotent_and_keeps_provenance(store: GraphStore) -> None:
    store.apply_schema()
    doc = _doc("县委书记李明哲同志主持召开杞县县委常委会。")
    for _ in range(2):
        writer = GraphWriter(store)
        writer.add(doc, replaces=[doc.id] if _ else [])
        writer.flush()
    counts = store.counts()
    assert counts["nodes"] == {"Document": 1, "Organization": 1, "Person": 1}
    assert counts["relationships"] == {"HOLDS_POST": 1, "MENTIONS": 2}
    row = store.read(
        "MATCH (p:Person)-[h:HOLDS_POST]->(o:Organization) RETURN p.name, h.title, o.name, h.sources, h.evidence"
    ).rows[0]
    assert row[:3] == ["李明哲", "县委书记", "杞县县委"]
    assert row[3] == [doc.id]
    assert row[4] == [f"{doc.id}@0-{len(doc.text)}"]
    quote = store.read("MATCH (:Document)-[m:MENTIONS]->(p:Person) RETURN m.quote, m.start").rows[0]
    assert quote == ["李明哲", doc.text.index("李明哲")]


def test_writer_replaces_a_changed_document(store: GraphStore) -> None:
    store.apply_schema()
    old = _doc("县委书记李明哲同志主持召开杞县县委常委会。")
    writer = GraphWriter(store)
    writer.add(old)
    writer.flush()
    new_text = "杞县县委召开会议,研究巡察整改。"
    new = DocumentGraph(id=DocumentGraph.document_id(new_text), source=old.source, text=new_text)
    new.entities = [e for e in _doc(old.text).entities if e.label == "Organization"]
    new.entities[0].mentions = [Span(0, 4, "杞县县委")]
    writer.add(new, replaces=[old.id])
    writer.flush()
    counts = store.counts()
    assert counts["nodes"] == {"Document": 1, "Organization": 1}
    assert counts["relationships"] == {"MENTIONS": 1}
    assert store.read("MATCH (d:Document) RETURN d.id").scalar() == new.id


def _graph_facts(store: GraphStore) -> tuple[object, list[list[object]], list[list[object]]]:
    nodes = store.read("MATCH (n) RETURN n.id, labels(n), n.aliases ORDER BY n.id").rows
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.title, r.sources, r.evidence, r.start "
        "ORDER BY a.id, type(r), b.id, r.start"
    ).rows
    return store.counts(), nodes, rels


def _three_docs() -> list[DocumentGraph]:
    texts = ["县委书记李明哲同志主持召开杞县县委常委会。", "李明哲在杞县县委讲话,县委书记李明哲强调整改。",
             "杞县县委书记李明哲主持会议研究巡察整改。"]
    return [_doc(t, source=f"mem://{i}.txt") for i, t in enumerate(texts)]


def test_writer_creates_new_and_merges_known_entities_like_merge_alone(store: GraphStore) -> None:
    """Nodes and relationships the writer reads are new are created, the rest merged: the graph is the one
    merging everything gives, whether the documents come in one batch, one per batch, or in the background."""
    store.apply_schema()
    facts = []
    for batch_rows, background in ((100_000, False), (1, False), (1, True)):
        store.clear()
        store.apply_schema()
        with GraphWriter(store, batch_rows=batch_rows, background=background) as writer:
            for doc in _three_docs():
                writer.add(doc)
            writer.flush()
        facts.append(_graph_facts(store))
    assert facts[0] == facts[1] == facts[2]
    counts, _nodes, rels = facts[0]
    assert counts["relationships"]["HOLDS_POST"] == 1
    holds = [r for r in rels if r[1] == "HOLDS_POST"][0]
    assert sorted(holds[4]) == sorted(d.id for d in _three_docs())
    assert len(holds[5]) == 3


def test_background_writer_raises_a_failed_write_and_keeps_order(store: GraphStore) -> None:
    store.apply_schema()
    docs = _three_docs()
    bad = _doc("县委书记李明哲主持杞县县委会议。", source="mem://bad.txt")
    bad.relations[0].props["title"] = {"not": "a property value"}  # a map cannot be stored: the write fails
    writer = GraphWriter(store, batch_rows=1, background=True)
    writer.add(docs[0])
    writer.add(bad)
    with pytest.raises(QueryError):
        writer.add(docs[1])
        writer.flush()
    writer.close()
    ids = {r[0] for r in store.read("MATCH (d:Document) RETURN d.id").rows}
    assert docs[0].id in ids and bad.id not in ids


def _org_doc(text: str, props: dict[str, object], source: str) -> DocumentGraph:
    doc = DocumentGraph(id=DocumentGraph.document_id(text), source=source, text=text)
    start = text.index("杞县县委")
    doc.entities = [Entity("Organization", make_id("Organization", "杞县县委"), "杞县县委", dict(props),
                           [Span(start, start + 4, "杞县县委")])]
    return doc


def test_writer_updates_a_known_node_only_with_what_changed(store: GraphStore) -> None:
    """A node already in the graph takes a later document's changed properties and new aliases; a document
    with nothing new leaves it as it is (the writer skips that write, the result must not show it)."""
    store.apply_schema()
    docs = [
        _org_doc("杞县县委召开会议。", {"kind": "party_committee", "aliases": ["县委"]}, "mem://1.txt"),
        _org_doc("杞县县委研究整改。", {"kind": "party_committee", "aliases": ["县委"]}, "mem://2.txt"),
        _org_doc("杞县县委部署工作。", {"kind": "committee", "level": "county", "aliases": ["中共杞县县委"]}, "mem://3.txt"),
        _org_doc("杞县县委听取汇报。", {"kind": "committee", "aliases": ["县委"]}, "mem://4.txt"),
    ]
    seen = []
    for doc in docs:  # one batch each: every later document meets the node in the graph
        with GraphWriter(store) as writer:
            writer.add(doc)
            writer.flush()
        seen.append(store.read("MATCH (o:Organization) RETURN o.kind, o.level, o.aliases, o.name").rows)
    assert seen[0] == seen[1] == [["party_committee", None, ["县委"], "杞县县委"]]
    assert seen[2] == [["committee", "county", ["县委", "中共杞县县委"], "杞县县委"]]
    assert seen[3] == seen[2]
    assert store.counts()["relationships"] == {"MENTIONS": 4}


def test_writer_stores_property_names_it_cannot_write_inline(store: GraphStore) -> None:
    """Property names outside the model's plain identifiers go through the row's map, created or merged."""
    if getattr(store, "engine_kind", "") == "neo4j-bolt":
        pytest.skip("FalkorDB's Bolt endpoint fails on a map parameter with a key such as 'level-note' "
                    "(UnknownError, even for a bare SET n = $row)")
    store.apply_schema()
    for i, kind in enumerate(("a", "b")):
        doc = _org_doc(f"杞县县委召开第{i}次会议。", {"kind": kind, "level-note": f"县{i}", "aliases": []}, f"mem://{i}.txt")
        with GraphWriter(store) as writer:
            writer.add(doc)
            writer.flush()
        props = store.read("MATCH (o:Organization) RETURN properties(o)").rows[0][0]
        assert props["level-note"] == f"县{i}" and props["kind"] == kind


def test_a_node_shared_by_both_scripts_keeps_its_simplified_name(store: GraphStore) -> None:
    """A traditional notice and a simplified one name the same person and unit: each node is named in
    simplified script whichever notice is written last, and the traditional form is an alias."""
    if getattr(store, "engine_kind", "") == "neo4j-bolt":
        pytest.skip("FalkorDB's Bolt endpoint crashes the server (a bug report in its log) on the write batch of "
                    "a real extracted notice, a query of several KB; the adapter is covered by the smaller cases")
    from ingest.extract import extract
    from tests.ingest._util import clean

    simplified = clean("中共青禾县委关于巡察整改情况的通报\n县委书记韦志强同志主持会议,研究巡察整改。\n")
    traditional = clean("中共青禾縣委關於巡察整改情況的通報\n縣委書記韋志強同志主持會議,研究巡察整改。\n")
    docs = [extract(simplified, "mem://s.txt"), extract(traditional, "mem://t.txt")]
    person = {e.id: e.name for e in docs[1].entities if e.label == "Person"}
    assert list(person.values()) == ["韋志強"]  # the document itself reports in its own script
    assert set(person) == {e.id for e in docs[0].entities if e.label == "Person"}
    for order in (docs, docs[::-1]):
        store.clear()
        store.apply_schema()
        for doc in order:
            writer = GraphWriter(store)
            writer.add(doc)
            writer.flush()
        (name, aliases), = store.read("MATCH (p:Person) RETURN p.name, p.aliases").rows
        assert name == "韦志强" and "韋志強" in aliases
        units = dict(store.read("MATCH (o:Organization) RETURN o.name, o.aliases").rows)
        assert "青禾县委" in units and "青禾縣委" in units["青禾县委"]
        assert not store.read("MATCH (n) WHERE n.simplifiedName IS NOT NULL RETURN n LIMIT 1").rows

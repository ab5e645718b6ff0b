"""The RDF export of the bundled fictional samples: SHACL-valid, round-trips, provenance on every fact.

The samples go in through ``skg ingest --gazetteer samples/world.json`` into a
graph of this module's own; expectations are read back from that graph.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SH, SKOS, XSD

from graph import rdf
from graph.rdf import ELI, ID, SKG
from graph.store.falkor import FalkorStore
from tests.conftest import SAMPLES

WORLD = SAMPLES.parent / "world.json"


@pytest.fixture(scope="module")
def exported(data_dir: Path) -> Iterator[tuple[FalkorStore, Graph]]:
    graph = "rdf_" + secrets.token_hex(5)
    exe = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"
    env = {**os.environ, "SKG_DATA_DIR": str(data_dir), "SKG_GRAPH": graph}
    env.pop("NEO4J_URI", None)
    res = subprocess.run([exe, "ingest", "-q", "--gazetteer", str(WORLD), str(SAMPLES)], check=False,
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    store = FalkorStore.embedded(data_dir, graph)
    yield store, rdf.export_graph(store)
    store.clear()
    store.close()


def _conforms(g: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(g, shacl_graph=rdf.shapes(), inference="none")
    return bool(conforms), str(text)


def test_export_conforms_to_the_shapes(exported) -> None:
    _, g = exported
    turtle = Graph().parse(data=rdf.serialize(g, "turtle"), format="turtle")
    conforms, report = _conforms(turtle)
    assert conforms, report[:3000]


def _copy(g: Graph) -> Graph:
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


def test_broken_exports_do_not_conform(exported) -> None:
    _, g = exported
    broken = _copy(g)
    post = next(g.subjects(RDF.type, ORG.Post))
    broken.remove((post, ORG.postIn, None))
    person = next(g.subjects(RDF.type, FOAF.Person))
    broken.remove((person, PROV.wasDerivedFrom, None))
    quotation = next(g.subjects(RDF.type, SKG.Quotation))
    broken.set((quotation, SKG.start, Literal("twelve")))
    conforms, results, _ = pyshacl.validate(broken, shacl_graph=rdf.shapes(), inference="none")
    assert not conforms
    focus = {(results.value(r, SH.focusNode), results.value(r, SH.resultPath))
             for r in results.subjects(RDF.type, SH.ValidationResult)}
    # exactly the three defects, nothing else
    assert focus == {(post, ORG.postIn), (person, PROV.wasDerivedFrom), (quotation, SKG.start)}


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_round_trip_is_isomorphic(exported, fmt: str, parser: str) -> None:
    _, g = exported
    back = Graph().parse(data=rdf.serialize(g, fmt), format=parser)
    assert len(back) == len(g)
    assert isomorphic(back, g)


def test_two_exports_give_the_same_triples(exported) -> None:
    store, g = exported
    assert set(rdf.export_graph(store)) == set(g)


def test_vocabularies(exported) -> None:
    store, g = exported
    counts = store.counts()["nodes"]
    assert len(set(g.subjects(RDF.type, ORG.Organization))) == counts["Organization"]
    assert len(set(g.subjects(RDF.type, FOAF.Person))) == counts["Person"]
    assert len(set(g.subjects(RDF.type, ELI.LegalResource))) == counts["Regulation"]
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == counts["ProblemCategory"] == 19
    assert all((c, SKOS.inScheme, rdf.CATEGORY_SCHEME) in g for c in concepts)
    assert (rdf.CATEGORY_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    assert len(set(g.subjects(RDF.type, PROV.Entity)) & set(g.subjects(RDF.type, SKG.Document))) == 23

    # organisations within organisations, as the graph has them (江川市委第三巡察组 within 江川市委 …)
    parts = store.read("MATCH (a:Organization)-[:PART_OF]->(b:Organization) RETURN a.id, b.id").rows
    assert len(parts) >= 30
    for a, b in parts:
        assert (ID[a], ORG.subOrganizationOf, ID[b]) in g

    # posts: person org:holds post, post org:postIn unit, the title as the post's label
    posts = store.read(
        "MATCH (p:Person)-[h:HOLDS_POST]->(o:Organization {name: '青禾县委'}) RETURN p.id, o.id, h.title"
    ).rows
    assert posts
    for person, unit, title in posts:
        held = {post for post in g.objects(ID[person], ORG.holds) if (post, ORG.postIn, ID[unit]) in g}
        assert any((post, RDFS.label, Literal(title, lang="zh")) in g for post in held), title
    # an inspection's dates are typed
    start = store.read("MATCH (i:Inspection) WHERE size(i.start) = 10 RETURN i.id, i.start LIMIT 1").rows[0]
    assert (ID[start[0]], SKG.startDate, Literal(start[1], datatype=XSD.date)) in g


def test_sub_organisations() -> None:
    """Organisation PART_OF organisation becomes org:subOrganizationOf, stated with its provenance."""
    text = "青禾县委办公室是青禾县委的工作机关。"
    image = nx.MultiDiGraph()
    image.add_node("doc-1", label="Document", name="测试", source="mem://1", text=text, chars=len(text))
    image.add_node("org-office", label="Organization", name="青禾县委办公室", kind="department")
    image.add_node("org-county", label="Organization", name="青禾县委", kind="party_committee")
    image.add_edge("doc-1", "org-office", type="MENTIONS", start=0, end=7, quote="青禾县委办公室")
    image.add_edge("doc-1", "org-county", type="MENTIONS", start=8, end=12, quote="青禾县委")
    image.add_edge("org-office", "org-county", type="PART_OF", sources=["doc-1"], evidence=["doc-1@0-18"])
    g = rdf.to_rdf(image)
    assert (ID["org-office"], ORG.subOrganizationOf, ID["org-county"]) in g
    statement = next(g.subjects(RDF.predicate, ORG.subOrganizationOf))
    assert set(g.objects(statement, PROV.wasDerivedFrom)) == {ID["doc-1"]}
    quote = g.value(statement, SKG.evidence)
    assert str(g.value(quote, SKG.quote)) == text
    assert _conforms(g)[0]


def _documents(g: Graph, fact: URIRef) -> set[str]:
    return {str(d).removeprefix(str(ID)) for d in g.objects(fact, PROV.wasDerivedFrom)}


def test_entities_derive_from_the_documents_that_mention_them(exported) -> None:
    store, g = exported
    rows = store.read(
        "MATCH (d:Document)-[:MENTIONS]->(n) WHERE NOT n:ProblemCategory RETURN n.id, collect(DISTINCT d.id)"
    ).rows
    assert len(rows) > 500
    for node, docs in rows:
        assert _documents(g, ID[node]) == set(docs), node
    qinghe = store.read("MATCH (o:Organization {name: '青禾县委'}) RETURN o.id").scalar()
    assert len(_documents(g, ID[qinghe])) >= 3  # s01, s02, s04 at least


def test_every_relationship_is_a_fact_with_its_sources_and_quotes(exported) -> None:
    store, g = exported
    texts = dict(store.read("MATCH (d:Document) RETURN d.id, d.text").rows)
    statements = set(g.subjects(RDF.type, RDF.Statement))
    rels = store.read(
        "MATCH (a)-[r:TARGETED|FOUND|IN|OF_CATEGORY|TOOK|CITES]->(b) RETURN a.id, type(r), b.id, r.sources, r.evidence"
    ).rows
    assert rels
    index = {}
    for st in statements:
        index[(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))] = st
    predicates = {"TARGETED": SKG.targeted, "FOUND": SKG.found, "IN": SKG.inUnit, "OF_CATEGORY": SKG.ofCategory,
                  "TOOK": SKG.took, "CITES": SKG.cites}
    for a, rel_type, b, sources, evidence in rels:
        triple = (ID[a], predicates[rel_type], ID[b])
        assert triple in g
        st = index[triple]
        assert _documents(g, st) == set(sources)
        quotes = set(g.objects(st, SKG.evidence))
        assert len(quotes) == len(set(evidence))
        for q in quotes:
            doc = str(g.value(q, PROV.wasQuotedFrom)).removeprefix(str(ID))
            start, end = int(g.value(q, SKG.start)), int(g.value(q, SKG.end))
            assert doc in sources
            assert str(g.value(q, SKG.quote)) == texts[doc][start:end]
    # every post and statement, and every extracted entity, is derived from some document
    derived = set(g.subjects(PROV.wasDerivedFrom, None))
    facts = statements | set(g.subjects(RDF.type, ORG.Post))
    for cls in (ORG.Organization, FOAF.Person, SKG.Inspection, SKG.Problem, SKG.Measure, ELI.LegalResource,
                SKG.Figure, SKG.Place):
        facts |= set(g.subjects(RDF.type, cls))
    assert facts and facts <= derived


def test_mention_quotes_are_the_document_text(exported) -> None:
    store, g = exported
    texts = dict(store.read("MATCH (d:Document) RETURN d.id, d.text").rows)
    quotations = list(g.subjects(RDF.type, SKG.Quotation))
    assert len(quotations) > 500
    for q in quotations:
        doc = str(g.value(q, PROV.wasQuotedFrom)).removeprefix(str(ID))
        start, end = int(g.value(q, SKG.start)), int(g.value(q, SKG.end))
        assert str(g.value(q, SKG.quote)) == texts[doc][start:end]

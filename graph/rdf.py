"""The graph as RDF: W3C ORG, FOAF, SKOS, ELI and PROV-O terms, with provenance on every fact.

Linked-data users (and SHACL validators) should be able to read the graph
without learning our property graph model, so the export maps each label to a
standard vocabulary where one fits (organisations ``org:Organization``, persons
``foaf:Person`` holding ``org:Post``s, regulations ``eli:LegalResource``,
problem categories ``skos:Concept``s in one ``skos:ConceptScheme``, documents
``prov:Entity``) and to the project vocabulary ``skg:`` where none does
(inspections, problems, measures, figures).

Provenance is kept, not summarised: an entity is ``prov:wasDerivedFrom`` every
document that mentions it, and a relationship, which RDF cannot annotate
directly, is also stated as an ``rdf:Statement`` (or, for a post, as the
``org:Post`` itself) derived from its documents.  Each quoted span becomes a
``skg:Quotation`` with its text and offsets, ``prov:wasQuotedFrom`` its
document and linked from the fact by ``skg:evidence``.

IRIs are stable: ``https://supervision-kg.example/id/`` plus the graph's
deterministic id (hashes of the same key for posts and statements), so two
exports of the same graph give the same triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from graph.analytics import MENTIONS, Projection, load_graph
from graph.model import REFERENCE_LABELS
from graph.store.base import GraphStore

BASE = "https://supervision-kg.example/"
SKG = Namespace(BASE + "def/")
ID = Namespace(BASE + "id/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

#: The problem categories' concept scheme.
CATEGORY_SCHEME = ID["categories"]

PREFIXES: dict[str, Any] = {
    "skg": SKG, "id": ID, "org": ORG, "foaf": FOAF, "prov": PROV, "skos": SKOS, "eli": ELI,
    "dcterms": DCTERMS, "rdfs": RDFS, "xsd": XSD,
}

#: The class of each label.
CLASSES: dict[str, URIRef] = {
    "Organization": ORG.Organization,
    "Person": FOAF.Person,
    "Inspection": SKG.Inspection,
    "Problem": SKG.Problem,
    "Measure": SKG.Measure,
    "Regulation": ELI.LegalResource,
    "Figure": SKG.Figure,
    "Place": SKG.Place,
    "ProblemCategory": SKOS.Concept,
    "Document": SKG.Document,
}

#: Node properties: (label or "*" for any, property) → (predicate, kind of literal);
#: both apply where both exist (a person's name is its ``rdfs:label`` and its ``foaf:name``).
#: Kinds: "zh" Chinese text, "str" code or string, "date" ISO date, "int", "num", "bool".
NODE_PROPERTIES: dict[tuple[str, str], tuple[URIRef, str]] = {
    ("*", "name"): (RDFS.label, "zh"),
    ("*", "aliases"): (SKOS.altLabel, "zh"),
    ("*", "pagerank"): (SKG.pagerank, "num"),
    ("*", "betweenness"): (SKG.betweenness, "num"),
    ("*", "community"): (SKG.community, "int"),
    ("Organization", "kind"): (SKG.organizationKind, "str"),
    ("Organization", "level"): (SKG.level, "str"),
    ("Person", "name"): (FOAF.name, "zh"),
    ("Person", "isOfficial"): (SKG.isOfficial, "bool"),
    ("Inspection", "kind"): (SKG.inspectionKind, "zh"),
    ("Inspection", "mode"): (SKG.mode, "zh"),
    ("Inspection", "round"): (SKG.round, "str"),
    ("Inspection", "start"): (SKG.startDate, "date"),
    ("Inspection", "end"): (SKG.endDate, "date"),
    ("Inspection", "feedbackDate"): (SKG.feedbackDate, "date"),
    ("Problem", "headline"): (SKG.headline, "zh"),
    ("Problem", "text"): (SKG.text, "zh"),
    ("Problem", "sectionPath"): (SKG.sectionPath, "str"),
    ("Problem", "level"): (SKG.level, "str"),
    ("Measure", "text"): (SKG.text, "zh"),
    ("Measure", "kind"): (SKG.measureKind, "zh"),
    ("Measure", "sectionPath"): (SKG.sectionPath, "str"),
    ("Regulation", "title"): (DCTERMS.title, "zh"),
    ("Regulation", "kind"): (SKG.regulationKind, "str"),
    ("Figure", "metric"): (SKG.metric, "str"),
    ("Figure", "value"): (SKG.value, "num"),
    ("Figure", "unit"): (SKG.unit, "zh"),
    ("Figure", "approx"): (SKG.approximate, "bool"),
    ("Figure", "text"): (SKG.text, "zh"),
    ("Place", "level"): (SKG.level, "str"),
    ("ProblemCategory", "name"): (SKOS.prefLabel, "zh"),
    ("ProblemCategory", "description"): (SKOS.definition, "zh"),
    ("ProblemCategory", "keywords"): (SKOS.hiddenLabel, "zh"),
    ("Document", "title"): (DCTERMS.title, "zh"),
    ("Document", "source"): (DCTERMS.source, "str"),
    ("Document", "publishedAt"): (DCTERMS.issued, "date"),
    ("Document", "publisher"): (DCTERMS.publisher, "zh"),
    ("Document", "kind"): (SKG.documentKind, "str"),
    ("Document", "chars"): (SKG.chars, "int"),
}

#: Relationships: (source label, type, target label) → (predicate, inverted).  An
#: inverted predicate reads from the target (a regulation ``eli:passed_by`` its issuer).
RELATIONS: dict[tuple[str, str, str], tuple[URIRef, bool]] = {
    ("Organization", "DEPLOYED", "Inspection"): (SKG.deployed, False),
    ("Organization", "CONDUCTED", "Inspection"): (SKG.conducted, False),
    ("Inspection", "TARGETED", "Organization"): (SKG.targeted, False),
    ("Inspection", "FOUND", "Problem"): (SKG.found, False),
    ("Problem", "IN", "Organization"): (SKG.inUnit, False),
    ("Problem", "OF_CATEGORY", "ProblemCategory"): (SKG.ofCategory, False),
    ("Problem", "PART_OF", "Problem"): (DCTERMS.isPartOf, False),
    ("Measure", "ADDRESSES", "Problem"): (SKG.addresses, False),
    ("Organization", "TOOK", "Measure"): (SKG.took, False),
    ("Person", "RESPONSIBLE_FOR", "Inspection"): (SKG.responsibleFor, False),
    ("Person", "RESPONSIBLE_FOR", "Measure"): (SKG.responsibleFor, False),
    ("Measure", "ISSUED", "Regulation"): (SKG.issued, False),
    ("Measure", "CITES", "Regulation"): (SKG.cites, False),
    ("Measure", "REPORTS", "Figure"): (SKG.reports, False),
    ("Organization", "PART_OF", "Organization"): (ORG.subOrganizationOf, False),
    ("Organization", "SUPERVISES", "Organization"): (SKG.supervises, False),
    ("Organization", "LOCATED_IN", "Place"): (SKG.locatedIn, False),
    ("Place", "PART_OF", "Place"): (DCTERMS.isPartOf, False),
    ("Organization", "ISSUED", "Regulation"): (ELI.passed_by, True),
    ("Document", "CITES", "Regulation"): (SKG.cites, False),
    ("Document", "REPORTS", "Figure"): (SKG.reports, False),
    ("Problem", "REPORTS", "Figure"): (SKG.reports, False),
}

#: Relationship properties kept on the statement (or post) that reifies it.
RELATION_PROPERTIES: dict[str, tuple[URIRef, str]] = {
    "role": (SKG.role, "zh"),
    "primary": (SKG.primary, "bool"),
    "title": (RDFS.label, "zh"),
}

_EVIDENCE = re.compile(r"^(?P<doc>[^@]+)@(?P<start>\d+)-(?P<end>\d+)$")


def _hash_id(prefix: str, *key: object) -> URIRef:
    raw = "\x1f".join(str(k) for k in key)
    return ID[f"{prefix}-{hashlib.blake2b(raw.encode('utf-8'), digest_size=8).hexdigest()}"]


def _date(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def _literals(value: Any, kind: str) -> Iterator[Literal]:
    values = value if isinstance(value, list) else [value]
    for v in values:
        if v is None or v == "":
            continue
        if kind == "zh":
            yield Literal(str(v), lang="zh")
        elif kind == "date":
            yield _date(str(v))
        elif kind == "int":
            yield Literal(int(v), datatype=XSD.integer)
        elif kind == "num":
            if isinstance(v, bool):
                continue
            if isinstance(v, int):
                yield Literal(v, datatype=XSD.integer)
            else:
                yield Literal(float(v), datatype=XSD.double)
        elif kind == "bool":
            yield Literal(bool(v), datatype=XSD.boolean)
        else:
            yield Literal(str(v))


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


class _Builder:
    """Turns a networkx image of the store (every label, every relationship) into triples."""

    def __init__(self, source: nx.MultiDiGraph):
        self.src = source
        self.rdf = _graph()
        self.texts = {n: str(a.get("text") or "") for n, a in source.nodes(data=True) if a.get("label") == "Document"}
        self.quoted: set[URIRef] = set()

    def quotation(self, doc: str, start: int, end: int, quote: str | None = None) -> URIRef | None:
        """The node of one quoted span of a document (made once, shared by every fact it supports)."""
        if doc not in self.texts:
            return None
        node = ID[f"{doc}-q{start}-{end}"]
        if node not in self.quoted:
            text = quote if quote is not None else self.texts[doc][start:end]
            self.rdf.add((node, RDF.type, SKG.Quotation))
            self.rdf.add((node, RDF.type, PROV.Entity))
            self.rdf.add((node, SKG.quote, Literal(text, lang="zh")))
            self.rdf.add((node, SKG.start, Literal(start, datatype=XSD.integer)))
            self.rdf.add((node, SKG.end, Literal(end, datatype=XSD.integer)))
            self.rdf.add((node, PROV.wasQuotedFrom, ID[doc]))
            self.quoted.add(node)
        return node

    def nodes(self) -> None:
        self.rdf.add((CATEGORY_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.rdf.add((CATEGORY_SCHEME, SKOS.prefLabel, Literal("巡视巡察问题类别", lang="zh")))
        for node, attrs in sorted(self.src.nodes(data=True)):
            label = str(attrs.get("label"))
            subject = ID[node]
            self.rdf.add((subject, RDF.type, CLASSES[label]))
            if label == "Document":
                self.rdf.add((subject, RDF.type, PROV.Entity))
            if label == "ProblemCategory":
                self.rdf.add((subject, SKOS.inScheme, CATEGORY_SCHEME))
                self.rdf.add((subject, SKOS.topConceptOf, CATEGORY_SCHEME))
                self.rdf.add((CATEGORY_SCHEME, SKOS.hasTopConcept, subject))
            for prop, value in sorted(attrs.items()):
                for key in ((label, prop), ("*", prop)):
                    if key in NODE_PROPERTIES:
                        predicate, kind = NODE_PROPERTIES[key]
                        for literal in _literals(value, kind):
                            self.rdf.add((subject, predicate, literal))

    def mentions(self) -> None:
        """Entities derive from the documents that mention them; each span is a quotation."""
        for doc, node, attrs in self.src.edges(data=True):
            if attrs.get("type") != MENTIONS:
                continue
            if self.src.nodes[node].get("label") in REFERENCE_LABELS:
                continue
            self.rdf.add((ID[node], PROV.wasDerivedFrom, ID[doc]))
            start, end = attrs.get("start"), attrs.get("end")
            if isinstance(start, int) and isinstance(end, int):
                quotation = self.quotation(doc, start, end, attrs.get("quote"))
                if quotation is not None:
                    self.rdf.add((ID[node], SKG.evidence, quotation))

    def provenance(self, fact: URIRef, attrs: dict[str, Any]) -> None:
        for doc in attrs.get("sources") or []:
            if doc in self.texts:
                self.rdf.add((fact, PROV.wasDerivedFrom, ID[doc]))
        for evidence in attrs.get("evidence") or []:
            m = _EVIDENCE.match(str(evidence))
            if m:
                quotation = self.quotation(m["doc"], int(m["start"]), int(m["end"]))
                if quotation is not None:
                    self.rdf.add((fact, SKG.evidence, quotation))

    def relationships(self) -> None:
        for a, b, attrs in self.src.edges(data=True):
            rel_type = attrs.get("type")
            if rel_type == MENTIONS:
                continue
            triple = (self.src.nodes[a].get("label"), rel_type, self.src.nodes[b].get("label"))
            if rel_type == "HOLDS_POST":
                self.post(a, b, attrs)
                continue
            if triple not in RELATIONS:
                continue
            predicate, inverted = RELATIONS[triple]  # type: ignore[index]
            subject, obj = (ID[b], ID[a]) if inverted else (ID[a], ID[b])
            self.rdf.add((subject, predicate, obj))
            key = attrs.get("role") or attrs.get("title") or ""
            statement = _hash_id("fact", a, rel_type, b, key)
            self.rdf.add((statement, RDF.type, RDF.Statement))
            self.rdf.add((statement, RDF.type, PROV.Entity))
            self.rdf.add((statement, RDF.subject, subject))
            self.rdf.add((statement, RDF.predicate, predicate))
            self.rdf.add((statement, RDF.object, obj))
            for prop, (rel_predicate, kind) in RELATION_PROPERTIES.items():
                for literal in _literals(attrs.get(prop), kind):
                    self.rdf.add((statement, rel_predicate, literal))
            self.provenance(statement, attrs)

    def post(self, person: str, organisation: str, attrs: dict[str, Any]) -> None:
        """A post held: ``person org:holds post``, ``post org:postIn organisation``, the title as its label."""
        title = str(attrs.get("title") or "")
        post = _hash_id("post", person, organisation, title)
        self.rdf.add((post, RDF.type, ORG.Post))
        self.rdf.add((post, RDF.type, PROV.Entity))
        self.rdf.add((ID[person], ORG.holds, post))
        self.rdf.add((post, ORG.heldBy, ID[person]))
        self.rdf.add((post, ORG.postIn, ID[organisation]))
        if title:
            self.rdf.add((post, RDFS.label, Literal(title, lang="zh")))
        self.provenance(post, attrs)


def to_rdf(source: nx.MultiDiGraph) -> Graph:
    """The RDF graph of a networkx image loaded with :meth:`Projection.everything`."""
    builder = _Builder(source)
    builder.nodes()
    builder.mentions()
    builder.relationships()
    return builder.rdf


def export_graph(store: GraphStore) -> Graph:
    """Read the whole store (paged, read-only) and return it as RDF."""
    return to_rdf(load_graph(store, Projection.everything()))


#: JSON-LD context: the prefixes, so the document stays readable.
JSONLD_CONTEXT: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def serialize(graph: Graph, fmt: str) -> str:
    """Turtle or JSON-LD text of ``graph``."""
    if fmt == "turtle":
        return graph.serialize(format="turtle")
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1, ensure_ascii=False)
    raise ValueError(f"unknown RDF format {fmt!r}")


def shapes() -> Graph:
    """The SHACL shapes the export is meant to satisfy (``graph/data/shapes.ttl``)."""
    text = resources.files("graph").joinpath("data/shapes.ttl").read_text(encoding="utf-8")
    g = Graph()
    g.parse(data=text, format="turtle")
    return g

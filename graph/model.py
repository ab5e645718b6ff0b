"""The graph model shared by the ingestors, the writer and both stores.

Extractors produce a :class:`DocumentGraph`: the document itself, the entities it
mentions (each with the spans of text that support it) and the relationships
between them (each with its evidence spans).  The writer turns a batch of these
into parameterised Cypher; nothing else in the project builds graph writes.

Ids are deterministic: the same key always gives the same id, so re-ingesting
the same text yields the same graph, and the same organisation named in two
notices meets in one node.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

#: Node labels of the model (DESIGN.md), with the prefix of their ids.
LABEL_PREFIX: dict[str, str] = {
    "Document": "doc",
    "Organization": "org",
    "Person": "per",
    "Inspection": "insp",
    "Problem": "prob",
    "ProblemCategory": "cat",
    "Measure": "meas",
    "Regulation": "reg",
    "Figure": "fig",
    "Place": "place",
}

#: A second label every extracted node carries, so a node can be found by id
#: alone (API, neighbours, paths) through one index, whatever its type.
ENTITY_LABEL = "Entity"

#: Relationship types allowed between labels: (source label, type, target label).
RELATIONSHIPS: tuple[tuple[str, str, str], ...] = (
    ("Organization", "DEPLOYED", "Inspection"),
    ("Organization", "CONDUCTED", "Inspection"),
    ("Inspection", "TARGETED", "Organization"),
    ("Inspection", "FOUND", "Problem"),
    ("Problem", "IN", "Organization"),
    ("Problem", "OF_CATEGORY", "ProblemCategory"),
    ("Problem", "PART_OF", "Problem"),
    ("Measure", "ADDRESSES", "Problem"),
    ("Organization", "TOOK", "Measure"),
    ("Person", "HOLDS_POST", "Organization"),
    ("Person", "RESPONSIBLE_FOR", "Inspection"),
    ("Person", "RESPONSIBLE_FOR", "Measure"),
    ("Measure", "ISSUED", "Regulation"),
    ("Measure", "CITES", "Regulation"),
    ("Measure", "REPORTS", "Figure"),
    ("Organization", "PART_OF", "Organization"),
    ("Organization", "SUPERVISES", "Organization"),
    ("Organization", "LOCATED_IN", "Place"),
    ("Place", "PART_OF", "Place"),
    ("Organization", "ISSUED", "Regulation"),
    ("Document", "CITES", "Regulation"),
    ("Document", "REPORTS", "Figure"),
    ("Problem", "REPORTS", "Figure"),
)

#: Labels whose nodes are reference data rather than extracted facts: they are
#: kept when the last document mentioning them is removed.
REFERENCE_LABELS: frozenset[str] = frozenset({"ProblemCategory"})


def make_id(label: str, *key: object) -> str:
    """A stable id for a node of ``label`` identified by ``key``.

    The key is the identity the model gives the entity (DESIGN.md): an
    organisation's canonical name; a person's name plus context; a problem's
    document and section path.  The same key always gives the same id.
    """
    prefix = LABEL_PREFIX[label]
    try:
        raw = "\x1f".join(key)  # the usual key, strings only (the same text as the general form below)
    except TypeError:
        raw = "\x1f".join("" if k is None else str(k) for k in key)
    digest = hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()
    return f"{prefix}-{digest}"


@dataclass(frozen=True)
class Span:
    """Half-open character offsets into the document's normalised text."""

    start: int
    end: int
    quote: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass
class Entity:
    """One node the document supports, with the spans that mention it.

    ``resolved_from`` lists the extracted ids that entity resolution mapped onto
    this one (empty when none was); the writer keeps it on the document's
    MENTIONS, so a judgement that is later undone can find what it changed.
    """

    label: str
    id: str
    name: str
    props: dict[str, Any] = field(default_factory=dict)
    mentions: list[Span] = field(default_factory=list)
    resolved_from: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.label not in LABEL_PREFIX or self.label == "Document":
            raise ValueError(f"unknown entity label {self.label!r}")


@dataclass
class Relation:
    """One relationship the document supports, with its evidence spans."""

    type: str
    src: str
    src_label: str
    dst: str
    dst_label: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        if (self.src_label, self.type, self.dst_label) not in RELATIONSHIPS:
            raise ValueError(f"relationship not in the model: ({self.src_label})-[:{self.type}]->({self.dst_label})")


@dataclass
class DocumentGraph:
    """Everything one document contributes to the graph.

    ``text`` is the normalised text that every span points into; it is stored on
    the Document node so an investigator can read a fact's sentence.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    published_at: str | None = None
    publisher: str | None = None
    kind: str | None = None
    encoding: str | None = None
    #: The gazetteer files the extraction used (besides the national list), so a rewrite uses them again.
    gazetteers: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    @classmethod
    def document_id(cls, normalised_text: str) -> str:
        return make_id("Document", normalised_text)

    def check(self) -> None:
        """Raise ValueError if a span leaves the text or a relation dangles."""
        text = self.text
        n = len(text)
        ids = {e.id for e in self.entities}
        # extractors share one Span object among the many facts of a sentence: test each object once
        good: set[int] = set()
        for e in self.entities:
            for s in e.mentions:
                if id(s) in good:
                    continue
                if s.end > n or text[s.start : s.end] != s.quote:
                    raise ValueError(f"mention of {e.name!r} does not match the text at {s.start}..{s.end}")
                good.add(id(s))
        for r in self.relations:
            if r.src not in ids or r.dst not in ids:
                raise ValueError(f"relation {r.type} {r.src}->{r.dst} refers to an entity the document lacks")
            for s in r.evidence:
                if id(s) in good:
                    continue
                if s.end > n or text[s.start : s.end] != s.quote:
                    raise ValueError(f"evidence of {r.type} does not match the text at {s.start}..{s.end}")
                good.add(id(s))

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
from collections.abc import Callable
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
        # the usual key, strings only (the same text as the general form below)
        raw = "\x1f".join(key)  # type: ignore[arg-type]
    except TypeError:
        raw = "\x1f".join("" if k is None else str(k) for k in key)
    digest = hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()
    return f"{prefix}-{digest}"


#: RELATIONSHIPS as a set, for the check every Relation makes.
_ALLOWED: frozenset[tuple[str, str, str]] = frozenset(RELATIONSHIPS)

# Span, Entity and Relation are made tens of thousands of times per batch of notices.  They are plain
# classes with their own __init__, not dataclasses: compiled by mypyc (graph/native.py) a plain class is
# made natively, while a dataclass's generated __init__ would still run as Python.


#: The property that carries a shared node's simplified name out of a traditional notice (its ``name`` is
#: as the notice writes it): the writer stores that one as the node's name and the traditional one as an
#: alias, so the node is named the same whichever notice is written last.
SIMPLIFIED_NAME = "simplifiedName"

class Span:
    """Half-open character offsets into the document's normalised text; a value (equal by its fields)."""

    start: int
    end: int
    quote: str

    def __init__(self, start: int, end: int, quote: str) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"bad span {start}..{end}")
        self.start = start
        self.end = end
        self.quote = quote

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return self.start == other.start and self.end == other.end and self.quote == other.quote

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.quote))

    def __repr__(self) -> str:
        return f"Span(start={self.start!r}, end={self.end!r}, quote={self.quote!r})"

    def __reduce__(self) -> tuple[Callable[..., Span], tuple[int, int, str]]:
        # pickled by its fields: worker processes send their graphs back
        return (Span, (self.start, self.end, self.quote))


class Entity:
    """One node the document supports, with the spans that mention it.

    ``resolved_from`` lists the extracted ids that entity resolution mapped onto
    this one (empty when none was); the writer keeps it on the document's
    MENTIONS, so a judgement that is later undone can find what it changed.
    """

    label: str
    id: str
    name: str
    props: dict[str, Any]
    mentions: list[Span]
    resolved_from: list[str]

    def __init__(
        self,
        label: str,
        id: str,
        name: str,
        props: dict[str, Any] | None = None,
        mentions: list[Span] | None = None,
        resolved_from: list[str] | None = None,
    ) -> None:
        if label not in LABEL_PREFIX or label == "Document":
            raise ValueError(f"unknown entity label {label!r}")
        self.label = label
        self.id = id
        self.name = name
        self.props = {} if props is None else props
        self.mentions = [] if mentions is None else mentions
        self.resolved_from = [] if resolved_from is None else resolved_from

    def _fields(self) -> tuple[Any, ...]:
        return (self.label, self.id, self.name, self.props, self.mentions, self.resolved_from)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entity):
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        return (
            f"Entity(label={self.label!r}, id={self.id!r}, name={self.name!r}, props={self.props!r}, "
            f"mentions={self.mentions!r}, resolved_from={self.resolved_from!r})"
        )

    def __reduce__(self) -> tuple[Callable[..., Entity], tuple[Any, ...]]:
        return (Entity, self._fields())


class Relation:
    """One relationship the document supports, with its evidence spans."""

    type: str
    src: str
    src_label: str
    dst: str
    dst_label: str
    props: dict[str, Any]
    evidence: list[Span]

    def __init__(
        self,
        type: str,
        src: str,
        src_label: str,
        dst: str,
        dst_label: str,
        props: dict[str, Any] | None = None,
        evidence: list[Span] | None = None,
    ) -> None:
        if (src_label, type, dst_label) not in _ALLOWED:
            raise ValueError(f"relationship not in the model: ({src_label})-[:{type}]->({dst_label})")
        self.type = type
        self.src = src
        self.src_label = src_label
        self.dst = dst
        self.dst_label = dst_label
        self.props = {} if props is None else props
        self.evidence = [] if evidence is None else evidence

    def _fields(self) -> tuple[Any, ...]:
        return (self.type, self.src, self.src_label, self.dst, self.dst_label, self.props, self.evidence)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Relation):
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        return (
            f"Relation(type={self.type!r}, src={self.src!r}, src_label={self.src_label!r}, dst={self.dst!r}, "
            f"dst_label={self.dst_label!r}, props={self.props!r}, evidence={self.evidence!r})"
        )

    def __reduce__(self) -> tuple[Callable[..., Relation], tuple[Any, ...]]:
        return (Relation, self._fields())


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

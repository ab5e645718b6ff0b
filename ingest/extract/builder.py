"""Accumulates entities and relations for one document, merging repeats.

Extractors find the same entity many times; the builder keys entities by id,
unions their mentions and aliases, and keeps the first value of every other
property (the first mention is usually the most explicit).  Relations are
keyed by (type, src, dst, props) and collect evidence spans.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graph.model import DocumentGraph, Entity, Relation, Span, make_id

Scalar = str | int | float | bool


_EMPTY = object()


def clean_value(value: Any) -> Any:
    """The value as the model stores it, or ``_EMPTY`` when it is not stored (None, "", [])."""
    kind = type(value)
    if kind is str:
        return value if value else _EMPTY
    if kind is int or kind is float or kind is bool:
        return value
    if value is None or value == "" or value == []:
        return _EMPTY
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty values; keep only scalars and lists of str (the model's contract)."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        kind = type(value)  # the common scalar cases of clean_value, without a call per value
        if kind is str:
            if value:
                out[key] = value
        elif kind is int or kind is float or kind is bool:
            out[key] = value
        else:
            value = clean_value(value)
            if value is not _EMPTY:
                out[key] = value
    return out


#: Key parts whose equal values always print the same, so an id can be looked up by the key itself.
_ID_KEY_TYPES = frozenset({str, int, type(None)})

#: Ids of keys that recur across documents (organisations, places, categories, regulations), hashed once per
#: process rather than once per document; cleared when full.
_SHARED_IDS: dict[tuple[str, tuple[object, ...]], str] = {}
_SHARED_IDS_MAX = 200_000


@lru_cache(maxsize=1)
def document_endpoints_allowed() -> bool:
    """Whether DocumentGraph.check() accepts relations from the Document node itself.

    The model lists (Document)-[:CITES]->(Regulation) and -[:REPORTS]->(Figure),
    but check() (graph/model.py v1) only knows entity ids; until it accepts the
    document id such relations are left out rather than failing the whole graph.
    """
    probe = DocumentGraph(id="doc-probe", source="", text="x")
    probe.entities.append(Entity(label="Figure", id="fig-probe", name="x", mentions=[Span(0, 1, "x")]))
    probe.relations.append(Relation("REPORTS", "doc-probe", "Document", "fig-probe", "Figure"))
    try:
        probe.check()
    except ValueError:
        return False
    return True


class GraphBuilder:
    """Collects the facts of one document and turns them into a DocumentGraph."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.doc_id = DocumentGraph.document_id(text)
        self._entities: dict[str, Entity] = {}
        self._relations: dict[tuple[Any, ...], tuple[Relation, set[tuple[int, int, str]]]] = {}
        # Membership sets beside the mention/evidence lists: the lists keep first-seen order,
        # the sets make "seen before?" constant time (entities are mentioned hundreds of times).
        self._mentions: dict[str, set[tuple[int, int, str]]] = {}
        # Spans are immutable values and the same sentence is evidence for many facts: make each once.
        self._spans: dict[tuple[int, int], Span] = {}

    def span(self, start: int, end: int) -> Span:
        found = self._spans.get((start, end))
        if found is None:
            n = len(self.text)
            if 0 <= start <= end <= n:
                s, e = start, end
            else:
                s = max(0, min(start, n))
                e = max(s, min(end, n))
            found = Span(s, e, self.text[s:e])
            self._spans[(start, end)] = found
        return found

    def entity(
        self,
        label: str,
        key: tuple[object, ...],
        name: str,
        props: dict[str, Any],
        mention: Span,
        alias: str | None = None,
    ) -> str:
        eid: str | None
        if key and key[0] == self.doc_id:
            eid = make_id(label, *key)  # a problem, measure or figure of this document: made once
        elif _ID_KEY_TYPES.issuperset(map(type, key)):
            eid = _SHARED_IDS.get((label, key))
            if eid is None:
                if len(_SHARED_IDS) >= _SHARED_IDS_MAX:
                    _SHARED_IDS.clear()
                eid = _SHARED_IDS[(label, key)] = make_id(label, *key)
        else:
            eid = make_id(label, *key)
        ent = self._entities.get(eid)
        if ent is None:
            ent = Entity(label, eid, name, clean_props(props))
            self._entities[eid] = ent
            self._mentions[eid] = {(mention.start, mention.end, mention.quote)}
            ent.mentions.append(mention)
        else:
            seen = self._mentions[eid]
            current = ent.props
            for k, v in props.items():
                if k not in current:
                    v = clean_value(v)
                    if v is not _EMPTY:
                        current[k] = v
            value = (mention.start, mention.end, mention.quote)
            if value not in seen:
                seen.add(value)
                ent.mentions.append(mention)
        if alias:
            aliases = ent.props.setdefault("aliases", [])
            if alias not in aliases:
                aliases.append(alias)
        assert eid is not None
        return eid

    def has(self, eid: str) -> bool:
        return eid in self._entities

    def get(self, eid: str) -> Entity | None:
        return self._entities.get(eid)

    def relate(
        self,
        rtype: str,
        src: str,
        src_label: str,
        dst: str,
        dst_label: str,
        evidence: Span,
        props: dict[str, Any] | None = None,
    ) -> None:
        if src == dst and src_label == dst_label:
            return
        if src_label == "Document" and not document_endpoints_allowed():
            return
        key: tuple[Any, ...]
        if props:
            clean = clean_props(props)
            if len(clean) == 1:
                ((k, v),) = clean.items()
                key = (rtype, src, dst, ((k, str(v)),))
            else:
                key = (rtype, src, dst, tuple(sorted((k, str(v)) for k, v in clean.items())) if clean else ())
        else:
            clean, key = None, (rtype, src, dst, ())
        found = self._relations.get(key)
        if found is None:
            rel = Relation(rtype, src, src_label, dst, dst_label, {} if clean is None else clean)
            seen: set[tuple[int, int, str]] = set()
            self._relations[key] = (rel, seen)
        else:
            rel, seen = found
        value = (evidence.start, evidence.end, evidence.quote)
        if value not in seen:
            seen.add(value)
            rel.evidence.append(evidence)

    def build(self, **meta: Any) -> DocumentGraph:
        graph = DocumentGraph(
            id=self.doc_id,
            source=self.source,
            text=self.text,
            entities=list(self._entities.values()),
            relations=[rel for rel, _ in self._relations.values()],
            **{k: v for k, v in meta.items() if v is not None},
        )
        return graph

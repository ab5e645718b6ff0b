"""Merge candidates for review: pairs of nodes that may be one entity.

Extraction never joins two keys on its own (a person is name + context, so two
张伟 of two counties stay two people); a reviewer does, with ``skg resolve
same``.  These rules find what is worth a look, each pair with a reason:

- **same name**: the same normalised name (NFKC, whitespace removed, a leading
  中共 dropped) under two ids, wherever they are — that is exactly the case a
  person needs to decide;
- **similar names in one jurisdiction** (the nodes share a place, through their
  own links or their documents): one name contained in the other, or one
  character apart for names of three characters or more.  For organisations
  containment counts only when the shorter name ends the longer (禾木镇党委 /
  松岭县禾木镇党委): words added after a name make a sub-unit (县委 / 县委办公室).
  Some one-character differences are different entities by construction and
  are not listed: names that differ only in a numeral (第一巡察组 / 第二巡察组),
  organisations that differ only in a level (市委第六巡察组 / 县委第六巡察组),
  organisations located in two places (樟港镇党委 / 樟平镇党委), or in one
  place and differing after its name or in the last two characters (财政局 /
  民政局, 党委 / 纪委 of one county), and persons with one compound surname
  whose one-character given names differ (上官军 / 上官茂).  What remains is
  mostly a miswritten name (松岭县委 / 松龄县委, 许文涛 / 许文韬).

Pairs already judged, or kept apart by a ``different`` judgement, are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from graph.store.base import GraphStore
from ingest.extract import lexicon
from ingest.resolve import Resolver

LABELS = ("Person", "Organization")
_NUMERALS = frozenset("〇零一二三四五六七八九十百0123456789")
_LEVELS = frozenset("省市县区镇乡村")
_SPACE = re.compile(r"\s+")

_NODES = {
    "Person": "MATCH (n:Person) OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n) "
    "RETURN n.id, n.name, collect(DISTINCT d.id)",
    "Organization": "MATCH (n:Organization) OPTIONAL MATCH (d:Document)-[:MENTIONS]->(n) "
    "RETURN n.id, n.name, collect(DISTINCT d.id)",
}
_LINKED_PLACES = {
    "Person": "MATCH (n:Person)-[:HOLDS_POST]->(:Organization)-[:LOCATED_IN]->(p:Place) "
    "RETURN n.id, collect(DISTINCT p.name)",
    "Organization": "MATCH (n:Organization)-[:LOCATED_IN]->(p:Place) RETURN n.id, collect(DISTINCT p.name)",
}
_DOCUMENT_PLACES = "MATCH (d:Document)-[:MENTIONS]->(p:Place) RETURN d.id, collect(DISTINCT p.name)"
_DOCUMENT_TITLES = "MATCH (d:Document) RETURN d.id, coalesce(d.title, d.name)"


def normalise(name: str) -> str:
    """The form names are compared in: NFKC, no whitespace, no leading 中共."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))
    return text[2:] if text.startswith("中共") and len(text) > 2 else text


@dataclass
class Node:
    """One node as the reviewer sees it: id, name, where it comes from and where it is."""

    id: str
    label: str
    name: str
    documents: list[tuple[str, str]] = field(default_factory=list)  # (document id, title)
    places: set[str] = field(default_factory=set)  # its own places and those of its documents
    located: set[str] = field(default_factory=set)  # its own: LOCATED_IN, or through HOLDS_POST

    @property
    def key(self) -> str:
        return normalise(self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "documents": [{"id": d, "title": t} for d, t in self.documents],
            "places": sorted(self.places),
        }


@dataclass
class Candidate:
    label: str
    a: Node
    b: Node
    rule: str  # same-name | contained | one-apart
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "rule": self.rule, "reason": self.reason, "a": self.a.to_json(),
                "b": self.b.to_json()}


def load_nodes(store: GraphStore, label: str) -> list[Node]:
    """The nodes of ``label`` with their documents and places, read through the store's read-only query."""
    if label not in LABELS:
        raise ValueError(f"candidates are listed for {' and '.join(LABELS)}, not {label!r}")
    titles = {row[0]: row[1] or row[0] for row in store.read(_DOCUMENT_TITLES).rows}
    doc_places = {row[0]: set(row[1]) for row in store.read(_DOCUMENT_PLACES).rows}
    linked = {row[0]: set(row[1]) for row in store.read(_LINKED_PLACES[label]).rows}
    nodes: list[Node] = []
    for node_id, name, doc_ids in store.read(_NODES[label]).rows:
        docs = sorted(d for d in doc_ids if d)
        places = set(linked.get(node_id, set()))
        for d in docs:
            places |= doc_places.get(d, set())
        nodes.append(Node(node_id, label, name or "", [(d, titles.get(d, d)) for d in docs], places,
                          set(linked.get(node_id, set()))))
    return nodes


def find_candidates(nodes: list[Node], resolver: Resolver) -> list[Candidate]:
    """Candidate pairs among ``nodes`` (one label), judged pairs left out, in a stable order."""
    found: dict[frozenset[str], Candidate] = {}
    for cand in [*_same_names(nodes), *_similar_names(nodes)]:
        pair = frozenset((cand.a.id, cand.b.id))
        if pair in found or _judged(resolver, cand.a.id, cand.b.id):
            continue
        found[pair] = cand
    rank = {"same-name": 0, "contained": 1, "one-apart": 2}
    return sorted(found.values(), key=lambda c: (c.label, rank[c.rule], c.a.key, c.b.key, c.a.id, c.b.id))


def candidates(store: GraphStore, resolver: Resolver, labels: tuple[str, ...] = LABELS) -> list[Candidate]:
    out: list[Candidate] = []
    for label in labels:
        out += find_candidates(load_nodes(store, label), resolver)
    return out


def _judged(resolver: Resolver, a: str, b: str) -> bool:
    return (
        resolver.judgement(a, b) is not None
        or resolver.canonical(a) == resolver.canonical(b)
        or resolver.kept_apart(a, b)
    )


def _pair(label: str, x: Node, y: Node, rule: str, reason: str) -> Candidate:
    """A candidate with the better-attested node first, so ``skg resolve same A B`` keeps it."""
    a, b = sorted((x, y), key=lambda n: (-len(n.documents), n.id))
    return Candidate(label, a, b, rule, reason)


def _same_names(nodes: list[Node]) -> list[Candidate]:
    by_key: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        if n.key:
            by_key[n.key].append(n)
    out: list[Candidate] = []
    for group in by_key.values():
        for x, y in combinations(sorted(group, key=lambda n: n.id), 2):
            shared = sorted(x.places & y.places)
            where = f"both in {shared[0]}" if shared else "in different jurisdictions"
            out.append(_pair(x.label, x, y, "same-name", f"same name {x.key!r}, {where}"))
    return out


def _jurisdictions(nodes: list[Node]) -> dict[str, list[Node]]:
    """Nodes by place; a node with no place at all stands in the jurisdiction of each of its documents."""
    groups: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        keys = n.places or {f"the document {d}" for d, _ in n.documents}
        for key in keys:
            groups[key].append(n)
    return groups


def _similar_names(nodes: list[Node]) -> list[Candidate]:
    out: list[Candidate] = []
    for place, group in sorted(_jurisdictions(nodes).items()):
        by_name: dict[str, list[Node]] = defaultdict(list)
        for n in group:
            by_name[n.key].append(n)
        for x, y, rule in _contained(by_name) + _one_apart(by_name):
            where = place if place.startswith("the document") else f"in {place}"
            what = "one name contains the other" if rule == "contained" else "one character apart"
            out.append(_pair(x.label, x, y, rule, f"similar names {where}: {what} ({x.key} / {y.key})"))
    return out


def _contained(by_name: dict[str, list[Node]]) -> list[tuple[Node, Node, str]]:
    out: list[tuple[Node, Node, str]] = []
    for name, longer in by_name.items():
        if not longer:
            continue
        suffix_only = longer[0].label == "Organization"
        for part in _parts(name, suffix_only):
            for y in by_name.get(part, []):
                out += [(x, y, "contained") for x in longer]
    return out


def _parts(name: str, suffix_only: bool) -> set[str]:
    """The shorter names (two characters or more) that ``name`` contains, or only ends with."""
    if suffix_only:
        return {name[i:] for i in range(1, len(name) - 1)}
    return {name[i:j] for i in range(len(name)) for j in range(i + 2, len(name) + 1) if j - i < len(name)}


def _one_apart(by_name: dict[str, list[Node]]) -> list[tuple[Node, Node, str]]:
    """Pairs of names one edit apart (both of three characters or more), found through their deletions."""
    by_deletion: dict[str, set[str]] = defaultdict(set)
    for name in by_name:
        if len(name) >= 3:
            by_deletion[name].add(name)
            for i in range(len(name)):
                by_deletion[name[:i] + name[i + 1 :]].add(name)
    out: list[tuple[Node, Node, str]] = []
    seen: set[frozenset[str]] = set()
    for names in by_deletion.values():
        for p, q in combinations(sorted(names), 2):
            if frozenset((p, q)) in seen or min(len(p), len(q)) < 3:
                continue
            seen.add(frozenset((p, q)))
            differing = _one_edit(p, q)
            if differing is None or differing <= _NUMERALS:
                continue
            out += [(x, y, "one-apart") for x in by_name[p] for y in by_name[q]
                    if not _apart_by_construction(x, y, differing)]
    return out


def _apart_by_construction(x: Node, y: Node, differing: set[str]) -> bool:
    """Whether two names one character apart name two entities whatever the text says (module docstring)."""
    p, q = x.key, y.key
    if x.label == "Person":
        return len(p) == len(q) == 3 and p[:2] == q[:2] and p[:2] in lexicon.surnames()
    if p[-2:] != q[-2:] or differing <= _LEVELS:
        return True
    if x.located and y.located and not x.located & y.located:
        return True
    return any(p.startswith(place) and q.startswith(place) for place in x.located & y.located)


def _one_edit(p: str, q: str) -> set[str] | None:
    """The characters that differ when ``p`` and ``q`` are exactly one edit apart, else None."""
    if len(p) == len(q):
        diff = [i for i in range(len(p)) if p[i] != q[i]]
        return {p[diff[0]], q[diff[0]]} if len(diff) == 1 else None
    short, long_ = sorted((p, q), key=len)
    if len(long_) - len(short) != 1:
        return None
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return {long_[i]}
    return None

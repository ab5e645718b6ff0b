"""Entity resolution by human judgement: which extracted ids are one entity.

Extraction gives every entity a deterministic id from its key (graph.model);
two keys can still name one entity (a person written with two contexts, an
organisation under two names), and one key never joins two people on its own.
A reviewer decides: ``same`` (these two ids are one entity) or ``different``
(never join them).  Judgements are data, one JSON object a line in a file the
settings name, so a wrong merge is undone by removing a line, not by changing
code; they are replayed on every ingest, before the writer sees a document.

The :class:`Resolver` turns the judgements into a canonical id for every id:
``same`` judgements are joined transitively (union-find); the canonical id of
a group is the id that was judged first (the first id of the earliest ``same``
line), so ``skg resolve same KEEP OTHER`` keeps ``KEEP``.  A ``different``
judgement between two ids that ``same`` judgements would join is a conflict,
reported with the chain that causes it; nothing is guessed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.model import LABEL_PREFIX, DocumentGraph, Entity, Relation

VERDICTS = ("same", "different")
_LABEL_OF_PREFIX = {prefix: label for label, prefix in LABEL_PREFIX.items()}


class JudgementError(ValueError):
    """A judgement (or a line of the judgements file) that cannot be used as written."""


class ResolutionConflict(JudgementError):
    """The judgements contradict each other: ``same`` chains join ids judged ``different``."""


def label_of(entity_id: str) -> str | None:
    """The node label an id belongs to, from its prefix (``per-…`` → Person)."""
    prefix, sep, _ = entity_id.partition("-")
    return _LABEL_OF_PREFIX.get(prefix) if sep else None


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Judgement:
    """One reviewer's decision about two ids, with who made it, why and when.

    ``names`` records the names the two ids had when judged: it keeps the file
    readable on its own and gives a merged group a stable display name.
    """

    verdict: str
    ids: tuple[str, str]
    by: str
    why: str
    at: str
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise JudgementError(f"judgement must be 'same' or 'different', not {self.verdict!r}")
        a, b = self.ids
        if not a or not b or a == b:
            raise JudgementError(f"a judgement needs two different ids, got {a!r} and {b!r}")
        la, lb = label_of(a), label_of(b)
        if la is None or lb is None or la == "Document":
            raise JudgementError(f"not an entity id: {a if la is None or la == 'Document' else b!r}")
        if la != lb:
            raise JudgementError(f"{a} is a {la} and {b} is a {lb}: only nodes of one label can be judged")

    @property
    def pair(self) -> frozenset[str]:
        return frozenset(self.ids)

    def describe(self) -> str:
        a, b = self.ids
        sign = "=" if self.verdict == "same" else "≠"
        return f"{self._named(a)} {sign} {self._named(b)} (by {self.by}, {self.at}: {self.why})"

    def _named(self, eid: str) -> str:
        name = self.names.get(eid)
        return f"{eid} {name}" if name else eid

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {"judgement": self.verdict, "ids": list(self.ids), "by": self.by, "why": self.why,
                               "at": self.at}
        if self.names:
            row["names"] = dict(self.names)
        return row

    @classmethod
    def from_json(cls, row: Any) -> Judgement:
        if not isinstance(row, dict):
            raise JudgementError("a judgement is a JSON object")
        ids = row.get("ids")
        if not isinstance(ids, list) or len(ids) != 2 or not all(isinstance(i, str) for i in ids):
            raise JudgementError("'ids' must be a list of two ids")
        names = row.get("names") or {}
        if not isinstance(names, dict):
            raise JudgementError("'names' must map ids to names")
        return cls(
            verdict=str(row.get("judgement", "")),
            ids=(ids[0], ids[1]),
            by=str(row.get("by") or ""),
            why=str(row.get("why") or ""),
            at=str(row.get("at") or ""),
            names={str(k): str(v) for k, v in names.items()},
        )


class JudgementFile:
    """The judgements on disk: JSON Lines, one judgement a line, in the order they were made.

    Lines are appended, so the file reads as a log of review decisions; an undo
    rewrites the file without the undone line (atomically, through a rename).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[Judgement]:
        if not self.path.exists():
            return []
        out: list[Judgement] = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(Judgement.from_json(json.loads(line)))
            except (ValueError, JudgementError) as exc:
                raise JudgementError(f"{self.path}, line {number}: {exc}") from None
        return out

    def append(self, judgement: Judgement) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(judgement.to_json(), ensure_ascii=False) + "\n")

    def remove(self, a: str, b: str) -> Judgement | None:
        """Remove the judgement about ``a`` and ``b`` (either order); return it, or None if there was none."""
        kept: list[Judgement] = []
        removed: Judgement | None = None
        for j in self.load():
            if removed is None and j.pair == frozenset((a, b)):
                removed = j
            else:
                kept.append(j)
        if removed is not None:
            self._rewrite(kept)
        return removed

    def _rewrite(self, judgements: list[Judgement]) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".resolutions-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for j in judgements:
                fh.write(json.dumps(j.to_json(), ensure_ascii=False) + "\n")
        os.replace(tmp, self.path)


class Resolver:
    """Canonical ids from judgements, and their application to a document's graph."""

    def __init__(self, judgements: list[Judgement] | None = None) -> None:
        self.judgements: list[Judgement] = list(judgements or [])
        self._parent: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._by_pair: dict[frozenset[str], Judgement] = {}
        for j in self.judgements:
            if j.pair in self._by_pair:
                earlier = self._by_pair[j.pair]
                if earlier.verdict != j.verdict:
                    raise ResolutionConflict(f"two judgements about one pair: {earlier.describe()} and {j.describe()}")
                continue
            self._by_pair[j.pair] = j
        for j in self.judgements:
            if j.verdict == "same":
                self._union(*j.ids)
        self._check_different()
        self._names: dict[str, str] = {}
        for j in self.judgements:
            for eid, name in j.names.items():
                self._names.setdefault(eid, name)

    @classmethod
    def from_file(cls, path: Path) -> Resolver:
        try:
            return cls(JudgementFile(path).load())
        except ResolutionConflict as exc:
            raise ResolutionConflict(f"{path}: {exc}") from None

    # -- union-find -------------------------------------------------------

    def _find(self, eid: str) -> str:
        root = eid
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while eid != root:
            eid, self._parent[eid] = self._parent[eid], root
        return root

    def _union(self, a: str, b: str) -> None:
        for eid in (a, b):
            if eid not in self._parent:
                self._parent[eid] = eid
                self._order[eid] = len(self._order)
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        keep, other = (ra, rb) if self._order[ra] < self._order[rb] else (rb, ra)
        self._parent[other] = keep

    def _check_different(self) -> None:
        for j in self.judgements:
            if j.verdict == "different" and self.canonical(j.ids[0]) == self.canonical(j.ids[1]):
                chain = self._same_chain(*j.ids)
                raise ResolutionConflict(
                    f"the judgement {j.describe()} contradicts the 'same' judgements that join them: "
                    + "; ".join(c.describe() for c in chain)
                    + ". Undo one of them (skg resolve undo ID_A ID_B)."
                )

    def _same_chain(self, a: str, b: str) -> list[Judgement]:
        """The ``same`` judgements on a shortest path from ``a`` to ``b`` (for the conflict message)."""
        edges: dict[str, list[tuple[str, Judgement]]] = {}
        for j in self.judgements:
            if j.verdict == "same":
                x, y = j.ids
                edges.setdefault(x, []).append((y, j))
                edges.setdefault(y, []).append((x, j))
        back: dict[str, tuple[str, Judgement] | None] = {a: None}
        queue = deque([a])
        while queue:
            node = queue.popleft()
            for nxt, j in edges.get(node, []):
                if nxt not in back:
                    back[nxt] = (node, j)
                    queue.append(nxt)
        chain: list[Judgement] = []
        step = back.get(b)
        while step is not None:
            prev, j = step
            chain.append(j)
            step = back.get(prev)
        return list(reversed(chain))

    # -- questions ----------------------------------------------------------

    def canonical(self, eid: str) -> str:
        return self._find(eid) if eid in self._parent else eid

    def group(self, eid: str) -> set[str]:
        """Every id judged the same as ``eid`` (``eid`` included)."""
        root = self.canonical(eid)
        return {x for x in self._parent if self._find(x) == root} | {eid}

    def judgement(self, a: str, b: str) -> Judgement | None:
        return self._by_pair.get(frozenset((a, b)))

    def kept_apart(self, a: str, b: str) -> bool:
        """Whether a ``different`` judgement separates the groups of ``a`` and ``b``."""
        ga, gb = self.group(a), self.group(b)
        return any(
            j.verdict == "different" and ((j.ids[0] in ga and j.ids[1] in gb) or (j.ids[0] in gb and j.ids[1] in ga))
            for j in self.judgements
        )

    def name_of(self, eid: str) -> str | None:
        """The name ``eid`` had when it was judged, if a judgement recorded it."""
        return self._names.get(eid)

    def merged_ids(self) -> list[str]:
        """Ids that resolve to another id (their nodes should not exist in a resolved graph)."""
        return sorted(x for x in self._parent if self._find(x) != x)

    # -- application --------------------------------------------------------

    def apply(self, doc: DocumentGraph) -> DocumentGraph:
        """``doc`` with every entity id replaced by its canonical id.

        Entities that land on one id are merged (mentions and aliases united,
        the first value of every other property kept); a merged entity's names
        are kept as aliases of the canonical node and its extracted ids in
        ``resolved_from``.  Relations are rewritten to the canonical ids and
        merged the same way; one that would join a node to itself is dropped.
        """
        if not self._parent or not any(self.canonical(e.id) != e.id for e in doc.entities):
            return doc
        merged: dict[str, Entity] = {}
        for ent in doc.entities:
            target = self.canonical(ent.id)
            if target == ent.id and ent.id not in merged:
                merged[ent.id] = ent
                continue
            merged[target] = self._merge(merged.get(target), ent, target)
        out = replace(doc, entities=list(merged.values()), relations=self._relations(doc.relations))
        out.check()
        return out

    def _merge(self, into: Entity | None, ent: Entity, target: str) -> Entity:
        """Fold ``ent`` into the entity already standing for ``target`` (or start it)."""
        own = ent.id == target
        name = self.name_of(target) or (ent.name if own or into is None else into.name)
        base = into if into is not None else Entity(label=ent.label, id=target, name=name)
        props = dict(base.props)
        for key, value in ent.props.items():
            if key != "aliases" and (own or key not in props):
                props[key] = value
        aliases = [str(a) for a in base.props.get("aliases", [])]
        for alias in [name, base.name, ent.name, *(str(a) for a in ent.props.get("aliases", []))]:
            if alias not in aliases:
                aliases.append(alias)
        props["aliases"] = aliases
        mentions = list(base.mentions) + [m for m in ent.mentions if m not in base.mentions]
        sources = list(base.resolved_from)
        if ent.id != target and ent.id not in sources:
            sources.append(ent.id)
        sources += [s for s in ent.resolved_from if s not in sources]
        return Entity(label=base.label, id=target, name=name, props=props, mentions=mentions,
                      resolved_from=sources)

    def _relations(self, relations: list[Relation]) -> list[Relation]:
        out: dict[tuple[Any, ...], Relation] = {}
        for rel in relations:
            src, dst = self.canonical(rel.src), self.canonical(rel.dst)
            if src == dst and rel.src_label == rel.dst_label:
                continue
            key = (rel.type, src, dst, tuple(sorted((k, str(v)) for k, v in rel.props.items())))
            kept = out.get(key)
            if kept is None:
                out[key] = Relation(rel.type, src, rel.src_label, dst, rel.dst_label, rel.props, list(rel.evidence))
            else:
                kept.evidence += [s for s in rel.evidence if s not in kept.evidence]
        return list(out.values())

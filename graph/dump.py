"""``skg dump`` / ``skg restore``: the whole graph in one portable file and back.

The file is gzip-compressed JSON lines, written and read as a stream:

- a header: ``{"format": "supervision-kg-dump", "version": 1, "graph": …, "backend": …, "created": …}``;
- one line per node: ``{"n": [labels…], "p": {properties}}``;
- one line per relationship: ``{"r": type, "s": start id, "sl": start label, "e": end id, "el": end label, "p": {…}}``;
- a footer with the counts: ``{"end": {"nodes": N, "relationships": R}}``.

A file without its footer was cut short and is refused before anything is
written.  Nodes are keyed by their ``id`` property (every node of the model has
one, under a unique constraint), so a dump of one engine restores into the
other.  The dump reads in pages of internal ids (an id seek on both engines),
so it is linear in the size of the graph; the restore writes parameterised
``UNWIND`` batches per label set and relationship type.  Labels and types come
from the file, so they are checked to be plain identifiers before they reach a
query; property values only ever travel as parameters.

A restore goes into an empty graph (``replace=True`` clears it first), under the
graph's write lock (:mod:`graph.locks`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.locks import write_lock
from graph.model import ENTITY_LABEL
from graph.store.base import GraphStore, StoreError

FORMAT = "supervision-kg-dump"
VERSION = 1
PAGE = 5000
BATCH = 5000

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class DumpError(StoreError):
    """A dump file that cannot be restored, or a target that cannot take it; the message says why."""


@dataclass
class DumpSummary:
    nodes: int = 0
    relationships: int = 0
    skipped_nodes: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def primary_label(labels: list[str]) -> str:
    """The label a node is looked up by: its model label, else the first one."""
    rest = sorted(label for label in labels if label != ENTITY_LABEL)
    return rest[0] if rest else (labels[0] if labels else "")


def _ident(name: Any, what: str) -> str:
    if not isinstance(name, str) or not _IDENT.match(name):
        raise DumpError(f"the dump names {what} {name!r}, which is not a plain identifier; refusing to restore it")
    return name


def _top_id(store: GraphStore) -> int:
    """The highest internal node id (ids are dense up to deletions, so pages of them cover the graph)."""
    rows = store.read("MATCH (n) RETURN max(id(n))").rows
    return int(rows[0][0]) if rows and rows[0][0] is not None else -1


def iter_nodes(store: GraphStore, top: int | None = None) -> Iterator[tuple[list[str], dict[str, Any]]]:
    """Every node as (labels, properties), in pages of internal ids (an id seek on both engines)."""
    top = _top_id(store) if top is None else top
    for lo in range(0, top + 1, PAGE):
        yield from store.read("MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi RETURN labels(n), properties(n)",
                              {"lo": lo, "hi": lo + PAGE}).rows


def iter_relationships(store: GraphStore, top: int | None = None) -> Iterator[list[Any]]:
    """Every relationship as [type, start id, start labels, end id, end labels, properties], by start node pages."""
    top = _top_id(store) if top is None else top
    for lo in range(0, top + 1, PAGE):
        yield from store.read(
            "MATCH (a) WHERE id(a) >= $lo AND id(a) < $hi MATCH (a)-[r]->(b) "
            "RETURN type(r), a.id, labels(a), b.id, labels(b), properties(r)", {"lo": lo, "hi": lo + PAGE}
        ).rows


def dump(store: GraphStore, path: Path) -> DumpSummary:
    """Write every node and relationship of ``store``'s graph to ``path``."""
    import time

    started = time.perf_counter()
    summary = DumpSummary()
    labels: dict[str, int] = defaultdict(int)
    types: dict[str, int] = defaultdict(int)
    top = _top_id(store)
    tmp = path.with_name(path.name + ".partial")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write(json.dumps({
            "format": FORMAT, "version": VERSION, "graph": getattr(store, "graph_name", None), "backend": store.name,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }, ensure_ascii=False) + "\n")
        for node_labels, props in iter_nodes(store, top):
            if props.get("id") is None:
                summary.skipped_nodes += 1
                continue
            fh.write(json.dumps({"n": sorted(node_labels), "p": props}, ensure_ascii=False) + "\n")
            summary.nodes += 1
            for label in node_labels:
                if label != ENTITY_LABEL:
                    labels[label] += 1
        for rel_type, sid, slabels, eid, elabels, props in iter_relationships(store, top):
            if sid is None or eid is None:
                continue
            fh.write(json.dumps({"r": rel_type, "s": sid, "sl": primary_label(slabels), "e": eid,
                                 "el": primary_label(elabels), "p": props}, ensure_ascii=False) + "\n")
            summary.relationships += 1
            types[rel_type] += 1
        fh.write(json.dumps({"end": {"nodes": summary.nodes, "relationships": summary.relationships}}) + "\n")
    tmp.replace(path)
    summary.labels, summary.types = dict(sorted(labels.items())), dict(sorted(types.items()))
    summary.seconds = time.perf_counter() - started
    return summary


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                try:
                    yield json.loads(line)
                except ValueError:
                    raise DumpError(f"{path}: line {number} is not JSON; the file is damaged") from None
    except (OSError, EOFError) as exc:
        raise DumpError(f"{path}: not a readable dump ({exc})") from None


def check(path: Path) -> dict[str, Any]:
    """Read the whole file once before anything is written: its header, every label and type, and the
    footer's counts, which must match the lines."""
    header: dict[str, Any] | None = None
    nodes = rels = 0
    footer: dict[str, Any] | None = None
    for row in _lines(path):
        if header is None:
            if row.get("format") != FORMAT:
                raise DumpError(f"{path}: not a supervision-kg dump (no header)")
            if row.get("version") != VERSION:
                raise DumpError(f"{path}: dump format version {row.get('version')}, this program reads {VERSION}")
            header = row
        elif footer is not None:
            raise DumpError(f"{path}: lines after the end marker; the file is damaged")
        elif "n" in row:
            for label in row["n"]:
                _ident(label, "the label")
            nodes += 1
        elif "r" in row:
            for key in ("sl", "el"):
                _ident(row.get(key), "the label")
            _ident(row["r"], "the relationship type")
            rels += 1
        elif "end" in row:
            footer = row["end"]
        else:
            raise DumpError(f"{path}: a line that is neither node nor relationship; the file is damaged")
    if header is None:
        raise DumpError(f"{path}: empty file")
    if footer is None:
        raise DumpError(f"{path}: no end marker; the dump was cut short, nothing restored")
    if footer != {"nodes": nodes, "relationships": rels}:
        raise DumpError(f"{path}: the end marker counts {footer}, the file holds {nodes} nodes and {rels} relationships")
    return {**header, "nodes": nodes, "relationships": rels}


def restore(store: GraphStore, path: Path, replace: bool = False) -> DumpSummary:
    """Load a dump into ``store``'s graph, which must be empty unless ``replace`` (then it is cleared first)."""
    import time

    started = time.perf_counter()
    check(path)
    with write_lock(store, command="skg restore"):
        present = store.read("MATCH (n) RETURN count(n)").rows[0][0]
        if present and not replace:
            raise DumpError(f"the graph already holds {present} nodes; restore into an empty graph or pass --replace")
        if present:
            store.clear()
        store.apply_schema()
        summary = DumpSummary()
        nodes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        labels: dict[str, int] = defaultdict(int)
        types: dict[str, int] = defaultdict(int)

        def flush_nodes(key: tuple[str, ...]) -> None:
            rows = nodes.pop(key, [])
            if rows:
                store.write(f"UNWIND $rows AS row CREATE (n:{':'.join(key)}) SET n = row", {"rows": rows})

        def flush_rels(key: tuple[str, str, str]) -> None:
            rows = rels.pop(key, [])
            if rows:
                rel_type, start, end = key
                store.write(
                    f"UNWIND $rows AS row MATCH (a:{start} {{id: row.s}}) MATCH (b:{end} {{id: row.e}}) "
                    f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.p",
                    {"rows": rows},
                )

        try:
            _load(path, summary, nodes, rels, labels, types, flush_nodes, flush_rels)
            counted = store.read("MATCH (n) RETURN count(n)").rows[0][0]
            linked = store.read("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
            if (counted, linked) != (summary.nodes, summary.relationships):
                raise DumpError(f"restored {counted} nodes and {linked} relationships, the dump holds "
                                f"{summary.nodes} and {summary.relationships}: a relationship names a node the dump "
                                "does not hold; nothing restored")
        except BaseException:
            # a restore that stopped half-way leaves an empty graph, never a part of the dump
            store.clear()
            raise
    summary.labels, summary.types = dict(sorted(labels.items())), dict(sorted(types.items()))
    summary.seconds = time.perf_counter() - started
    return summary


def _load(path: Path, summary: DumpSummary, nodes: dict, rels: dict, labels: dict, types: dict,
          flush_nodes: Any, flush_rels: Any) -> None:
    for row in _lines(path):
        if "n" in row:
            key = tuple(_ident(label, "the label") for label in row["n"])
            nodes[key].append(row["p"])
            summary.nodes += 1
            for label in key:
                if label != ENTITY_LABEL:
                    labels[label] += 1
            if len(nodes[key]) >= BATCH:
                flush_nodes(key)
        elif "r" in row:
            if nodes:
                for key in list(nodes):
                    flush_nodes(key)
            rkey = (_ident(row["r"], "the relationship type"), _ident(row["sl"], "the label"),
                    _ident(row["el"], "the label"))
            rels[rkey].append({"s": row["s"], "e": row["e"], "p": row["p"]})
            summary.relationships += 1
            types[rkey[0]] += 1
            if len(rels[rkey]) >= BATCH:
                flush_rels(rkey)
    for key in list(nodes):
        flush_nodes(key)
    for rkey in list(rels):
        flush_rels(rkey)

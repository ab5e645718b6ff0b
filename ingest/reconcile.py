"""Bring the graph in line with the judgements: re-write the documents a judgement changes.

A judgement is applied when a document is written (:meth:`Resolver.apply`),
so after a judgement is added or undone some documents already in the graph
say something else.  They are found from the graph itself: a node whose id
now resolves elsewhere, or a MENTIONS whose ``resolvedFrom`` ids no longer
resolve to the node it points at.  Every document that mentions a node
involved is then extracted again from the text stored on its Document node
and written back in one atomic batch.  Because all of a node's documents are
re-written together, the node is removed and rebuilt from them, so an undone
merge leaves no alias or property of the other entity behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.store.base import GraphStore
from graph.writer import GraphWriter
from ingest.extract import extract, extractor_version
from ingest.extract.gazetteer import Gazetteer
from ingest.extract.gazetteer import load as gazetteer_load
from ingest.resolve import Resolver

#: One batch for everything: a judgement takes effect in a single atomic write.
_ONE_BATCH = 10**12


@dataclass
class Reconciliation:
    """What bringing the graph in line with the judgements did."""

    documents: list[tuple[str, str]] = field(default_factory=list)  # (document id, source) re-written
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, why it could not be)

    def summary(self) -> str:
        if not self.documents and not self.failed:
            return "the graph already reflects the judgements; no document re-written"
        text = f"re-wrote {len(self.documents)} document(s) from their stored text to apply the judgements"
        if self.failed:
            text += f"; {len(self.failed)} could not be re-extracted"
        return text


def stale_ids(store: GraphStore, resolver: Resolver) -> set[str]:
    """Ids of nodes whose documents no longer agree with the judgements, with the ids they now resolve to."""
    ids: set[str] = set()
    rows = store.read(
        "MATCH (:Document)-[m:MENTIONS]->(n:Entity) WHERE m.resolvedFrom IS NOT NULL "
        "RETURN DISTINCT n.id, m.resolvedFrom"
    ).rows
    for node_id, extracted in rows:
        if resolver.canonical(node_id) != node_id or any(resolver.canonical(x) != node_id for x in extracted):
            ids |= {node_id, *extracted, *(resolver.canonical(x) for x in extracted)}
    merged = resolver.merged_ids()
    if merged:
        found = store.read("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id", {"ids": merged}).rows
        for (node_id,) in found:
            ids |= {node_id, resolver.canonical(node_id)}
    return ids


def documents_mentioning(store: GraphStore, ids: set[str]) -> list[str]:
    if not ids:
        return []
    rows = store.read(
        "UNWIND $ids AS id MATCH (d:Document)-[:MENTIONS]->(:Entity {id: id}) RETURN DISTINCT d.id",
        {"ids": sorted(ids)},
    ).rows
    return sorted(row[0] for row in rows)


def rewrite_documents(
    store: GraphStore, doc_ids: list[str], resolver: Resolver, gazetteer: Gazetteer | None = None
) -> Reconciliation:
    """Extract each document again from its stored text (with the ingest's gazetteer), resolve it and
    write them all in one batch."""
    result = Reconciliation()
    if not doc_ids:
        return result
    rows = store.read(
        "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, d.source, d.text, d.encoding, d.gazetteers",
        {"ids": doc_ids},
    ).rows
    worlds: dict[tuple[str, ...], Gazetteer | None] = {}
    writers: dict[str, GraphWriter] = {}
    # in the order ingest writes files (by path), so a node the documents disagree on ends up alike
    for doc_id, source, text, encoding, files in sorted(rows, key=lambda r: (r[1] or "", r[0])):
        if not text:
            result.failed.append((doc_id, "the Document node has no stored text"))
            continue
        try:
            world = _world_of(files, gazetteer, worlds)
            version = extractor_version(world)
            writer = writers.setdefault(version, GraphWriter(store, batch_rows=_ONE_BATCH, extractor_version=version))
            doc = extract(text, source or "", world)
            doc.encoding = encoding
            doc.check()
            resolved = resolver.apply(doc)
        except Exception as exc:  # noqa: BLE001 - one document must not stop the others
            result.failed.append((doc_id, f"{type(exc).__name__}: {exc}"))
            continue
        writer.add(resolved, replaces=[doc_id])
        result.documents.append((doc_id, source or ""))
    for writer in writers.values():
        writer.flush()
    return result


def _world_of(
    files: list[str] | None, default: Gazetteer | None, cache: dict[tuple[str, ...], Gazetteer | None]
) -> Gazetteer | None:
    """The gazetteer a document was extracted with (its recorded files, when they still exist)."""
    key = tuple(files or ())
    if not key:
        return default
    if key not in cache:
        present = [f for f in key if Path(f).is_file()]
        cache[key] = gazetteer_load(present) if len(present) == len(key) else default
    return cache[key]


def reconcile(store: GraphStore, resolver: Resolver, gazetteer: Gazetteer | None = None) -> Reconciliation:
    """Re-write every document that does not reflect the judgements (usually none)."""
    result = rewrite_documents(store, documents_mentioning(store, stale_ids(store, resolver)), resolver, gazetteer)
    if result.documents:
        # the writer keeps units' profiles; categories (and figure kinds) are recounted once, here and at ingest end
        from graph.profiles import refresh_all

        refresh_all(store)
    return result

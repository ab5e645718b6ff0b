"""The batched writer: documents in, one parameterised query per batch out.

A batch of documents becomes a single Cypher statement of ``UNWIND`` clauses
(one per label and per relationship triple of the model), so the whole batch
is one atomic write on either engine: a killed ingest leaves whole documents
or none.  The same statement first removes the earlier version of any
document being replaced, so a changed notice never leaves stale facts behind.

Provenance: every entity gets ``(:Document)-[:MENTIONS {start, end, quote}]``
from each document that names it (plus ``resolvedFrom``, the extracted ids,
when entity resolution mapped them onto this node); every relationship
carries ``sources`` (the ids of the documents supporting it) and ``evidence``
(``docid@start-end``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import profiles
from graph.model import ENTITY_LABEL, REFERENCE_LABELS, RELATIONSHIPS, SIMPLIFIED_NAME, DocumentGraph
from graph.schema import REL_MERGE_KEYS
from graph.store.base import GraphStore, QueryError

_SEP = "WITH count(*) AS _"


def _rel_param(triple: tuple[str, str, str]) -> str:
    src, rel, dst = triple
    return f"r_{src}_{rel}_{dst}"


def _merge_union(target: str, field_: str, incoming: str) -> str:
    current = f"coalesce({target}.{field_}, [])"
    return f"{target}.{field_} = {current} + [x IN {incoming} WHERE NOT (x IN {current})]"


def _removal_clauses() -> list[str]:
    """Remove documents: their ids from relationship sources, relationships left with none, then the nodes.

    A relationship a document supports starts at one of its entities, all of
    which it mentions, so only outgoing relationships are walked: walking both
    ways also walked every incoming MENTIONS of a much-mentioned node (市委),
    which made replacing documents that name one slow.
    """
    reference = " AND ".join(f"NOT x:{label}" for label in sorted(REFERENCE_LABELS)) or "true"
    return [
        "UNWIND $remove AS rid "
        "MATCH (d:Document {id: rid})-[:MENTIONS]->(x)-[r]->() WHERE rid IN r.sources "
        "WITH DISTINCT rid, r "
        "SET r.sources = [s IN r.sources WHERE s <> rid], "
        "r.evidence = [e IN coalesce(r.evidence, []) WHERE NOT (e STARTS WITH (rid + '@'))]",
        "UNWIND $remove AS rid "
        "MATCH (d:Document {id: rid})-[:MENTIONS]->(x)-[r]->() "
        "WHERE r.sources IS NOT NULL AND size(r.sources) = 0 "
        "WITH DISTINCT r DELETE r",
        "UNWIND $remove AS rid "
        "MATCH (d:Document {id: rid}) OPTIONAL MATCH (d)-[:MENTIONS]->(x) "
        "WITH d, collect(DISTINCT x) AS xs DETACH DELETE d "
        "WITH xs UNWIND xs AS x WITH DISTINCT x "
        f"WHERE {reference} AND NOT (x)<-[:MENTIONS]-(:Document) DETACH DELETE x",
    ]


#: Property keys the writer inlines into a clause: the model's own names (a key outside this shape is set
#: from the row's map instead, never spliced into the statement).
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: Entity properties the writer does not store as node properties (aliases have their own merge).
_NOT_STORED = frozenset({"aliases", SIMPLIFIED_NAME})


def _inline_keys(rows: Iterable[dict[str, Any]]) -> tuple[list[str], bool]:
    """The property keys of ``rows`` that can be written inline (in the order they first appear, the order a
    node's properties are stored and returned in), and whether every key could."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    ok = [k for k in keys if _KEY.match(k)]
    return ok, len(ok) == len(keys)


def _node_clause(label: str, keys: Sequence[str] | None = None) -> str:
    """Merge nodes that may exist. With ``keys`` (the rows' property keys), a node whose stored properties
    and aliases already hold the row's is not written: FalkorDB re-indexes a node on every SET, changed or
    not (about 40 µs a node at 20k notices). None: every row is written."""
    write = f"SET n += row.props, {_merge_union('n', 'aliases', 'row.aliases')}"
    merge = f"UNWIND $n_{label} AS row MERGE (n:{label}:{ENTITY_LABEL} {{id: row.id}}) "
    if keys is None:
        return merge + write
    changed = ["n.aliases IS NULL", "any(x IN row.aliases WHERE NOT (x IN coalesce(n.aliases, [])))"]
    changed += [f"coalesce(n.{k} <> row.props.{k}, row.props.{k} IS NOT NULL)" for k in keys]
    return merge + f"WITH n, row WHERE {' OR '.join(changed)} " + write


def _create_node_clause(label: str, keys: Sequence[str] | None = None) -> str:
    """Nodes the writer has just read are not in the graph: created, without MERGE's lookup and merge, with
    their properties in the CREATE (indexed once; a SET after it re-indexed every node). ``keys``: the rows'
    property keys (a missing one is null, which CREATE leaves out); None: set from the row's map."""
    if keys is None:
        return f"UNWIND $nn_{label} AS row CREATE (n:{label}:{ENTITY_LABEL}) SET n = row"
    props = ", ".join(f"{k}: row.{k}" for k in keys)
    return f"UNWIND $nn_{label} AS row CREATE (n:{label}:{ENTITY_LABEL} {{{props}}})"


def _mention_clause(label: str) -> str:
    """Mentions as one group per document (``{doc, rows}``, as :meth:`Batch.add_rows` keeps them): the
    document is looked up once, not once a mention."""
    return (
        f"UNWIND $m_{label} AS g MATCH (d:Document {{id: g.doc}}) "
        f"UNWIND g.rows AS row MATCH (n:{label} {{id: row.id}}) "
        "CREATE (d)-[:MENTIONS {start: row.start, end: row.end, quote: row.quote, "
        "resolvedFrom: row.resolvedFrom}]->(n)"
    )


def _rel_clause(triple: tuple[str, str, str]) -> str:
    src, rel, dst = triple
    key = REL_MERGE_KEYS.get(rel)
    pattern = f"[r:{rel} {{{key}: row.key}}]" if key else f"[r:{rel}]"
    # the current lists are read once into variables: written inline, FalkorDB copied a hub relationship's
    # whole list (thousands of sources at 40k notices) once more for every incoming element it checked, and
    # that made each batch slower as the graph grew
    return (
        f"UNWIND ${_rel_param(triple)} AS row MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}}) "
        f"MERGE (a)-{pattern}->(b) "
        "WITH r, row, coalesce(r.sources, []) AS cs, coalesce(r.evidence, []) AS ce "
        "SET r += row.props, r.sources = cs + [x IN row.sources WHERE NOT (x IN cs)], "
        "r.evidence = ce + [x IN row.evidence WHERE NOT (x IN ce)]"
    )


def _create_rel_clause(triple: tuple[str, str, str]) -> str:
    """Relationships with an end the writer has just read is new cannot exist yet: created, not merged."""
    src, rel, dst = triple
    return (
        f"UNWIND $c{_rel_param(triple)} AS row "
        f"MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}}) "
        f"CREATE (a)-[r:{rel}]->(b) SET r = row.props"
    )


def _created_rel_row(rel: str, row: dict[str, Any]) -> dict[str, Any]:
    """The properties MERGE then ``SET`` would give a new relationship: key, properties, provenance."""
    key = REL_MERGE_KEYS.get(rel)
    props: dict[str, Any] = {key: row["key"]} if key else {}
    props.update(row["props"])
    props["sources"] = row["sources"]
    props["evidence"] = row["evidence"]
    return {"src": row["src"], "dst": row["dst"], "props": props}


@dataclass
class Batch:
    """The parameters of one write, accumulated document by document."""

    remove: list[str] = field(default_factory=list)
    docs: list[dict[str, Any]] = field(default_factory=list)
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    mentions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[tuple[str, str, str], dict[tuple[str, str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    rows: int = 0
    #: the evidence already in each relationship row, so a hub relationship repeated by every document of the
    #: batch is not searched as a list per document
    _evidence_seen: dict[tuple[tuple[str, str, str], str, str, str], set[str]] = field(default_factory=dict)

    def add(self, doc: DocumentGraph, extractor_version: str = "") -> None:
        self.add_rows(document_rows(doc, extractor_version))

    def add_rows(self, doc: DocumentRows) -> None:
        """Merge one document's rows into the batch: new nodes and relationships, or more provenance for
        those the batch holds already."""
        self.docs.append(doc.doc)
        self.rows += 1
        for label, eid, props, aliases in doc.nodes:
            slot = self.nodes[label]
            row = slot.get(eid)
            if row is None:
                slot[eid] = {"id": eid, "props": props, "aliases": aliases}
                self.rows += 1
            else:
                row["aliases"] += [a for a in aliases if a not in row["aliases"]]
        for label, rows in doc.mentions.items():
            self.mentions[label].append({"doc": doc.id, "rows": rows})
            self.rows += len(rows)
        doc_id = doc.id
        for triple, src, dst, key, props, evidence in doc.rels:
            slot = self.rels[triple]
            row = slot.get((src, dst, key))
            if row is None:
                slot[(src, dst, key)] = {
                    "src": src,
                    "dst": dst,
                    "key": key,
                    "props": props,
                    "sources": [doc_id],
                    "evidence": evidence,
                }
                self._evidence_seen[(triple, src, dst, key)] = set(evidence)
                self.rows += 1
            else:
                if row["sources"][-1] != doc_id and doc_id not in row["sources"]:
                    row["sources"].append(doc_id)
                seen = self._evidence_seen[(triple, src, dst, key)]
                for e in evidence:
                    if e not in seen:
                        seen.add(e)
                        row["evidence"].append(e)

    def entity_ids(self) -> list[str]:
        return [eid for rows in self.nodes.values() for eid in rows]

    def statement(self, profiles_inline: bool = True, new: set[str] | frozenset[str] = frozenset()
                  ) -> tuple[str, dict[str, Any]]:
        """The batch as one statement; unless ``profiles_inline`` is false it ends by refreshing the category
        profiles (graph/profiles.py) of the units and categories the batch's problems and inspections touch.

        ``new``: entity ids known not to be in the graph (read just before, under the write lock). Those
        nodes, and the relationships from or to them, are created instead of merged; a batch that removes
        documents merges everything: its removal may delete nodes that were there when they were read."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.remove:
            clauses += _removal_clauses()
            params["remove"] = list(self.remove)
            new = frozenset()
        if self.docs:
            clauses.append("UNWIND $docs AS row MERGE (d:Document {id: row.id}) SET d += row.props")
            params["docs"] = self.docs
        for label in sorted(self.nodes):
            rows = self.nodes[label]
            created = [{"id": r["id"], **r["props"], "aliases": r["aliases"]}
                       for eid, r in rows.items() if eid in new]
            merged = [r for eid, r in rows.items() if eid not in new]
            if created:
                keys, inline = _inline_keys(created)
                clauses.append(_create_node_clause(label, keys if inline else None))
                params[f"nn_{label}"] = created
            if merged:
                keys, inline = _inline_keys(r["props"] for r in merged)
                clauses.append(_node_clause(label, keys if inline else None))
                params[f"n_{label}"] = merged
        for label in sorted(self.mentions):
            clauses.append(_mention_clause(label))
            params[f"m_{label}"] = self.mentions[label]
        for triple in RELATIONSHIPS:
            if triple in self.rels:
                rows = list(self.rels[triple].values())
                created = [_created_rel_row(triple[1], r) for r in rows if r["src"] in new or r["dst"] in new]
                merged = [r for r in rows if not (r["src"] in new or r["dst"] in new)]
                if created:
                    clauses.append(_create_rel_clause(triple))
                    params["c" + _rel_param(triple)] = created
                if merged:
                    clauses.append(_rel_clause(triple))
                    params[_rel_param(triple)] = merged
        if not clauses:
            return "RETURN 0", {}
        if profiles_inline:
            clauses += profiles.refresh_clauses(categories=False)
            params.update(self.profile_params())
        return f" {_SEP} ".join(clauses) + f" {_SEP} RETURN 1", params

    def profile_params(self, orgs: Sequence[str] = (), cats: Sequence[str] = ()) -> dict[str, Any]:
        return profiles.refresh_params(
            list(self.nodes.get("Problem", {})), list(self.nodes.get("Inspection", {})), list(orgs), list(cats)
        )


@dataclass
class DocumentRows:
    """One document as the writer's rows, before they meet other documents' in a batch.

    Made by :func:`document_rows` where the document was extracted (an ingest's worker process sends these
    back instead of the graph), merged by :meth:`Batch.add_rows` in the writing process.
    """

    id: str
    source: str
    doc: dict[str, Any]
    #: (label, id, properties with name and figure class, aliases)
    nodes: list[tuple[str, str, dict[str, Any], list[str]]]
    #: label → MENTIONS rows
    mentions: dict[str, list[dict[str, Any]]]
    #: ((source label, type, target label), source id, target id, merge key, properties, evidence)
    rels: list[tuple[tuple[str, str, str], str, str, str, dict[str, Any], list[str]]]


def document_rows(doc: DocumentGraph, extractor_version: str = "") -> DocumentRows:
    nodes: list[tuple[str, str, dict[str, Any], list[str]]] = []
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ent in doc.entities:
        aliases = [str(a) for a in ent.props.get("aliases", [])]
        props = {k: v for k, v in ent.props.items() if k not in _NOT_STORED and v is not None}
        # a node shared with simplified notices is named in simplified script whichever notice comes last;
        # the name as this (traditional) notice writes it is an alias, so it is found by either
        simplified = ent.props.get(SIMPLIFIED_NAME)
        props["name"] = simplified or ent.name
        if simplified and ent.name not in aliases:
            aliases.append(ent.name)
        if ent.label == "Figure":
            span = ent.mentions[0] if ent.mentions else None
            clause = profiles.figure_clause(doc.text, span.start, span.end) if span else props.get("metric")
            props.update(profiles.classify_figure(clause))
        nodes.append((ent.label, ent.id, props, aliases))
        resolved = list(ent.resolved_from) or None
        rows = mentions[ent.label]
        if not ent.mentions:
            rows.append({"id": ent.id, "start": None, "end": None, "quote": None,
                         "resolvedFrom": resolved})
        for span in ent.mentions:
            rows.append({"id": ent.id, "start": span.start, "end": span.end, "quote": span.quote,
                         "resolvedFrom": resolved})
    rels: list[tuple[tuple[str, str, str], str, str, str, dict[str, Any], list[str]]] = []
    for rel in doc.relations:
        key_prop = REL_MERGE_KEYS.get(rel.type)
        key = str(rel.props.get(key_prop, "")) if key_prop else ""
        evidence = [f"{doc.id}@{s.start}-{s.end}" for s in rel.evidence]
        props = {k: v for k, v in rel.props.items() if v is not None}
        rels.append(((rel.src_label, rel.type, rel.dst_label), rel.src, rel.dst, key, props, evidence))
    return DocumentRows(
        doc.id, doc.source, {"id": doc.id, "props": document_props(doc, extractor_version)}, nodes,
        dict(mentions), rels,
    )


def document_props(doc: DocumentGraph, extractor_version: str = "") -> dict[str, Any]:
    props: dict[str, Any] = {
        "name": doc.title or doc.source.rsplit("/", 1)[-1],
        "source": doc.source,
        "text": doc.text,
        "chars": len(doc.text),
        "extractorVersion": extractor_version,
    }
    for key, value in (
        ("title", doc.title),
        ("publishedAt", doc.published_at),
        ("publisher", doc.publisher),
        ("kind", doc.kind),
        ("encoding", doc.encoding),
        ("gazetteers", doc.gazetteers or None),
    ):
        if value is not None:
            props[key] = value
    return props


@dataclass
class WriteStats:
    batches: int = 0
    documents: int = 0
    removed: int = 0


class GraphWriter:
    """Writes documents in batches of about ``batch_rows`` rows, one atomic query each.

    With ``background``, a full batch is written by a thread of its own while the caller goes on queueing the
    next one (the server's work then overlaps the caller's: building rows, reading, cleaning files). Batches
    are still written one at a time and in order, each one atomic; an error of a background write is raised by
    the next :meth:`add` or :meth:`flush`, and :meth:`flush` returns only once everything queued is written.
    Call :meth:`close` (or use the writer as a context manager) to end the thread.
    """

    def __init__(self, store: GraphStore, batch_rows: int = 5000, extractor_version: str = "",
                 background: bool = False):
        self.store = store
        self.batch_rows = batch_rows
        self.extractor_version = extractor_version
        self.background = background
        self.stats = WriteStats()
        self._batch = Batch()
        self._thread: ThreadPoolExecutor | None = None
        self._inflight: Future[None] | None = None

    def __enter__(self) -> "GraphWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Wait for the batch being written, if any, and end the writing thread (a queued batch stays)."""
        try:
            self._wait()
        finally:
            if self._thread is not None:
                self._thread.shutdown(wait=True)
                self._thread = None

    def existing(self, sources: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Map each source already in the graph to (document id, extractor version)."""
        if not sources:
            return {}
        res = self.store.read(
            "UNWIND $sources AS s MATCH (d:Document {source: s}) "
            "RETURN d.source, d.id, coalesce(d.extractorVersion, '')",
            {"sources": list(sources)},
        )
        return {row[0]: (row[1], row[2]) for row in res.rows}

    def has_document(self, doc_id: str) -> tuple[bool, str]:
        res = self.store.read(
            "MATCH (d:Document {id: $id}) RETURN coalesce(d.extractorVersion, ''), d.source", {"id": doc_id}
        )
        return (bool(res.rows), res.rows[0][0] if res.rows else "")

    def add(self, doc: DocumentGraph, replaces: Iterable[str] = ()) -> None:
        """Queue ``doc`` (and the removal of the documents it replaces); flush when the batch is full."""
        self.add_rows(document_rows(doc, self.extractor_version), replaces)

    def add_rows(self, doc: DocumentRows, replaces: Iterable[str] = ()) -> None:
        """:meth:`add` for rows made by :func:`document_rows` (with this writer's extractor version)."""
        for old in replaces:
            if old not in self._batch.remove:
                self._batch.remove.append(old)
        self._batch.add_rows(doc)
        if self._batch.rows >= self.batch_rows:
            self._send(wait=not self.background)

    def remove(self, doc_ids: Iterable[str]) -> None:
        for old in doc_ids:
            if old not in self._batch.remove:
                self._batch.remove.append(old)

    def flush(self) -> None:
        """Write the queued batch; when it returns, everything added so far is in the graph."""
        self._send(wait=True)

    def _send(self, wait: bool) -> None:
        batch, self._batch = self._batch, Batch()
        self._wait()
        if not batch.docs and not batch.remove:
            return
        if wait:
            self._write(batch)
            return
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="graph-writer")
        self._inflight = self._thread.submit(self._write, batch)

    def _wait(self) -> None:
        if self._inflight is not None:
            inflight, self._inflight = self._inflight, None
            inflight.result()

    def _write(self, batch: Batch) -> None:
        timeout = max(self.store_timeout(), 300_000)
        if not batch.remove:
            new = self.new_entities(batch)
            query, params = batch.statement(new=new)
            try:
                self.store.write(query, params, timeout_ms=timeout)
            except QueryError as exc:
                # another writer created one of the "new" nodes since they were read (a writer outside the
                # write lock): the unique constraint refused the whole batch; write it again with MERGE only
                if not new or "constraint" not in str(exc).lower():
                    raise
                query, params = batch.statement()
                self.store.write(query, params, timeout_ms=timeout)
        else:
            # the profiles of units and categories the removed documents' problems touched are read first; they
            # are refreshed by a second write right after the batch (in the same statement as the removal,
            # FalkorDB's Bolt endpoint crashed)
            orgs, cats = profiles.touched_by_removal(self.store, batch.remove)
            query, params = batch.statement(profiles_inline=False)
            self.store.write(query, params, timeout_ms=timeout)
            self.store.write(profiles.refresh_statement(categories=False), batch.profile_params(orgs, cats),
                             timeout_ms=timeout)
        self.stats.batches += 1
        self.stats.documents += len(batch.docs)
        self.stats.removed += len(batch.remove)

    def new_entities(self, batch: Batch) -> set[str]:
        """The batch's entity ids that are not in the graph yet (one read)."""
        ids = batch.entity_ids()
        if not ids:
            return set()
        query = f"UNWIND $ids AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) RETURN n.id"
        found = self.store.read(query, {"ids": ids}, timeout_ms=max(self.store_timeout(), 300_000)).rows
        return set(ids) - {row[0] for row in found}

    def store_timeout(self) -> int:
        return int(getattr(self.store, "default_timeout_ms", 30_000))

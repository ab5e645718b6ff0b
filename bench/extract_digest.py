#!/usr/bin/env python3
"""A digest of everything the extractor produces, to prove a change kept the output identical.

    python bench/extract_digest.py [--count 1000] [--seed 7] [--seeds DIR] [--out FILE.json]

Every file of ``samples/notices``, a generated corpus of ``--count`` notices
(``bench/generate_corpus.py``, into a temporary folder) and the seed notices
(``--seeds``, skipped when absent) is cleaned and extracted exactly as the
pipeline does (``clean_file`` then ``extract_clean``).  Each DocumentGraph
becomes canonical JSON: keys sorted, lists in the order the extractor made them
(entity, relation, mention and evidence order is part of the output), and the
path relative to its set.  The SHA-256 of all of it is printed per set and in
all; ``--out`` writes the whole canonical JSON, so two runs can be diffed to
find the first document that differs.  A speed change must leave the digest as
it was.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402

from graph.model import DocumentGraph, Span  # noqa: E402
from ingest.extract import EXTRACTOR_VERSION  # noqa: E402
from ingest.pipeline import clean_file, expand_paths, extract_clean  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")


def _span(s: Span) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "quote": s.quote}


def plain(doc: DocumentGraph) -> dict[str, Any]:
    """The graph as the dicts ``dataclasses.asdict`` gave when Entity and Relation were dataclasses."""
    out = {f.name: copy.deepcopy(getattr(doc, f.name)) for f in dataclasses.fields(doc)}
    out["entities"] = [
        {
            "label": e.label,
            "id": e.id,
            "name": e.name,
            "props": copy.deepcopy(e.props),
            "mentions": [_span(s) for s in e.mentions],
            "resolved_from": list(e.resolved_from),
        }
        for e in doc.entities
    ]
    out["relations"] = [
        {
            "type": r.type,
            "src": r.src,
            "src_label": r.src_label,
            "dst": r.dst,
            "dst_label": r.dst_label,
            "props": copy.deepcopy(r.props),
            "evidence": [_span(s) for s in r.evidence],
        }
        for r in doc.relations
    ]
    return out


def canonical(folder: Path) -> list[dict[str, Any]]:
    """Every document under ``folder`` as plain data, its source relative to the folder."""
    paths, _ = expand_paths([folder])
    out = []
    for path in paths:
        item = clean_file(path)
        doc = plain(extract_clean(item))
        doc["source"] = str(path.relative_to(folder.resolve()))
        out.append(doc)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="digest of the extractor's output on the bench sets")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--out", type=Path, default=None, help="write the canonical JSON here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="skg-digest-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus.generate(args.count, corpus, args.seed)
        sets = {"samples": canonical(ROOT / "samples" / "notices"), f"generated ({args.count})": canonical(corpus)}
    if args.seeds.is_dir():
        sets["seeds"] = canonical(args.seeds)
    whole = hashlib.sha256()
    print(f"extractor {EXTRACTOR_VERSION}")
    for name, docs in sets.items():
        blob = json.dumps(docs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        whole.update(blob.encode("utf-8"))
        print(f"{name:<18} {len(docs):>5} docs  {hashlib.sha256(blob.encode('utf-8')).hexdigest()}")
    print(f"{'all':<18} {sum(map(len, sets.values())):>5} docs  {whole.hexdigest()}")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(sets, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

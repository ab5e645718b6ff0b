"""The ingest pipeline: files in, whole documents written to the graph.

read → clean (normalise, strip page noise) → extract → check → batched write.
One broken file is reported and skipped; the rest of the run goes on.  A file
whose text is already in the graph (same document id, same extractor version)
is left alone, so the same input twice gives the same graph; a new version of
a file (same source, other text) replaces the old document's facts.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import DocumentGraph
from graph.store.base import GraphStore
from graph.writer import GraphWriter
from ingest.errors import IngestError
from ingest.extract import EXTRACTOR_VERSION, extract
from ingest.noise import clean
from ingest.readers import SUPPORTED_SUFFIXES, read_file

#: How many files are read and extracted before their existence is looked up in one query.
CHUNK = 256


@dataclass
class FileResult:
    path: str
    status: str  # ingested | replaced | unchanged | duplicate | failed
    doc_id: str | None = None
    message: str = ""
    bytes: int = 0


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[FileResult]:
        return self.by_status("failed")

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.results if r.status != "failed")


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FileResult]]:
    """Files, folders (searched recursively for supported files) and globs → sorted unique files."""
    found: dict[str, Path] = {}
    missing: list[FileResult] = []
    for raw in paths:
        text = os.fspath(raw)
        candidates = [Path(p) for p in sorted(glob.glob(text, recursive=True))] if glob.has_magic(text) else [Path(text)]
        if not candidates:
            missing.append(FileResult(text, "failed", message="no file matches this pattern"))
        for cand in candidates:
            if cand.is_dir():
                for sub in sorted(cand.rglob("*")):
                    if sub.is_file() and sub.suffix.lower() in SUPPORTED_SUFFIXES:
                        found.setdefault(str(sub.resolve()), sub.resolve())
            elif cand.is_file():
                found.setdefault(str(cand.resolve()), cand.resolve())
            elif not glob.has_magic(text):
                missing.append(FileResult(text, "failed", message="no such file or folder"))
    return [found[k] for k in sorted(found)], missing


def document_from_file(path: Path) -> DocumentGraph:
    """Read, clean and extract one file; raises IngestError with a clear message."""
    raw = read_file(path)
    text = clean(raw.text)
    if not text.strip():
        from ingest.errors import EmptyDocumentError

        raise EmptyDocumentError("no text left after removing page noise", str(path))
    doc = extract(text, str(path))
    doc.encoding = raw.encoding
    doc.check()
    return doc


def _prepare(path: Path) -> tuple[DocumentGraph | None, FileResult]:
    size = path.stat().st_size if path.exists() else 0
    try:
        doc = document_from_file(path)
    except IngestError as exc:
        return None, FileResult(str(path), "failed", message=str(exc.args[0] if exc.args else exc), bytes=size)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
        return None, FileResult(str(path), "failed", message=f"internal error: {type(exc).__name__}: {exc}", bytes=size)
    return doc, FileResult(str(path), "ingested", doc_id=doc.id, bytes=size)


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[FileResult], None] | None = None,
    batch_rows: int = 5000,
    force: bool = False,
) -> IngestReport:
    """Ingest every supported file under ``paths``; never raises for a bad file."""
    started = time.perf_counter()
    store.apply_schema()
    files, missing = expand_paths(paths)
    report = IngestReport(results=list(missing))
    if progress:
        for res in missing:
            progress(res)
    writer = GraphWriter(store, batch_rows=batch_rows, extractor_version=EXTRACTOR_VERSION)
    seen_ids: dict[str, str] = {}
    for chunk in _chunks(files, CHUNK):
        prepared = [_prepare(p) for p in chunk]
        ok = [(doc, res) for doc, res in prepared if doc is not None]
        by_source = writer.existing([doc.source for doc, _ in ok])
        present = _present(store, [doc.id for doc, _ in ok])
        for doc, res in prepared:
            if doc is None:
                report.results.append(res)
                if progress:
                    progress(res)
                continue
            if doc.id in seen_ids:
                res.status, res.message = "duplicate", f"same text as {seen_ids[doc.id]}"
            else:
                seen_ids[doc.id] = doc.source
                old = by_source.get(doc.source)
                same_version = present.get(doc.id) == EXTRACTOR_VERSION
                if same_version and not force:
                    res.status = "unchanged"
                else:
                    replaces = [old[0]] if old and old[0] != doc.id else []
                    if doc.id in present:
                        replaces.append(doc.id)
                    writer.add(doc, replaces=replaces)
                    res.status = "replaced" if replaces else "ingested"
            report.results.append(res)
            if progress:
                progress(res)
    writer.flush()
    report.seconds = time.perf_counter() - started
    return report


def _present(store: GraphStore, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    res = store.read(
        "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, coalesce(d.extractorVersion, '')", {"ids": ids}
    )
    return {row[0]: row[1] for row in res.rows}

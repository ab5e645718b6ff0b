"""The ingest pipeline: files in, whole documents written to the graph.

read → clean (normalise, strip page noise) → extract → check → resolve → batched write.
One broken file is reported and skipped; the rest of the run goes on.  A file
whose text is already in the graph (same document id, same extractor version)
is left alone, so the same input twice gives the same graph; a new version of
a file (same source, other text) replaces the old document's facts.  With a
:class:`~ingest.resolve.Resolver`, entity ids are mapped to their judged
canonical ids before writing, and documents already in the graph that a changed
judgement affects are re-written at the end of the run (:mod:`ingest.reconcile`).
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.model import DocumentGraph
from graph.profiles import refresh_all
from graph.store.base import GraphStore
from graph.writer import GraphWriter
from ingest.errors import EmptyDocumentError, ExtractionError, IngestError
from ingest.extract import EXTRACTOR_VERSION, extract, extractor_version
from ingest.extract.gazetteer import Gazetteer
from ingest.noise import clean
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.reconcile import Reconciliation, reconcile
from ingest.resolve import Resolver

T = TypeVar("T")

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
    resolution: Reconciliation | None = None

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
                supported = 0
                for sub in sorted(cand.rglob("*")):
                    if sub.suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    if sub.is_file():
                        supported += 1
                        found.setdefault(str(sub.resolve()), sub.resolve())
                    elif sub.is_symlink() and not sub.exists():
                        missing.append(FileResult(source_name(sub), "failed",
                                                  message="broken symbolic link (its target does not exist)"))
                if not supported and not glob.has_magic(text):
                    missing.append(FileResult(source_name(cand), "failed",
                                              message="no .txt or .html files in this folder"))
            elif cand.is_file():
                found.setdefault(str(cand.resolve()), cand.resolve())
            elif cand.exists() or cand.is_symlink():
                # a pipe, a device or a broken link named on the command line: the reader says which
                found.setdefault(str(cand.absolute()), cand.absolute())
            elif not glob.has_magic(text):
                missing.append(FileResult(source_name(text), "failed", message="no such file or folder"))
    return [found[k] for k in sorted(found)], missing


@dataclass
class CleanText:
    """A file read and cleaned, not yet extracted: enough to know its document id."""

    path: Path
    text: str
    encoding: str | None
    doc_id: str


def source_name(path: str | os.PathLike[str]) -> str:
    """The path as stored and printed: a file name that is not UTF-8 (GBK names unzipped on Linux) keeps its
    undecodable bytes as ``\\xNN`` escapes, since the database and the terminal take UTF-8 only (a raw
    surrogate escape there failed the whole batch write)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def clean_file(path: Path) -> CleanText:
    """Read and clean one file; raises IngestError with a clear message."""
    raw = read_file(path)
    text = clean(raw.text)
    if not text.strip():
        raise EmptyDocumentError("no text left after removing page noise", source_name(path))
    return CleanText(path, text, raw.encoding, DocumentGraph.document_id(text))


def extract_clean(item: CleanText, gazetteer: Gazetteer | None = None) -> DocumentGraph:
    doc = extract(item.text, source_name(item.path), gazetteer)
    doc.encoding = item.encoding
    doc.check()
    return doc


def document_from_file(path: Path, gazetteer: Gazetteer | None = None) -> DocumentGraph:
    """Read, clean and extract one file; raises IngestError with a clear message."""
    return extract_clean(clean_file(path), gazetteer)


def _guard(path: Path, size: int, step: Callable[[], T]) -> tuple[T | None, FileResult | None]:
    """Run one step for one file; a failure becomes that file's result, never an exception."""
    try:
        return step(), None
    except IngestError as exc:
        return None, FileResult(source_name(path), "failed", message=str(exc), bytes=size)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the run
        err = ExtractionError.wrapping(exc, source_name(path))
        return None, FileResult(source_name(path), "failed", message=str(err), bytes=size)


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[FileResult], None] | None = None,
    batch_rows: int = 5000,
    force: bool = False,
    gazetteer: Gazetteer | None = None,
    resolver: Resolver | None = None,
) -> IngestReport:
    """Ingest every supported file under ``paths``; never raises for a bad file.

    ``resolver`` applies the entity-resolution judgements to every document
    written, then re-writes the documents already in the graph that do not
    reflect them yet; without one, extracted ids are written as they are.
    """
    started = time.perf_counter()
    store.apply_schema()
    files, missing = expand_paths(paths)
    report = IngestReport(results=list(missing))
    if progress:
        for res in missing:
            progress(res)
    version = extractor_version(gazetteer)
    writer = GraphWriter(store, batch_rows=batch_rows, extractor_version=version)
    seen_ids: dict[str, str] = {}
    for chunk in _chunks(files, CHUNK):
        cleaned: list[tuple[Path, int, CleanText | None, FileResult | None]] = []
        for path in chunk:
            size = path.stat().st_size if path.is_file() else 0
            item, failure = _guard(path, size, lambda: clean_file(path))
            cleaned.append((path, size, item, failure))
        ok = [item for _, _, item, _ in cleaned if item is not None]
        by_source = writer.existing([source_name(item.path) for item in ok])
        present = _present(store, [item.doc_id for item in ok])
        for path, size, item, failure in cleaned:
            res = failure or _place(item, size, writer, by_source, present, seen_ids, force,  # type: ignore[arg-type]
                                    gazetteer, version, resolver)
            report.results.append(res)
            if progress:
                progress(res)
    writer.flush()
    if resolver is not None:
        report.resolution = reconcile(store, resolver, gazetteer)
    # the units' category profiles are kept by the writer; a replace refreshes them in a second write, so a run
    # killed between the two leaves them stale until this full rebuild (1.6 s at 10k notices) at the next run
    refresh_all(store)
    report.seconds = time.perf_counter() - started
    return report


def _place(item: CleanText, size: int, writer: GraphWriter, by_source: dict[str, tuple[str, str]],
           present: dict[str, str], seen_ids: dict[str, str], force: bool,
           gazetteer: Gazetteer | None = None, version: str = EXTRACTOR_VERSION,
           resolver: Resolver | None = None) -> FileResult:
    """Decide what one cleaned file means for the graph, extracting it only when it must be written."""
    res = FileResult(source_name(item.path), "ingested", doc_id=item.doc_id, bytes=size)
    if item.doc_id in seen_ids:
        res.status, res.message = "duplicate", f"same text as {seen_ids[item.doc_id]}"
        return res
    seen_ids[item.doc_id] = source_name(item.path)
    if present.get(item.doc_id) == version and not force:
        res.status = "unchanged"
        return res
    doc, failure = _guard(item.path, size, lambda: _resolved(extract_clean(item, gazetteer), resolver))
    if doc is None:
        del seen_ids[item.doc_id]
        return failure  # type: ignore[return-value]
    old = by_source.get(doc.source)
    replaces = [old[0]] if old and old[0] != doc.id else []
    if doc.id in present:
        replaces.append(doc.id)
    writer.add(doc, replaces=replaces)
    res.status = "replaced" if replaces else "ingested"
    return res


def _resolved(doc: DocumentGraph, resolver: Resolver | None) -> DocumentGraph:
    return resolver.apply(doc) if resolver is not None else doc


def _present(store: GraphStore, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    res = store.read(
        "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, coalesce(d.extractorVersion, '')", {"ids": ids}
    )
    return {row[0]: row[1] for row in res.rows}

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
import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from graph.locks import write_lock
from graph.model import DocumentGraph
from graph.profiles import refresh_all
from graph.store.base import GraphStore
from graph.writer import DocumentRows, GraphWriter, document_rows
from ingest.errors import EmptyDocumentError, ExtractionError, IngestError
from ingest.extract import EXTRACTOR_VERSION, extract, extractor_version
from ingest.extract.gazetteer import Gazetteer
from ingest.noise import clean
from ingest.readers import SUPPORTED_SUFFIXES, read_file
from ingest.reconcile import Reconciliation, reconcile
from ingest.resolve import Resolver

T = TypeVar("T")

#: Rows per write batch (one atomic statement each). Each statement has a cost of its own per clause that
#: grows with the graph (index upkeep of every label it creates nodes of: 10-15 ms a clause at 40k notices),
#: so larger batches hold the rate up: at 40k notices 20,000 rows (about 110 notices) ingested 1,000 more
#: notices at 56/s where 5,000 rows gave 36/s; at 50,000 rows the reads between batches waited too long.
BATCH_ROWS = 20_000
#: How many files are read and extracted before their existence is looked up in one query.
CHUNK = 256
#: The same with extraction workers, whose chunks are written while the next ones are extracted.
WORKER_CHUNK = 64


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
    doc = extract(item.text, source_name(item.path), gazetteer)  # checked there, once
    doc.encoding = item.encoding
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
    batch_rows: int = BATCH_ROWS,
    force: bool = False,
    gazetteer: Gazetteer | None = None,
    resolver: Resolver | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    workers: int | None = None,
    take_lock: bool = True,
) -> IngestReport:
    """Ingest every supported file under ``paths``; never raises for a bad file.

    ``resolver`` applies the entity-resolution judgements to every document
    written, then re-writes the documents already in the graph that do not
    reflect them yet; without one, extracted ids are written as they are.

    The run holds the graph's write lock (:mod:`graph.locks`): a second ingest
    of the same graph waits for it (``on_wait`` is told who holds it), or with
    ``wait=False`` raises :class:`graph.locks.WriteLocked`; ``take_lock=False``
    is for a caller that holds it already.

    ``workers`` processes extract documents while this one writes (default:
    :func:`default_workers`); the graph is the same whatever their number.
    """
    if not take_lock:  # the caller holds the graph's write lock already
        return _ingest_locked(store, paths, progress, batch_rows, force, gazetteer, resolver, workers)
    with write_lock(store, wait=wait, on_wait=on_wait, command="skg ingest"):
        return _ingest_locked(store, paths, progress, batch_rows, force, gazetteer, resolver, workers)


def _ingest_locked(
    store: GraphStore,
    paths: Iterable[str | os.PathLike[str]],
    progress: Callable[[FileResult], None] | None,
    batch_rows: int,
    force: bool,
    gazetteer: Gazetteer | None,
    resolver: Resolver | None,
    workers: int | None = None,
) -> IngestReport:
    started = time.perf_counter()
    store.apply_schema()
    files, missing = expand_paths(paths)
    workers = default_workers(len(files)) if workers is None else workers
    report = IngestReport(results=list(missing))
    if progress:
        for res in missing:
            progress(res)
    version = extractor_version(gazetteer)
    # batches are written by a thread of the writer while this one builds the next (the server works while
    # this process merges the rows the workers made)
    writer = GraphWriter(store, batch_rows=batch_rows, extractor_version=version, background=True)
    seen_ids: dict[str, str] = {}
    pending: list[tuple] = []
    # with workers, smaller chunks and two of them in flight: writes start early and the workers never wait
    chunk_size, ahead = (CHUNK, 0) if workers == 0 else (WORKER_CHUNK, 2)
    with writer, _Extractor(workers, gazetteer, resolver, version) as extractor:
        # the workers read and clean two chunks ahead of the one being decided, extracted and written
        chunks = _chunks(files, chunk_size)
        reading = deque(extractor.clean(chunk) for chunk in itertools.islice(chunks, 2))
        while reading:
            cleaned = reading.popleft().get()
            following = next(chunks, None)
            if following is not None:
                reading.append(extractor.clean(following))
            ok = [item for _, _, item, _ in cleaned if item is not None]
            by_source = writer.existing([source_name(item.path) for item in ok])
            present = _present(store, [item.doc_id for item in ok])
            decided: list[tuple[int, CleanText | None, FileResult | None]] = []
            todo: list[CleanText] = []
            for _path, size, item, failure in cleaned:
                res = failure or _decide(item, size, present, seen_ids, force, version)  # type: ignore[arg-type]
                decided.append((size, item, res))
                if res is None:
                    todo.append(item)  # type: ignore[arg-type]
            # the workers extract this chunk while the earlier ones' documents are written
            handle = extractor.submit(todo)
            pending.append((decided, handle, by_source, present))
            while len(pending) > ahead:
                _finish(*pending.pop(0), writer, seen_ids, report, progress)
        while pending:
            _finish(*pending.pop(0), writer, seen_ids, report, progress)
        writer.flush()
    if resolver is not None:
        report.resolution = reconcile(store, resolver, gazetteer)
    # the units' category profiles are kept by the writer; a replace refreshes them in a second write, so a run
    # killed between the two leaves them stale until this full rebuild (1.6 s at 10k notices) at the next run
    refresh_all(store)
    report.seconds = time.perf_counter() - started
    return report


def _decide(item: CleanText, size: int, present: dict[str, str], seen_ids: dict[str, str], force: bool,
            version: str) -> FileResult | None:
    """The result of a file that needs no extraction (a duplicate, or unchanged), else None."""
    if item.doc_id in seen_ids:
        return FileResult(source_name(item.path), "duplicate", doc_id=item.doc_id, bytes=size,
                          message=f"same text as {seen_ids[item.doc_id]}")
    seen_ids[item.doc_id] = source_name(item.path)
    if present.get(item.doc_id) == version and not force:
        return FileResult(source_name(item.path), "unchanged", doc_id=item.doc_id, bytes=size)
    return None


def _finish(decided: list[tuple[int, CleanText | None, FileResult | None]], handle: "_Pending[_Extracted]",
            by_source: dict[str, tuple[str, str]], present: dict[str, str], writer: GraphWriter,
            seen_ids: dict[str, str], report: IngestReport, progress: Callable[[FileResult], None] | None) -> None:
    """Write one chunk's extracted documents, in file order, and report every file of the chunk."""
    extracted = iter(handle.get())
    for size, item, res in decided:
        if res is None:
            doc, failure = next(extracted)
            res = _write(item, size, doc, failure, writer, by_source, present, seen_ids)  # type: ignore[arg-type]
        report.results.append(res)
        if progress:
            progress(res)


def _write(item: CleanText, size: int, doc: DocumentRows | None, failure: FileResult | None, writer: GraphWriter,
           by_source: dict[str, tuple[str, str]], present: dict[str, str], seen_ids: dict[str, str]) -> FileResult:
    if doc is None:
        del seen_ids[item.doc_id]
        return failure  # type: ignore[return-value]
    old = by_source.get(doc.source)
    replaces = [old[0]] if old and old[0] != doc.id else []
    if doc.id in present:
        replaces.append(doc.id)
    writer.add_rows(doc, replaces=replaces)
    return FileResult(source_name(item.path), "replaced" if replaces else "ingested", doc_id=item.doc_id, bytes=size)


#: A file read and cleaned: (path, size, the text or None, the failure or None).
_Cleaned = tuple[Path, int, CleanText | None, FileResult | None]
#: A document extracted, as the writer's rows, or its failure.
_Extracted = tuple[DocumentRows | None, FileResult | None]


def _clean_one(path: Path) -> _Cleaned:
    size = path.stat().st_size if path.is_file() else 0
    item, failure = _guard(path, size, lambda: clean_file(path))
    return path, size, item, failure


def _extract_one(item: CleanText, gazetteer: Gazetteer | None, resolver: Resolver | None,
                 version: str) -> _Extracted:
    """Extract, resolve and turn into rows (in a worker, so the writing process only merges them)."""
    size = item.path.stat().st_size if item.path.is_file() else 0
    return _guard(item.path, size,
                  lambda: document_rows(_resolved(extract_clean(item, gazetteer), resolver), version))


#: What a worker process extracts with: set once per worker by :func:`_init_worker` (inherited through fork).
_WORKER: dict[str, object] = {}


def _init_worker(gazetteer: Gazetteer | None, resolver: Resolver | None, version: str) -> None:
    _die_with_parent()
    _WORKER["gazetteer"], _WORKER["resolver"], _WORKER["version"] = gazetteer, resolver, version


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when the ingest that started it dies, so no orphan outlives a kill."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the worker ends when its task queue closes
        pass


def _extract_in_worker(item: CleanText) -> _Extracted:
    return _extract_one(item, _WORKER.get("gazetteer"), _WORKER.get("resolver"),  # type: ignore[arg-type]
                        str(_WORKER.get("version", "")))


class _Pending(Generic[T]):
    def __init__(self, get: Callable[[], list[T]]) -> None:
        self.get = get


#: How long the end of the extraction pool may take before its workers are killed instead.
_POOL_END_SECONDS = 15.0


class _Extractor:
    """Extraction of a chunk's documents: in this process, or by ``workers`` forked processes in the background."""

    def __init__(self, workers: int, gazetteer: Gazetteer | None, resolver: Resolver | None,
                 version: str) -> None:
        self.workers, self.gazetteer, self.resolver, self.version = workers, gazetteer, resolver, version
        self.pool = None

    def __enter__(self) -> "_Extractor":
        if self.workers > 0:
            import multiprocessing

            self.pool = multiprocessing.get_context("fork").Pool(
                self.workers, initializer=_init_worker, initargs=(self.gazetteer, self.resolver, self.version))
        return self

    def __exit__(self, *exc: object) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        # multiprocessing's terminate() can deadlock when a run is cut short with tasks still queued (its task
        # thread waits forever on the queue's lock; seen when the server was killed mid-ingest): give it a few
        # seconds, then kill the workers and leave the pool's daemon threads to end with this process
        import threading

        ending = threading.Thread(target=pool.terminate, name="pool-terminate", daemon=True)
        ending.start()
        ending.join(_POOL_END_SECONDS)
        if ending.is_alive():
            for proc in getattr(pool, "_pool", []):
                proc.kill()
            return
        pool.join()

    def clean(self, paths: list[Path]) -> _Pending[_Cleaned]:
        """Read and clean ``paths`` (in the background with workers)."""
        if self.pool is None or not paths:
            done = [_clean_one(path) for path in paths]
            return _Pending(lambda: done)
        async_result = self.pool.map_async(_clean_one, paths, chunksize=max(1, len(paths) // (2 * self.workers)))
        return _Pending(async_result.get)

    def submit(self, items: list[CleanText]) -> _Pending[_Extracted]:
        if self.pool is None or not items:
            return _Pending(lambda: [_extract_one(item, self.gazetteer, self.resolver, self.version)
                                     for item in items])
        async_result = self.pool.map_async(_extract_in_worker, items, chunksize=max(1, len(items) // (4 * self.workers)))
        return _Pending(async_result.get)


def default_workers(files: int) -> int:
    """Worker processes for an ingest of ``files`` files: none for a few, else one per core (at most 4).

    The writing process mostly waits on the database, so extraction can have every core.
    """
    if files < 64:
        return 0
    return max(1, min(4, (os.cpu_count() or 1)))


def _resolved(doc: DocumentGraph, resolver: Resolver | None) -> DocumentGraph:
    return resolver.apply(doc) if resolver is not None else doc


def _present(store: GraphStore, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    res = store.read(
        "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, coalesce(d.extractorVersion, '')", {"ids": ids}
    )
    return {row[0]: row[1] for row in res.rows}

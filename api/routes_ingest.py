"""Authenticated ingest: uploaded notices through the same pipeline as ``skg ingest``."""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile

from api.deps import SettingsDep, StoreDep, require_token
from api.models import IngestResponse
from api.problems import ApiProblem, responses
from ingest.pipeline import FileResult, ingest_paths
from ingest.readers import SUPPORTED_SUFFIXES

router = APIRouter(tags=["ingest"])

#: One ingest at a time per process: the pipeline decides replace/unchanged by reading the graph first.
_LOCK = threading.Lock()
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def _safe_name(raw: str | None) -> str:
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    name = _UNSAFE.sub("_", name).strip("._")
    return name[:150]


def _gazetteer(request: Request) -> Any:
    """The settings' gazetteer files and the national list, loaded once per process."""
    cached = getattr(request.app.state, "gazetteer", None)
    if cached is None:
        from ingest.extract import gazetteer

        try:
            cached = gazetteer.load(request.app.state.settings.gazetteer_files())
        except ValueError as exc:
            raise ApiProblem(503, f"cannot load the gazetteer: {exc}", "store unavailable") from None
        request.app.state.gazetteer = cached
    return cached


@router.post("/ingest", response_model=IngestResponse, responses=responses(401, 403, 413, 422, 503),
             dependencies=[Depends(require_token)])
def ingest(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="notices (.txt, .html); UTF-8, GBK/GB18030, Big5")],
) -> dict[str, Any]:
    """Ingest uploaded notices as ``skg ingest`` does (same pipeline, gazetteer and resolution judgements);
    needs ``Authorization: Bearer <SKG_API_TOKEN>``. One outcome per file: ingested, replaced (a file of this
    name was uploaded before with other text), unchanged, duplicate or failed (with the reason); a broken
    file does not stop the others. Files are kept under ``<SKG_DATA_DIR>/uploads/`` as their source."""
    from ingest.resolve import JudgementError, Resolver

    upload_dir = settings.data_dir / "uploads"
    upload_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[int, dict[str, Any]] = {}
    paths: dict[str, int] = {}
    for k, up in enumerate(files):
        shown = up.filename or f"file {k + 1}"
        name = _safe_name(up.filename)
        data = up.file.read(settings.upload_max_bytes + 1)
        fail = None
        if not name:
            fail = "the file has no usable name"
        elif Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            fail = f"unsupported file type {Path(name).suffix or '(none)'!r}: send {', '.join(sorted(SUPPORTED_SUFFIXES))}"
        elif len(data) > settings.upload_max_bytes:
            fail = f"larger than the limit of {settings.upload_max_bytes} bytes"
        elif str(upload_dir / name) in paths:
            fail = "a file of the same name is already in this upload"
        if fail:
            outcomes[k] = {"filename": shown, "status": "failed", "document": None, "message": fail, "bytes": len(data)}
            continue
        target = upload_dir / name
        paths[str(target)] = k
        outcomes[k] = {"filename": shown, "target": target, "data": data}
    try:
        resolver = Resolver.from_file(settings.resolutions_path())
    except JudgementError as exc:
        raise ApiProblem(503, f"cannot use the entity-resolution judgements: {exc}", "store unavailable") from None
    world = _gazetteer(request)
    seconds = 0.0
    with _LOCK:
        for out in outcomes.values():
            if "target" in out:
                out["target"].write_bytes(out["data"])
        if paths:
            report = ingest_paths(store, list(paths), gazetteer=world, resolver=resolver)
            seconds = report.seconds
            by_path: dict[str, FileResult] = {r.path: r for r in report.results}
            for path, k in paths.items():
                res = by_path.get(str(Path(path).resolve())) or by_path.get(path)
                out = outcomes[k]
                if res is None or res.status == "failed":
                    Path(path).unlink(missing_ok=True)  # keep only the files the graph holds
                outcomes[k] = {"filename": out["filename"],
                               "status": res.status if res else "failed",
                               "document": res.doc_id if res else None,
                               "message": res.message if res else "the pipeline did not report this file",
                               "bytes": res.bytes if res else len(out["data"])}
    results = [outcomes[k] for k in sorted(outcomes)]
    return {"results": results, "seconds": round(seconds, 3), "failed": sum(r["status"] == "failed" for r in results)}

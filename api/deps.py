"""What routes share: the store and settings of the app, opaque cursors, the write token."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Annotated, Any

from fastapi import Depends, Request

from api.problems import ApiProblem
from graph.model import LABEL_PREFIX
from graph.store import GraphStore
from skg.config import Settings

#: The labels an entity can have (every node but documents carries ``Entity`` besides one of these).
ENTITY_TYPES: tuple[str, ...] = tuple(label for label in LABEL_PREFIX if label != "Document")


async def get_store(request: Request) -> GraphStore:
    """The store opened by the app's lifespan (one per process, shared by requests). A coroutine, so that
    FastAPI resolves it on the event loop: a plain function dependency is run in a worker thread, one
    thread hand-off per request, even for async routes."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def entity_type(labels: list[str]) -> str:
    """The model label of a node (its labels less ``Entity``)."""
    for label in labels:
        if label in LABEL_PREFIX:
            return label
    return next((label for label in labels if label != "Entity"), "Entity")


def _fingerprint(scope: Any) -> str:
    raw = json.dumps(scope, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=4).hexdigest()


def encode_cursor(key: list[Any], scope: Any) -> str:
    """An opaque cursor: the last sort key of a page, tied to the query it belongs to."""
    raw = json.dumps({"k": key, "s": _fingerprint(scope)}, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, scope: Any, arity: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
        key = data["k"]
        if not isinstance(key, list) or len(key) != arity:
            raise ValueError("wrong key")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ApiProblem(400, "the cursor is not one this API gave out; start again without a cursor") from None
    if data.get("s") != _fingerprint(scope):
        raise ApiProblem(400, "the cursor belongs to another query (other q, type or filters); start again without one")
    return key


def require_token(request: Request) -> None:
    """Write endpoints: off without a configured token (403), else ``Authorization: Bearer <token>`` (401)."""
    settings: Settings = request.app.state.settings
    if not settings.api_token:
        raise ApiProblem(403, "write endpoints are off: the server has no API token configured (set SKG_API_TOKEN)",
                         "writes disabled")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiProblem(401, "this endpoint needs the header 'Authorization: Bearer <token>'",
                         headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.strip().encode("utf-8"), settings.api_token.encode("utf-8")):
        raise ApiProblem(401, "the API token is wrong", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

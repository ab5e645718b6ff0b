"""Errors as ``application/problem+json`` (RFC 9457): every error the API returns has this shape."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from cypher import QueryLibraryError
from graph.store import QueryError, QueryTimeout, ReadOnlyError, StoreError

PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "bad request",
    401: "unauthorized",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "payload too large",
    422: "invalid parameters",
    503: "store unavailable",
    504: "query timeout",
}


class Problem(BaseModel):
    """An error: ``status`` is the HTTP status, ``detail`` says what is wrong in words."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raised by a route to answer with a problem document."""

    def __init__(self, status: int, detail: str, title: str | None = None, headers: dict[str, str] | None = None,
                 errors: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or _TITLES.get(status, "error")
        self.headers = headers
        self.errors = errors


def problem(status: int, detail: str, title: str | None = None, headers: dict[str, str] | None = None,
            errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title or _TITLES.get(status, "error"),
                            "status": status, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem documents a route can answer with."""
    return {
        s: {"model": Problem, "description": _TITLES.get(s, "error"), "content": {PROBLEM_MEDIA_TYPE: {}}}
        for s in statuses
    }


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"query", "path", "body", "header"}:
        return f"{parts[0]} parameter {'.'.join(parts[1:]) or '(body)'}" if len(parts) > 1 else f"the {parts[0]}"
    return ".".join(parts)


def install(app: FastAPI) -> None:
    """Every error becomes a problem document: ours, the framework's (404, 405, 422) and the store's."""

    @app.exception_handler(ApiProblem)
    async def api_problem(_: Request, exc: ApiProblem) -> JSONResponse:
        return problem(exc.status, exc.detail, exc.title, exc.headers, exc.errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
        elif exc.status_code == 405 and detail == "Method Not Allowed":
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            errors.append({"where": _where(err.get("loc", ())), "message": str(err.get("msg", "")),
                           "input": _jsonable(err.get("input"))})
        detail = "; ".join(f"{e['where']}: {e['message']}" for e in errors) or "invalid request"
        return problem(422, detail, errors=errors)

    @app.exception_handler(ReadOnlyError)
    async def read_only(_: Request, exc: ReadOnlyError) -> JSONResponse:
        return problem(403, str(exc), "write refused")

    @app.exception_handler(QueryTimeout)
    async def timed_out(_: Request, exc: QueryTimeout) -> JSONResponse:
        return problem(504, str(exc), "query timeout")

    @app.exception_handler(QueryError)
    async def query_error(_: Request, exc: QueryError) -> JSONResponse:
        return problem(400, str(exc), "query error")

    @app.exception_handler(QueryLibraryError)
    async def library_error(_: Request, exc: QueryLibraryError) -> JSONResponse:
        return problem(400, str(exc), "bad parameters")

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        return problem(500, f"internal error ({type(exc).__name__}); the server log has the details", "internal error")

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return problem(503, str(exc), "store unavailable")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value if not isinstance(value, str) or len(value) <= 200 else value[:200] + "…"
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in list(value)[:20]]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in list(value.items())[:20]}
    return str(value)[:200]

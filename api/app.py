"""The HTTP API: linked entities for programs, named analyses and read-only Cypher for analysts.

Every read goes through the store's read path, which the engine itself holds to
read-only.  Errors are ``application/problem+json``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from cypher import QueryLibraryError, get_query, load_queries
from graph.store import GraphStore, QueryError, QueryTimeout, ReadOnlyError, StoreError, open_store
from skg.config import Settings


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
    )


class CypherRequest(BaseModel):
    query: str = Field(description="a read-only Cypher query")
    params: dict[str, Any] = Field(default_factory=dict)
    timeout_ms: int | None = Field(default=None, ge=1, le=120_000)


class QueryResponse(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False


def get_store(request: Request) -> GraphStore:
    """The store opened by the app's lifespan (one per process, shared by requests)."""
    return request.app.state.store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        try:
            yield
        finally:
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="supervision-kg",
        version="0.1.0",
        description="Knowledge graph of supervision relations from inspection notices (巡视巡察整改).",
        lifespan=lifespan,
    )

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _problem(exc.status_code, "error", str(exc.detail))

    @app.exception_handler(ReadOnlyError)
    async def read_only(_: Request, exc: ReadOnlyError) -> JSONResponse:
        return _problem(403, "write refused", str(exc))

    @app.exception_handler(QueryTimeout)
    async def timed_out(_: Request, exc: QueryTimeout) -> JSONResponse:
        return _problem(504, "query timeout", str(exc))

    @app.exception_handler(QueryError)
    async def query_error(_: Request, exc: QueryError) -> JSONResponse:
        return _problem(400, "query error", str(exc))

    @app.exception_handler(QueryLibraryError)
    async def library_error(_: Request, exc: QueryLibraryError) -> JSONResponse:
        return _problem(400, "bad parameters", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return _problem(503, "store unavailable", str(exc))

    @app.get("/health")
    def health(store: StoreDep) -> dict[str, Any]:
        store.read("RETURN 1")
        return {"status": "ok", "backend": store.name}

    @app.get("/stats")
    def stats(store: StoreDep) -> dict[str, dict[str, int]]:
        return store.counts()

    @app.get("/entities")
    def entities(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, description="name or alias fragment")],
        type: Annotated[str | None, Query(description="label filter, e.g. Organization")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> list[dict[str, Any]]:
        named = get_query("entity")
        return store.read(named.text_for(store.name), named.bind({"q": q, "label": type, "limit": limit})).records()

    @app.get("/entities/{entity_id}")
    def entity(store: StoreDep, entity_id: str) -> dict[str, Any]:
        res = store.read(
            "MATCH (n:Entity {id: $id}) OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(n) "
            "WITH n, d, m ORDER BY d.id, m.start "
            "RETURN n, collect({document: d.id, title: d.name, start: m.start, end: m.end, quote: m.quote}) AS mentions",
            {"id": entity_id},
        )
        if not res.rows:
            raise HTTPException(404, f"no entity with id {entity_id!r}")
        node, mentions = res.rows[0]
        return {
            "id": node["id"],
            "labels": [label for label in node["labels"] if label != "Entity"],
            "properties": node["properties"],
            "mentions": [m for m in mentions if m.get("document")],
        }

    @app.get("/entities/{entity_id}/neighbors")
    def neighbours(store: StoreDep, entity_id: str, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
        named = get_query("neighbours")
        return store.read(named.text_for(store.name), named.bind({"id": entity_id, "limit": limit})).records()

    @app.get("/analyses")
    def analyses() -> list[dict[str, Any]]:
        return [
            {
                "name": q.name,
                "description": q.description,
                "columns": list(q.columns),
                "params": [{"name": p.name, "type": p.type, "required": p.required, "doc": p.doc} for p in q.params],
            }
            for q in load_queries().values()
        ]

    @app.get("/analyses/{name}")
    def analysis(store: StoreDep, name: str, request: Request) -> QueryResponse:
        try:
            named = get_query(name)
        except QueryLibraryError as exc:
            raise HTTPException(404, str(exc)) from None
        bound = named.bind(dict(request.query_params))
        res = store.read(named.text_for(store.name), bound)
        return QueryResponse(columns=res.columns, rows=res.rows)

    @app.post("/cypher")
    def run_cypher(store: StoreDep, body: CypherRequest) -> QueryResponse:
        res = store.read(body.query, body.params, body.timeout_ms or settings.query_timeout_ms)
        truncated = len(res.rows) > settings.row_limit
        return QueryResponse(columns=res.columns, rows=res.rows[: settings.row_limit], truncated=truncated)

    from api.explorer import mount_explorer

    mount_explorer(app)  # last: the explorer at / must not shadow any API route
    return app

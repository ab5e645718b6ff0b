"""The HTTP API: linked entities for programs, named analyses and read-only Cypher for analysts.

Every read goes through the store's read path, which the engine itself holds to
read-only; the one write endpoint (``POST /ingest``) needs the configured API
token.  Errors are ``application/problem+json``.  Routes live in
``api/routes_*.py``; response shapes in ``api/models.py``.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import problems, routes_documents, routes_entities, routes_ingest, routes_query
from api.deps import StoreDep
from api.models import Health
from cypher import load_queries
from graph.store import GraphStore, open_store
from skg.config import Settings

def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings)
        # everything made at start-up (routes, models, the OpenAPI schema, the queries) lives as long as the
        # process: out of the collector's sight, so its full passes do not walk it between requests
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if store is None:
                await app.state.store.aclose()

    app = FastAPI(
        title="supervision-kg",
        version="0.1.0",
        description="Knowledge graph of supervision relations from inspection notices (巡视巡察整改). "
                    "Errors are application/problem+json; POST /ingest needs `Authorization: Bearer <token>`.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.queries = load_queries()
    problems.install(app)
    origins = settings.cors_origin_list()
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.get("/health", response_model=Health, tags=["service"], responses=problems.responses(503))
    def health(store: StoreDep) -> dict[str, Any]:
        store.read("RETURN 1")
        return {"status": "ok", "backend": store.name}

    @app.get("/stats", tags=["service"], responses=problems.responses(503))
    def stats(store: StoreDep) -> dict[str, dict[str, int]]:
        """Nodes by label and relationships by type."""
        return store.counts()

    app.include_router(routes_entities.router)
    app.include_router(routes_documents.router)
    app.include_router(routes_query.router)
    app.include_router(routes_ingest.router)

    from api.explorer import mount_explorer

    mount_explorer(app)  # last: the explorer at / must not shadow any API route
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory`` (``skg serve --workers N``): settings from the environment."""
    return create_app()

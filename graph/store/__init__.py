"""Graph stores: one interface (:class:`GraphStore`), two engines."""

from __future__ import annotations

from graph.store.base import GraphStore, QueryError, QueryResult, QueryTimeout, ReadOnlyError, StoreError

__all__ = ["GraphStore", "QueryError", "QueryResult", "QueryTimeout", "ReadOnlyError", "StoreError", "open_store"]


def open_store(settings=None, backend: str | None = None) -> GraphStore:  # type: ignore[no-untyped-def]
    """Open the store the settings choose: embedded FalkorDB unless Neo4j is configured."""
    from skg.config import Settings

    settings = settings or Settings()
    which = backend or settings.resolved_backend()
    if which == "neo4j":
        from graph.store.neo4j_store import Neo4jStore

        if not settings.neo4j_uri:
            raise StoreError("the Neo4j backend needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)")
        return Neo4jStore(
            settings.neo4j_uri,
            (settings.neo4j_user, settings.neo4j_password or ""),
            database=settings.neo4j_database,
            default_timeout_ms=settings.query_timeout_ms,
            connection_acquisition_timeout=settings.neo4j_acquisition_timeout,
        )
    if which == "falkordb":
        from graph.store.falkor import FalkorStore

        return FalkorStore.embedded(settings.data_dir, settings.graph, default_timeout_ms=settings.query_timeout_ms)
    raise StoreError(f"unknown backend {which!r}: use 'falkordb' or 'neo4j'")

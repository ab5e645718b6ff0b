"""Neo4j 5 store through the official driver (Bolt).

Reads run in managed READ transactions, so Neo4j itself refuses writes; every
transaction has a timeout.  Explicit transactions are used throughout: they
are also what FalkorDB's experimental Bolt endpoint routes consistently, which
lets the contract tests exercise this adapter without a Neo4j server.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import GraphDatabase, unit_of_work
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from graph.schema import INDEXES, UNIQUE_ID_LABELS
from graph.store.base import (
    GraphStore,
    QueryError,
    QueryResult,
    QueryTimeout,
    ReadOnlyError,
    StoreError,
    node_value,
    path_value,
    rel_value,
)


def _convert(value: Any) -> Any:
    if isinstance(value, Node):
        return node_value(list(value.labels), dict(value))
    if isinstance(value, Relationship):
        start = value.start_node.get("id") if value.start_node is not None else None
        end = value.end_node.get("id") if value.end_node is not None else None
        return rel_value(value.type, start, end, dict(value))
    if isinstance(value, Path):
        return path_value([_convert(n) for n in value.nodes], [_convert(r) for r in value.relationships])
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def _error(exc: Neo4jError) -> QueryError:
    code = exc.code or ""
    msg = exc.message or str(exc)
    if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "read-only" in msg.lower():
        return ReadOnlyError(
            "refused by the database: this query writes to the graph and was run read-only "
            "(use --write, or the authenticated ingest, to change the graph)"
        )
    if "TransactionTimedOut" in code or "Terminated" in code and "timeout" in msg.lower():
        return QueryTimeout(f"the query ran past its time limit and was stopped by the database ({msg})")
    if isinstance(exc, CypherSyntaxError) or "SyntaxError" in code:
        return QueryError(f"Cypher syntax error: {msg}")
    return QueryError(f"{code}: {msg}" if code else msg)


class Neo4jStore(GraphStore):
    name = "neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None = None,
                 default_timeout_ms: int = 30_000, **driver_config: Any):
        try:
            self._driver = GraphDatabase.driver(uri, auth=auth, **driver_config)
        except (ValueError, Neo4jError) as exc:
            raise StoreError(f"cannot open Neo4j at {uri}: {exc}") from exc
        self.database = database
        self.default_timeout_ms = default_timeout_ms

    def _run(self, mode: str, query: str, params: dict[str, Any] | None, timeout_ms: int | None) -> QueryResult:
        timeout = (timeout_ms or self.default_timeout_ms) / 1000.0

        @unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(query, params or {})
            columns = list(result.keys())
            rows = [[_convert(v) for v in rec.values()] for rec in result]
            counters = result.consume().counters
            stats = {
                "nodes_created": counters.nodes_created,
                "nodes_deleted": counters.nodes_deleted,
                "relationships_created": counters.relationships_created,
                "relationships_deleted": counters.relationships_deleted,
                "properties_set": counters.properties_set,
            }
            return QueryResult(columns, rows, stats)

        try:
            with self._driver.session(database=self.database) as session:
                if mode == "r":
                    return session.execute_read(work)
                return session.execute_write(work)
        except Neo4jError as exc:
            raise _error(exc) from None
        except ServiceUnavailable as exc:
            raise StoreError(f"Neo4j is not reachable ({exc})") from exc

    def read(self, query: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> QueryResult:
        return self._run("r", query, params, timeout_ms)

    def write(self, query: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> QueryResult:
        return self._run("w", query, params, timeout_ms)

    def apply_schema(self) -> None:
        try:
            self._apply_neo4j_schema()
        except QueryError:
            # Not Neo4j (no IF NOT EXISTS / constraints): an engine speaking Bolt with
            # FalkorDB's dialect. Create only the indexes it does not have yet.
            self._apply_plain_indexes()

    def _apply_neo4j_schema(self) -> None:
        for label in UNIQUE_ID_LABELS:
            self.write(f"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        for label, prop in INDEXES:
            self.write(f"CREATE INDEX IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")

    def _apply_plain_indexes(self) -> None:
        existing = {
            (row[0], prop)
            for row in self.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
            for prop in (row[1] or [])
        }
        wanted = [(label, "id") for label in UNIQUE_ID_LABELS] + list(INDEXES)
        for label, prop in wanted:
            if (label, prop) not in existing:
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                existing.add((label, prop))

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")

    def close(self) -> None:
        self._driver.close()


__all__ = ["Neo4jStore", "ClientError"]

"""FalkorDB store: the embedded default (unix socket) or any FalkorDB server.

Read-only work goes through ``GRAPH.RO_QUERY``, so the engine, not this code,
refuses a write.  Every query carries a timeout.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.asyncio import FalkorDB as AsyncFalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath

from graph import cypher_params
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

_ERR_CTX = re.compile(r"\s*errCtx:.*$", re.S)


def _convert(value: Any) -> Any:
    if isinstance(value, Node):
        return node_value(list(value.labels or []), value.properties)
    if isinstance(value, Edge):
        return rel_value(value.relation, value.src_node, value.dest_node, value.properties)
    if isinstance(value, FPath):
        nodes = [_convert(n) for n in value.nodes()]
        by_internal = {n.id: n.properties.get("id") for n in value.nodes()}
        rels = [
            rel_value(e.relation, by_internal.get(e.src_node), by_internal.get(e.dest_node), e.properties)
            for e in value.edges()
        ]
        return path_value(nodes, rels)
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def _error(exc: redis.ResponseError, query: str) -> QueryError:
    msg = str(exc)
    low = msg.lower()
    if "ro_query" in low and "read-only" in low:
        return ReadOnlyError(
            "refused by the database: this query writes to the graph and was run read-only "
            "(use --write, or the authenticated ingest, to change the graph)"
        )
    if "timed out" in low or "timeout" in low:
        return QueryTimeout(f"the query ran past its time limit and was stopped by the database ({msg})")
    if msg.startswith("errMsg:"):
        detail = _ERR_CTX.sub("", msg[len("errMsg:") :]).strip()
        pos = re.search(r"errCtxOffset:\s*(\d+)", msg)
        where = ""
        if pos:
            off = int(pos.group(1))
            where = f" near {query[max(0, off - 15):off + 15]!r}"
        return QueryError(f"Cypher syntax error: {detail}{where}")
    return QueryError(msg)


class FalkorStore(GraphStore):
    name = "falkordb"

    def __init__(self, db: FalkorDB, graph: str, default_timeout_ms: int = 30_000, data_dir: Path | None = None,
                 client_args: dict[str, Any] | None = None):
        self._db = db
        self.graph_name = graph
        self._graph = db.select_graph(graph)
        self.default_timeout_ms = default_timeout_ms
        self.data_dir = data_dir
        self._client_args = dict(client_args or {})
        #: the asyncio client of :meth:`aread`, made on first use in the event loop that uses it
        self._async: tuple[asyncio.AbstractEventLoop, AsyncFalkorDB, Any] | None = None

    @classmethod
    def embedded(cls, data_dir: Path, graph: str = "supervision", default_timeout_ms: int = 30_000) -> "FalkorStore":
        from graph.server import ensure_server

        info = ensure_server(Path(data_dir))
        return cls.connect(unix_socket_path=info.socket, graph=graph, default_timeout_ms=default_timeout_ms,
                           data_dir=Path(data_dir))

    @classmethod
    def connect(cls, graph: str = "supervision", default_timeout_ms: int = 30_000, data_dir: Path | None = None,
                **client_args: Any) -> "FalkorStore":
        try:
            db = FalkorDB(**client_args)
            db.connection.ping()
        except (redis.RedisError, OSError) as exc:
            raise StoreError(f"cannot reach FalkorDB ({exc})") from exc
        return cls(db, graph, default_timeout_ms, data_dir, client_args)

    @property
    def connection(self) -> redis.Redis:
        return self._db.connection

    def _result(self, res: Any) -> QueryResult:
        columns = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        rows = [[_convert(v) for v in row] for row in (res.result_set or [])]
        stats = {
            "nodes_created": res.nodes_created,
            "nodes_deleted": res.nodes_deleted,
            "relationships_created": res.relationships_created,
            "relationships_deleted": res.relationships_deleted,
            "properties_set": res.properties_set,
        }
        return QueryResult(columns, rows, stats)

    def _run(self, ro: bool, query: str, params: dict[str, Any] | None, timeout_ms: int | None) -> QueryResult:
        timeout = int(timeout_ms or self.default_timeout_ms)
        try:
            # the parameters go in FalkorDB's header, written by graph.cypher_params (compiled) not the client
            text = cypher_params.header(params) + query if params else query
            if ro:
                res = self._graph.ro_query(text, None, timeout=timeout)
            else:
                res = self._graph.query(text, None, timeout=timeout)
        except redis.ResponseError as exc:
            if ro and "empty key" in str(exc).lower() and self._create_empty_graph():
                return self._run(ro, query, params, timeout_ms)
            raise _error(exc, query) from None
        except (redis.ConnectionError, OSError) as exc:
            raise StoreError(f"lost the connection to FalkorDB ({exc})") from exc
        return self._result(res)

    def _async_graph(self) -> Any:
        """The asyncio client's graph: one client (and connection pool) per event loop, as redis-py's asyncio
        connections belong to the loop that opened them."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            try:
                db = AsyncFalkorDB(**self._client_args)
            except (redis.RedisError, OSError) as exc:
                raise StoreError(f"cannot reach FalkorDB ({exc})") from exc
            self._async = (loop, db, db.select_graph(self.graph_name))
        return self._async[2]

    async def aread(self, query: str, params: dict[str, Any] | None = None,
                    timeout_ms: int | None = None) -> QueryResult:
        """:meth:`read` on the event loop, through FalkorDB's asyncio client (no worker thread per query)."""
        timeout = int(timeout_ms or self.default_timeout_ms)
        try:
            text = cypher_params.header(params) + query if params else query
            res = await self._async_graph().ro_query(text, None, timeout=timeout)
        except redis.ResponseError as exc:
            if "empty key" in str(exc).lower() and self._create_empty_graph():
                return await self.aread(query, params, timeout_ms)
            raise _error(exc, query) from None
        except (redis.ConnectionError, OSError) as exc:
            raise StoreError(f"lost the connection to FalkorDB ({exc})") from exc
        return self._result(res)

    def _create_empty_graph(self) -> bool:
        """A read on a graph that does not exist yet reads an empty graph: create it (once)."""
        try:
            self._graph.query("RETURN 0")
        except redis.ResponseError:
            return False
        return True

    def read(self, query: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> QueryResult:
        return self._run(True, query, params, timeout_ms)

    def write(self, query: str, params: dict[str, Any] | None = None, timeout_ms: int | None = None) -> QueryResult:
        return self._run(False, query, params, timeout_ms)

    def apply_schema(self) -> None:
        existing = self._existing_indexes()
        for label in UNIQUE_ID_LABELS:
            if (label, "id") not in existing:
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.id)")
        for label, prop in INDEXES:
            if (label, prop) not in existing:
                self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        constrained = self._existing_constraints()
        for label in UNIQUE_ID_LABELS:
            if label not in constrained:
                try:
                    self.connection.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", "1", "id"
                    )
                except redis.ResponseError as exc:
                    if "already exists" not in str(exc):
                        raise QueryError(str(exc)) from None

    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            rows = self.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
        except QueryError:
            return set()
        return {(label, prop) for label, props in rows for prop in props}

    def _existing_constraints(self) -> set[str]:
        try:
            rows = self.read("CALL db.constraints() YIELD type, label, properties RETURN type, label, properties").rows
        except QueryError:
            return set()
        return {label for kind, label, props in rows if kind == "UNIQUE" and props == ["id"]}

    def clear(self) -> None:
        try:
            self._graph.delete()
        except redis.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise QueryError(str(exc)) from None
        self._graph = self._db.select_graph(self.graph_name)

    async def aclose(self) -> None:
        if self._async is not None and self._async[0] is asyncio.get_running_loop():
            try:
                await self._async[1].connection.aclose()
            except Exception:  # noqa: BLE001 - closing a dead connection is fine
                pass
        self._async = None
        self.close()

    def close(self) -> None:
        try:
            self._db.connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection is fine
            pass

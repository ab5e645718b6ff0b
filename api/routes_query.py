"""Named analyses (the query library of ``cypher/``) and ad-hoc read-only Cypher."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request

from api.deps import SettingsDep, StoreDep
from api.models import Analysis, AnalysisResponse, CypherRequest, QueryResponse
from api.problems import ApiProblem, responses
from graph.store import QueryError

router = APIRouter(tags=["queries"])


def _result(columns: list[str], rows: list[list[Any]], limit: int) -> dict[str, Any]:
    kept = rows[:limit]
    return {"columns": columns, "rows": kept, "records": [dict(zip(columns, r)) for r in kept],
            "truncated": len(rows) > limit}


@router.get("/analyses", response_model=list[Analysis])
def list_analyses(request: Request) -> list[dict[str, Any]]:
    """The named queries, their parameters (name, type, required, default) and result columns."""
    return [
        {
            "name": q.name,
            "description": q.description,
            "columns": list(q.columns),
            "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default, "doc": p.doc}
                       for p in q.params],
            "one_of": list(q.one_of),
        }
        for q in request.app.state.queries.values()
    ]


@router.get("/analyses/{name}", response_model=AnalysisResponse, responses=responses(400, 404, 422, 504))
def run_analysis(request: Request, store: StoreDep, settings: SettingsDep, name: str) -> dict[str, Any]:
    """Run one named query; its parameters are the query string (``?unit=青禾县``), checked against the
    query's header: an unknown parameter, a wrong type or a missing required one is a 400 saying which."""
    named = request.app.state.queries.get(name)
    if named is None:
        raise ApiProblem(404, f"no analysis {name!r}; known: {', '.join(sorted(request.app.state.queries))}")
    given: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        given[key] = values[-1] if len(values) == 1 else ",".join(values)
    bound = named.bind(given)
    res = store.read(named.text_for(store.name), bound)
    return {"name": name, "params": bound, **_result(res.columns, res.rows, settings.row_limit)}


@router.post("/cypher", response_model=QueryResponse, responses=responses(400, 403, 422, 504))
def run_cypher(store: StoreDep, settings: SettingsDep, body: CypherRequest) -> dict[str, Any]:
    """Ad-hoc Cypher, read-only: the database runs it as a read (FalkorDB ``GRAPH.RO_QUERY``, Neo4j READ
    access mode) and refuses any write (403). It is stopped after ``timeout_ms`` (at most the server's
    limit; 504) and at most ``limit`` rows come back (``truncated`` says when more were found). A query the
    engine cannot parse is a 400 whose ``detail`` is the engine's message."""
    timeout = min(body.timeout_ms or settings.query_timeout_ms, settings.query_timeout_ms)
    limit = min(body.limit or settings.row_limit, settings.row_limit)
    try:
        res = store.read(body.query, body.params, timeout)
    except QueryError as exc:
        if "missing parameters" in str(exc).lower():
            # the engine does not say which: name the $parameters of the text that were not given
            named = sorted(set(re.findall(r"\$(\w+)", body.query)) - set(body.params))
            raise QueryError(f"{exc}: {', '.join('$' + n for n in named) or '(see the query)'} not given in params") \
                from None
        raise
    except (ValueError, TypeError) as exc:  # the client could not pass a parameter value to the engine
        raise ApiProblem(400, f"a parameter cannot be passed to the database: {exc}", "bad parameters") from None
    return _result(res.columns, res.rows, limit)

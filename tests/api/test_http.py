"""Service endpoints and error documents over real HTTP (server: tests/api/conftest.py)."""

from __future__ import annotations

import httpx

from tests.api.conftest import Server

PROBLEM = "application/problem+json"


def is_problem(res: httpx.Response, status: int) -> dict:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith(PROBLEM), res.headers["content-type"]
    body = res.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_health_stats_and_openapi(api: httpx.Client) -> None:
    assert api.get("/health").json() == {"status": "ok", "backend": "falkordb"}
    stats = api.get("/stats").json()
    assert stats["nodes"]["Document"] == 23 and stats["relationships"]["MENTIONS"] > 0
    spec = api.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/health", "/entities", "/entities/{entity_id}", "/entities/{entity_id}/neighbors", "/paths",
            "/documents", "/documents/{doc_id}", "/analyses", "/analyses/{name}", "/cypher", "/ingest"} <= paths
    schemas = spec["components"]["schemas"]
    assert {"EntityPage", "EntityDetail", "Neighbourhood", "Paths", "DocumentPage", "DocumentDetail",
            "QueryResponse", "IngestResponse", "Problem"} <= set(schemas)
    assert set(schemas["EntityPage"]["properties"]) == {"items", "next_cursor"}
    assert "text/html" in api.get("/docs").headers["content-type"]


def test_unknown_routes_and_methods_are_problems(api: httpx.Client) -> None:
    body = is_problem(api.get("/no/such/thing"), 404)
    assert "/no/such/thing" in body["detail"]
    is_problem(api.delete("/entities"), 405)
    is_problem(api.get("/entities/org-0000000000000000"), 404)


def test_validation_errors_are_problems_that_name_the_parameter(api: httpx.Client) -> None:
    body = is_problem(api.get("/entities", params={"limit": "many"}), 422)
    assert "limit" in body["detail"] and body["errors"][0]["where"] == "query parameter limit"
    body = is_problem(api.get("/entities", params={"type": "Nothing"}), 422)
    assert "type" in body["detail"]
    body = is_problem(api.post("/cypher", json={"params": {}}), 422)
    assert "query" in body["detail"]
    is_problem(api.post("/cypher", content=b"not json", headers={"content-type": "application/json"}), 422)


def test_cors_is_closed_by_default(api: httpx.Client) -> None:
    res = api.get("/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in res.headers
    pre = api.options("/entities", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_opens_for_the_configured_origins(samples_server: Server, data_dir) -> None:
    from tests.api.conftest import start_server, stop

    proc, base = start_server(data_dir, samples_server.graph, {"SKG_CORS_ORIGINS": "http://ui.example:5173"})
    try:
        with httpx.Client(base_url=base, timeout=10) as c:
            ok = c.get("/health", headers={"Origin": "http://ui.example:5173"})
            assert ok.headers["access-control-allow-origin"] == "http://ui.example:5173"
            other = c.get("/health", headers={"Origin": "http://evil.example"})
            assert "access-control-allow-origin" not in other.headers
    finally:
        stop(proc)

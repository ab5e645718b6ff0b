"""Documents with their spans, named analyses and read-only Cypher over real HTTP."""

from __future__ import annotations

import re

import httpx

from tests.api.test_entities import cypher, one_id
from tests.api.test_http import is_problem


def test_documents_paginate_newest_first_to_the_end(api: httpx.Client) -> None:
    items, cursor = [], None
    while True:
        page = api.get("/documents", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        assert set(page) == {"items", "next_cursor"}
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    ids = [d["id"] for d in items]
    assert len(ids) == len(set(ids)) == 23
    assert set(ids) == {r[0] for r in cypher(api, "MATCH (d:Document) RETURN d.id")}
    for d in items:
        assert set(d) == {"id", "title", "publishedAt", "source", "chars"} and d["title"] and d["chars"] > 0
    dates = [d["publishedAt"] or "" for d in items]
    assert dates == sorted(dates, reverse=True)
    is_problem(api.get("/documents", params={"cursor": "garbage"}), 400)
    is_problem(api.get("/documents", params={"limit": 0}), 422)


def test_document_text_and_spans(api: httpx.Client) -> None:
    doc_id = cypher(api, "MATCH (d:Document) WHERE d.source ENDS WITH 's01_qinghe_county_2021_feedback.txt' "
                         "RETURN d.id")[0][0]
    doc = api.get(f"/documents/{doc_id}").json()
    assert {"id", "title", "publishedAt", "source", "chars", "text", "spans"} <= set(doc)
    assert doc["title"] == "市委第三巡察组向青禾县委反馈巡察情况" and doc["publishedAt"] == "2021-07-09"
    assert len(doc["text"]) == doc["chars"]
    mentions = cypher(api, "MATCH (:Document {id: $id})-[m:MENTIONS]->() WHERE m.start IS NOT NULL RETURN count(m)",
                      id=doc_id)[0][0]
    assert len(doc["spans"]) == mentions > 10
    for s in doc["spans"]:
        assert doc["text"][s["start"]:s["end"]] == s["quote"]
        assert set(s["entity"]) == {"id", "type", "name"}
    assert [(s["start"], s["end"]) for s in doc["spans"]] == sorted((s["start"], s["end"]) for s in doc["spans"])
    names = {s["entity"]["name"] for s in doc["spans"]}
    assert {"周承远", "青禾县委"} <= names
    is_problem(api.get("/documents/doc-0000000000000000"), 404)
    is_problem(api.get(f"/documents/{doc_id}", params={"format": "pdf"}), 422)


def test_document_as_html_marks_the_spans(api: httpx.Client) -> None:
    doc_id = api.get("/documents", params={"limit": 1}).json()["items"][0]["id"]
    doc = api.get(f"/documents/{doc_id}").json()
    res = api.get(f"/documents/{doc_id}", params={"format": "html"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    marks = re.findall(r'<mark data-entity="([^"]+)"[^>]*>([^<]*)</mark>', res.text)
    assert marks and all(e in {s["entity"]["id"] for s in doc["spans"]} for e, _ in marks)
    # the text is all there once the tags are taken out
    import html as h
    plain = h.unescape(re.sub(r"<[^>]+>", "", res.text.split("</h1>", 1)[1]))
    assert plain == doc["text"]


def test_analyses_list_and_run(api: httpx.Client) -> None:
    listed = {a["name"]: a for a in api.get("/analyses").json()}
    assert {"entity_search", "shortest_path", "accountability_chain", "unit_timeline"} <= set(listed)
    assert {"name": "q", "type": "string", "required": True} .items() <= listed["entity_search"]["params"][0].items()
    res = api.get("/analyses/unit_timeline", params={"unit": "青禾县委"}).json()
    assert set(res) == {"name", "params", "columns", "rows", "records", "truncated"}
    assert res["rows"] and res["records"][0] == dict(zip(res["columns"], res["rows"][0]))
    hit = api.get("/analyses/entity_search", params={"q": "青禾县委", "limit": "3"}).json()
    assert hit["params"]["limit"] == 3 and hit["records"][0]["name"] == "青禾县委"


def test_analysis_parameters_are_checked(api: httpx.Client) -> None:
    assert "no analysis 'nothing'" in is_problem(api.get("/analyses/nothing"), 404)["detail"]
    body = is_problem(api.get("/analyses/entity_search", params={"q": "县", "colour": "red"}), 400)
    assert "colour" in body["detail"] and "it takes: q, label, limit" in body["detail"]
    body = is_problem(api.get("/analyses/entity_search", params={"q": "县", "limit": "lots"}), 400)
    assert "'limit' must be a int" in body["detail"]
    body = is_problem(api.get("/analyses/entity_search"), 400)
    assert "needs the parameter 'q'" in body["detail"]
    body = is_problem(api.get("/analyses/accountability_chain"), 400)
    assert "one of the parameters" in body["detail"]


def test_cypher_columns_rows_records_limit_and_timeout(api: httpx.Client) -> None:
    res = api.post("/cypher", json={"query": "MATCH (p:Person) RETURN p.name AS name, p.id AS id ORDER BY id"}).json()
    assert res["columns"] == ["name", "id"] and res["records"][0] == {"name": res["rows"][0][0], "id": res["rows"][0][1]}
    assert res["truncated"] is False
    cut = api.post("/cypher", json={"query": "MATCH (p:Person) RETURN p.id", "limit": 3}).json()
    assert len(cut["rows"]) == 3 and cut["truncated"] is True
    node = api.post("/cypher", json={"query": "MATCH (o:Organization {name: $n}) RETURN o", "params": {"n": "青禾县委"}})
    assert node.json()["rows"][0][0]["properties"]["name"] == "青禾县委"
    slow = api.post("/cypher", json={"query": "MATCH (a), (b), (c), (d) RETURN count(*)", "timeout_ms": 50})
    assert "time limit" in is_problem(slow, 504)["detail"]
    is_problem(api.post("/cypher", json={"query": "RETURN 1", "timeout_ms": 0}), 422)
    assert api.get("/health").status_code == 200


def test_cypher_errors_carry_the_engine_message(api: httpx.Client) -> None:
    body = is_problem(api.post("/cypher", json={"query": "MATCH (n RETURN n"}), 400)
    assert "syntax" in body["detail"].lower() and "MATCH (n RETURN n" in body["detail"]
    body = is_problem(api.post("/cypher", json={"query": "RETURN $missing"}), 400)
    assert "$missing not given" in body["detail"]
    body = is_problem(api.post("/cypher", json={"query": "MATCH (n) RETURN nosuchfunction(n)"}), 400)
    assert "nosuchfunction" in body["detail"].lower()


def test_cypher_parameter_names_must_be_identifiers(api: httpx.Client) -> None:
    for bad in ["", "x y", "x=1 CREATE (n) //", "名字"]:
        body = is_problem(api.post("/cypher", json={"query": "RETURN 1", "params": {bad: 1}}), 422)
        assert "params" in body["detail"]
    ok = api.post("/cypher", json={"query": "RETURN $a_1 AS v", "params": {"a_1": {"k": [1, "二", None]}}})
    assert ok.json()["rows"] == [[{"k": [1, "二", None]}]]

"""Entities, neighbourhoods and paths over real HTTP, checked against the graph itself (Cypher)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Server
from tests.api.test_http import is_problem


def cypher(api: httpx.Client, query: str, **params) -> list[list]:
    res = api.post("/cypher", json={"query": query, "params": params})
    assert res.status_code == 200, res.text
    return res.json()["rows"]


def one_id(api: httpx.Client, label: str, name: str) -> str:
    rows = cypher(api, f"MATCH (n:{label} {{name: $name}}) RETURN n.id", name=name)
    assert len(rows) == 1, rows
    return rows[0][0]


def all_pages(api: httpx.Client, **params) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        res = api.get("/entities", params={**params, **({"cursor": cursor} if cursor else {})})
        assert res.status_code == 200, res.text
        page = res.json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= params.get("limit", 20)
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert pages < 1000


def test_search_shape_and_order(api: httpx.Client) -> None:
    page = api.get("/entities", params={"q": "青禾县委", "limit": 5}).json()
    first = page["items"][0]
    assert set(first) == {"id", "type", "name", "aliases"}
    assert first["name"] == "青禾县委" and first["type"] == "Organization"  # the exact match comes first
    names = [i["name"] for i in api.get("/entities", params={"q": "青禾", "limit": 200}).json()["items"]]
    assert "青禾县" in names and "青禾县委" in names
    # prefix matches before other matches, shorter names first within each
    ranks = [0 if n == "青禾" else 1 if n.startswith("青禾") else 2 for n in names]
    items = api.get("/entities", params={"q": "青禾", "limit": 200}).json()["items"]
    alias_prefix = [any(a.startswith("青禾") for a in i["aliases"]) for i in items]
    ranks = [min(r, 1) if ap else r for r, ap in zip(ranks, alias_prefix)]
    assert ranks == sorted(ranks)


def test_search_by_alias_and_type(api: httpx.Client) -> None:
    items = api.get("/entities", params={"q": "中共青禾县委"}).json()["items"]
    assert items[0]["name"] == "青禾县委" and "中共青禾县委" in items[0]["aliases"]
    persons = api.get("/entities", params={"q": "周承远", "type": "Person"}).json()["items"]
    assert [p["name"] for p in persons] == ["周承远"] and persons[0]["type"] == "Person"
    assert api.get("/entities", params={"q": "周承远", "type": "Organization"}).json()["items"] == []
    assert api.get("/entities", params={"q": "没有这个名字的机构"}).json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("q,label,limit", [("县", None, 7), ("", "Organization", 13), ("", "Person", 6), ("", None, 50)])
def test_pagination_reaches_the_end_without_duplicates_or_gaps(api: httpx.Client, q: str, label: str | None,
                                                              limit: int) -> None:
    params = {"q": q, "limit": limit, **({"type": label} if label else {})}
    items = all_pages(api, **params)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)), "no entity twice"
    where = f":{label}" if label else ":Entity"
    expected = cypher(api, f"MATCH (n{where}) WHERE n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) "
                           "WHERE a CONTAINS $q) RETURN n.id", q=q)
    assert set(ids) == {r[0] for r in expected}, "none missing"
    assert len(ids) > limit, "the query spans several pages"
    # the pages are the one unpaginated order cut into pieces
    whole = api.get("/entities", params={**params, "limit": 500}).json()["items"]
    if len(expected) <= 500:
        assert [i["id"] for i in whole] == ids


def test_a_page_exactly_as_long_as_the_rest_is_the_last(api: httpx.Client) -> None:
    n = len(cypher(api, "MATCH (n:Person) RETURN n.id"))
    assert n > 2
    first = api.get("/entities", params={"type": "Person", "limit": n - 2}).json()
    rest = api.get("/entities", params={"type": "Person", "limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert api.get("/entities", params={"type": "Person", "limit": n}).json()["next_cursor"] is None


def test_bad_cursors_are_refused(api: httpx.Client) -> None:
    cursor = api.get("/entities", params={"q": "县", "limit": 2}).json()["next_cursor"]
    assert cursor
    body = is_problem(api.get("/entities", params={"q": "镇", "limit": 2, "cursor": cursor}), 400)
    assert "another query" in body["detail"]
    is_problem(api.get("/entities", params={"q": "县", "cursor": "not-a-cursor"}), 400)
    is_problem(api.get("/entities", params={"q": "县", "cursor": "eyJrIjpbMSwyXX0"}), 400)


def test_person_detail_with_posts_and_mentions(api: httpx.Client) -> None:
    pid = one_id(api, "Person", "周承远")
    detail = api.get(f"/entities/{pid}").json()
    assert {"id", "type", "labels", "name", "properties", "aliases", "posts", "mentions"} <= set(detail)
    assert detail["type"] == "Person" and detail["labels"] == ["Person"] and detail["name"] == "周承远"
    assert {"title": "县委书记", "organization": {"id": one_id(api, "Organization", "青禾县委"), "name": "青禾县委"}} \
        in detail["posts"]
    assert detail["mentions"] and detail["mentions_total"] == len(detail["mentions"])
    texts: dict[str, str] = {}
    for m in detail["mentions"]:
        assert set(m) == {"document", "title", "start", "end", "quote"} and m["title"]
        if m["document"] not in texts:
            texts[m["document"]] = api.get(f"/documents/{m['document']}").json()["text"]
        assert texts[m["document"]][m["start"]:m["end"]] == m["quote"]


def test_organisation_detail_lists_its_officials(api: httpx.Client) -> None:
    oid = one_id(api, "Organization", "青禾县委")
    detail = api.get(f"/entities/{oid}", params={"mentions_limit": 3}).json()
    assert detail["type"] == "Organization" and "中共青禾县委" in detail["aliases"]
    officials = {(o["person"]["name"], o["title"]) for o in detail["officials"]}
    assert ("周承远", "县委书记") in officials
    assert len(detail["mentions"]) == 3 and detail["mentions_total"] > 3
    is_problem(api.get(f"/entities/{oid}", params={"mentions_limit": -1}), 422)


def test_mention_pages_reach_every_mention_once_in_order(api: httpx.Client) -> None:
    oid = one_id(api, "Organization", "青禾县委")
    whole = api.get(f"/entities/{oid}", params={"mentions_limit": 5000}).json()
    assert whole["mentions_next_cursor"] is None and len(whole["mentions"]) == whole["mentions_total"] > 3
    want = [(m["document"], m["start"], m["end"]) for m in whole["mentions"]]
    assert len(set(want)) == len(want)
    dated = dict(cypher(api, "MATCH (d:Document) RETURN d.id, d.publishedAt"))
    keys = [(dated[d] or "", d, s, e) for d, s, e in want]
    assert keys == sorted(keys, key=lambda k: (tuple(-ord(c) for c in k[0]), *k[1:]))  # newest first
    got, cursor, pages = [], None, 0
    while True:
        res = api.get(f"/entities/{oid}", params={"mentions_limit": 2, **({"mentions_cursor": cursor} if cursor else {})})
        assert res.status_code == 200, res.text
        page = res.json()
        assert len(page["mentions"]) <= 2 and page["mentions_total"] == whole["mentions_total"]
        assert page["officials"] == whole["officials"] and page["properties"] == whole["properties"]
        got += [(m["document"], m["start"], m["end"]) for m in page["mentions"]]
        pages += 1
        cursor = page["mentions_next_cursor"]
        if cursor is None:
            break
    assert got == want and pages == (len(want) + 1) // 2
    other = one_id(api, "Person", "周承远")
    body = is_problem(api.get(f"/entities/{other}", params={"mentions_cursor": whole_cursor(api, oid)}), 400)
    assert "another query" in body["detail"]
    is_problem(api.get(f"/entities/{oid}", params={"mentions_cursor": "not-a-cursor"}), 400)


def whole_cursor(api: httpx.Client, entity_id: str) -> str:
    cursor = api.get(f"/entities/{entity_id}", params={"mentions_limit": 1}).json()["mentions_next_cursor"]
    assert cursor
    return cursor


def test_documents_are_not_entities(api: httpx.Client) -> None:
    doc = api.get("/documents", params={"limit": 1}).json()["items"][0]["id"]
    is_problem(api.get(f"/entities/{doc}"), 404)


def _check_graph(res: dict, start: str) -> None:
    ids = [n["id"] for n in res["nodes"]]
    assert len(ids) == len(set(ids)) and start in ids
    for n in res["nodes"]:
        assert {"id", "type", "name"} <= set(n)
    edge_ids = [e["id"] for e in res["edges"]]
    assert len(edge_ids) == len(set(edge_ids))
    for e in res["edges"]:
        assert set(e) == {"id", "source", "target", "type", "properties"}
        assert e["source"] in ids and e["target"] in ids and e["type"] != "MENTIONS"


def test_neighbours_depth_one_match_the_graph(api: httpx.Client) -> None:
    oid = one_id(api, "Organization", "禾丰镇党委")
    res = api.get(f"/entities/{oid}/neighbors", params={"limit": 1000}).json()
    _check_graph(res, oid)
    assert res["truncated"] is False
    expected = cypher(api, "MATCH (n:Entity {id: $id})-[r]-(m:Entity) RETURN DISTINCT m.id", id=oid)
    assert {n["id"] for n in res["nodes"]} - {oid} == {r[0] for r in expected}
    assert all(oid in (e["source"], e["target"]) for e in res["edges"])
    # directions are the graph's: HOLDS_POST goes from the person to the organisation
    posts = [e for e in res["edges"] if e["type"] == "HOLDS_POST"]
    assert posts and all(e["target"] == oid for e in posts)
    # edge ids are stable across calls
    again = api.get(f"/entities/{oid}/neighbors", params={"limit": 1000}).json()
    assert [e["id"] for e in again["edges"]] == [e["id"] for e in res["edges"]]


def test_neighbours_depth_two_types_and_limit(api: httpx.Client) -> None:
    oid = one_id(api, "Organization", "禾丰镇党委")
    one = api.get(f"/entities/{oid}/neighbors", params={"depth": 1, "limit": 2000}).json()
    two = api.get(f"/entities/{oid}/neighbors", params={"depth": 2, "limit": 2000}).json()
    _check_graph(two, oid)
    expected = cypher(api, "MATCH (n:Entity {id: $id})-[*1..2]-(m:Entity) WHERE m <> n RETURN DISTINCT m.id", id=oid)
    # the walk leaves documents (not entities) out, so every node is within two fact steps
    assert {n["id"] for n in two["nodes"]} - {oid} <= {r[0] for r in expected}
    assert {n["id"] for n in one["nodes"]} < {n["id"] for n in two["nodes"]}
    persons = api.get(f"/entities/{oid}/neighbors", params={"depth": 2, "types": "Person,Inspection"}).json()
    _check_graph(persons, oid)
    assert {n["type"] for n in persons["nodes"] if n["id"] != oid} <= {"Person", "Inspection"}
    small = api.get(f"/entities/{oid}/neighbors", params={"depth": 2, "limit": 5}).json()
    _check_graph(small, oid)
    assert len(small["nodes"]) == 5 and small["truncated"] is True
    is_problem(api.get(f"/entities/{oid}/neighbors", params={"depth": 4}), 422)
    is_problem(api.get(f"/entities/{oid}/neighbors", params={"types": "Person,Nonsense"}), 422)
    is_problem(api.get("/entities/per-0000000000000000/neighbors"), 404)


def test_path_between_two_known_entities(api: httpx.Client) -> None:
    person = one_id(api, "Person", "周承远")
    town = one_id(api, "Organization", "禾丰镇党委")
    res = api.get("/paths", params={"from": person, "to": town}).json()
    assert len(res["paths"]) == 1
    path = res["paths"][0]
    ids = [n["id"] for n in path["nodes"]]
    assert ids[0] == person and ids[-1] == town and len(path["edges"]) == len(ids) - 1
    for k, e in enumerate(path["edges"]):  # each edge joins consecutive nodes, in the graph's direction
        assert {e["source"], e["target"]} == {ids[k], ids[k + 1]}
        assert cypher(api, f"MATCH (a {{id: $s}})-[r:{e['type']}]->(b {{id: $t}}) RETURN count(r)",
                      s=e["source"], t=e["target"]) == [[1]] or e["type"] in {"HOLDS_POST", "RESPONSIBLE_FOR"}
    hops = len(path["edges"])
    assert api.get("/paths", params={"from": person, "to": town, "max": hops}).json()["paths"]
    if hops > 1:
        assert api.get("/paths", params={"from": person, "to": town, "max": hops - 1}).json() == {"paths": []}
    same = api.get("/paths", params={"from": person, "to": person}).json()
    assert [n["id"] for n in same["paths"][0]["nodes"]] == [person] and same["paths"][0]["edges"] == []


def test_path_errors(api: httpx.Client) -> None:
    person = one_id(api, "Person", "周承远")
    body = is_problem(api.get("/paths", params={"from": person, "to": "org-0000000000000000"}), 404)
    assert "org-0000000000000000" in body["detail"]
    is_problem(api.get("/paths", params={"from": person}), 422)
    is_problem(api.get("/paths", params={"from": person, "to": person, "max": 7}), 422)
    is_problem(api.get("/paths", params={"from": person, "to": person, "via": "MENTIONS"}), 422)


def test_no_path_is_an_empty_list(samples_server: Server, api: httpx.Client) -> None:
    # a category is reachable only through OF_CATEGORY, which the default path leaves out
    cat = cypher(api, "MATCH (c:ProblemCategory) RETURN c.id ORDER BY c.id LIMIT 1")[0][0]
    person = one_id(api, "Person", "周承远")
    assert api.get("/paths", params={"from": person, "to": cat}).json() == {"paths": []}
    via = "HOLDS_POST,IN,OF_CATEGORY,FOUND,TARGETED,DEPLOYED,CONDUCTED,PART_OF,ADDRESSES,TOOK"
    assert api.get("/paths", params={"from": person, "to": cat, "via": via}).json()["paths"]

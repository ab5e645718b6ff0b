"""Entities: search, one entity with its provenance, its neighbourhood, paths between two."""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import ENTITY_TYPES, StoreDep, decode_cursor, encode_cursor, entity_type
from api.models import EntityDetail, EntityPage, GraphEdge, GraphNode, Neighbourhood, Paths
from api.problems import ApiProblem, responses
from graph.model import RELATIONSHIPS
from graph.schema import REL_MERGE_KEYS
from graph.store import GraphStore

router = APIRouter(tags=["entities"])

EntityType = Enum("EntityType", {t: t for t in ENTITY_TYPES}, type=str)  # type: ignore[misc]

#: Relationship types a neighbourhood or path may walk (every fact; MENTIONS is provenance, not a fact).
FACT_TYPES: tuple[str, ...] = tuple(sorted({rel for _, rel, _ in RELATIONSHIPS}))

#: The search order is (rank, length of the name, id): rank 0 an exact name or alias, 1 a prefix, 2 elsewhere.
SEARCH = """
MATCH (n:{label})
WHERE n.name CONTAINS $q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $q)
WITH n,
     CASE WHEN n.name = $q OR $q IN coalesce(n.aliases, []) THEN 0
          WHEN n.name STARTS WITH $q OR any(a IN coalesce(n.aliases, []) WHERE a STARTS WITH $q) THEN 1
          ELSE 2 END AS rank,
     size(coalesce(n.name, '')) AS len
WHERE NOT $after OR rank > $r OR (rank = $r AND (len > $l OR (len = $l AND n.id > $i)))
RETURN n.id AS id, labels(n) AS labels, n.name AS name, coalesce(n.aliases, []) AS aliases, rank, len
ORDER BY rank, len, id
LIMIT $limit
"""

#: One round trip for the whole entity: posts and officials as pattern comprehensions (no aggregation stage
#: each), values as lists rather than maps (fewer values for the client to decode), and one page of the
#: mentions, newest documents first. The page starts after the cursor's key (publishedAt, document id, start,
#: end; a null publishedAt sorts first, as ORDER BY … DESC puts it); ``total`` counts every mention.
DETAIL = """
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(n)
WHERE m.start IS NOT NULL
WITH n, d, m
ORDER BY d.publishedAt DESC, d.id, m.start, m.end
WITH n, collect(CASE WHEN m IS NULL THEN NULL
                ELSE [d.id, coalesce(d.title, d.name), m.start, m.end, m.quote, d.publishedAt] END) AS mentions
RETURN n,
       [(n)-[h:HOLDS_POST]->(o) | [h.title, o.id, o.name]] AS posts,
       [(p:Person)-[h2:HOLDS_POST]->(n) | [h2.title, p.id, p.name]] AS officials,
       [x IN mentions WHERE NOT $after
          OR (CASE WHEN $p IS NULL
              THEN x[5] IS NOT NULL OR x[0] > $d OR (x[0] = $d AND (x[2] > $s OR (x[2] = $s AND x[3] > $e)))
              ELSE x[5] IS NOT NULL AND (x[5] < $p OR (x[5] = $p AND (x[0] > $d
                   OR (x[0] = $d AND (x[2] > $s OR (x[2] = $s AND x[3] > $e))))))
              END)][0..$limit + 1] AS page,
       size(mentions) AS total
"""


def detail_params(entity_id: str, limit: int, after: list[Any] | None = None) -> dict[str, Any]:
    """The parameters of :data:`DETAIL`: ``after`` is the key of the last mention of the previous page."""
    p, d, s, e = after if after else (None, "", 0, 0)
    return {"id": entity_id, "limit": limit, "after": after is not None, "p": p, "d": d, "s": s, "e": e}


STEP = """
UNWIND $ids AS id
MATCH (a:Entity {{id: id}})-[r]-(b:Entity)
WHERE type(r) IN $rels {type_filter}
RETURN a.id AS a, startNode(r).id AS s, type(r) AS t, properties(r) AS rp,
       b.id AS b, labels(b) AS bl, b.name AS bn, properties(b) AS bp
ORDER BY a, t, b
LIMIT $cap
"""

#: The entity and its first step in one round trip (an entity without facts gives one row and no steps).
FIRST_STEP = """
MATCH (a:Entity {{id: $id}})
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $rels {type_filter}
WITH a, r, b
ORDER BY type(r), b.id
LIMIT $cap
RETURN a.id, labels(a), a.name, properties(a),
       collect(CASE WHEN r IS NULL THEN NULL
               ELSE [a.id, startNode(r).id, type(r), properties(r), b.id, labels(b), b.name, properties(b)] END)
"""

STEP_EDGES = """
UNWIND $steps AS st
MATCH (a:Entity {id: st.a})-[r]-(b:Entity {id: st.b})
WHERE type(r) = st.t
RETURN st.i AS i, startNode(r).id AS s, endNode(r).id AS e, type(r) AS t, properties(r) AS rp
ORDER BY i
"""

NODES = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, labels(n), n.name, properties(n)"


def edge_id(source: str, rel_type: str, target: str, props: dict[str, Any]) -> str:
    """A stable edge id: the same relationship always gets the same one (HOLDS_POST and RESPONSIBLE_FOR
    include their title or role, as the graph keeps one relationship per title or role)."""
    key = REL_MERGE_KEYS.get(rel_type)
    raw = "\x1f".join([source, rel_type, target, str(props.get(key, "")) if key else ""])
    return "e-" + hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()


def node_json(node_id: str, labels: list[str], name: Any, props: dict[str, Any] | None) -> dict[str, Any]:
    properties = {k: v for k, v in (props or {}).items() if k not in {"id", "name"}}
    return {"id": node_id, "type": entity_type(labels), "name": name, "properties": properties}


def edge_json(source: str, rel_type: str, target: str, props: dict[str, Any] | None) -> dict[str, Any]:
    props = props or {}
    return {"id": edge_id(source, rel_type, target, props), "source": source, "target": target,
            "type": rel_type, "properties": props}


def _labels(types: str | None) -> list[str] | None:
    if types is None or not types.strip():
        return None
    wanted = [t.strip() for t in types.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in ENTITY_TYPES]
    if unknown:
        raise ApiProblem(422, f"unknown type {', '.join(map(repr, unknown))} in types; known: {', '.join(ENTITY_TYPES)}",
                         errors=[{"where": "query parameter types", "message": "unknown type", "input": types}])
    return wanted


@router.get("/entities", response_model=EntityPage, responses=responses(400, 422))
def search_entities(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="text in the name or an alias (substring); empty: all")] = "",
    type: Annotated[EntityType | None, Query(description="only entities with this label")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    """Entities by name or alias: exact matches first, then prefixes, then other matches; shorter names first,
    then by id. Pages are stable: a cursor holds the last sort key, so nothing is skipped or repeated."""
    label = type.value if type is not None else "Entity"
    scope = ["entities", q, label]
    after = decode_cursor(cursor, scope, 3)
    r, ln, i = after if after else (0, 0, "")
    if not (isinstance(r, int) and isinstance(ln, int) and isinstance(i, str)):
        raise ApiProblem(400, "the cursor is not one this API gave out; start again without a cursor")
    res = store.read(SEARCH.format(label=label),
                     {"q": q, "after": after is not None, "r": r, "l": ln, "i": i, "limit": limit + 1})
    rows = res.rows
    items = [{"id": row[0], "type": entity_type(row[1]), "name": row[2] or "", "aliases": row[3] or []}
             for row in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1][4], rows[limit - 1][5], rows[limit - 1][0]], scope) if len(rows) > limit else None
    return {"items": items, "next_cursor": nxt}


@router.get("/entities/{entity_id}", response_model=EntityDetail, responses=responses(400, 404, 422))
async def get_entity(
    store: StoreDep,
    entity_id: str,
    mentions_limit: Annotated[int, Query(ge=0, le=5000, description="at most this many mentions (one page)")] = 200,
    mentions_cursor: Annotated[str | None, Query(max_length=2000,
                                                 description="mentions_next_cursor of the previous response: "
                                                             "the next page of mentions")] = None,
) -> dict[str, Any]:
    """One entity: its properties, aliases, posts (persons) or officials (organisations), and the mentions
    that support it (document, offsets and the quoted text), newest documents first. Mentions come in pages
    of ``mentions_limit``; ``mentions_next_cursor`` gives the next page (as ``mentions_cursor``), so every
    mention can be reached."""
    scope = ["mentions", entity_id]
    after = decode_cursor(mentions_cursor, scope, 4)
    if after and not ((after[0] is None or isinstance(after[0], str)) and isinstance(after[1], str)
                      and isinstance(after[2], int) and isinstance(after[3], int)):
        raise ApiProblem(400, "the cursor is not one this API gave out; start again without a cursor")
    res = await store.aread(DETAIL, detail_params(entity_id, mentions_limit, after))
    if not res.rows:
        raise ApiProblem(404, f"no entity with id {entity_id!r}")
    node, posts, officials, page, total = res.rows[0]
    props = dict(node["properties"])
    labels = [label for label in node["labels"] if label != "Entity"]
    mentions = [{"document": m[0], "title": m[1], "start": m[2], "end": m[3], "quote": m[4]}
                for m in page[:mentions_limit]]
    nxt = None
    if mentions_limit and len(page) > mentions_limit:
        last = page[mentions_limit - 1]
        nxt = encode_cursor([last[5], last[0], last[2], last[3]], scope)
    return {
        "id": node["id"],
        "type": entity_type(node["labels"]),
        "labels": labels,
        "name": props.get("name"),
        "properties": props,
        "aliases": props.get("aliases") or [],
        "posts": sorted(({"title": t, "organization": {"id": i, "name": n}} for t, i, n in posts),
                        key=lambda p: (p["organization"]["id"], p["title"] or "")),
        "officials": sorted(({"title": t, "person": {"id": i, "name": n}} for t, i, n in officials),
                            key=lambda p: (p["person"]["id"], p["title"] or "")),
        "mentions": mentions,
        "mentions_total": total,
        "mentions_next_cursor": nxt,
    }


def _exists(store: GraphStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {row[0]: node_json(row[0], row[1], row[2], row[3]) for row in store.read(NODES, {"ids": ids}).rows}


@router.get("/entities/{entity_id}/neighbors", response_model=Neighbourhood, responses=responses(404, 422))
async def neighbours(
    store: StoreDep,
    entity_id: str,
    depth: Annotated[int, Query(ge=1, le=3, description="how many steps from the entity")] = 1,
    types: Annotated[str | None, Query(max_length=500,
                                       description="comma-separated labels: only nodes of these types are "
                                                   "walked through and returned (the entity itself always is)")] = None,
    limit: Annotated[int, Query(ge=1, le=2000, description="at most this many nodes")] = 100,
) -> dict[str, Any]:
    """The entity and the nodes within ``depth`` steps over facts (documents and mentions left out), as
    nodes and edges that Cytoscape.js draws as they are. Walked breadth-first, deterministic order; when
    ``limit`` cuts the walk short, ``truncated`` is true."""
    wanted = _labels(types)
    type_filter = "AND any(l IN labels(b) WHERE l IN $types)" if wanted else ""
    cap = max(limit * 4, 200)
    params: dict[str, Any] = {"rels": list(FACT_TYPES), "types": wanted or [], "cap": cap}
    first = (await store.aread(FIRST_STEP.format(type_filter=type_filter), {**params, "id": entity_id})).rows
    if not first:
        raise ApiProblem(404, f"no entity with id {entity_id!r}")
    a_id, a_labels, a_name, a_props, rows = first[0]
    nodes: dict[str, dict[str, Any]] = {a_id: node_json(a_id, a_labels, a_name, a_props)}
    edges: dict[str, dict[str, Any]] = {}
    truncated = False
    frontier: list[str] = []
    query = STEP.format(type_filter=type_filter)
    for step in range(depth):
        if step:
            if not frontier:
                break
            rows = (await store.aread(query, {**params, "ids": frontier})).rows
        if len(rows) >= cap:
            truncated = True
        nxt: list[str] = []
        for a, s, t, rp, b, bl, bn, bp in rows:
            if b not in nodes:
                if len(nodes) >= limit:
                    truncated = True
                    continue
                nodes[b] = node_json(b, bl, bn, bp)
                nxt.append(b)
            src, dst = (a, b) if s == a else (b, a)
            e = edge_json(src, t, dst, rp)
            edges.setdefault(e["id"], e)
        frontier = nxt
    return {"nodes": list(nodes.values()), "edges": list(edges.values()), "truncated": truncated}


@router.get("/paths", response_model=Paths, responses=responses(400, 404, 422))
def paths(
    request: Request,
    store: StoreDep,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=200, description="id of the first entity")],
    to: Annotated[str, Query(min_length=1, max_length=200, description="id of the second entity")],
    max: Annotated[int, Query(ge=1, le=6, description="at most this many relationships")] = 6,
    via: Annotated[str | None, Query(max_length=500,
                                     description="comma-separated relationship types a path may use (default: "
                                                 "facts other than categories and regulations, see the "
                                                 "shortest_path analysis)")] = None,
) -> dict[str, Any]:
    """A shortest path of facts between two entities (the named query ``shortest_path``); ``paths`` is
    empty when none is at most ``max`` long."""
    ends = _exists(store, list(dict.fromkeys([from_, to])))
    for which in (from_, to):
        if which not in ends:
            raise ApiProblem(404, f"no entity with id {which!r}")
    params: dict[str, Any] = {"from": from_, "to": to}
    if via is not None:
        rels = [v.strip() for v in via.split(",") if v.strip()]
        unknown = [v for v in rels if v not in FACT_TYPES]
        if unknown or not rels:
            raise ApiProblem(422, f"via: unknown relationship type {', '.join(map(repr, unknown)) or '(none given)'}; "
                                  f"known: {', '.join(FACT_TYPES)}")
        params["via"] = rels
    if from_ == to:
        return {"paths": [{"nodes": [ends[from_]], "edges": []}]}
    named = request.app.state.queries["shortest_path"]
    res = store.read(named.text_for(store.name), named.bind(params))
    out = []
    for rec in res.records():
        if rec["hops"] is None or rec["hops"] > max:
            continue
        ids, rel_types = rec["ids"], rec["relationships"]
        steps = [{"i": k, "a": ids[k], "b": ids[k + 1], "t": rel_types[k]} for k in range(len(rel_types))]
        found: dict[int, dict[str, Any]] = {}
        for i, s, e, t, rp in store.read(STEP_EDGES, {"steps": steps}).rows:
            found.setdefault(i, edge_json(s, t, e, rp))
        by_id = _exists(store, ids)
        out.append({"nodes": [by_id[i] for i in ids if i in by_id], "edges": [found[k] for k in sorted(found)]})
    return {"paths": out}

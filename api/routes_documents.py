"""Documents: the notices themselves, their normalised text and every span extracted from it."""

from __future__ import annotations

import html
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep, decode_cursor, encode_cursor, entity_type
from api.models import DocumentDetail, DocumentPage
from api.problems import ApiProblem, responses

router = APIRouter(tags=["documents"])

#: Newest first (documents without a date last), then by id.
LIST = """
MATCH (d:Document)
WITH d, coalesce(d.publishedAt, '') AS p
WHERE NOT $after OR p < $p OR (p = $p AND d.id > $i)
RETURN d.id AS id, coalesce(d.title, d.name) AS title, d.publishedAt AS publishedAt, d.source AS source,
       d.chars AS chars, p
ORDER BY p DESC, id
LIMIT $limit
"""

DETAIL = """
MATCH (d:Document {id: $id})
OPTIONAL MATCH (d)-[m:MENTIONS]->(x)
WITH d, m, x ORDER BY m.start, m.end, x.id
RETURN d, collect(CASE WHEN m IS NULL OR m.start IS NULL THEN NULL
                  ELSE {start: m.start, end: m.end, quote: m.quote, id: x.id, labels: labels(x), name: x.name} END)
"""


class DocFormat(str, Enum):
    json = "json"
    html = "html"


@router.get("/documents", response_model=DocumentPage, responses=responses(400, 422))
def list_documents(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000, description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    """Documents, newest first (by publishedAt, then id), cursor-paginated."""
    scope = ["documents"]
    after = decode_cursor(cursor, scope, 2)
    p, i = after if after else ("", "")
    if not (isinstance(p, str) and isinstance(i, str)):
        raise ApiProblem(400, "the cursor is not one this API gave out; start again without a cursor")
    rows = store.read(LIST, {"after": after is not None, "p": p, "i": i, "limit": limit + 1}).rows
    items = [{"id": r[0], "title": r[1], "publishedAt": r[2], "source": r[3], "chars": r[4]} for r in rows[:limit]]
    nxt = encode_cursor([rows[limit - 1][5], rows[limit - 1][0]], scope) if len(rows) > limit else None
    return {"items": items, "next_cursor": nxt}


def highlight(text: str, spans: list[dict[str, Any]]) -> str:
    """The text as HTML with each span in a ``<mark>``; where spans overlap, the earliest (then longest) wins."""
    out: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if s["start"] < pos or s["end"] > len(text):
            continue
        ent = s["entity"]
        out.append(html.escape(text[pos:s["start"]]))
        out.append(f'<mark data-entity="{html.escape(ent["id"])}" data-type="{html.escape(ent["type"])}" '
                   f'title="{html.escape(ent["name"] or "")}">{html.escape(text[s["start"]:s["end"]])}</mark>')
        pos = s["end"]
    out.append(html.escape(text[pos:]))
    return "".join(out)


@router.get("/documents/{doc_id}", response_model=DocumentDetail,
            responses={**responses(404, 422), 200: {"content": {"text/html": {}},
                                                    "description": "the document (JSON, or HTML with format=html)"}})
def get_document(
    store: StoreDep,
    doc_id: str,
    format: Annotated[DocFormat, Query(description="json, or html: the text with <mark data-entity=…> spans")]
    = DocFormat.json,
) -> Any:
    """A document's normalised text and every extracted span (``text[start:end] == quote``), in text order."""
    res = store.read(DETAIL, {"id": doc_id})
    if not res.rows:
        raise ApiProblem(404, f"no document with id {doc_id!r}")
    node, mentions = res.rows[0]
    props = node["properties"]
    spans = [{"start": m["start"], "end": m["end"], "quote": m["quote"],
              "entity": {"id": m["id"], "type": entity_type(m["labels"]), "name": m["name"]}}
             for m in mentions if m]
    text = props.get("text") or ""
    if format is DocFormat.html:
        title = html.escape(props.get("title") or props.get("name") or "")
        body = (f'<article class="skg-document" data-document="{html.escape(props["id"])}">'
                f"<h1>{title}</h1><div style=\"white-space: pre-wrap\">{highlight(text, spans)}</div></article>")
        return HTMLResponse(body)
    return {
        "id": props["id"],
        "title": props.get("title") or props.get("name"),
        "publishedAt": props.get("publishedAt"),
        "source": props.get("source"),
        "chars": props.get("chars"),
        "publisher": props.get("publisher"),
        "kind": props.get("kind"),
        "text": text,
        "spans": spans,
    }

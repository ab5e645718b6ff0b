"""Response models: the JSON shapes the API promises (and documents in its OpenAPI).

Node and edge shapes are those Cytoscape.js draws directly: ``{"data": …}`` is left
to the client; ``nodes`` carry ``id``/``type``/``name``, ``edges`` carry a stable
``id`` and ``source``/``target``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints


class Health(BaseModel):
    status: str
    backend: str


class EntitySummary(BaseModel):
    id: str
    type: str = Field(description="the node's label, e.g. Organization")
    name: str
    aliases: list[str] = []


class EntityPage(BaseModel):
    items: list[EntitySummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class OrgRef(BaseModel):
    id: str
    name: str | None = None


class Post(BaseModel):
    title: str | None = None
    organization: OrgRef


class Official(BaseModel):
    title: str | None = None
    person: OrgRef


class Mention(BaseModel):
    document: str
    title: str | None = None
    start: int
    end: int
    quote: str


class EntityDetail(BaseModel):
    id: str
    type: str
    labels: list[str]
    name: str | None = None
    properties: dict[str, Any]
    aliases: list[str] = []
    posts: list[Post] = Field(default=[], description="persons: the posts they hold")
    officials: list[Official] = Field(default=[], description="organisations: the persons holding posts in them")
    mentions: list[Mention] = Field(description="the spans of text that support this entity, by document and offset")
    mentions_total: int = Field(description="how many mentions there are (the list holds at most `mentions_limit`)")
    mentions_next_cursor: str | None = Field(
        default=None, description="pass as `mentions_cursor` for the next page of mentions; null on the last page "
                                  "(and when `mentions_limit` is 0)")


class GraphNode(BaseModel):
    id: str
    type: str
    name: str | None = None
    properties: dict[str, Any] = {}


class GraphEdge(BaseModel):
    id: str = Field(description="stable: derived from source, type, target (and the post title or role)")
    source: str
    target: str
    type: str
    properties: dict[str, Any] = {}


class Neighbourhood(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = Field(description="true when the limit cut the neighbourhood short")


class GraphPath(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Paths(BaseModel):
    paths: list[GraphPath]


class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    publishedAt: str | None = None
    source: str | None = None
    chars: int | None = None


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    next_cursor: str | None


class SpanEntity(BaseModel):
    id: str
    type: str
    name: str | None = None


class Span(BaseModel):
    start: int
    end: int
    quote: str
    entity: SpanEntity


class DocumentDetail(DocumentSummary):
    publisher: str | None = None
    kind: str | None = None
    text: str
    spans: list[Span] = Field(description="every extracted mention: text[start:end] == quote")


class AnalysisParam(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    doc: str = ""


class Analysis(BaseModel):
    name: str
    description: str
    columns: list[str]
    params: list[AnalysisParam]
    one_of: list[str] = []


class QueryResponse(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    records: list[dict[str, Any]]
    truncated: bool = False


class AnalysisResponse(QueryResponse):
    name: str
    params: dict[str, Any]


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=200_000, description="a read-only Cypher query")
    params: dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")], Any] = Field(
        default_factory=dict, description="query parameters ($name in the text): names are identifiers")
    timeout_ms: int | None = Field(default=None, ge=1, le=120_000,
                                   description="time limit; at most the server's SKG_QUERY_TIMEOUT_MS")
    limit: int | None = Field(default=None, ge=1, description="at most this many rows (and at most the server's limit)")


class IngestOutcome(BaseModel):
    filename: str
    status: str = Field(description="ingested | replaced | unchanged | duplicate | failed")
    document: str | None = None
    message: str = ""
    bytes: int = 0


class IngestResponse(BaseModel):
    results: list[IngestOutcome]
    seconds: float
    failed: int

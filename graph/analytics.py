"""Graph analytics with networkx: who is central, and which units share a problem profile.

Cypher answers questions about paths and neighbours; it does not rank a whole
network or partition it.  This module loads the graph (or a projection of a
few labels) from the store into networkx, computes PageRank and betweenness
for persons and organisations and communities of inspected units, and writes
the scores back as node properties (``pagerank``, ``betweenness``,
``community``) so named queries and ad-hoc Cypher can sort and filter by them.

Reading is paged by node id (keyset, never one giant result) and read-only;
writing is one parameterised ``UNWIND $rows … SET`` per batch, so it works the
same on the embedded FalkorDB and on Neo4j.  Every step is deterministic: nodes
and edges enter networkx in id order, sampling and Louvain use a fixed seed,
and communities are numbered by size then by their smallest member id, so two
runs on the same graph give the same numbers.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graph.model import LABEL_PREFIX, RELATIONSHIPS
from graph.store.base import GraphStore

#: The supervision network: the actors and what links them.  Documents,
#: figures and places are left out: documents would join everything a notice
#: mentions into one hub, figures are leaves, places are geography.
DEFAULT_LABELS: tuple[str, ...] = (
    "Organization", "Person", "Inspection", "Problem", "ProblemCategory", "Measure", "Regulation",
)

#: Betweenness is computed on the actors alone (who deployed, conducted or was
#: the target of an inspection, who holds a post where): brokerage between
#: them is what it measures, and the problems and measures would multiply its
#: cost (it is O(nodes × edges) in networkx) without adding bridges.
ACTOR_LABELS: tuple[str, ...] = ("Organization", "Person", "Inspection")

#: The labels whose scores are written back to the store.
SCORED_LABELS: tuple[str, ...] = ("Organization", "Person")

#: Node and relationship fields the analytics and the Gephi exports need.
NODE_FIELDS: tuple[str, ...] = ("name", "kind", "level", "pagerank", "betweenness", "community")
REL_FIELDS: tuple[str, ...] = ("title", "role")

#: The provenance relationship; it is loaded only when asked for (the RDF export).
MENTIONS = "MENTIONS"

PAGE_SIZE = 5000
WRITE_BATCH = 5000
SEED = 42

#: Up to this many actor nodes betweenness is exact; above it, it is estimated
#: from ``BETWEENNESS_SAMPLES`` source nodes drawn with the fixed seed (still
#: deterministic), which keeps ``skg analyze`` to seconds on large corpora.
BETWEENNESS_EXACT_LIMIT = 2000
BETWEENNESS_SAMPLES = 256

#: Each unit keeps links to its most similar units only, so the unit graph stays
#: sparse (with 19 categories almost every pair of units shares one).
COMMUNITY_NEIGHBOURS = 15


@dataclass(frozen=True)
class Projection:
    """Which labels, relationship types and fields to load.

    ``types`` of ``None`` means every relationship type of the model between the
    chosen labels (never ``MENTIONS`` unless it is named); fields of ``None``
    mean every property.
    """

    labels: tuple[str, ...] = DEFAULT_LABELS
    types: tuple[str, ...] | None = None
    node_fields: tuple[str, ...] | None = NODE_FIELDS
    rel_fields: tuple[str, ...] | None = REL_FIELDS

    def triples(self) -> list[tuple[str, str, str]]:
        """The (source label, type, target label) triples of the model inside the projection."""
        chosen = set(self.labels)
        wanted = None if self.types is None else set(self.types)
        model = list(RELATIONSHIPS)
        if wanted and MENTIONS in wanted:
            model += [("Document", MENTIONS, label) for label in LABEL_PREFIX if label != "Document"]
        return [
            (s, t, d)
            for s, t, d in model
            if s in chosen and d in chosen and (wanted is None or t in wanted) and (wanted is not None or t != MENTIONS)
        ]

    @classmethod
    def everything(cls) -> Projection:
        """Every label, relationship and property of the model, provenance included."""
        types = tuple(sorted({t for _, t, _ in RELATIONSHIPS} | {MENTIONS}))
        return cls(labels=tuple(LABEL_PREFIX), types=types, node_fields=None, rel_fields=None)


def _edge_order(row: list[Any]) -> tuple[str, str, str]:
    return (str(row[0]), str(row[1]), json.dumps(row[2], sort_keys=True, ensure_ascii=False, default=str))


def _columns(var: str, names: tuple[str, ...] | None) -> str:
    """The fields as columns after the id: one scalar each (a list column costs the client more to decode)."""
    if names is None:
        return f", properties({var})"
    return "".join(f", {var}.{name}" for name in names)


def _fields(var: str, names: tuple[str, ...] | None) -> str:
    if names is None:
        return f"properties({var})"
    return "[" + ", ".join(f"{var}.{name}" for name in names) + "]"


def _as_props(value: Any, names: tuple[str, ...] | None) -> dict[str, Any]:
    if names is None:
        return dict(value or {})
    return {name: v for name, v in zip(names, value) if v is not None}


def _node_rows(store: GraphStore, label: str, fields: tuple[str, ...] | None, page_size: int,
               timeout_ms: int | None) -> Iterable[tuple[str, dict[str, Any]]]:
    """A label's nodes in id order, paged by the last id seen."""
    query = f"MATCH (a:{label}) WHERE a.id > $after RETURN a.id{_columns('a', fields)} ORDER BY a.id LIMIT $limit"
    after = ""
    while True:
        rows = store.read(query, {"after": after, "limit": page_size}, timeout_ms).rows
        fresh = [row for row in rows if str(row[0]) > after]
        for row in fresh:
            props = _as_props(row[1] if fields is None else row[1:], fields)
            props.pop("id", None)
            yield str(row[0]), props
        if len(rows) < page_size or not fresh:
            return
        after = str(fresh[-1][0])


def _edge_rows(store: GraphStore, src: str, rel_type: str, dst: str, sources: list[str],
               fields: tuple[str, ...] | None, page_size: int,
               timeout_ms: int | None) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """One triple's relationships, read for batches of their source nodes' ids (about ``page_size`` each).

    Without relationship fields a row is one string, ``source target type``: a third of the values a row of
    three columns has, and decoding values is most of the time of a large read (ids never hold a space).
    ``type(r)`` is named so that parallel relationships stay apart (FalkorDB returns one row per node pair,
    not per relationship, when the relationship variable is never used).
    """
    total = int(store.read(f"MATCH (:{src})-[r:{rel_type}]->(:{dst}) RETURN count(r)", None, timeout_ms)
                .scalar() or 0)
    if not total or not sources:
        return
    # as many source nodes per read as give about page_size relationships; looked up by id
    # (FalkorDB's index range scan ignores an upper bound on strings, so no id ranges)
    step = max(1, page_size * len(sources) // total)
    pattern = f"UNWIND $ids AS id MATCH (a:{src} {{id: id}})-[r:{rel_type}]->(b:{dst}) "
    packed = fields is not None and not fields
    if packed:
        query = pattern + "RETURN a.id + ' ' + b.id + ' ' + type(r)"
    else:
        query = pattern + f"RETURN a.id, b.id, {_fields('r', fields)}"
    for i in range(0, len(sources), step):
        rows = store.read(query, {"ids": sources[i : i + step]}, timeout_ms).rows
        if packed:
            for a, b, _ in sorted(str(row[0]).split(" ", 2) for row in rows if row[0] is not None):
                yield a, b, {}
        else:
            for a, b, props in sorted(rows, key=_edge_order):
                yield str(a), str(b), _as_props(props, fields)


def load_graph(
    store: GraphStore,
    projection: Projection | None = None,
    page_size: int = PAGE_SIZE,
    timeout_ms: int | None = None,
) -> nx.MultiDiGraph:
    """Read a projection of the store into a directed multigraph, page by page.

    Nodes are keyed by their graph ``id`` and carry ``label`` (the model label)
    and the projection's node fields; edges carry ``type`` and its relationship
    fields.  Nodes are read label by label in pages of ``page_size`` keyed on
    the last id seen (an index scan, no SKIP); relationships are then read
    triple by triple for batches of their source nodes' ids, so every read is
    bounded and none is repeated.  Few values per row: most of the time of a
    large read goes into decoding values on the client (see :func:`_edge_rows`).
    """
    projection = projection or Projection()
    g = nx.MultiDiGraph()
    ids: dict[str, list[str]] = {}
    for label in projection.labels:
        ids[label] = []
        for node_id, attrs in _node_rows(store, label, projection.node_fields, page_size, timeout_ms):
            g.add_node(node_id, label=label, **attrs)
            ids[label].append(node_id)
    for src, rel_type, dst in projection.triples():
        edges = _edge_rows(store, src, rel_type, dst, ids.get(src) or [], projection.rel_fields, page_size, timeout_ms)
        g.add_edges_from((a, b, {"type": rel_type, **props}) for a, b, props in edges if b in g)
    return g


def undirected_weighted(g: nx.MultiDiGraph) -> nx.Graph:
    """Collapse the multigraph to a simple undirected graph; ``weight`` counts the relationships.

    Centrality here means position in the supervision network whichever way a
    relationship points: a person only ever points at organisations and
    measures (HOLDS_POST, RESPONSIBLE_FOR), so a directed PageRank would give
    every person the same floor score.
    """
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def unit_profiles(g: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """For every unit with problems, how many of its problems fall in each category.

    A unit is an organisation some problem is ``IN``; its profile counts the
    categories of those problems (``OF_CATEGORY``).
    """
    profiles: dict[str, Counter[str]] = defaultdict(Counter)
    for problem, attrs in g.nodes(data=True):
        if attrs.get("label") != "Problem":
            continue
        units = [v for _, v, d in g.out_edges(problem, data=True) if d.get("type") == "IN"]
        categories = [v for _, v, d in g.out_edges(problem, data=True) if d.get("type") == "OF_CATEGORY"]
        for unit in units:
            for category in categories:
                profiles[unit][category] += 1
    return {u: profiles[u] for u in sorted(profiles)}


def _numbered(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """Communities as sorted lists, largest first, ties by smallest member id: stable numbers."""
    lists = [sorted(group) for group in groups if group]
    return sorted(lists, key=lambda members: (-len(members), members[0]))


@dataclass
class Community:
    """A community of units with similar problem profiles and the categories they share most."""

    number: int
    units: list[str]
    categories: list[tuple[str, int]]


@dataclass
class Analysis:
    """Scores and communities of one run, and where the time went."""

    graph: nx.MultiDiGraph
    pagerank: dict[str, float]
    betweenness: dict[str, float]
    community: dict[str, int]
    communities: list[Community]
    betweenness_samples: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def scored(self, label: str) -> list[str]:
        return sorted(n for n, a in self.graph.nodes(data=True) if a.get("label") == label)

    def top(self, score: str, label: str, n: int = 10) -> list[tuple[str, float]]:
        values: dict[str, float] = getattr(self, score)
        ranked = sorted(((values.get(i, 0.0), i) for i in self.scored(label)), key=lambda t: (-t[0], t[1]))
        return [(i, v) for v, i in ranked[:n]]

    def name(self, node: str) -> str:
        return str(self.graph.nodes[node].get("name", node)) if node in self.graph else node


def similar_units(profiles: dict[str, Counter[str]], neighbours: int = COMMUNITY_NEIGHBOURS) -> nx.Graph:
    """The unit–unit projection of the unit–category graph, kept sparse.

    Two units are linked by the Jaccard similarity of their category sets; each
    unit keeps its ``neighbours`` most similar units (ties by id), and a link
    kept by either end stays.  With fewer units than that, it is the whole
    projection.  Computed with one matrix product per block of units.
    """
    units = sorted(profiles)
    categories = sorted({c for p in profiles.values() for c in p})
    column = {c: j for j, c in enumerate(categories)}
    member = np.zeros((len(units), len(categories)), dtype=np.float32)
    for i, unit in enumerate(units):
        for category in profiles[unit]:
            member[i, column[category]] = 1.0
    sizes = member.sum(axis=1)
    graph = nx.Graph()
    graph.add_nodes_from(units)
    edges: dict[tuple[int, int], float] = {}
    block = 512
    for start in range(0, len(units), block):
        rows = slice(start, min(start + block, len(units)))
        shared = member[rows] @ member.T
        union = sizes[rows, None] + sizes[None, :] - shared
        jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        for offset, similarity in enumerate(jaccard):
            i = start + offset
            similarity[i] = 0.0
            order = np.argsort(-similarity, kind="stable")[:neighbours]
            for j in order:
                if similarity[j] > 0:
                    edges[(min(i, int(j)), max(i, int(j)))] = float(similarity[j])
    graph.add_weighted_edges_from((units[i], units[j], w) for (i, j), w in sorted(edges.items()))
    return graph


def unit_communities(g: nx.MultiDiGraph, seed: int = SEED) -> list[Community]:
    """Communities of units by their problem profile.

    Units are linked by how alike their problem categories are
    (:func:`similar_units`) and Louvain (fixed seed) partitions that graph:
    units whose problems fall in the same categories meet in one community; a
    unit sharing no category with any other is a community alone.
    """
    profiles = unit_profiles(g)
    if not profiles:
        return []
    groups = nx.community.louvain_communities(similar_units(profiles), weight="weight", seed=seed)
    result: list[Community] = []
    for number, members in enumerate(_numbered(groups)):
        totals: Counter[str] = Counter()
        for unit in members:
            totals.update(profiles[unit])
        categories = sorted(totals.items(), key=lambda t: (-t[1], t[0]))
        result.append(Community(number, members, categories))
    return result


def analyze(
    g: nx.MultiDiGraph,
    seed: int = SEED,
    exact_limit: int = BETWEENNESS_EXACT_LIMIT,
    samples: int = BETWEENNESS_SAMPLES,
) -> Analysis:
    """PageRank over the undirected network, betweenness over its actors, and the unit communities."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    simple = undirected_weighted(g)
    pagerank = nx.pagerank(simple, weight="weight") if simple.number_of_nodes() else {}
    timings["pagerank"] = time.perf_counter() - t
    t = time.perf_counter()
    # a copy, not a subgraph view: a view iterates its node set in hash order, which
    # changes the order of floating-point sums (and the last digits) from run to run
    actors = nx.Graph()
    actors.add_nodes_from(n for n, a in g.nodes(data=True) if a.get("label") in ACTOR_LABELS)
    actors.add_edges_from((u, v, d) for u, v, d in simple.edges(data=True) if u in actors and v in actors)
    k = samples if actors.number_of_nodes() > exact_limit else None
    between = betweenness(actors, k=k, seed=seed) if actors else {}
    timings["betweenness"] = time.perf_counter() - t
    t = time.perf_counter()
    communities = unit_communities(g, seed)
    timings["communities"] = time.perf_counter() - t
    membership = {unit: c.number for c in communities for unit in c.units}
    return Analysis(g, pagerank, between, membership, communities, k, timings)


#: Sources per block in :func:`betweenness`: the BFS of a block is one sparse × dense product per level.
BETWEENNESS_BLOCK = 64


def betweenness(g: nx.Graph, k: int | None = None, seed: int = SEED, block: int = BETWEENNESS_BLOCK) -> dict[str, float]:
    """Normalised shortest-path betweenness of an undirected, unweighted graph: networkx's
    ``betweenness_centrality(g, k=k, seed=seed, normalized=True)`` (same sources, same scaling, as in networkx
    3.6), computed with numpy and scipy instead of pure Python.

    Brandes' algorithm for ``block`` sources at once: the breadth-first search goes level by level, the path
    counts of a level being the adjacency matrix times those of the level before; the dependencies flow back
    the same way.  With ``k``, the sources are ``random.Random(seed).sample(list(g), k)``, the sample networkx
    draws, and sources and other nodes are rescaled apart as networkx does.  The sums run in a fixed order, so
    a graph gives the same numbers on every run (equal to networkx's up to rounding).
    """
    import random

    from scipy import sparse

    nodes = list(g.nodes())
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    sources = random.Random(seed).sample(nodes, k) if k is not None else nodes
    rows, cols = [], []
    for u, v in g.edges():
        if u != v:
            rows += [index[u], index[v]]
            cols += [index[v], index[u]]
    adjacency = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    adjacency.sum_duplicates()
    adjacency.data[:] = 1.0
    raw = np.zeros(n)
    for start in range(0, len(sources), block):
        chunk = [index[x] for x in sources[start : start + block]]
        b = len(chunk)
        depth = np.full((n, b), -1, dtype=np.int32)
        sigma = np.zeros((n, b))
        depth[chunk, range(b)] = 0
        sigma[chunk, range(b)] = 1.0
        frontier = sigma.copy()
        level = 0
        while True:
            reached = adjacency @ frontier
            fresh = (reached > 0) & (depth < 0)
            if not fresh.any():
                break
            level += 1
            depth[fresh] = level
            frontier = np.where(fresh, reached, 0.0)
            sigma += frontier
        delta = np.zeros((n, b))
        for d in range(level, 0, -1):
            at = depth == d
            coeff = np.where(at, (1.0 + delta) / np.where(at, sigma, 1.0), 0.0)
            delta += np.where(depth == d - 1, sigma * (adjacency @ coeff), 0.0)
        delta[depth <= 0] = 0.0
        raw += delta.sum(axis=1)
    big_n = n - 1  # (s, t) pairs with t != v: endpoints excluded
    if k is None:
        scale = np.full(n, 1.0 / (big_n * (big_n - 1)))
    else:
        scale = np.full(n, 1.0 / (k * (big_n - 1)))
        sampled = [index[x] for x in sources]
        scale[sampled] = 1.0 / ((k - 1) * (big_n - 1)) if k > 1 else float("nan")
    return {node: float(value) for node, value in zip(nodes, raw * scale)}


def score_rows(analysis: Analysis, label: str) -> list[dict[str, Any]]:
    """One row per node of ``label``: its scores, ``community`` null for a node in none."""
    return [
        {
            "id": node,
            "pagerank": float(analysis.pagerank.get(node, 0.0)),
            "betweenness": float(analysis.betweenness.get(node, 0.0)),
            "community": analysis.community.get(node),
        }
        for node in analysis.scored(label)
    ]


_WRITE_QUERY = (
    "UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
    "SET n.pagerank = row.pagerank, n.betweenness = row.betweenness, n.community = row.community"
)


def write_scores(
    store: GraphStore, analysis: Analysis, labels: Sequence[str] = SCORED_LABELS, batch: int = WRITE_BATCH
) -> int:
    """Write the scores back as node properties, one parameterised batch at a time; return the rows written.

    Every node of the scored labels gets a row, so a node that has left a
    community since the last run loses its old number (set to null).
    """
    written = 0
    for label in labels:
        rows = score_rows(analysis, label)
        query = _WRITE_QUERY.format(label=label)
        for i in range(0, len(rows), batch):
            store.write(query, {"rows": rows[i : i + batch]})
            written += len(rows[i : i + batch])
    return written


def run(store: GraphStore, projection: Projection | None = None, write: bool = True) -> Analysis:
    """Load, analyse and (unless ``write`` is false) write back; timings in ``Analysis.timings``."""
    t = time.perf_counter()
    g = load_graph(store, projection)
    load_s = time.perf_counter() - t
    analysis = analyze(g)
    analysis.timings = {"load": load_s, **analysis.timings}
    if write:
        t = time.perf_counter()
        write_scores(store, analysis)
        analysis.timings["write"] = time.perf_counter() - t
    return analysis


#: The Gephi formats and their networkx line generators.
GEPHI_FORMATS = ("gexf", "graphml")


def gephi_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a projection fit for GEXF and GraphML.

    Both formats take scalar attributes only, and Gephi shows a node's
    ``label``: so a node's ``label`` becomes its name and ``type`` its model
    label, an edge's ``label`` and ``relationship`` its type; lists are joined
    with ``|`` and missing values are left out.
    """
    out = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        data = {k: _scalar(v) for k, v in attrs.items() if k != "label" and v is not None}
        data["type"] = str(attrs.get("label", ""))
        data["label"] = str(attrs.get("name") or node)
        out.add_node(node, **data)
    for u, v, attrs in g.edges(data=True):
        data = {k: _scalar(x) for k, x in attrs.items() if k != "type" and x is not None}
        # GEXF reserves an edge's "type" (directed or not): the relationship type is its label
        data["label"] = data["relationship"] = str(attrs.get("type", ""))
        out.add_edge(u, v, **data)
    return out


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def gephi_lines(g: nx.MultiDiGraph, fmt: str) -> Iterable[str]:
    """The text of ``g`` as GEXF or GraphML, line by line (networkx's own writers)."""
    graph = gephi_graph(g)
    if fmt == "gexf":
        return nx.generate_gexf(graph)
    if fmt == "graphml":
        return nx.generate_graphml(graph)
    raise ValueError(f"unknown Gephi format {fmt!r}: use {' or '.join(GEPHI_FORMATS)}")

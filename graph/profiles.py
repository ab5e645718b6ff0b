"""Category profiles: per-unit and per-category summaries of problems, kept as node properties.

The analyses ``recurring_categories``, ``cross_unit_links`` and ``strongest_links`` used to recompute, per
query, every unit's set of problem categories by walking Problem nodes.  The writer now keeps them as data:

* ``Organization``: ``categoryNames`` (the distinct names of the categories of problems ``IN`` it, sorted
  by the engine's own string order) and ``categoryCount`` (the number of distinct such categories);
* ``ProblemCategory``: ``unitCount``, ``inspectionCount``, ``problemCount``, ``years`` (sorted) and
  ``earliest`` (``start|problemId`` of its earliest problem), all over the problems that are both ``IN`` a
  unit and ``FOUND`` by an inspection, exactly as ``recurring_categories`` counts them.

Units' profiles are recomputed in the same atomic statement as the batch, for the units its problems
touch; the categories it touches are marked ``profileStale`` and recounted once when the ingest ends; when the batch removes (replaces) documents, by a second write right
after it, which also covers those that the removed documents' problems touched (read just before).
:func:`refresh_all` rebuilds every profile (for a graph ingested before
profiles existed: ``python -m graph.profiles --data-dir DIR``).

Figure kinds: every ``Figure`` also carries ``figureKind`` and ``outcome``, read by the word lists of
``graph/data/outcome_metrics.json`` (:func:`classify_figure`) from its clause, the text around its number between
two clause breaks (约谈主体责任落实不力的乡镇党委书记3人, 对2名公车私用的干部给予诫勉处理: the metric alone often
lacks the verb that says what was done): a reported outcome of rectification
(``sanction``, ``case``, money or assets ``recovered``, problems ``rectified``, ``rule`` made: ``outcome`` true) or not
(``procedural``: meetings, training, the inspection's own work, plans; ``other``).  The writer sets them on
the figures it writes; ``figureRule`` (a digest of the word lists) says which lists did, so
:func:`refresh_all` (run at the end of every ingest) classifies again the figures of a graph written before
this, or with other lists.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from graph.store.base import GraphStore

#: Reads, before a removal, the units and categories the removed documents' problems are linked to.
TOUCHED_BY_REMOVAL = (
    "UNWIND $remove AS rid MATCH (:Document {id: rid})-[:MENTIONS]->(p:Problem) "
    "OPTIONAL MATCH (p)-[:IN]->(o:Organization) OPTIONAL MATCH (p)-[:OF_CATEGORY]->(c:ProblemCategory) "
    "RETURN collect(DISTINCT o.id) AS orgs, collect(DISTINCT c.id) AS cats"
)


def refresh_clauses(categories: bool = True) -> list[str]:
    """Clauses (joined by the writer with ``WITH count(*) AS _``) that recompute the touched profiles.

    Parameters: ``$p_problems`` and ``$p_inspections`` (ids written by the batch), ``$p_orgs`` and
    ``$p_cats`` (ids read before a removal, or every id for a full refresh).

    Without ``categories`` the touched categories are only marked ``profileStale``: a category is a hub that
    nearly every batch touches, and recounting it walks all its problems in the graph, so recounting it per
    batch made an ingest quadratic (17 documents/s at the end of a 10k run, 40 at its start). The ingest
    recounts them once at its end (:func:`refresh_all`); until then, during an ingest, their counts lag.
    """
    org_profile = (
        "UNWIND $p_problems AS pid MATCH (:Problem {id: pid})-[:IN]->(o:Organization) "
        "WITH collect(DISTINCT o.id) + $p_orgs AS ids UNWIND ids AS oid WITH DISTINCT oid "
        "MATCH (o:Organization {id: oid}) "
        "OPTIONAL MATCH (o)<-[:IN]-(:Problem)-[:OF_CATEGORY]->(c:ProblemCategory) "
        "WITH o, c ORDER BY c.name "
        "WITH o, collect(DISTINCT c.name) AS names, count(DISTINCT c) AS n "
        "SET o.categoryNames = names, o.categoryCount = n"
    )
    cat_profile = (
        "UNWIND $p_problems AS pid MATCH (:Problem {id: pid})-[:OF_CATEGORY]->(c:ProblemCategory) "
        "WITH collect(DISTINCT c.id) AS fromProblems "
        "UNWIND CASE WHEN size($p_inspections) = 0 THEN [null] ELSE $p_inspections END AS iid "
        "OPTIONAL MATCH (:Inspection {id: iid})-[:FOUND]->(:Problem)-[:OF_CATEGORY]->(c:ProblemCategory) "
        "WITH fromProblems, collect(DISTINCT c.id) AS fromInspections "
        "WITH fromProblems + fromInspections + $p_cats AS ids UNWIND ids AS cid WITH DISTINCT cid "
        "MATCH (c:ProblemCategory {id: cid}) "
        "SET c.unitCount = 0, c.inspectionCount = 0, c.problemCount = 0, c.years = [], c.earliest = null, "
        "c.profileStale = true"
    )
    # plain MATCHes, as recurring_categories had them: FalkorDB's OPTIONAL MATCH of this two-pattern join
    # counted more problems and inspections than the MATCH does, so the stale categories are zeroed above
    # and the ones with problems overwritten here
    cat_counts = (
        "MATCH (c:ProblemCategory) WHERE c.profileStale = true "
        "MATCH (c)<-[:OF_CATEGORY]-(p:Problem)-[:IN]->(u:Organization) "
        "MATCH (p)<-[:FOUND]-(i:Inspection) "
        # ordered before collecting, so years come out sorted whatever order the documents were ingested in
        "WITH c, u, i, p, left(i.start, 4) AS year ORDER BY year "
        "WITH c, count(DISTINCT u) AS units, count(DISTINCT i) AS inspections, "
        "count(DISTINCT p) AS problems, collect(DISTINCT year) AS years, min(coalesce(i.start, '9999') + '|' + p.id) AS earliest "
        "SET c.unitCount = units, c.inspectionCount = inspections, c.problemCount = problems, "
        "c.years = years, c.earliest = earliest"
    )
    cat_done = "MATCH (c:ProblemCategory) WHERE c.profileStale = true SET c.profileStale = null"
    if not categories:
        mark = cat_profile[: cat_profile.index("SET c.unitCount")] + "SET c.profileStale = true"
        return [org_profile, mark]
    return [org_profile, cat_profile, cat_counts, cat_done]


def refresh_params(
    problems: list[str], inspections: list[str], orgs: list[str], cats: list[str]
) -> dict[str, Any]:
    return {"p_problems": problems, "p_inspections": inspections, "p_orgs": orgs, "p_cats": cats}


def touched_by_removal(store: GraphStore, remove: list[str]) -> tuple[list[str], list[str]]:
    if not remove:
        return [], []
    rows = store.read(TOUCHED_BY_REMOVAL, {"remove": list(remove)}).rows
    if not rows:
        return [], []
    return [x for x in rows[0][0] if x], [x for x in rows[0][1] if x]


def refresh_statement(categories: bool = True) -> str:
    return " WITH count(*) AS _ ".join(refresh_clauses(categories)) + " WITH count(*) AS _ RETURN 1"


@lru_cache(maxsize=1)
def _outcome_words() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], str]:
    raw = resources.files("graph").joinpath("data/outcome_metrics.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    outcome = tuple((kind, tuple(words)) for kind, words in data["outcome"].items())
    return tuple(data["procedural"]), outcome, hashlib.blake2b(raw.encode("utf-8"), digest_size=6).hexdigest()


def figure_rule() -> str:
    """A digest of the word lists, stored on each figure as ``figureRule``."""
    return _outcome_words()[2]


#: What ends a figure's clause on either side.
CLAUSE_BREAKS = frozenset("。;；,，、:：!！?？\n")


def figure_clause(text: str, start: int, end: int) -> str:
    """The text around ``text[start:end]`` (a figure) up to the nearest clause break on either side."""
    a, b = start, end
    while a > 0 and text[a - 1] not in CLAUSE_BREAKS:
        a -= 1
    while b < len(text) and text[b] not in CLAUSE_BREAKS:
        b += 1
    return text[a:b]


def classify_figure(clause: str | None) -> dict[str, Any]:
    """``figureKind``, ``outcome`` and ``figureRule`` of a figure read in this clause (or metric).

    A procedural word wins (召开整改专题会议 is a meeting although it speaks of 整改); else the first outcome
    kind, in the order of the data file, with a word in the clause; else ``other``.
    """
    procedural, outcome, rule = _outcome_words()
    text = clause or ""
    if any(w in text for w in procedural):
        kind = "procedural"
    else:
        kind = next((k for k, words in outcome if any(w in text for w in words)), "other")
    return {"figureKind": kind, "outcome": kind not in ("procedural", "other"), "figureRule": rule}


def refresh_figures(store: GraphStore, batch: int = 5000, timeout_ms: int = 3_600_000) -> int:
    """Classify the figures whose ``figureRule`` is missing or not the current lists'; the number classified."""
    rule = figure_rule()
    rows = store.read(
        "MATCH (f:Figure) WHERE f.figureRule IS NULL OR f.figureRule <> $rule "
        "OPTIONAL MATCH (d:Document)-[m:MENTIONS]->(f) "
        "WITH f, d, m ORDER BY d.id, m.start "
        "WITH f, collect([d.id, m.start, m.end])[0] AS at "
        "RETURN f.id, f.metric, at[0], at[1], at[2]",
        {"rule": rule},
    ).rows
    texts: dict[str, str] = {}
    needed = sorted({r[2] for r in rows if r[2] is not None})
    for i in range(0, len(needed), 500):
        part = needed[i : i + 500]
        res = store.read("UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id, d.text", {"ids": part})
        texts.update({doc_id: text or "" for doc_id, text in res.rows})
    for i in range(0, len(rows), batch):
        part = []
        for fid, metric, doc_id, start, end in rows[i : i + batch]:
            text = texts.get(doc_id or "")
            clause = figure_clause(text, start, end) if text and start is not None and end is not None else metric
            part.append({"id": fid, "props": classify_figure(clause)})
        store.write("UNWIND $rows AS row MATCH (f:Figure {id: row.id}) SET f += row.props", {"rows": part},
                    timeout_ms=timeout_ms)
    return len(rows)


def refresh_all(store: GraphStore, timeout_ms: int = 3_600_000) -> None:
    """Recompute every unit's and category's profile, and classify the figures not classified by these lists."""
    orgs = [r[0] for r in store.read("MATCH (o:Organization) RETURN o.id").rows]
    cats = [r[0] for r in store.read("MATCH (c:ProblemCategory) RETURN c.id").rows]
    store.write(refresh_statement(), refresh_params([], [], orgs, cats), timeout_ms=timeout_ms)
    refresh_figures(store, timeout_ms=timeout_ms)


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    from graph.store.falkor import FalkorStore

    ap = argparse.ArgumentParser(description="rebuild the category profiles (and figure kinds) of an embedded graph")
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--graph", default="supervision")
    args = ap.parse_args(argv)
    store = FalkorStore.embedded(args.data_dir, args.graph)
    try:
        refresh_all(store)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

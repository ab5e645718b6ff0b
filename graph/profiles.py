"""Category profiles: per-unit and per-category summaries of problems, kept as node properties.

The analyses ``recurring_categories``, ``cross_unit_links`` and ``strongest_links`` used to recompute, per
query, every unit's set of problem categories by walking Problem nodes.  The writer now keeps them as data:

* ``Organization``: ``categoryNames`` (the distinct names of the categories of problems ``IN`` it, sorted
  by the engine's own string order) and ``categoryCount`` (the number of distinct such categories);
* ``ProblemCategory``: ``unitCount``, ``inspectionCount``, ``problemCount``, ``years`` (sorted) and
  ``earliest`` (``start|problemId`` of its earliest problem), all over the problems that are both ``IN`` a
  unit and ``FOUND`` by an inspection, exactly as ``recurring_categories`` counts them.

They are recomputed, in the same atomic statement as the batch, for the units and categories that the
batch's problems and inspections touch; when the batch removes (replaces) documents, by a second write right
after it, which also covers those that the removed documents' problems touched (read just before).
:func:`refresh_all` rebuilds every profile (for a graph ingested before
profiles existed: ``python -m graph.profiles --data-dir DIR``).
"""

from __future__ import annotations

from typing import Any

from graph.store.base import GraphStore

#: Reads, before a removal, the units and categories the removed documents' problems are linked to.
TOUCHED_BY_REMOVAL = (
    "UNWIND $remove AS rid MATCH (:Document {id: rid})-[:MENTIONS]->(p:Problem) "
    "OPTIONAL MATCH (p)-[:IN]->(o:Organization) OPTIONAL MATCH (p)-[:OF_CATEGORY]->(c:ProblemCategory) "
    "RETURN collect(DISTINCT o.id) AS orgs, collect(DISTINCT c.id) AS cats"
)


def refresh_clauses() -> list[str]:
    """Clauses (joined by the writer with ``WITH count(*) AS _``) that recompute the touched profiles.

    Parameters: ``$p_problems`` and ``$p_inspections`` (ids written by the batch), ``$p_orgs`` and
    ``$p_cats`` (ids read before a removal, or every id for a full refresh).
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
        "WITH c, count(DISTINCT u) AS units, count(DISTINCT i) AS inspections, "
        "count(DISTINCT p) AS problems, collect(DISTINCT left(i.start, 4)) AS years, min(coalesce(i.start, '9999') + '|' + p.id) AS earliest "
        "SET c.unitCount = units, c.inspectionCount = inspections, c.problemCount = problems, "
        "c.years = years, c.earliest = earliest"
    )
    cat_done = "MATCH (c:ProblemCategory) WHERE c.profileStale = true SET c.profileStale = null"
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


def refresh_statement() -> str:
    return " WITH count(*) AS _ ".join(refresh_clauses()) + " WITH count(*) AS _ RETURN 1"


def refresh_all(store: GraphStore, timeout_ms: int = 3_600_000) -> None:
    """Recompute every unit's and category's profile."""
    orgs = [r[0] for r in store.read("MATCH (o:Organization) RETURN o.id").rows]
    cats = [r[0] for r in store.read("MATCH (c:ProblemCategory) RETURN c.id").rows]
    store.write(refresh_statement(), refresh_params([], [], orgs, cats), timeout_ms=timeout_ms)


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    from graph.store.falkor import FalkorStore

    ap = argparse.ArgumentParser(description="rebuild the category profiles of an embedded graph")
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

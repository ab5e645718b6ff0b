"""Facts the extractor must find in the five real seed notices (skipped when absent)."""

from __future__ import annotations


import pytest

from graph.model import DocumentGraph, Entity
from ingest.extract import extract
from tests.ingest._util import SEEDS, seed

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not available")


def graph_of(prefix: str) -> DocumentGraph:
    text = seed(prefix)
    if text is None:
        pytest.skip(f"seed {prefix} missing")
    return extract(text, prefix)


def by_label(g: DocumentGraph, label: str) -> list[Entity]:
    return [e for e in g.entities if e.label == label]


def named(g: DocumentGraph, label: str, name: str) -> Entity:
    found = [e for e in by_label(g, label) if e.name == name]
    assert found, f"no {label} named {name}: {[e.name for e in by_label(g, label)]}"
    return found[0]


def rels(g: DocumentGraph, rtype: str, src: str | None = None, dst: str | None = None) -> list:  # type: ignore[type-arg]
    return [
        r
        for r in g.relations
        if r.type == rtype and (src is None or r.src == src) and (dst is None or r.dst == dst)
    ]


def test_000_inspection() -> None:
    g = graph_of("000")
    (insp,) = by_label(g, "Inspection")
    assert insp.props["kind"] == "巡察" and insp.props["mode"] == "常规"
    assert (insp.props["start"], insp.props["end"], insp.props["feedbackDate"]) == (
        "2016-07-19",
        "2016-08-31",
        "2016-11-21",
    )
    assert insp.props["inspectingBody"] in ("开封市委第二巡察组", "市委第二巡察组")
    unit = named(g, "Organization", "杞县县委")
    assert rels(g, "TARGETED", insp.id, unit.id)
    group = named(g, "Organization", insp.props["inspectingBody"])
    assert rels(g, "CONDUCTED", group.id, insp.id)
    assert rels(g, "DEPLOYED", dst=insp.id)


def test_000_county_secretary() -> None:
    g = graph_of("000")
    person = named(g, "Person", "李明哲")
    unit = named(g, "Organization", "杞县县委")
    posts = rels(g, "HOLDS_POST", person.id, unit.id)
    assert any(r.props["title"] == "县委书记" for r in posts)
    assert "县委" in unit.props["aliases"]


def test_000_regulations() -> None:
    g = graph_of("000")
    titles = {e.name for e in by_label(g, "Regulation")}
    assert {"中国共产党问责条例", "中国共产党巡视工作条例", "中国共产党问责工作条例"} <= titles


def test_000_problems() -> None:
    g = graph_of("000")
    items = sorted(e.props["sectionPath"] for e in by_label(g, "Problem") if e.props["level"] == "item")
    assert items == sorted(
        [
            "一/(一)/一是",
            "一/(一)/二是",
            "一/(一)/三是",
            "一/(一)/四是",
            "一/(二)/一是",
            "一/(二)/二是",
            "一/(三)/一是",
            "一/(三)/二是",
        ]
    )
    groups = {e.props["sectionPath"] for e in by_label(g, "Problem") if e.props["level"] == "group"}
    assert groups == {"一/(一)", "一/(二)", "一/(三)"}
    for p in by_label(g, "Problem"):
        assert rels(g, "OF_CATEGORY", src=p.id) and rels(g, "FOUND", dst=p.id) and rels(g, "IN", src=p.id)
    empty = next(e for e in by_label(g, "Problem") if e.props["sectionPath"] == "一/(一)/四是")
    assert not rels(g, "ADDRESSES", dst=empty.id)


def test_000_metadata() -> None:
    g = graph_of("000")
    assert g.title is not None and g.title.startswith("中共杞县县委关于")
    assert (g.published_at, g.kind) == ("2020-11-13", "rectification_notice")


def test_002_inspection() -> None:
    g = graph_of("002")
    (insp,) = by_label(g, "Inspection")
    assert insp.props["inspectingBody"] in ("省委巡视第一组", "湖南省委巡视第一组")
    assert (insp.props["start"], insp.props["end"], insp.props["kind"]) == ("2015-11", "2016-01", "巡视")
    assert insp.props["inspectedUnit"] == "天心区委"
    assert named(g, "Organization", "天心区审计局").props["kind"] == "department"


def test_002_problems_exclude_steps_and_tasks() -> None:
    g = graph_of("002")
    paths = {e.props["sectionPath"] for e in by_label(g, "Problem")}
    assert {f"二/(一)/{i}" for i in (1, 2, 3)} <= paths
    assert "二/(五)" not in paths and not any(p.startswith(("一/", "三/")) for p in paths)
    items = [e for e in by_label(g, "Problem") if e.props["level"] == "item"]
    assert len(items) == 15


def test_003_inspections() -> None:
    g = graph_of("003")
    insps = by_label(g, "Inspection")
    assert len(insps) == 2
    for insp in insps:
        assert insp.props["inspectingBody"] in ("县委第四巡察组", "寿县县委第四巡察组")
        assert (insp.props["start"], insp.props["end"], insp.props["feedbackDate"]) == (
            "2023-10-09",
            "2024-01-14",
            "2024-03-21",
        )
    modes = {i.props["inspectedUnit"]: i.props.get("mode") for i in insps}
    assert modes["小甸镇党委"] == "常规"
    assert modes["小甸镇村级党组织"] == "延伸"


def test_003_has_no_title_and_signature_date() -> None:
    g = graph_of("003")
    assert g.title is None and g.published_at == "2024-10-11"
    subitems = [e for e in by_label(g, "Problem") if e.props["level"] == "subitem"]
    assert len(subitems) == 33


def test_004_masked_units_are_not_entities() -> None:
    g = graph_of("004")
    for e in g.entities:
        if e.label in ("Organization", "Place"):
            assert "*" not in e.name


def test_001_not_officials() -> None:
    g = graph_of("001")
    for e in by_label(g, "Person"):
        if e.name in ("文新军", "唐勇"):
            assert e.props["isOfficial"] is False
    assert named(g, "Person", "赵乐秦").props["isOfficial"] is True
    assert "桂林日报" not in {e.name for e in by_label(g, "Regulation")}


def test_all_seeds_check() -> None:
    # speed is measured in bench/bench_extract.py, not here
    texts = [t for t in (seed(p) for p in ("000", "001", "002", "003", "004")) if t]
    graphs = [extract(t, "seed") for t in texts]
    for g in graphs:
        g.check()
        for e in g.entities:
            assert e.mentions
            for v in e.props.values():
                assert v is not None and not isinstance(v, dict)
        for r in g.relations:
            assert r.evidence

"""World knowledge of divisions: the national code list and gazetteer files.

The notices here are invented; the places are real counties (the national
list) or the samples' fictional ones (a gazetteer file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.extract import extract, gazetteer
from tests.ingest._util import clean


def names(divisions: list[gazetteer.Division]) -> list[str]:
    return [d.name for d in divisions]


def test_a_county_climbs_to_its_prefecture_and_province() -> None:
    g = gazetteer.default()
    assert names(g.ancestors("杞县", "county", {})) == ["开封市", "河南省"]
    assert names(g.ancestors("桂林市", "city", {})) == ["广西壮族自治区"]


def test_an_ambiguous_name_climbs_only_with_the_texts_help() -> None:
    g = gazetteer.default()
    assert len(g.candidates("鼓楼区")) > 1
    assert g.ancestors("鼓楼区", "county", {}) == []
    assert names(g.ancestors("鼓楼区", "county", {"city": "南京市"})) == ["南京市", "江苏省"]


def test_a_chain_the_text_contradicts_is_not_used() -> None:
    # 松溪县 is a real county of 南平市; a text that names 白鹭市 as its city means another one
    g = gazetteer.default()
    assert g.ancestors("松溪县", "county", {"city": "白鹭市"}) == []


def test_a_user_file_comes_before_the_national_list(tmp_path: Path) -> None:
    world = tmp_path / "world.json"
    world.write_text(json.dumps({"places": [
        {"name": "云岭省", "level": "province", "parent": None},
        {"name": "白鹭市", "level": "city", "parent": "云岭省"},
        {"name": "松溪县", "level": "county", "parent": "白鹭市"},
    ]}, ensure_ascii=False), encoding="utf-8")
    g = gazetteer.load([world])
    assert names(g.ancestors("松溪县", "county", {})) == ["白鹭市", "云岭省"]
    assert g.fingerprint and gazetteer.default().fingerprint == ""


def test_a_broken_gazetteer_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a gazetteer file"):
        gazetteer.load([bad])


NOTICE = (
    "中共临颍县委关于市委巡察反馈意见整改情况的通报\n"
    "根据市委统一部署,2022年3月1日至4月15日,市委第一巡察组对临颍县委开展了常规巡察。"
    "5月10日,市委第一巡察组向县委反馈了巡察意见。\n"
)


def test_bare_city_committee_resolved_through_the_home_county() -> None:
    g = extract(clean(NOTICE), "t")
    orgs = {e.name for e in g.entities if e.label == "Organization"}
    assert "漯河市委第一巡察组" in orgs
    assert "漯河市委" in orgs
    insp = next(e for e in g.entities if e.label == "Inspection")
    assert insp.props["inspectingBody"] == "漯河市委第一巡察组"
    assert insp.props["inspectedUnit"] == "临颍县委"
    deployed = [r for r in g.relations if r.type == "DEPLOYED"]
    by_id = {e.id: e.name for e in g.entities}
    assert [by_id[r.src] for r in deployed] == ["漯河市委"]


def test_the_surface_stays_as_written() -> None:
    text = clean(NOTICE)
    g = extract(text, "t")
    group = next(e for e in g.entities if e.name == "漯河市委第一巡察组")
    quotes = {text[s.start : s.end] for s in group.mentions}
    assert quotes == {"市委第一巡察组"}


def test_authority_defaults_to_the_committee_the_group_is_named_after() -> None:
    text = clean("近日,宁远县委第三巡察组对城关村开展了机动巡察,发现问题12个。\n")
    g = extract(text, "t")
    by_id = {e.id: e.name for e in g.entities}
    assert [by_id[r.src] for r in g.relations if r.type == "DEPLOYED"] == ["宁远县委"]

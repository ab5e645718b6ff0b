"""Bodies inside a university or a state-owned group, and units known by alias.

Invented notices; the units are fictional.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.extract import extract, gazetteer
from tests.ingest._util import clean


def orgs(text: str, world: gazetteer.Gazetteer | None = None) -> set[str]:
    g = extract(clean(text), "t", world)
    return {e.name for e in g.entities if e.label == "Organization"}


UNIVERSITY = (
    "中共澜江理工学院委员会关于校内巡察整改情况的通报\n"
    "根据校党委统一部署,2023年9月4日至10月20日,校党委第二巡察组对图书馆党总支开展了常规巡察。"
    "巡察指出,资产管理处对大额采购审核不严。党委巡察办、纪委办公室跟踪督办。\n"
)


def test_a_universitys_short_forms_belong_to_it() -> None:
    found = orgs(UNIVERSITY)
    assert {"澜江理工学院党委", "澜江理工学院党委第二巡察组", "澜江理工学院资产管理处",
            "澜江理工学院党委巡察办", "澜江理工学院纪委办公室"} <= found


def test_the_internal_inspection_names_the_unit_in_full() -> None:
    g = extract(clean(UNIVERSITY), "t")
    insp = next(e for e in g.entities if e.label == "Inspection")
    assert insp.props["inspectingBody"] == "澜江理工学院党委第二巡察组"


def test_a_short_form_inside_a_longer_word_is_not_the_unit() -> None:
    found = orgs("关于整改情况的通报\n澜江理工学院召开整改推进会。会议要求各院校党委落实责任。\n")
    assert "澜江理工学院党委" not in found


def test_units_known_by_alias_take_their_full_name(tmp_path: Path) -> None:
    world = tmp_path / "world.json"
    world.write_text(json.dumps({"places": [], "units": [
        {"name": "澜江港务集团有限公司", "aliases": ["港务集团"]},
        {"name": "澜江港口工程有限公司", "aliases": ["港工公司"]},
    ]}, ensure_ascii=False), encoding="utf-8")
    text = (
        "港务集团党委第一巡察组向港工公司党委反馈巡察意见\n"
        "2024年3月1日至4月12日,港务集团党委第一巡察组对港工公司党委开展了常规巡察。"
        "集团党委要求公司党委限期整改。\n"
    )
    found = orgs(text, gazetteer.load([world]))
    assert "澜江港务集团有限公司党委第一巡察组" in found
    assert "澜江港口工程有限公司党委" in found
    assert "澜江港务集团有限公司党委" in found

"""Inspection events from opening sentences."""

from __future__ import annotations

from ingest.extract import extract
from tests.ingest._util import clean


def inspections(text: str) -> list[dict]:  # type: ignore[type-arg]
    g = extract(clean(text), "t")
    return [e.props for e in g.entities if e.label == "Inspection"]


def test_opening_sentence() -> None:
    text = (
        "中共青禾县委关于巡察整改情况的通报\n"
        "根据市委部署,2021年4月12日至6月10日,市委第三巡察组对我县开展了常规巡察。"
        "7月8日,市委第三巡察组向青禾县委反馈了巡察意见。\n"
    )
    (p,) = inspections(text)
    assert (p["kind"], p["mode"], p["start"], p["end"], p["feedbackDate"]) == (
        "巡察",
        "常规",
        "2021-04-12",
        "2021-06-10",
        "2021-07-08",
    )
    assert p["inspectedUnit"] == "青禾县委" and p["inspectingBody"] == "市委第三巡察组"


def test_coordinated_groups_and_extension() -> None:
    text = (
        "中共青禾县委关于巡察整改情况的通报\n"
        "2022年3月至5月,县委第二、三巡察组对禾丰镇党委开展了专项巡察,对所属8个村级党组织开展了延伸巡察。\n"
    )
    found = inspections(text)
    assert {p["inspectingBody"] for p in found} == {"青禾县委第二巡察组", "青禾县委第三巡察组"}
    assert {p.get("mode") for p in found} == {"专项", "延伸"}
    assert all(p["start"] == "2022-03" and p["end"] == "2022-05" for p in found)


def test_year_rolls_forward() -> None:
    text = (
        "中共青禾县委关于巡察整改情况的通报\n"
        "2023年10月9日至12月14日,县委第一巡察组对禾丰镇党委开展了常规巡察。2月3日,巡察组反馈了意见。\n"
    )
    (p,) = inspections(text)
    assert p["feedbackDate"] == "2024-02-03"

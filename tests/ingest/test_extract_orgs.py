"""Organisations and places: grammar, jurisdiction resolution, masked names."""

from __future__ import annotations

from ingest.extract import extract
from tests.ingest._util import clean


def orgs(text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    g = extract(clean(text), "t")
    return {e.name: e.props for e in g.entities if e.label == "Organization"}


def places(text: str) -> set[str]:
    g = extract(clean(text), "t")
    return {e.name for e in g.entities if e.label == "Place"}


NOTICE = "中共青禾县委关于巡察整改情况的通报\n县委召开常委会。县纪委监委和县审计局开展督查,乡镇党委书记参加。市委提出要求。\n"


def test_bare_forms_resolve_to_the_issuing_county() -> None:
    found = orgs(NOTICE)
    assert found["青禾县委"]["kind"] == "party_committee"
    assert {"县委", "中共青禾县委"} <= set(found["青禾县委"]["aliases"])
    assert found["青禾县纪委监委"]["kind"] == "discipline_commission"
    assert found["青禾县审计局"]["kind"] == "department"
    assert "青禾县乡镇党委" in found


def test_unnamed_city_stays_bare() -> None:
    assert "市委" in orgs(NOTICE)


def test_named_city_resolves_when_unique() -> None:
    found = orgs("中共松溪县委关于整改情况的通报\n按照白鹭市有关规定,市委第三巡察组对我县开展了常规巡察。\n")
    assert "白鹭市委第三巡察组" in found


def test_one_character_county_is_doubled() -> None:
    assert "沛县县委" in orgs("中共沛县县委关于整改情况的通报\n县委研究部署。\n")


def test_township_signature_sets_jurisdiction() -> None:
    text = "根据县委统一部署,县委第二巡察组对禾丰镇党委开展了常规巡察。\n镇纪委加强监督。\n中共青禾县禾丰镇委员会\n2024年5月6日\n"
    found = orgs(text)
    assert {"禾丰镇党委", "禾丰镇纪委", "青禾县县委第二巡察组"} - set(found) == {"青禾县县委第二巡察组"}
    assert "青禾县委第二巡察组" in found


def test_masked_and_verb_prefixed_names_are_not_places() -> None:
    found = places("*县纪委监委开展监督。湖*县纪委监委印发通知。按照县委要求,报告县委。\n")
    assert found == set()


def test_nested_places_give_parents() -> None:
    g = extract(clean("中共青禾县禾丰镇委员会召开会议。\n"), "t")
    ids = {e.id: e.name for e in g.entities}
    part = [(ids[r.src], ids[r.dst]) for r in g.relations if r.type == "PART_OF"]
    assert ("禾丰镇", "青禾县") in part


def test_named_units() -> None:
    found = orgs("区审计局派出审计组进驻南湖新城公司和白鹭大地保险公司,成立了巡察整改工作领导小组。\n")
    assert found["南湖新城公司"]["kind"] == "soe"
    assert any(name.endswith("巡察整改工作领导小组") for name in found)

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


# --- anaphora, committee-owned bodies, counts, short forms (invented notices) ---

def test_a_group_written_without_its_ordinal_is_the_notices_numbered_group() -> None:
    found = orgs(
        "中共青禾县委关于巡察整改情况的通报\n"
        "2021年4月1日至5月30日,市委第四巡察组对青禾县委开展了常规巡察。县委全力支持市委巡察组工作。\n"
    )
    assert not any(name.endswith("市委巡察组") for name in found)
    group = next(name for name in found if name.endswith("市委第四巡察组"))
    assert "市委巡察组" in found[group]["aliases"]


def test_two_numbered_groups_leave_a_bare_group_alone() -> None:
    found = orgs(
        "中共青禾县委关于巡察整改情况的通报\n"
        "市委第一巡察组、市委第二巡察组先后进驻。县委全力支持市委巡察组工作。\n"
    )
    assert sum(name.endswith("巡察组") and "第" not in name for name in found) == 1


def test_a_bare_inspection_leading_group_is_the_home_committees() -> None:
    found = orgs("中共青禾县委关于巡察整改情况的通报\n巡察领导小组办公室统筹推进,巡察领导小组定期听取汇报。\n")
    assert "青禾县委巡察工作领导小组" in found
    assert "巡察领导小组" in found["青禾县委巡察工作领导小组"]["aliases"]


def test_a_count_of_units_is_not_a_unit_name() -> None:
    found = orgs("中共青禾县委关于巡察整改情况的通报\n全县12家国有公司和3家政府性公司完成清理。\n")
    assert not any(name.startswith("家") for name in found)


def test_short_form_of_an_office_takes_the_full_form() -> None:
    found = orgs("中共青禾县禾丰镇委员会关于巡察整改情况的通报\n镇党政办牵头梳理台账。\n")
    assert "禾丰镇党政办公室" in found


def test_office_short_forms_and_numbered_rooms() -> None:
    found = orgs(
        "中共青禾县委关于巡察整改情况的通报\n"
        "县委办、县政府办牵头,县委巡察整改督导组督办,县纪委监委第二监督检查室跟进。县委办理此事。\n"
    )
    assert {"青禾县委办公室", "青禾县人民政府办公室", "青禾县委巡察整改督导组", "青禾县纪委监委第二监督检查室"} <= set(found)
    assert "县委办" in found["青禾县委办公室"]["aliases"]


def test_a_news_title_belongs_to_the_visited_unit_not_the_group() -> None:
    found = orgs(
        "县委第三巡察组向禾丰镇党委反馈巡察意见\n"
        "5月6日,青禾县委第三巡察组向禾丰镇党委反馈巡察意见。县纪委监委、县委巡察办有关负责同志参加。"
        "镇党委书记表示,对上轮县委巡察指出的问题一并整改。\n"
    )
    assert {"青禾县纪委监委", "青禾县委巡察办"} <= set(found)
    assert not any(name.startswith("上轮") for name in found)

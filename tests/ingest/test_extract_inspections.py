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


# --- target lists, coordinated groups, restatements (invented notices) ---

def _inspections(body: str, head: str = "中共临颍县委关于巡察整改情况的通报\n") -> list[tuple[str, str, str | None]]:
    from ingest.extract import extract as run
    from tests.ingest._util import clean as tidy

    g = run(tidy(head + body + "\n"), "t")
    return sorted(
        (e.props["inspectingBody"], e.props.get("inspectedUnit") or "", e.props.get("mode"))
        for e in g.entities
        if e.label == "Inspection"
    )


def test_groups_paired_with_their_targets_by_fenbie() -> None:
    found = _inspections("2022年3月1日至4月15日,市委第二、三巡察组分别对临颍县委、县政府开展了常规巡察。")
    assert found == [("漯河市委第三巡察组", "临颍县人民政府", "常规"), ("漯河市委第二巡察组", "临颍县委", "常规")]


def test_one_group_several_targets_is_one_inspection_each() -> None:
    found = _inspections("2022年3月1日至4月15日,市委第一巡察组对临颍县委、县纪委开展了专项巡察。")
    assert [t for _, t, _ in found] == ["临颍县委", "临颍县纪委"]


def test_a_place_listed_before_a_branch_shares_its_organ() -> None:
    found = _inspections(
        "按照县委安排,2021年5月6日至6月18日,县委第一巡察组对石桥镇党委开展了常规巡察,并对北街村、南关村党支部开展了延伸巡察。",
        head="中共临颍县石桥镇委员会关于巡察整改情况的通报\n",
    )
    assert ("临颍县委第一巡察组", "北街村党支部", "延伸") in found
    assert ("临颍县委第一巡察组", "南关村党支部", "延伸") in found


def test_the_mode_word_nearest_the_kind_wins() -> None:
    found = _inspections("2022年3月1日至4月15日,市委第一巡察组对县财政局开展了扶贫资金专项机动巡察。")
    assert found[0][2] == "机动"


def test_a_title_line_restated_by_the_body_is_one_inspection() -> None:
    body = (
        "市委第二巡察组对临颍县审计局开展巡察\n"
        "2022年3月1日至4月15日,市委第二巡察组对临颍县审计局党组开展了常规巡察。"
    )
    assert _inspections(body) == [("漯河市委第二巡察组", "临颍县审计局党组", "常规")]


def test_a_clause_without_a_unit_takes_the_unit_given_the_feedback() -> None:
    body = (
        "6月3日,县委第五巡察组向城关镇党委反馈了“回头看”意见。"
        "5月8日至5月26日,县委第五巡察组对上一轮巡察反馈问题的整改情况开展了“回头看”。"
    )
    found = _inspections(body)
    assert found == [("临颍县委第五巡察组", "城关镇党委", "回头看")]


def _facts(body: str, head: str = "中共临颍县委关于巡察整改情况的通报\n") -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    from ingest.extract import extract as run
    from tests.ingest._util import clean as tidy

    g = run(tidy(head + body + "\n"), "t")
    return {
        (e.props["inspectingBody"], e.props.get("inspectedUnit") or ""): e.props
        for e in g.entities
        if e.label == "Inspection"
    }


def test_passive_form_unit_received_the_groups_inspection() -> None:
    found = _facts("2023年3月7日至4月28日,县审计局党组接受了市委第三巡察组的常规巡察。同年6月9日,市委第三巡察组召开反馈会议。")
    props = found[("漯河市委第三巡察组", "临颍县审计局党组")]
    assert (props["mode"], props["start"], props["end"], props["feedbackDate"]) == ("常规", "2023-03-07", "2023-04-28", "2023-06-09")


def test_group_enters_a_place_and_inspects_its_committee() -> None:
    found = _facts("市委第二巡察组于2022年4月12日至5月27日进驻临颍县,围绕县委班子履职情况开展了常规巡察。")
    assert found[("漯河市委第二巡察组", "临颍县委")]["start"] == "2022-04-12"


def test_range_written_apart() -> None:
    found = _facts("市委第一巡察组自2023年3月20日起进驻,至5月19日结束,对临颍县委开展了常规巡察。")
    props = found[("漯河市委第一巡察组", "临颍县委")]
    assert (props["start"], props["end"]) == ("2023-03-20", "2023-05-19")


def test_feedback_news_pairs_groups_and_units_respectively() -> None:
    found = _facts(
        "12月7日,县委第一巡察组、第二巡察组分别向城关镇党委、石桥镇党委反馈了第十轮巡察意见。",
        head="临颍县委巡察组向两镇党委反馈巡察意见\n发布时间:2021-12-09\n",
    )
    assert set(found) >= {("临颍县委第一巡察组", "城关镇党委"), ("临颍县委第二巡察组", "石桥镇党委")}
    assert found[("临颍县委第二巡察组", "石桥镇党委")]["feedbackDate"] == "2021-12-07"


def test_a_headline_in_short_forms_restates_the_bodys_inspection() -> None:
    found = _facts(
        "市委第五巡察组从2024年3月4日至4月3日,对临颍县投资集团有限公司党委进行了机动巡察。",
        head="市委第五巡察组对县投资集团开展机动巡察\n中共临颍县委\n",
    )
    assert [k[0] for k in found] == ["漯河市委第五巡察组"]


# --- groups listed one by one, 完成对…的, ends apart around 进驻, feedback meetings (invented notices) ---

_DATED_HEAD = "中共临颍县委关于巡察整改情况的通报\n发布时间:{}\n"


def _by_group(found: dict[tuple[str, str], dict], group: str) -> dict:  # type: ignore[type-arg]
    (props,) = [p for (g, _), p in found.items() if g == group]
    return props


def test_groups_listed_one_by_one_pair_with_their_units_by_fenbie() -> None:
    found = _facts(
        "按照县委巡察工作领导小组安排,今年3月2日至4月20日,县委第三巡察组和第四巡察组、第五巡察组分别对城关镇党委、"
        "石桥镇党委、北街村党支部开展了常规巡察。",
        head=_DATED_HEAD.format("2022-05-10"),
    )
    assert set(found) == {
        ("临颍县委第三巡察组", "城关镇党委"), ("临颍县委第四巡察组", "石桥镇党委"), ("临颍县委第五巡察组", "北街村党支部")
    }
    assert all((p["start"], p["end"]) == ("2022-03-02", "2022-04-20") for p in found.values())


def test_a_headline_naming_the_groups_without_numbers_restates_the_body() -> None:
    found = _facts(
        "2022年3月2日至4月20日,县委第三巡察组、第四巡察组分别对城关镇党委、石桥镇党委开展了常规巡察。",
        head="县委巡察组分别向城关镇、石桥镇党委反馈巡察意见\n",
    )
    assert sorted(found) == [("县委第三巡察组", "城关镇党委"), ("县委第四巡察组", "石桥镇党委")]


def test_completing_the_inspection_of_a_unit_dates_it() -> None:
    found = _facts(
        "5月30日,市委第二巡察组向城关镇党委反馈了提级巡察情况。2023年3月13日至4月28日,市委第二巡察组完成对城关镇党委的"
        "提级巡察。",
        head=_DATED_HEAD.format("2023-06-01"),
    )
    props = _by_group(found, "漯河市委第二巡察组")
    assert (props["mode"], props["start"], props["end"], props["feedbackDate"]) == (
        "提级", "2023-03-13", "2023-04-28", "2023-05-30"
    )


def test_the_ends_of_a_stay_written_apart_around_jinzhu() -> None:
    found = _facts(
        "今年3月中旬,县委第二巡察组进驻石桥镇,聚焦乡村振兴开展了为期50天的专项巡察,5月上旬结束巡察。",
        head=_DATED_HEAD.format("2024-06-12"),
    )
    props = _by_group(found, "临颍县委第二巡察组")
    assert (props["mode"], props["start"], props["end"]) == ("专项", "2024-03", "2024-05")


def test_a_feedback_meeting_two_sentences_before_names_the_same_group() -> None:
    found = _facts(
        "6月11日,县委第二巡察组在石桥镇召开会议,反馈专项巡察情况。县委常委、组织部部长出席会议并讲话。"
        "今年3月中旬,县委第二巡察组进驻石桥镇,开展了为期50天的专项巡察,5月上旬结束巡察。",
        head=_DATED_HEAD.format("2024-06-12"),
    )
    assert _by_group(found, "临颍县委第二巡察组")["feedbackDate"] == "2024-06-11"


def test_a_feedback_date_belongs_to_the_unit_that_received_it() -> None:
    found = _facts(
        "2022年8月下旬至10月上旬,县委第一巡察组对石桥镇党委开展了常规巡察,同步对北街村、南关村党支部进行了延伸巡察。"
        "10月25日,巡察组将巡察意见反馈给镇党委。",
        head="中共临颍县石桥镇委员会关于巡察整改进展情况的通报\n",
    )
    group = "临颍县委第一巡察组"
    assert set(found) == {(group, "石桥镇党委"), (group, "北街村党支部"), (group, "南关村党支部")}
    assert found[(group, "石桥镇党委")]["feedbackDate"] == "2022-10-25"
    assert "feedbackDate" not in found[(group, "北街村党支部")] and "feedbackDate" not in found[(group, "南关村党支部")]

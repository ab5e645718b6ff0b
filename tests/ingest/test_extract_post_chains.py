"""Post chains: post (、post)* + name, with generic titles after an abbreviated unit.

Invented sentences, worded unlike the sample notices.
"""

from __future__ import annotations

from ingest.extract import extract
from ingest.normalize import normalize, to_simplified
from tests.ingest._util import clean

HEAD = "中共青禾县委关于巡察整改情况的通报\n"


def people(text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    g = extract(clean(text), "t")
    return {e.name: e.props for e in g.entities if e.label == "Person"}


def test_bureau_party_group_secretary_and_director() -> None:
    # unit abbreviation (局) + 党组书记, then 、局长 joined in the chain
    found = people(HEAD + "会上,区卫健局党组书记、局长方晓东同志作了检查。\n")
    assert found["方晓东"]["posts"][-1] == "局长"
    assert found["方晓东"]["posts"][0].endswith("局党组书记")
    assert found["方晓东"]["isOfficial"] is True


def test_company_committee_secretary_and_chairman() -> None:
    found = people(HEAD + "矿业公司党委书记、董事长龙海川出席并讲话。\n")
    assert found["龙海川"]["posts"] == ["矿业公司党委书记", "董事长"]


def test_deputy_secretary_and_general_manager() -> None:
    found = people(HEAD + "随后,公司党委副书记、总经理秦大宇表态。\n")
    assert found["秦大宇"]["posts"] == ["公司党委副书记", "总经理"]


def test_school_prefix_kept_in_the_post() -> None:
    found = people(HEAD + "学院党委书记蓝天佑同志主持召开专题会。\n")
    assert found["蓝天佑"]["posts"] == ["学院党委书记"]


def test_bare_title_at_a_boundary() -> None:
    found = people(HEAD + "整改由党委统筹;校长鲁红梅同志具体负责。\n")
    assert found["鲁红梅"]["posts"] == ["校长"]


def test_inspection_group_leader_posts_as_written() -> None:
    found = people(HEAD + "会议结束后,县委第三巡察组组长孔德辉作了说明。\n")
    assert found["孔德辉"]["posts"] == ["县委第三巡察组组长"]
    found = people(HEAD + "十月,巡察组组长魏建国带队进驻。\n")
    assert found["魏建国"]["posts"] == ["巡察组组长"]


def test_division_head_and_branch_secretary() -> None:
    found = people(HEAD + "财务处处长、党支部书记邵一帆表示立行立改。\n")
    assert found["邵一帆"]["posts"] == ["财务处处长", "党支部书记"]


def test_title_inside_a_word_is_not_a_post() -> None:
    assert people(HEAD + "学校长期缺乏监督。\n") == {}
    assert "习近平" not in {n for n, p in people(HEAD + "学习习近平总书记重要讲话。\n").items() if p["isOfficial"]}


def test_sanctions_and_verbs_are_not_names() -> None:
    found = people(HEAD + "给予乡党支部副书记党内警告处分,巡察组与该局办公室主任谈话提醒。\n")
    assert found == {}


def test_byline_stays_non_official() -> None:
    found = people(HEAD + "本报记者 范晓光\n县委书记周远同志讲话。\n")
    assert found["范晓光"]["isOfficial"] is False
    assert found["周远"]["isOfficial"] is True


# ------------------------------------------------------------ traditional script


def test_to_simplified_keeps_every_offset() -> None:
    trad = "市委第二巡察組組長韋志強同志指出,後勤處黨總支存在問題。\nABC 123"
    simp = to_simplified(trad)
    assert len(simp) == len(trad)
    assert simp.startswith("市委第二巡察组组长韦志强")
    assert [i for i, (a, b) in enumerate(zip(trad, simp)) if a == "\n"] == [i for i, b in enumerate(simp) if b == "\n"]
    assert to_simplified(simp) == simp
    plain = "县委书记周远同志讲话。"
    assert to_simplified(plain) == plain


def test_normalize_stays_idempotent_on_traditional_text() -> None:
    trad = "中共雲嶺師範大學委員會\n  校黨委書記韋志強\u3000同志"
    once = normalize(trad)
    assert normalize(once) == once


def test_traditional_notice_reports_in_its_own_script() -> None:
    text = clean("中共青禾縣委關於巡察整改情況的通報\n縣委書記韋志強同志主持會議,財務處處長、黨支部書記邵一帆作表態發言。\n")
    g = extract(text, "t")
    found = {e.name: e.props for e in g.entities if e.label == "Person"}
    assert found["韋志強"]["posts"] == ["縣委書記"]
    assert found["邵一帆"]["posts"] == ["財務處處長", "黨支部書記"]
    assert g.text == text
    g.check()  # every quote is re-read from the stored (traditional) text
    for e in g.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.quote

"""Persons who are not officials of the notice, and roles taken in a new body.

Invented sentences, worded unlike the sample notices and the seeds.
"""

from __future__ import annotations

from ingest.extract import extract
from tests.ingest._util import clean

HEAD = "中共青禾县委关于巡察整改情况的通报\n"


def people(text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    g = extract(clean(text), "t")
    return {e.name: e.props for e in g.entities if e.label == "Person"}


def test_leader_named_in_a_slogan_is_a_person_not_an_official() -> None:
    found = people(HEAD + "全镇始终坚持以习近平新时代中国特色社会主义思想为指导,推动整改落地。\n")
    assert found["习近平"]["isOfficial"] is False
    assert found["习近平"].get("posts", []) == []


def test_leader_cited_for_his_speeches() -> None:
    found = people(HEAD + "支部把习近平关于乡村振兴的重要论述列入学习计划。\n")
    assert found["习近平"]["isOfficial"] is False


def test_leader_with_his_title_keeps_it_as_a_post() -> None:
    found = people(HEAD + "党委会传达学习习近平总书记在座谈会上的讲话。\n")
    assert found["习近平"]["posts"] == ["总书记"]
    assert found["习近平"]["isOfficial"] is False


def test_parties_to_a_case_listed_before_the_offence() -> None:
    found = people(HEAD + "妥善化解鑫源商贸、郑国梁、冯立新非法吸收公众存款案引发的信访问题。\n")
    assert found["郑国梁"]["isOfficial"] is False
    assert found["冯立新"]["role"] == "party to a case"
    assert "鑫源商贸" not in found


def test_household_named_by_its_head() -> None:
    found = people(HEAD + "镇里协调施工队为岩口村刘长顺户修缮了危房。\n")
    assert found["刘长顺"]["role"] == "household"
    assert found["刘长顺"]["isOfficial"] is False


def test_household_words_are_not_names() -> None:
    found = people(HEAD + "各村干部入户走访,对东坪村贫困户逐一回访,并督促村住户清理杂物。\n")
    assert found == {}


def test_role_in_a_new_body_is_a_second_post() -> None:
    found = people(HEAD + "成立了由县委书记欧阳明任组长的巡察整改工作领导小组,统筹推进整改。\n")
    assert found["欧阳明"]["posts"] == ["县委书记", "巡察整改工作领导小组组长"]
    assert found["欧阳明"]["isOfficial"] is True


def test_an_official_quoted_for_his_speech_stays_one_official() -> None:
    text = HEAD + "县委书记柏青松同志出席会议。会议要求认真落实柏青松同志关于整改的重要讲话精神。\n"
    found = people(text)
    assert found["柏青松"]["isOfficial"] is True
    g = extract(clean(text), "t")
    assert [e.name for e in g.entities if e.label == "Person"] == ["柏青松"]


def test_an_unnamed_person_is_not_an_official_and_stays_in_its_notice() -> None:
    text = HEAD + "时任村委会主任严某违规套取补贴资金,已被给予党内警告处分。\n"
    found = people(text)
    assert found["严某"]["isOfficial"] is False
    assert "村委会主任" in found["严某"]["role"]
    other = extract(clean("中共石桥县委关于巡察整改情况的通报\n时任村委会主任严某被诫勉谈话。\n"), "u")
    mine = extract(clean(text), "t")
    ids = {e.id for e in mine.entities if e.name == "严某"}
    assert ids and ids.isdisjoint({e.id for e in other.entities if e.name == "严某"})


def test_three_character_names_whose_last_character_is_also_a_word() -> None:
    found = people(HEAD + "局党组书记、局长骆清和主持会议。乡党委书记祁松年表示将立行立改。\n")
    assert {"骆清和", "祁松年"} <= set(found)
    pair = people(HEAD + "县委书记王明和县长李华出席会议。\n")
    assert "王明" in pair and "王明和" not in pair


def test_a_title_overlapping_its_unit_and_a_name_with_a_verb_like_second_character() -> None:
    found = people("中共澄浦区委关于巡察整改情况的通报\n" + "区委巡察办主任解闻笛出席。镇党委书记黎向东表态。局党组成员仇慕白参加。\n")
    assert found["解闻笛"]["posts"] == ["区委巡察办主任"]
    assert found["黎向东"]["posts"] == ["镇党委书记"]
    assert found["仇慕白"]["posts"] == ["局党组成员"]

"""Officials after post titles; non-officials are not officials."""

from __future__ import annotations

from ingest.extract import extract
from tests.ingest._util import clean


def people(text: str) -> dict[str, dict]:  # type: ignore[type-arg]
    g = extract(clean(text), "t")
    return {e.name: e.props for e in g.entities if e.label == "Person"}


def posts(text: str) -> set[tuple[str, str, str]]:
    g = extract(clean(text), "t")
    names = {e.id: e.name for e in g.entities}
    return {(names[r.src], r.props["title"], names[r.dst]) for r in g.relations if r.type == "HOLDS_POST"}


HEAD = "中共青禾县委关于巡察整改情况的通报\n"


def test_coordinated_posts() -> None:
    found = posts(HEAD + "县委书记周远同志、县委副书记、县长吴春燕同志带队调研。\n")
    assert ("周远", "县委书记", "青禾县委") in found
    assert ("吴春燕", "县委副书记", "青禾县委") in found
    assert ("吴春燕", "县长", "青禾县人民政府") in found


def test_level_inherited_in_a_chain() -> None:
    found = posts(HEAD + "县委常委、纪委书记马国栋主持会议。\n")
    assert ("马国栋", "纪委书记", "青禾县纪委") in found


def test_three_character_names_before_verbs() -> None:
    assert "赵乐秦" in people(HEAD + "县委书记赵乐秦身体力行。\n")


def test_no_name_after_title() -> None:
    assert people(HEAD + "县委书记任组长,县委书记带队,县委书记负总责。\n") == {}


def test_bylines_are_not_officials() -> None:
    found = people("本报记者 文新明 通讯员 唐永\n正文。\n")
    assert found and all(p["isOfficial"] is False for p in found.values())


def test_a_person_is_identified_by_name_and_jurisdiction() -> None:
    from ingest.extract import extract
    from tests.ingest._util import clean

    def pid(text: str) -> str:
        g = extract(clean(text), "t")
        return next(e.id for e in g.entities if e.label == "Person")

    one = pid("中共青禾县委关于巡察整改情况的通报\n县委副书记、县长宗明远同志主持会议。\n")
    same = pid("中共青禾县委关于整改进展的通报\n县长宗明远同志出席。\n")
    other = pid("中共石桥县委关于巡察整改情况的通报\n县长宗明远同志出席。\n")
    assert one == same
    assert one != other


def test_the_first_responsible_person_answers_for_the_whole_rectification() -> None:
    from ingest.extract import extract
    from tests.ingest._util import clean

    g = extract(clean(
        "中共青禾县委关于巡察整改情况的通报\n"
        "2021年4月12日至6月10日,市委第三巡察组对青禾县委开展了常规巡察。\n"
        "县委书记柏青松同志作为整改第一责任人,主持召开常委会研究整改。\n"
    ), "t")
    by_id = {e.id: e for e in g.entities}
    rel = [r for r in g.relations if r.type == "RESPONSIBLE_FOR"]
    assert [(by_id[r.src].name, by_id[r.dst].label, r.props["role"]) for r in rel] == [("柏青松", "Inspection", "第一责任人")]

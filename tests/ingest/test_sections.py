"""Section tree: marker styles, hierarchy, measure blocks, inline enumerations."""

from __future__ import annotations

from ingest.sections import cn_to_int, parse

NOTICE = """一、存在的主要问题
(一)乡镇党委主体责任落实不力
一是责任传导不到位。部分党委研究不够。二是制度执行偏软。
整改情况:
一是建立台账。二是开展督查。
三是监督检查缺位。
整改情况:
(二)纪委监督缺位的问题
二、下一步工作
一是继续整改。
"""


def test_paths_use_the_texts_own_markers() -> None:
    tree = parse(NOTICE)
    paths = [s.path for s in tree.sections]
    assert paths == [
        "一",
        "一/(一)",
        "一/(一)/一是",
        "一/(一)/二是",
        "一/(一)/三是",
        "一/(二)",
        "二",
        "二/一是",
    ]


def test_measure_enumerations_after_a_marker_are_not_headings() -> None:
    tree = parse(NOTICE)
    heads = [NOTICE[s.head_start : s.head_end] for s in tree.sections]
    assert "建立台账" not in heads and "开展督查" not in heads
    assert len(tree.rect_markers) == 2


def test_inline_enumeration_continues_the_series() -> None:
    tree = parse(NOTICE)
    second = next(s for s in tree.sections if s.path == "一/(一)/二是")
    assert second.inline
    assert NOTICE[second.head_start : second.head_end] == "制度执行偏软"


def test_hierarchy_follows_first_appearance_of_styles() -> None:
    text = "第一部分 总体情况\n第二部分 问题整改\n1.两个责任落实不到位\n(1)研究不经常。整改措施:建立制度。\n(2)监督不到位。\n"
    paths = [s.path for s in parse(text).sections]
    assert paths == ["一", "二", "二/1", "二/1/(1)", "二/1/(2)"]


def test_section_extent_ends_at_next_sibling() -> None:
    tree = parse(NOTICE)
    first, second = tree.roots
    assert first.end == second.start
    assert second.end == len(NOTICE)


def test_cn_numerals() -> None:
    assert [cn_to_int(s) for s in ("一", "十", "十二", "二十三", "7")] == [1, 10, 12, 23, 7]


def test_odd_input() -> None:
    for text in ("", "一、", "(一)", "1." * 1000, "一是" * 50):
        parse(text)

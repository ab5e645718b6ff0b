"""Reported quantities: values, units, approximations, skipped numbers."""

from __future__ import annotations

from ingest.extract.figures import find_figures


def figs(text: str) -> list[tuple[float | int, str, bool]]:
    return [(f.value, f.unit, f.approx) for f in find_figures(text)]


def test_counts_and_money() -> None:
    assert figs("立案12件,给予党纪处分5人,追缴资金36.5万元,收缴2万余元。") == [
        (12, "件", False),
        (5, "人", False),
        (36.5, "万元", False),
        (2, "万元", True),
    ]


def test_percent_and_approx() -> None:
    assert figs("同比增长37%,培训300余人。") == [(37, "%", False), (300, "人", True)]


def test_chinese_count_words() -> None:
    assert figs("先后两次召开会议,开展三轮督查。") == [(2, "次", False), (3, "轮", False)]


def test_dates_ordinals_and_titles_skipped() -> None:
    assert figs("2016年7月19日,第二巡察组为期2个月,《2016年工作方案》。") == []


def test_metric_includes_counted_noun() -> None:
    (f,) = find_figures("所巡察的16个乡镇党委")
    assert f.metric.endswith("乡镇党委")

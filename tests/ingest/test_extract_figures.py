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


def test_large_units_measures_and_counted_objects() -> None:
    from ingest.extract.figures import find_figures

    text = "审计项目资金2.3亿元,调阅资料1.2万余份,拆除违建0.86万平方米,复垦复耕318亩,收回车辆7辆,选派216名年轻干部,2016年3月完成。"
    got = {(f.value, f.unit, f.approx) for f in find_figures(text)}
    assert {(2.3, "亿元", False), (1.2, "万份", True), (0.86, "万平方米", False), (318, "亩", False),
            (7, "辆", False), (216, "名", False)} <= got
    assert not any(f.value == 2016 for f in find_figures(text))

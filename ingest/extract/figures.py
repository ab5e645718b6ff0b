"""Reported quantities: 立案112件, 给予党纪处分5人, 追缴29.23万元, 48%, 300余人.

A figure is a number (Arabic, or a Chinese count word from 两 up) followed by
a unit from the data file, optionally with 余/多 (approximate).  Numbers that
are dates, durations, ordinals (第二) or inside 《》 titles are skipped.  The
metric is the phrase before the number back to the previous clause break,
plus, for classifier units, the noun counted after it (16个|乡镇党委).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.textutil import cn_number, is_han

_BREAK = "。;；,，、:：()（）“”\n《》"


@dataclass
class FigureFact:
    start: int
    end: int
    metric: str
    value: float | int
    unit: str
    approx: bool


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = lexicon.load("figures")
    units = "|".join(sorted(map(re.escape, data["units"]), key=len, reverse=True))
    approx = "".join(data["approx"])
    return re.compile(
        rf"(?P<num>\d+(?:\.\d+)?|[两二三四五六七八九十百千]+)(?P<wan>万|亿)?(?P<approx>[{approx}])?(?P<unit>{units})"
    )


def _inside_titles(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{0,80}》", text)]


def find_figures(text: str) -> list[FigureFact]:
    data = lexicon.load("figures")
    classifiers = set(data["classifiers"])
    trims = sorted(data["metricTrim"], key=len, reverse=True)
    titles = _inside_titles(text)
    out: list[FigureFact] = []
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        num, unit = m.group("num"), m.group("unit")
        if any(text.startswith(w, m.start("unit")) for w in data["notAfter"]):
            continue
        if s > 0 and (text[s - 1] in "第.-/" or text[s - 1].isdigit()):
            continue
        if e < len(text) and text[e] in "年月日号届" and not text.startswith(("年轻", "年度"), e):
            continue
        if not num[0].isdigit() and (
            num[0] in "十百千"
            or unit not in classifiers
            or (s > 0 and text[s - 1] in "第一二三四五六七八九十")
        ):
            continue
        if any(a <= s < b for a, b in titles):
            continue
        if not num[0].isdigit() and _slogan(text, s, e):
            continue
        if unit == "万" and not m.group("wan"):
            continue
        value = cn_number(num)
        if value is None:
            continue
        if m.group("wan") and unit in ("万", "万元", "亿元"):
            continue
        if m.group("wan"):
            # 2.3亿元, 1.2万余份, 0.86万平方米: the value in the unit as written
            unit = m.group("wan") + unit
        number: float | int = int(value) if value == int(value) and "." not in num else value
        out.append(
            FigureFact(
                s, e, _metric(text, s, e, unit in classifiers, trims), number, unit, bool(m.group("approx"))
            )
        )
    return out


def _slogan(text: str, s: int, e: int) -> bool:
    """A count word that is part of a name (“两个责任”, 中央八项规定, 二次全会), not a quantity."""
    if s > 0 and text[s - 1] in "“‘\"'":
        return True
    if text.endswith("中央", 0, s) or text.startswith("全会", e):
        return True
    close = text.find("”", e, e + 6)
    return close >= 0 and "“" not in text[e:close] and "“" in text[max(0, s - 8) : s]


def _metric(text: str, s: int, e: int, counted: bool, trims: list[str]) -> str:
    lo = s
    while lo > 0 and s - lo < 14 and text[lo - 1] not in _BREAK:
        lo -= 1
    before = text[lo:s]
    cut = max(before.rfind(ch) for ch in "对向在将把从于")
    if cut >= 0:
        before = before[cut + 1 :]
    for t in trims:
        before = before.removeprefix(t)
    before = re.sub(r"^[\d.]+[^\d]{0,2}", "", before) if before[:1].isdigit() else before
    after = ""
    if counted:
        hi = e
        while hi < len(text) and hi - e < 8 and is_han(text[hi]) and text[hi] not in "的和及与在中":
            hi += 1
        after = text[e:hi]
    metric = (before + after).strip()
    return metric or text[s:e]

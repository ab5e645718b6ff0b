"""Reported quantities: 立案112件, 给予党纪处分5人, 追缴29.23万元, 48%, 300余人.

A figure is a number (Arabic, or a Chinese count word from 两 up) followed by
a unit from the data file, optionally with 余/多 (approximate).  Numbers that
are dates, durations, ordinals (第二) or inside 《》 titles are skipped.  The
metric is the phrase before the number back to the previous clause break,
plus, for classifier units, the noun counted after it (16个|乡镇党委).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.textutil import cn_number

_BREAK = "。;；,，、:：()（）“”\n《》"


@dataclass
class FigureFact:
    start: int
    end: int
    metric: str
    value: float | int
    unit: str
    approx: bool


#: The characters of a Chinese count (两, 三十, 二百).
_CN_NUMERAL = "两二三四五六七八九十百千"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = lexicon.load("figures")
    units = "|".join(sorted(map(re.escape, data["units"]), key=len, reverse=True))
    approx = "".join(data["approx"])
    # every match starts with a digit or a count word: saying so up front lets the engine skip other
    # positions at once instead of trying both alternatives at every character (half the scan's time)
    return re.compile(
        rf"(?=[\d{_CN_NUMERAL}])(?P<num>(?<!\d)\d+(?:\.\d+)?|(?<![{_CN_NUMERAL}])[{_CN_NUMERAL}]+)"
        rf"(?P<wan>万|亿)?(?P<approx>[{approx}])?(?P<unit>{units})"
    )


_TITLE = re.compile(r"《[^《》\n]{0,80}》")


def _han_except(chars: str) -> str:
    """A character class of the Han characters of ``is_han`` without ``chars``."""
    out, lo = [], 0x4E00
    for c in sorted(map(ord, chars)):
        if lo < c:
            out.append(f"\\u{lo:04x}-\\u{c - 1:04x}")
        lo = c + 1
    out.append(f"\\u{lo:04x}-\\u9fff")
    return "[" + "".join(out) + "]"


#: The noun counted after a classifier (16个|乡镇党委): up to 8 Han characters, stopping at 的和及与在中.
_COUNTED = re.compile(_han_except("的和及与在中") + "{0,8}")
_PREPOSITIONS = "对向在将把从于"
_LEADING_NUMBER = re.compile(r"^[\d.]+[^\d]{0,2}")


@dataclass(frozen=True)
class _Words:
    """The word lists of ``figures.json`` in the shapes the scan uses."""

    classifiers: frozenset[str]
    trims: tuple[str, ...]
    trim_starts: frozenset[str]
    not_after: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = lexicon.load("figures")
    trims = tuple(sorted(data["metricTrim"], key=len, reverse=True))
    return _Words(
        frozenset(data["classifiers"]), trims, frozenset(t[:1] for t in trims), tuple(data["notAfter"])
    )


def _inside_titles(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


def _in_titles(titles: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` is inside one of ``titles`` (non-overlapping, in order; ``starts`` their starts)."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < titles[i][1]


def find_figures(text: str) -> list[FigureFact]:
    words = _words()
    classifiers, trims = words.classifiers, words.trims
    titles = _inside_titles(text)
    title_starts = [a for a, _ in titles]
    out: list[FigureFact] = []
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        num, unit = m.group("num"), m.group("unit")
        if words.not_after and text.startswith(words.not_after, m.start("unit")):
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
        if _in_titles(titles, title_starts, s):
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
                s,
                e,
                _metric(text, s, e, unit in classifiers, trims, words.trim_starts),
                number,
                unit,
                bool(m.group("approx")),
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


def _metric(
    text: str, s: int, e: int, counted: bool, trims: tuple[str, ...], trim_starts: frozenset[str]
) -> str:
    """The counted phrase: back to a clause break (at most 14 characters), after the last preposition."""
    lo = max(0, s - 14)
    i = s
    while i > lo and text[i - 1] not in _BREAK:
        i -= 1
    j = s
    while j > i and text[j - 1] not in _PREPOSITIONS:
        j -= 1
    before = text[j:s]
    if before[:1] in trim_starts:
        for t in trims:
            before = before.removeprefix(t)
    before = _LEADING_NUMBER.sub("", before) if before[:1].isdigit() else before
    after = ""
    if counted:
        after = _COUNTED.match(text, e).group()  # type: ignore[union-attr]  # always matches
    metric = (before + after).strip()
    return metric or text[s:e]

"""Administrative divisions: a proper name followed by a level suffix (杞县, 天心区, 小甸镇).

Names are open-class, so their left edge is found from the grammar: a name
never contains a stop character (对, 向, 在, 的 …) and follows a stop word
(成立, 召开 …) or another division (寿县|小甸镇).  A name whose left edge is
not anchored that way is accepted only if the same name occurs anchored
elsewhere in the document (下阶段天心区委 → 天心区, learned from 对天心区).
Masked names (``*县``) have no name characters and are never places.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.textutil import ends_with_any, last_word_end, name_run, word_index


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    name: str
    suffix: str
    level: str


@lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern[str], dict[str, dict[str, object]]]:
    data = lexicon.load("places")
    levels = {lv["suffix"]: lv for lv in data["levels"]}
    alt = "|".join(sorted((re.escape(s) for s in levels), key=len, reverse=True))
    return re.compile(alt), levels


@lru_cache(maxsize=1)
def _blocks() -> tuple[tuple[frozenset[str], tuple[int, ...]], frozenset[str], dict[str, str]]:
    data = lexicon.load("places")
    return word_index(data["nonPlaceWords"]), frozenset(data["determiners"]), dict(data["followBlock"])


LEVEL_CHARS = frozenset("省市县区镇乡村")
_NUMERALS = frozenset("一二三四五六七八九十两几")


@lru_cache(maxsize=1)
def _place_stops() -> tuple[frozenset[str], tuple[int, ...]]:
    return word_index(lexicon.load("names").get("placeStopWords", []))


def _strong_single(text: str, start: int, end: int, suffix: str) -> bool:
    """A one-character name (杞县, 寿县) needs a strong edge: text start, punctuation, 中共, or a doubled suffix (杞县县委)."""
    before = text[start - 1] if start > 0 else ""
    if not before or not ("\u4e00" <= before <= "\u9fff") or text.endswith("中共", 0, start):
        return True
    return text.startswith(suffix, end)


def find_places(text: str) -> list[PlaceMention]:
    """All place mentions, left to right, non-overlapping."""
    pattern, levels = _grammar()
    non_place, determiners, follow = _blocks()
    place_stops = _place_stops()
    anchored: list[PlaceMention] = []
    pending: list[tuple[int, int, str, int]] = []
    for m in pattern.finditer(text):
        suffix = m.group(0)
        s, e = m.start(), m.end()
        if e < len(text) and text[e] in follow.get(suffix, ""):
            continue
        if ends_with_any(text, e, *non_place):
            continue
        spec = levels[suffix]
        lo, hi = int(spec["minName"]), int(spec["maxName"])  # type: ignore[call-overload]
        start, ok = name_run(text, s, hi)
        k = start
        while k < s and text[k] in LEVEL_CHARS:
            k += 1
        if k > start:
            start, ok = k, True
        cut = max(start, last_word_end(text, 0, start, s, *place_stops))
        if cut > start:
            start, ok = cut, True
        name = text[start:s]
        if len(name) == 1 and not _strong_single(text, start, e, suffix):
            ok = False
        if any(ch in LEVEL_CHARS for ch in name) or (
            name and name[-1] in determiners and (len(name) == 1 or name[-1] in _NUMERALS)
        ):
            continue
        if ok and lo <= len(name) <= hi:
            anchored.append(PlaceMention(start, e, text[start:e], suffix, str(spec["level"])))
        elif len(name) >= lo:
            pending.append((start, s, suffix, lo))
    known = {p.name for p in anchored}
    for start, s, suffix, lo in pending:
        for k in range(s - start, lo - 1, -1):
            cand = text[s - k : s + len(suffix)]
            if cand in known:
                anchored.append(
                    PlaceMention(s - k, s + len(suffix), cand, suffix, str(levels[suffix]["level"]))
                )
                break
    anchored.sort(key=lambda p: (p.start, -p.end))
    out: list[PlaceMention] = []
    for p in anchored:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


def parents(places: list[PlaceMention]) -> dict[str, str]:
    """Parent of each place name where the text nests them directly (寿县小甸镇)."""
    rank = {"province": 0, "city": 1, "county": 2, "township": 3, "street": 4, "village": 4}
    out: dict[str, str] = {}
    for a, b in itertools.pairwise(places):
        if a.end == b.start and rank.get(a.level, 9) < rank.get(b.level, 9):
            out.setdefault(b.name, a.name)
    return out

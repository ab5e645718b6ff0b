"""Measures: the actions a notice reports, cut from a problem's measure region.

A region enumerated with 一是/二是… gives one measure per ordinal (the lead-in
before 一是 is a measure of its own when it states an action); otherwise each
sentence that contains an action verb is a measure.  The kind is the one whose
keywords occur most often (data file ``measure_kinds.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.textutil import sentences, strip_outer
from ingest.extract.wordscan import WordScanner
from ingest.sections import cn_to_int

#: 一是/二是 at the start of a sentence or line; the look-ahead lets the engine skip every other position.
_ENUM = re.compile(
    r"(?=[\s一二三四五六七八九十])(?:(?<=[。;；:：\n])|^)\s*([一二三四五六七八九十]{1,3})是(?!否)", re.MULTILINE
)


@dataclass
class MeasureFact:
    start: int
    end: int
    kind: str


@lru_cache(maxsize=1)
def _kinds() -> tuple[list[tuple[str, tuple[str, ...]]], str, tuple[str, ...]]:
    data = lexicon.load("measure_kinds")
    kinds = [(k["kind"], tuple(k["keywords"])) for k in data["kinds"]]
    return kinds, str(data["default"]), tuple(data["actionVerbs"])


@lru_cache(maxsize=1)
def _scanners() -> tuple[WordScanner, dict[str, list[int]], WordScanner]:
    """Keyword and action-verb scanners, and for each keyword the kinds (by index) that list it."""
    kinds, _, verbs = _kinds()
    kinds_of: dict[str, list[int]] = {}
    for i, (_, words) in enumerate(kinds):
        for w in words:
            kinds_of.setdefault(w, []).append(i)
    return WordScanner(kinds_of), kinds_of, WordScanner(verbs)


def classify(text: str) -> str:
    """The kind whose keywords occur most often (the first such kind on a tie; the default if none occurs)."""
    kinds, default, _ = _kinds()
    keywords, kinds_of, _ = _scanners()
    scores = [0] * len(kinds)
    for w in keywords.present(text):
        n = text.count(w)
        for i in kinds_of[w]:
            scores[i] += n
    best, score = default, 0
    for (kind, _), n in zip(kinds, scores):
        if n > score:
            best, score = kind, n
    return best


def _is_action(text: str) -> bool:
    return _scanners()[2].any_in(text)


def split_measures(text: str, start: int, end: int) -> list[MeasureFact]:
    """The measures written between ``start`` and ``end``."""
    cuts: list[int] = []
    expected = 1
    for m in _ENUM.finditer(text, start, end):
        if cn_to_int(m.group(1)) == expected:
            cuts.append(m.start(1))
            expected += 1
    spans: list[tuple[int, int]] = []
    if len(cuts) >= 2:
        lead = strip_outer(text, start, cuts[0])
        if lead[1] > lead[0] and _is_action(text[lead[0] : lead[1]]):
            spans.append(lead)
        for a, b in zip(cuts, cuts[1:] + [end]):
            spans.append(strip_outer(text, a, b))
    else:
        spans = [sp for sp in sentences(text, start, end) if _is_action(text[sp[0] : sp[1]])]
    return [MeasureFact(s, e, classify(text[s:e])) for s, e in spans if e > s]

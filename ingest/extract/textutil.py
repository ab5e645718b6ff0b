"""Small text helpers shared by the extractors: sentences, name boundaries, numbers."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache, lru_cache

from ingest.extract import lexicon

HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE = re.compile(r"[^。!?;！？；\n]+[。!?;！？；]?")
_CN_NUM = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
#: Blanks trimmed from the ends of a line or sentence span.
_BLANKS = " \t\u3000"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences (split at 。!?; and line ends) between start and end."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text, start, stop):
        # strip_outer(text, s, e, _BLANKS) by the string's own strip (one C call instead of two loops)
        g = m.group()
        body = g.strip(_BLANKS)
        if body:
            s = m.start() + len(g) - len(g.lstrip(_BLANKS))
            out.append((s, s + len(body)))
    return out


_SENTENCE_END = re.compile(r"[。!?;！？；\n]")


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> list[int]:
    """Offsets of every sentence-ending character of ``text``, ascending.

    The extractors ask for the sentence around hundreds of offsets of the same
    text; one scan and a binary search per question replace two character
    loops per question.
    """
    return [m.start() for m in _SENTENCE_END.finditer(text)]


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """Span of the sentence containing offset ``pos``."""
    n = len(text)
    pos = min(max(pos, 0), n)
    ends = _sentence_ends(text)
    i = bisect_left(ends, pos)
    s = ends[i - 1] + 1 if i > 0 else 0
    e = ends[i] if i < len(ends) else n
    if e < n and text[e] != "\n":
        e += 1
    while s < e and text[s] in " \t\u3000":
        s += 1
    return s, max(e, s)


@cache
def stop_word_index() -> tuple[frozenset[str], tuple[int, ...]]:
    """The stop words of ``names.json`` indexed by length (see :func:`word_index`)."""
    return word_index(lexicon.stop_words())


def name_run(text: str, end: int, limit: int) -> tuple[int, bool]:
    """Start of the proper-name run that ends at ``end``, scanning left.

    Returns (start, anchored): the run stops at a stop character or stop word
    (a left boundary of names); ``anchored`` is False when ``limit``
    characters were read without meeting a boundary, in which case the start
    is a guess.
    """
    stops = lexicon.stop_chars()
    i = end
    while i > 0 and end - i < limit and is_han(text[i - 1]) and text[i - 1] not in stops:
        i -= 1
    anchored = i == 0 or not is_han(text[i - 1]) or text[i - 1] in stops
    words, lengths = stop_word_index()
    best = last_word_end(text, max(0, i - 4), i, end, words, lengths)
    if best > i:
        return best, True
    return i, anchored


def word_index(words: Iterable[str]) -> tuple[frozenset[str], tuple[int, ...]]:
    """A word list as (set, lengths longest first), for :func:`last_word_end` and suffix tests.

    Testing the few slices that could be a word is much cheaper than one
    ``rfind`` per word of a long list, and finds the same occurrences.
    """
    found = frozenset(words)
    return found, tuple(sorted({len(w) for w in found}, reverse=True))


def last_word_end(
    text: str, lo: int, floor: int, end: int, words: frozenset[str], lengths: tuple[int, ...]
) -> int:
    """The largest q in (floor, end] where a word of ``words`` starting at or after ``lo`` ends; -1 if none.

    The same as the largest ``k + len(w)`` over ``k = text.rfind(w, lo, end)``
    with ``floor < k + len(w)``, taken over every word ``w``.
    """
    for q in range(end, floor, -1):
        for n in lengths:
            if q - n >= lo and text[q - n : q] in words:
                return q
    return -1


def ends_with_any(text: str, end: int, words: frozenset[str], lengths: tuple[int, ...]) -> bool:
    """Whether ``text[:end]`` ends with one of ``words`` (``any(text.endswith(w, 0, end) ...)``)."""
    return any(end >= n and text[end - n : end] in words for n in lengths)


def cn_number(s: str) -> float | None:
    """Value of an Arabic or Chinese numeral string (12, 3.5, 两, 十二, 三百); None if unreadable."""
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        pass
    total = 0
    current = 0
    for ch in s:
        if ch in _CN_NUM:
            current = _CN_NUM[ch]
        elif ch in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[ch]
            current = 0
        else:
            return None
    return float(total + current)


def strip_outer(text: str, start: int, end: int, chars: str = " \t\n\u3000,，、:：;；。") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class StartIndex:
    """Items (with a ``start``) whose start lies in ``[lo, hi)``, in their list order, by bisection.

    The same as ``[x for x in items if lo <= x.start < hi]``: rules that asked this of every org for every
    sentence, heading or measure were quadratic on long documents.
    """

    def __init__(self, items: list) -> None:  # type: ignore[type-arg]
        self.items = items
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.starts = [items[i].start for i in self.order]

    def between(self, lo: int, hi: int) -> list:  # type: ignore[type-arg]
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        if a >= b:
            return []
        return [self.items[i] for i in sorted(self.order[a:b])]


class SmallestContaining:
    """For spans ``(start, end, id)``: the id of the shortest span containing a position, the first listed on
    ties, as a scan of the list would find it; one sweep over the span boundaries, then bisection."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans
        events = sorted({p for s, e, _ in spans if s < e for p in (s, e)})
        opening: dict[int, list[int]] = {}
        for i, (s, e, _) in enumerate(spans):
            if s < e:
                opening.setdefault(s, []).append(i)
        heap: list[tuple[int, int, int]] = []  # (length, list index, end)
        self.bounds: list[int] = []
        self.answer: list[str | None] = []
        for p in events:
            for i in opening.get(p, ()):
                s, e, _ = spans[i]
                heapq.heappush(heap, (e - s, i, e))
            while heap and heap[0][2] <= p:
                heapq.heappop(heap)
            self.bounds.append(p)
            self.answer.append(spans[heap[0][1]][2] if heap else None)

    def at(self, pos: int) -> str | None:
        k = bisect_right(self.bounds, pos) - 1
        return self.answer[k] if k >= 0 else None

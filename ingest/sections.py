"""Section tree of a notice: the numbered headings 一、 / (一) / 1. / 一是.

Notices number their structure with a fixed hierarchy of markers.  The tree
records each heading with the text's own marker (so a section path reads
``二/(一)/1/一是``), the span of its heading sentence and the extent of its
section.  Two things make the enumerations 一是/二是 ambiguous, and the tree
settles both from the grammar of the text rather than from content:

* after a ``整改情况:`` line the notice lists measures, often numbered 一是…
  again; those are not headings.  The measure block closes when a line opens
  with the next ordinal of the problem series (the series restarts for
  measures, never for problems);
* a paragraph that opens with 一是 may continue its series inline
  (``…。二是责任追究不严格``); those inline ordinals are headings too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN_DIGITS = {
    "零": 0,
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
_CN = "一二三四五六七八九十"

#: Marker styles at the start of a line: (style, pattern, marker format).  The
#: hierarchy of the structural styles is the order in which they first appear
#: in the text (一、 before (一) before 1. in most notices, but 第一部分 or
#: (1) also occur); the enumeration 一是 is always the lowest level.
_STYLES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("part", re.compile(rf"第([{_CN}]{{1,3}})部分\s*"), "{}"),
    ("cn", re.compile(rf"([{_CN}]{{1,3}})[、.．]"), "{}"),
    ("pcn", re.compile(rf"[(（]([{_CN}]{{1,3}})[)）]"), "({})"),
    ("num", re.compile(r"(\d{1,2})\s*[.、．](?!\d)"), "{}"),
    ("pnum", re.compile(r"[(（](\d{1,2})[)）]"), "({})"),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])"), "{}"),
    ("enum", re.compile(rf"([{_CN}]{{1,3}})是(?!否)"), "{}是"),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
ENUM_RANK = 99
_INLINE_ENUM = re.compile(rf"(?<=[。;；!?])\s*([{_CN}]{{1,3}})是(?!否)")
_RECT_MARKER = re.compile(r"整改(?:情况|措施|落实情况|成效)\s*[:：]?\s*$")
_HEAD_END = re.compile(r"[。;；!?！？\n]")
_TRAILING = " \t,，、:：;；。.!?！？\u3000"


def cn_to_int(s: str) -> int:
    """Value of a Chinese numeral up to 99 (一, 十二, 二十三); 0 if unreadable."""
    if s.isdigit():
        return int(s)
    if not s:
        return 0
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head, 0) if head else 1
        return tens * 10 + (_CN_DIGITS.get(tail, 0) if tail else 0)
    value = 0
    for ch in s:
        if ch not in _CN_DIGITS:
            return 0
        value = value * 10 + _CN_DIGITS[ch]
    return value


@dataclass
class Section:
    """One numbered heading and the text it governs."""

    marker: str
    rank: int
    style: str
    ordinal: int
    start: int
    head_start: int
    head_end: int
    end: int = 0
    inline: bool = False
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)

    @property
    def path(self) -> str:
        parts: list[str] = []
        node: Section | None = self
        while node is not None:
            parts.append(node.marker)
            node = node.parent
        return "/".join(reversed(parts))

    @property
    def body_start(self) -> int:
        """Where the text after the heading sentence begins."""
        return self.head_end

    def depth(self) -> int:
        return 0 if self.parent is None else 1 + self.parent.depth()


@dataclass
class SectionTree:
    """All headings of a text in order, the roots, and the 整改情况 marker lines."""

    text: str
    sections: list[Section]
    roots: list[Section]
    rect_markers: list[tuple[int, int]]

    def rect_marker_in(self, start: int, end: int) -> tuple[int, int] | None:
        for m in self.rect_markers:
            if start <= m[0] < end:
                return m
        return None


def _heading(text: str, style: str, fmt: str, rank: int, m: re.Match[str], inline: bool) -> Section:
    num = m.group(1)
    ordinal = _CIRCLED.index(num) + 1 if style == "circled" else cn_to_int(num)
    head_start = m.end()
    while head_start < len(text) and text[head_start] in " \t\u3000":
        head_start += 1
    stop = _HEAD_END.search(text, head_start)
    head_end = stop.start() if stop else len(text)
    while head_end > head_start and text[head_end - 1] in _TRAILING:
        head_end -= 1
    return Section(
        marker=fmt.format(num),
        rank=rank,
        style=style,
        ordinal=ordinal,
        start=m.start(),
        head_start=head_start,
        head_end=max(head_end, head_start),
        inline=inline,
    )


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        end = pos + len(line)
        while start < end and text[start] in " \t\u3000":
            start += 1
        out.append((start, end))
        pos += len(line) + 1
    return out


def _line_style(text: str, start: int, end: int) -> tuple[str, str, re.Match[str]] | None:
    for style, pattern, fmt in _STYLES:
        m = pattern.match(text, start, end)
        if m is not None:
            return style, fmt, m
    return None


def parse(text: str) -> SectionTree:
    """Build the section tree of ``text`` (already normalised)."""
    found: list[Section] = []
    markers: list[tuple[int, int]] = []
    ranks: dict[str, int] = {"enum": ENUM_RANK}
    in_block = False
    series_last = 0
    for start, end in _lines(text):
        line = text[start:end]
        if not line:
            continue
        if _RECT_MARKER.match(line) and len(line) <= 12:
            markers.append((start, end))
            in_block = True
            continue
        hit = _line_style(text, start, end)
        if hit is None:
            continue
        style, fmt, m = hit
        if style == "enum" and in_block and cn_to_int(m.group(1)) != series_last + 1:
            continue
        rank = ranks.setdefault(style, len(ranks))
        head = _heading(text, style, fmt, rank, m, False)
        if style != "enum":
            in_block = False
            series_last = 0
            found.append(head)
            continue
        in_block = False
        series_last = head.ordinal
        found.append(head)
        for im in _INLINE_ENUM.finditer(text, head.head_end, end):
            if cn_to_int(im.group(1)) != series_last + 1:
                continue
            inline = _heading(text, "enum", "{}是", ENUM_RANK, im, True)
            found.append(inline)
            series_last = inline.ordinal
    return _assemble(text, found, markers)


def _assemble(text: str, found: list[Section], markers: list[tuple[int, int]]) -> SectionTree:
    roots: list[Section] = []
    stack: list[Section] = []  # ranks strictly increasing upwards
    for sec in found:
        # a section ends where the next heading of its rank or a higher one starts: exactly the ones popped here
        # (scanning forward for it from every heading was quadratic on thousands of headings)
        while stack and stack[-1].rank >= sec.rank:
            stack.pop().end = sec.start
        if stack:
            sec.parent = stack[-1]
            stack[-1].children.append(sec)
        else:
            roots.append(sec)
        stack.append(sec)
    for sec in stack:
        sec.end = len(text)
    return SectionTree(text=text, sections=found, roots=roots, rect_markers=markers)

"""Document metadata: title, publication date, publisher, kind, and the issuing unit.

The title is the first line that reads like a heading (not page furniture,
not body text), stripped of site column labels (``栏目|``, ``【栏目】``).
Dates and publishers come from labelled lines (来源: / 发布时间:), from a
closing newspaper citation (《X日报》2019年1月16日1版) or from the
signature block (unit name, then a date line) that closes a notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.dates import ISO_DATE, iso
from ingest.extract.textutil import HAN, strip_outer

_CITATION = re.compile(r"[(（]《([^《》]{1,20})》\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^)）]{0,10}[)）]")
_DATE_LINE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")


@dataclass
class DocMeta:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: str | None = None
    publisher: str | None = None
    publisher_span: tuple[int, int] | None = None
    kind: str = "news"
    signature_span: tuple[int, int] | None = None


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        s, e = strip_outer(text, s, e, " \t\u3000")
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


def _title(text: str, lines: list[tuple[int, int]]) -> tuple[int, int] | None:
    data = lexicon.load("documents")
    for s, e in lines[:6]:
        line = text[s:e]
        if len(HAN.findall(line)) < 6 or line.startswith(tuple(data["notTitlePrefixes"])):
            if line.startswith(("根据", "按照")):
                return None
            continue
        if line.endswith("。") or "。" in line or len(line) > 90:
            return None
        bar = max(line.rfind("|"), line.rfind("｜"))
        if 0 <= bar < 30:
            s += bar + 1
        while s < e and text[s] in " \t\u3000":
            s += 1
        m = re.match(r"【[^】]{1,20}】\s*", text[s:e])
        if m:
            s += m.end()
        return (s, e) if e > s else None
    return None


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The 发布时间: and 来源: line patterns, compiled once."""
    data = lexicon.load("documents")
    pub_labels = "|".join(sorted(data["publisherLabels"], key=len, reverse=True))
    date_labels = "|".join(sorted(data["dateLabels"], key=len, reverse=True))
    return (
        re.compile(rf"(?:{date_labels})\s*[:：]\s*"),
        re.compile(rf"(?:^|\s)(?:{pub_labels})\s*[:：]\s*([^\s:：]+)"),
    )


def read_meta(text: str) -> DocMeta:
    """Everything about the document that is not an entity."""
    lines = _lines(text)
    meta = DocMeta()
    meta.title_span = _title(text, lines)
    if meta.title_span:
        meta.title = text[meta.title_span[0] : meta.title_span[1]]
    head = lines[:8]
    date_label, pub_label = _label_patterns()
    for s, e in head:
        line = text[s:e]
        m = date_label.search(line)
        if m and meta.published is None:
            d = ISO_DATE.match(line, m.end())
            if d:
                meta.published = iso(d["y"], d["m"], d["d"])
        m = pub_label.search(line)
        if m and meta.publisher is None and not ISO_DATE.match(m.group(1)):
            meta.publisher = m.group(1)
            meta.publisher_span = (s + m.start(1), s + m.end(1))
    if meta.published is None:
        for s, e in lines[1:3]:
            d = ISO_DATE.search(text, s, e)
            if d and len(text[s:e]) < 60:
                meta.published = iso(d["y"], d["m"], d["d"])
                break
    for m in _CITATION.finditer(text):
        meta.published = meta.published or iso(m.group(2), m.group(3), m.group(4))
        if meta.publisher is None:
            meta.publisher = m.group(1)
            meta.publisher_span = (m.start(1), m.end(1))
    tail = lines[-4:]
    for i, (s, e) in enumerate(tail):
        d = _DATE_LINE.match(text[s:e])
        if d:
            meta.published = meta.published or iso(d.group(1), d.group(2), d.group(3))
            if i > 0:
                meta.signature_span = tail[i - 1]
    meta.kind = _kind(text, meta.title or "")
    return meta


def _kind(text: str, title: str) -> str:
    data = lexicon.load("documents")
    for spec in data["kinds"]:
        if any(c in title for c in spec["titleCues"]) or any(c in text for c in spec["textCues"]):
            return str(spec["kind"])
    return str(data["fallbackKind"])

"""Canonical text form for notices: what every later offset points into.

Scraped notices mix ASCII ``,:()`` with their full-width forms, carry BOMs,
zero-width characters, non-breaking and ideographic spaces and indentation that
means nothing.  ``normalize`` folds all of that into one form so that rules and
lexicons only need to know one spelling.  NFKC is used for the folding, except
for characters whose compatibility form would lose meaning here: circled
numbers (①, used as list markers, would become bare digits that run into the
following text) and the ellipsis ``…``.

``to_simplified`` folds traditional characters to simplified ones (``黨委書記`` →
``党委书记``) so that the simplified lexicons apply to Big5 / traditional
notices.  The stored text keeps its own script (quotes and evidence stay
literal); the extractors read the folded view (see
:mod:`ingest.extract.script`).  The folding is character for character: the
view has the same length as the stored text and every character stays at its
offset, so spans found in the view are spans of the stored text.  A phrase conversion of OpenCC that would
change the length of a line is not used; that line is folded one character at
a time instead, and a character whose conversion is not one character is kept.

The function is total and idempotent: ``normalize(normalize(x)) == normalize(x)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PROTECTED = re.compile("[\u2026\u2460-\u2473\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]+")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\u0085\x0b\x0c]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MANY_BLANKS = re.compile(r"\n{3,}")


def _drop_invisible(text: str) -> str:
    """Remove control (except \\n, \\t), format (zero-width, BOM, bidi) and lone-surrogate characters."""
    return "".join(
        ch for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


def _nfkc(text: str) -> str:
    """NFKC everywhere except inside runs of protected characters."""
    parts: list[str] = []
    last = 0
    for m in _PROTECTED.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[last:m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(parts)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    """OpenCC's traditional → simplified converter, or None when it is not installed."""
    try:
        from opencc import OpenCC  # opencc-python-reimplemented (pure Python)
    except ImportError:  # pragma: no cover - the dependency is declared
        return None
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    cc = _t2s()
    out = cc.convert(ch) if cc is not None else ch
    return out if len(out) == 1 else ch


#: Characters already known to be their own simplified form; most texts hold no other.
_SIMPLIFIED_ALREADY: set[str] = set()


def _all_simplified(text: str) -> bool:
    """Whether every character of ``text`` is its own simplified form (each looked up once per process)."""
    unseen = set(text) - _SIMPLIFIED_ALREADY
    if any(_char_t2s(ch) != ch for ch in unseen):
        return False
    _SIMPLIFIED_ALREADY.update(unseen)
    return True


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese, keeping the length and every offset."""
    cc = _t2s()
    if cc is None or text.isascii() or _all_simplified(text):
        return text  # nothing traditional in it: skip the (slow) phrase conversion
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.isascii():
            out.append(line)
            continue
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(_char_t2s(ch) for ch in line)
        out.append(conv)
    return "\n".join(out)


def normalize(text: str) -> str:
    """Return the canonical form of ``text`` (see module docstring)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _drop_invisible(text)
    text = _nfkc(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_BLANKS.sub("\n\n", text)
    return text.strip()

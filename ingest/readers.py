"""Bytes on disk → decoded text, before any normalisation.

Notices arrive as plain-text dumps and saved web pages, in UTF-8, GBK/GB18030
or Big5, sometimes with a BOM, sometimes with a wrong or missing charset
declaration.  This module decides the encoding (refusing binary data and bytes
that are not plausibly Chinese text rather than returning mojibake), reduces
HTML to its main text and reports every failure as an :mod:`ingest.errors`
exception with a one-line message.
"""

from __future__ import annotations

import codecs
import html as html_lib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import EmptyDocumentError, ReadError, UnsupportedFormatError
from ingest.normalize import normalize

SUPPORTED_SUFFIXES = {".txt", ".text", ".htm", ".html"}
_LATER_SUFFIXES = {".docx", ".doc", ".pdf", ".rtf", ".odt", ".wps", ".xls", ".xlsx", ".pptx", ".epub"}
_FORMAT_ALIASES = {"txt": "txt", "text": "txt", "plain": "txt", "htm": "html", "html": "html"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b") + b"\x7f"
_MAX_CONTROL_RATIO = 0.05
_MIN_PLAUSIBILITY = 0.7
_SCORE_SAMPLE = 20000
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
_CJK_PUNCT = re.compile("[\u3000-\u303f\uff00-\uffef\u2010-\u206f\u00b7\u00d7\u2460-\u24ff\u25a0-\u25ff]")

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|br)[\s>/]", re.I)
_META_CHARSET = re.compile(
    rb"""<(?:meta[^>]*?charset\s*=\s*["']?|\?xml[^>]*?encoding\s*=\s*["'])\s*([A-Za-z0-9_.:-]+)""", re.I
)
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312-80": "gb18030",
    "x-euc-cn": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5", "utf8": "utf-8", "unicode": "utf-8",
}
_SINGLE_BYTE_LATIN = {"latin_1", "iso8859-1", "cp1252", "ascii"}


#: The default largest file read, in MB (``SKG_MAX_FILE_MB`` changes it).  A notice is a few KB, a long report a
#: few hundred; extraction runs at roughly 0.1-0.3 MB/s, so a bigger file is almost surely not a notice.
DEFAULT_MAX_FILE_MB = 2.0

#: Leading bytes of binary formats met among scraped notices, for a message that says what the file is.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.odt)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (.doc/.xls/.wps)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
)


def max_file_bytes() -> int:
    """The size limit: ``SKG_MAX_FILE_MB`` megabytes (default :data:`DEFAULT_MAX_FILE_MB`)."""
    raw = os.environ.get("SKG_MAX_FILE_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    return int((mb if mb > 0 else DEFAULT_MAX_FILE_MB) * 1024 * 1024)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class RawText:
    """A decoded document: its text (HTML reduced to main text), encoding, format and source path."""

    text: str
    encoding: str
    format: str
    source: str


def read_file(path: str | os.PathLike, max_bytes: int | None = None) -> RawText:
    """Read and decode one file; the format comes from its suffix (sniffed when it has none).

    ``max_bytes`` defaults to :func:`max_file_bytes`; a bigger file is refused before it is read.
    A ``.txt`` that is a saved web page (it opens with ``<!DOCTYPE html>`` or ``<html>``) is read as HTML, so
    its scripts and markup do not become text.
    """
    if max_bytes is None:
        max_bytes = max_file_bytes()
    p = Path(path)
    source = os.fspath(path)
    suffix = p.suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        if suffix in _LATER_SUFFIXES:
            raise UnsupportedFormatError(f"{suffix} files are not supported yet; convert to .txt or .html", source)
        raise UnsupportedFormatError(f"unknown file extension {suffix!r}", source)
    data = _read_bytes_from_disk(p, source, max_bytes)
    fmt = _FORMAT_ALIASES[suffix.lstrip(".")] if suffix else None
    if fmt == "txt" and _is_saved_page(data):
        fmt = "html"
    return read_bytes(data, source, fmt)


_SAVED_PAGE = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def _is_saved_page(data: bytes) -> bool:
    head = data[:2048]
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
            break
    return bool(_SAVED_PAGE.match(head))


def _read_bytes_from_disk(p: Path, source: str, max_bytes: int) -> bytes:
    try:
        if p.is_symlink() and not p.exists():
            raise ReadError("broken symbolic link (its target does not exist)", source)
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a directory, not a file", source)
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or a device: reading would block forever or never end
            raise ReadError("not a regular file (a pipe, socket or device)", source)
        if st.st_size > max_bytes:
            raise ReadError(_too_large(st.st_size, max_bytes), source)
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError("file not found", source) from None
    except PermissionError:
        raise ReadError("permission denied", source) from None
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}", source) from None
    if len(data) > max_bytes:
        raise ReadError(_too_large(len(data), max_bytes), source)
    return data


def _too_large(size: int, limit: int) -> str:
    return (f"file too large: {_mb(size)}, the limit is {_mb(limit)} "
            "(not a notice? set SKG_MAX_FILE_MB to raise the limit)")


def read_bytes(data: bytes, source: str, format: str | None = None) -> RawText:
    """Decode ``data``; ``format`` is 'txt' or 'html', sniffed from the content when None."""
    data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fmt = _resolve_format(data, source, format)
    if not data:
        raise EmptyDocumentError("empty file", source)
    if fmt == "html":
        text, encoding = _decode_html(data, source)
        text = html_main_text(text)
        if not normalize(text):
            raise EmptyDocumentError("no text found in HTML page", source)
    else:
        text, encoding = _decode_or_raise(data, source)
        if not normalize(text):
            raise EmptyDocumentError("empty document: only whitespace", source)
    return RawText(text=text, encoding=encoding, format=fmt, source=source)


def _resolve_format(data: bytes, source: str, format: str | None) -> str:
    if format is None:
        head = data[:4096]
        for bom, codec, _ in _BOMS:
            if head.startswith(bom):
                head = head[len(bom):].decode(codec, errors="ignore").encode("utf-8")
                break
        return "html" if _HTML_SNIFF.search(head) and head.lstrip().startswith(b"<") else "txt"
    fmt = _FORMAT_ALIASES.get(str(format).lower().lstrip("."))
    if fmt is None:
        raise UnsupportedFormatError(f"unsupported format {format!r} (expected 'txt' or 'html')", source)
    return fmt


def _decode_or_raise(data: bytes, source: str) -> tuple[str, str]:
    try:
        return decode(data)
    except ReadError as exc:
        raise ReadError(exc.message, source) from None


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ReadError` for binary or undecodable bytes.

    Order: BOM (UTF-8/16/32), binary check, strict UTF-8, then the more
    plausible of strict GB18030 and strict Big5, then UTF-8 with a few stray bytes.  Plausibility is the share of
    non-ASCII characters that are common characters or punctuation of the
    candidate's own script: mis-decoding one into the other yields a large
    share of rare characters, kana and symbols.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is None or _junk_share(text) > _MAX_CONTROL_RATIO:
                raise ReadError(f"cannot decode: invalid {name} after byte-order mark")
            return text, name
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if utf16 is not None:
        return utf16
    _refuse_binary(data)
    text = _utf8_allowing_cut_tail(data)
    if text is not None:
        return text, "utf-8"
    best: tuple[float, str, str] | None = None
    for codec in ("gb18030", _first_big5(data)):
        text = _strict(data, codec)
        if text is None:
            continue
        score = _plausibility(text, codec)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None and best[0] >= _min_plausibility(best[1]):
        return best[1], best[2]
    utf16 = _utf16_without_bom(data)  # Chinese only, no ASCII: no NUL bytes to give it away
    if utf16 is not None:
        return utf16
    text = _mostly_utf8(data)
    if text is None:
        raise ReadError(_mixed(data) or "cannot decode: not UTF-8, GB18030 or Big5" + _first_bad_utf8(data))
    return text, "utf-8"


def _first_bad_utf8(data: bytes) -> str:
    """Where UTF-8 decoding first fails, for a file that is mostly UTF-8 (so the user can find the bad bytes)."""
    try:
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError as exc:
        if exc.start < 16 or sum(1 for b in data[: exc.start] if b > 0x7F) < 6:
            return ""  # nothing readable before it: the file is simply not UTF-8
        line = data.count(b"\n", 0, exc.start) + 1
        return f" (invalid UTF-8 byte {data[exc.start]:#04x} at offset {exc.start}, line {line})"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (some Windows tools), else None.

    Taken only when one byte order decodes strictly to text without controls whose non-ASCII characters are
    plausible Chinese (the other order gives CJK-extension, Hangul and private-use junk).  Tried where the
    bytes hold NULs (the ASCII and line breaks of UTF-16), before the binary check would refuse them, and
    last, after UTF-8, GB18030 and Big5 failed.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is None or _junk_share(text) > 0.001 or "\x00" in text:
            continue
        if sum(1 for ch in text[:_SCORE_SAMPLE] if ord(ch) > 0x7F) < 4:
            continue
        if _plausibility(text, "gb18030") >= _MIN_PLAUSIBILITY or _plausibility(text, "big5") >= _MIN_PLAUSIBILITY:
            return text, "utf-16"
    return None


def _mixed(data: bytes) -> str | None:
    """A message for a file whose first part is UTF-8 and whose rest is GB18030 or Big5 (two files joined)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        cut = data.rfind(b"\n", 0, exc.start) + 1
    head, tail = data[:cut], data[cut:]
    if not head or sum(1 for b in head if b > 0x7F) < 6:
        return None
    for codec in ("gb18030", _first_big5(tail)):
        text = _strict(tail, codec)
        if text is not None and _plausibility(text, codec) >= _min_plausibility(text):
            line = head.count(b"\n") + 1
            name = "Big5" if codec in _BIG5_FAMILY else "GB18030/GBK"
            return f"mixed encodings: UTF-8 up to line {line - 1}, {name} from line {line}; save it in one encoding"
    return None


def _utf8_allowing_cut_tail(data: bytes) -> str | None:
    """Strict UTF-8, except that a multi-byte character cut off at the very end (truncated download) is dropped."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8", errors="strict") if exc.start else None
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (at most one per thousand) replaced: a scraping slip, not another codec."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    return text if bad <= len(data) // 1000 and len(data) >= 1000 else None


def _min_plausibility(text: str) -> float:
    """Few non-ASCII characters say little; one rare name must not sink a short English-heavy file."""
    return _MIN_PLAUSIBILITY if sum(1 for ch in text if ord(ch) > 0x7F) >= 20 else 0.5


def _junk_share(text: str) -> float:
    """Share of control, unassigned and private-use characters: high for bytes decoded with the wrong codec."""
    sample = text[:_SCORE_SAMPLE]
    junk = sum(1 for ch in sample if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return junk / max(len(sample), 1)


def _refuse_binary(data: bytes) -> None:
    kind = next((what for magic, what in _SIGNATURES if data.startswith(magic)), None)
    if kind is not None:
        raise ReadError(f"binary file (not text): {kind}")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    ratio = controls / max(len(sample), 1)
    if ratio > _MAX_CONTROL_RATIO:
        raise ReadError(f"binary file (not text): {round(ratio * 100)}% control bytes")
    if b"\x00" in data:
        raise ReadError("binary file (not text): contains NUL bytes")


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _first_big5(data: bytes) -> str | None:
    return next((c for c in _BIG5_FAMILY if _strict(data, c) is not None), None)


def _plausibility(text: str, codec: str) -> float:
    chars = [ch for ch in text if ord(ch) > 0x7F][:_SCORE_SAMPLE]
    if not chars:
        return 1.0
    common = _is_common_simplified if codec == "gb18030" else _is_common_traditional
    good = sum(1 for ch in chars if _CJK_PUNCT.match(ch) or common(ch))
    return good / len(chars)


def _is_common_simplified(ch: str) -> bool:
    """GB2312 level 1: the 3755 most frequent simplified characters."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def _is_common_traditional(ch: str) -> bool:
    """Big5 level 1: the 5401 frequently used traditional characters (A440–C67E)."""
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    """Decode a page: BOM first, then its declared charset, then detection."""
    if any(data.startswith(bom) for bom, _, _ in _BOMS):
        return _decode_or_raise(data, source)
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if utf16 is not None:
        return utf16
    try:
        _refuse_binary(data)
    except ReadError as exc:
        raise ReadError(exc.message, source) from None
    declared = _declared_charset(data)
    if declared and declared.replace("-", "_").startswith(("utf_16", "utf_32")):
        declared = "utf_8"  # a page whose <meta> could be read is not UTF-16; browsers use UTF-8 (HTML standard)
    if declared and declared not in _SINGLE_BYTE_LATIN:
        text = _strict(data, declared)
        if text is not None:
            return text, _public_name(declared)
    try:
        return decode(data)
    except ReadError as exc:
        if declared in _SINGLE_BYTE_LATIN:
            return data.decode(declared, errors="replace"), declared
        raise ReadError(exc.message, source) from None


def _public_name(codec: str) -> str:
    return {"utf_8": "utf-8", "big5": "big5", "gb18030": "gb18030"}.get(codec, codec.replace("_", "-"))


# --- HTML main text -------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe",
              "button", "select", "svg", "canvas", "object", "embed")
_FURNITURE_PARTS = {
    "nav", "navbar", "navigation", "menu", "submenu", "share", "bdshare", "bdsharebuttonbox", "jiathis",
    "social", "footer", "foot", "copyright", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar",
    "toolbar", "topbar", "gotop", "backtop", "print", "ad", "ads", "advert", "qrcode", "ewm", "position",
}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "dl", "header", "main", "title", "hr"}
_MAX_FURNITURE_CHARS = 600


def html_main_text(markup: str) -> str:
    """Main text of a page, one paragraph per line, headed by its title when the text lacks it."""
    try:
        text = _main_text(markup)
    except Exception:  # hostile markup can trip lxml or trafilatura; a crude text beats losing the document
        return _strip_tags(markup)
    # libxml2 drops what lies deeper than its nesting limit (256 levels): the page then seems empty
    return text if normalize(text) else _strip_tags(markup)


def _main_text(markup: str) -> str:
    tree = _parse(markup)
    if tree is None:
        return _strip_tags(markup)
    title = _page_title(tree)
    stamp = _page_date(tree)
    _drop_furniture(tree)
    text = _trafilatura_text(tree) or _tree_text(tree)
    head, _, rest = text.lstrip().partition("\n")
    first = normalize(head)
    headed = bool(first) and (first in normalize(title) or normalize(title) in first and len(first) < 2 * len(title))
    if stamp and stamp not in text:
        # the page's date line, kept where a notice prints it: under the headline
        text = f"{head}\n发布时间：{stamp}\n{rest}" if headed else f"发布时间：{stamp}\n{text}"
    if title and not headed:
        text = f"{title}\n{text}"
    return text


_PAGE_DATE = re.compile(r"(?:发布时间|发布日期|发文日期|日期|时间)\s*[:：]\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)")


def _page_date(tree) -> str:
    """The publication date a page shows beside its headline (发布时间：2023-11-03), before furniture goes."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag.lower() in ("script", "style"):
            continue
        m = _PAGE_DATE.search(el.text or "")
        if m:
            return m.group(1)
    return ""


def _parse(markup: str):
    try:
        import lxml.html

        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1))
    except Exception:
        return None


def _page_title(tree) -> str:
    """The <h1> that matches the <title> (sites often put their logo in another <h1>), else the <title>."""
    titles = [t for t in (_element_text(el) for el in tree.iter("title")) if t]
    h1s = [t for t in (_element_text(el) for el in tree.iter("h1")) if t]
    if not titles:
        return h1s[0] if h1s else ""
    short = _site_suffix_removed(titles[0])
    return next((h for h in h1s if short in h or (h in short and 2 * len(h) >= len(short))), short)


def _element_text(el) -> str:
    return " ".join(el.text_content().split())


def _site_suffix_removed(title: str) -> str:
    parts = [p.strip() for p in re.split(r"\s*(?:_|\||｜|\s-\s|\s–\s|－)\s*", title) if p.strip()]
    return max(parts, key=len) if parts else title


def _drop_furniture(tree) -> None:
    doomed = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)
        elif el.tag.lower() in _DROP_TAGS or _looks_like_furniture(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def _looks_like_furniture(el) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    parts = set(re.split(r"[\s_\-]+", names)) - {""}
    if not parts & _FURNITURE_PARTS and not any(p.startswith(("bdshare", "jiathis")) for p in parts):
        return False
    return len(el.text_content()) <= _MAX_FURNITURE_CHARS


def _trafilatura_text(tree) -> str:
    try:
        import trafilatura
        from lxml import etree

        markup = etree.tostring(tree, encoding="unicode", method="html")
        text = trafilatura.extract(
            markup, favor_recall=True, include_comments=False, include_tables=True,
            include_links=False, include_images=False, deduplicate=False, output_format="txt",
        )
    except Exception:
        return ""
    return text or ""


def _tree_text(tree) -> str:
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    body = tree.find(".//body")
    return (body if body is not None else tree).text_content()


_TAG = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)


def _strip_tags(markup: str) -> str:
    """Last resort when the markup cannot be parsed at all."""
    markup = re.sub(r"<(?:br|/p|/div|/li|/h\d|/tr)\b[^>]*>", "\n", markup, flags=re.I)
    return html_lib.unescape(_TAG.sub("", markup))

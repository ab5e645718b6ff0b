"""Property-based tests (hypothesis) of the reader, normaliser, noise stripper, section tree and extractors.

Texts mix the vocabulary and numbering of notices (巡察组、县委、整改、《》、一、(一)、1.、figures), random
unicode (controls, surrogates, emoji, format characters) and slices of the sample notices spliced together.
The profile is fixed for CI: derandomized, 200 examples per property, no deadline.
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import noise, sections
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.normalize import normalize, to_simplified
from ingest.readers import decode, read_bytes
from tests.conftest import SAMPLES

CI = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VOCAB = [
    "巡察组", "县委", "市委", "第二巡察组", "县委第三巡察组", "整改", "整改情况:", "整改措施：", "《", "》",
    "《关于加强巡察整改的意见》", "一、", "二、", "(一)", "（二）", "1.", "2、", "(1)", "①", "一是", "二是",
    "第一部分", "对", "开展了", "常规巡察", "专项巡察", "回头看", "反馈", "根据", "部署", "县委书记", "县长",
    "张伟", "李明", "同志", "立案", "12件", "3.5万元", "300余人", "48%", "两个责任", "镇党委", "村党支部",
    "青禾县", "禾丰镇", "*县", "某某", "王某", "2021年3月1日至4月30日", "2022年6月", "。", "，", "、", "；",
    "：", "\n", "\r\n", "\r", " ", "\u3000", "\t", "\ufeff", "\u200b", "\u202e", "\x00", "😀", "…", "阅读全文",
    "分享到:", "（", "）", "“", "”", "0123456789", "二二二", "十",
]


@lru_cache(maxsize=1)
def _sample_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # the GBK and Big5 samples
        lines.extend(line for line in text.splitlines() if line.strip())
    return lines


def _sample_slice() -> st.SearchStrategy[str]:
    lines = _sample_lines()
    return st.tuples(st.sampled_from(lines), st.integers(0, 200), st.integers(0, 200)).map(
        lambda t: t[0][min(t[1], t[2]) : max(t[1], t[2]) or None]
    )


FRAGMENT = st.one_of(
    st.sampled_from(VOCAB),
    st.sampled_from(VOCAB),
    st.integers(0, 10**6).map(str),
    st.text(max_size=6),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4),
    _sample_slice(),
)
#: fragments spliced at random, or whole sample lines with fragments between them (section structure survives)
NOTICE = st.one_of(
    st.lists(FRAGMENT, max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(_sample_lines()), FRAGMENT), max_size=40).map("\n".join),
)


def _spans_in_text(g) -> None:
    n = len(g.text)
    for e in g.entities:
        for s in e.mentions:
            assert 0 <= s.start <= s.end <= n and g.text[s.start : s.end] == s.quote, (e.name, s)
    for r in g.relations:
        for s in r.evidence:
            assert 0 <= s.start <= s.end <= n and g.text[s.start : s.end] == s.quote, (r.type, s)


@CI
@given(NOTICE)
def test_normalize_is_total_idempotent_and_clean(text: str) -> None:
    out = normalize(text)
    assert normalize(out) == out
    assert "\r" not in out and "\x00" not in out and "\ufeff" not in out and "\u200b" not in out
    assert out == out.strip()
    assert "\n\n\n" not in out


@CI
@given(NOTICE)
def test_noise_stripper_is_idempotent_and_masks_lie_in_the_text(text: str) -> None:
    cleaned = noise.clean(text)
    assert noise.clean(cleaned) == cleaned
    assert noise.strip_noise(cleaned) == cleaned
    last = 0
    for start, end in noise.masked_spans(cleaned):
        assert last <= start < end <= len(cleaned)
        last = end


def _check_tree(text: str, tree: sections.SectionTree) -> None:
    n = len(text)
    starts = [s.start for s in tree.sections]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for sec in tree.sections:
        assert 0 <= sec.start <= sec.head_start <= sec.head_end <= sec.end <= n, sec
        assert "\n" not in text[sec.head_start : sec.head_end]
        if sec.parent is not None:
            p = sec.parent
            assert p.start < sec.start and p.head_end <= sec.start and sec.end <= p.end
            assert p.rank < sec.rank and sec.path == f"{p.path}/{sec.marker}"
        else:
            assert sec.path == sec.marker
    for siblings, end in [(tree.roots, n)] + [(s.children, s.end) for s in tree.sections if s.children]:
        # siblings follow each other without gap or overlap, and the last one runs to its parent's end
        for a, b in zip(siblings, siblings[1:]):
            assert a.end == b.start
        if siblings:
            assert siblings[-1].end == end
    for start, end in tree.rect_markers:
        assert 0 <= start < end <= n


@CI
@given(NOTICE)
def test_section_spans_nest_and_cover_in_order(text: str) -> None:
    cleaned = noise.clean(text)
    _check_tree(cleaned, sections.parse(cleaned))


@CI
@given(NOTICE)
def test_extraction_is_total_in_the_text_and_deterministic(text: str) -> None:
    cleaned = noise.clean(text)
    g = extract(cleaned, "prop.txt")
    g.check()
    _spans_in_text(g)
    assert g.text == cleaned
    assert extract(cleaned, "prop.txt") == g


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


@CI
@given(NOTICE)
def test_traditional_text_keeps_every_offset(text: str) -> None:
    """A notice in traditional script is extracted on its simplified view: same offsets, quotes from the text."""
    cleaned = noise.clean(text)
    trad = _s2t().convert(cleaned)
    if len(trad) != len(cleaned):
        trad = "".join(_s2t().convert(ch) if len(_s2t().convert(ch)) == 1 else ch for ch in cleaned)
    view = to_simplified(trad)
    assert len(view) == len(trad)
    assert [i for i, ch in enumerate(view) if ch == "\n"] == [i for i, ch in enumerate(trad) if ch == "\n"]
    g = extract(trad, "trad.txt")
    g.check()
    _spans_in_text(g)
    folded = extract(view, "trad.txt")
    assert sorted((e.id, s.start, s.end) for e in g.entities for s in e.mentions) == sorted(
        (e.id if e.id != folded.id else g.id, s.start, s.end) for e in folded.entities for s in e.mentions
    )


@CI
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_fail_with_an_ingest_error(data: bytes) -> None:
    for fmt in ("txt", "html", None):
        try:
            raw = read_bytes(data, "x", fmt)
        except IngestError as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        assert isinstance(raw.text, str) and raw.text.encode("utf-8", "surrogatepass")


@CI
@given(NOTICE, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5"]))
def test_encoded_notices_read_back(text: str, codec: str) -> None:
    """Text that survives the codec reads back as itself (after normalisation), or fails with a clear error."""
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    try:
        got, _ = decode(data)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    if codec in ("utf-8", "utf-16") and got != text:
        # only a stray-byte repair may change UTF-8; a BOM-marked UTF-16 file is exact
        assert codec == "utf-8" and "\ufffd" in got

"""Reading real files written to disk: encodings, binary refusal, HTML main text."""

from __future__ import annotations

import os

import pytest

from ingest import readers
from ingest.errors import EmptyDocumentError, IngestError, ReadError, UnsupportedFormatError
from ingest.readers import SUPPORTED_SUFFIXES, RawText, decode, read_bytes, read_file

SIMPLIFIED = (
    "关于落实县委第三巡察组意见的整改进展通报\n"
    "根据县委统一部署，县委第三巡察组对本单位开展了常规巡察，并反馈了巡察意见。\n"
    "一、整改工作总体情况\n"
    "（一）加强组织领导，成立整改工作领导小组。\n"
)
TRADITIONAL = (
    "關於落實縣委第三巡察組意見的整改進展通報\n"
    "根據縣委統一部署，縣委第三巡察組對本單位開展了常規巡察，並回饋了巡察意見。\n"
    "一、整改工作總體情況\n"
)


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_without_bom(tmp_path):
    raw = read_file(_write(tmp_path, "a.txt", SIMPLIFIED.encode("utf-8")))
    assert isinstance(raw, RawText)
    assert (raw.text, raw.encoding, raw.format) == (SIMPLIFIED, "utf-8", "txt")
    assert raw.source == str(tmp_path / "a.txt")


def test_utf8_with_bom_drops_the_bom(tmp_path):
    raw = read_file(_write(tmp_path, "a.txt", b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8")))
    assert raw.encoding == "utf-8"
    assert raw.text == SIMPLIFIED


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    data = SIMPLIFIED.encode(codec) if codec == "utf-16" else b"\xfe\xff" + SIMPLIFIED.encode(codec)
    raw = read_file(_write(tmp_path, "a.txt", data))
    assert raw.encoding == "utf-16"
    assert raw.text == SIMPLIFIED


def test_gbk_file_is_gb18030(tmp_path):
    raw = read_file(_write(tmp_path, "gbk.txt", SIMPLIFIED.encode("gbk")))
    assert raw.encoding == "gb18030"
    assert raw.text == SIMPLIFIED


def test_big5_file_is_big5(tmp_path):
    raw = read_file(_write(tmp_path, "big5.txt", TRADITIONAL.encode("big5")))
    assert raw.encoding == "big5"
    assert raw.text == TRADITIONAL


@pytest.mark.parametrize(
    "text",
    ["巡察整改情况通报", "县纪委监委", "一是强化责任落实。", "第二巡察组反馈意见", "整改落实到位，群众满意。"],
)
def test_short_gbk_texts_decode_as_gb18030(text):
    assert decode(text.encode("gbk")) == (text, "gb18030")


@pytest.mark.parametrize("text", ["巡察整改情況通報", "縣紀委監委", "一是強化責任落實。", "整改落實到位，群眾滿意。"])
def test_short_big5_texts_decode_as_big5(text):
    assert decode(text.encode("big5")) == (text, "big5")


def test_gb18030_only_characters(tmp_path):
    text = "根据巡察意见整改𠀀完成。"
    raw = read_file(_write(tmp_path, "a.txt", text.encode("gb18030")))
    assert (raw.text, raw.encoding) == (text, "gb18030")


def test_random_bytes_are_refused(tmp_path):
    path = _write(tmp_path, "noise.txt", os.urandom(4096))
    with pytest.raises(ReadError) as info:
        read_file(path)
    message = str(info.value)
    assert "binary" in message or "cannot decode" in message
    assert "\n" not in message
    assert info.value.path == str(path)


def test_high_bytes_without_controls_are_refused():
    data = bytes(range(0x80, 0x100)) * 16
    with pytest.raises(ReadError, match="cannot decode"):
        decode(data)


def test_latin1_text_is_not_mistaken_for_chinese():
    with pytest.raises(ReadError, match="cannot decode: not UTF-8, GB18030 or Big5"):
        decode("Résumé of the café façade".encode("latin-1"))


def test_nul_bytes_mean_binary(tmp_path):
    path = _write(tmp_path, "a.txt", SIMPLIFIED.encode("utf-8") + b"\x00" + SIMPLIFIED.encode("utf-8"))
    with pytest.raises(ReadError, match="binary file"):
        read_file(path)


def test_mostly_control_bytes_report_the_share():
    with pytest.raises(ReadError, match=r"binary file \(not text\): \d+% control bytes"):
        decode(b"\x01\x02\x03\x04abc" * 100)


def test_empty_file(tmp_path):
    with pytest.raises(EmptyDocumentError, match="empty file"):
        read_file(_write(tmp_path, "a.txt", b""))


@pytest.mark.parametrize("data", [b"   \n\t\r\n", "\ufeff\u3000\u200b\n".encode("utf-8"), "\u3000 ".encode("gbk")])
def test_whitespace_only_file(tmp_path, data):
    with pytest.raises(EmptyDocumentError):
        read_file(_write(tmp_path, "a.txt", data))


@pytest.mark.parametrize("name", ["a.docx", "a.pdf", "a.doc"])
def test_office_and_pdf_not_supported_yet(tmp_path, name):
    with pytest.raises(UnsupportedFormatError, match="not supported yet"):
        read_file(_write(tmp_path, name, b"PK\x03\x04"))


def test_unknown_extension(tmp_path):
    with pytest.raises(UnsupportedFormatError, match="unknown file extension"):
        read_file(_write(tmp_path, "a.xyz", SIMPLIFIED.encode()))


def test_supported_suffixes_and_case(tmp_path):
    assert SUPPORTED_SUFFIXES == {".txt", ".text", ".htm", ".html"}
    assert read_file(_write(tmp_path, "A.TXT", SIMPLIFIED.encode())).format == "txt"
    assert read_file(_write(tmp_path, "a.text", SIMPLIFIED.encode())).format == "txt"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read_file(tmp_path / "missing.txt")
    (tmp_path / "d.txt").mkdir()
    with pytest.raises(ReadError, match="directory"):
        read_file(tmp_path / "d.txt")


def test_size_limit(tmp_path):
    with pytest.raises(ReadError, match="too large"):
        read_file(_write(tmp_path, "a.txt", SIMPLIFIED.encode()), max_bytes=10)


def test_errors_share_a_base_and_keep_the_path():
    err = ReadError("cannot decode: x\ny", "p.txt")
    assert isinstance(err, IngestError)
    assert (str(err), err.path) == ("cannot decode: x y", "p.txt")


def test_read_bytes_sniffs_format():
    page = "<!DOCTYPE html><html><body><p>根据县委统一部署开展巡察。</p></body></html>"
    assert read_bytes(page.encode(), "x").format == "html"
    assert read_bytes(SIMPLIFIED.encode(), "x").format == "txt"
    with pytest.raises(UnsupportedFormatError):
        read_bytes(SIMPLIFIED.encode(), "x", format="pdf")


NOTICE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>某县委关于巡察整改情况的通报_工作动态_某县纪委监委网站</title>
<script>var tracker = "SCRIPTMARK"; document.write("广告脚本内容");</script>
<style>.nav {{ color: red }} /* STYLEMARK */</style>
</head><body>
<nav><a href="/">网站首页</a><a href="/jg">机构概况</a><a href="/dt">工作动态</a></nav>
<div class="top-nav"><a href="/">首页</a> | <a href="/yw">要闻</a></div>
<div class="article">
<h1>{h1}</h1>
<div class="info">来源:县纪委 发布于 2019-06-01</div>
<div class="bdsharebuttonbox">分享到: <a>微信</a> <a>新浪微博</a> <a>QQ空间</a></div>
<p>根据县委统一部署，县委第一巡察组对本单位开展了常规巡察。现将整改进展公布如下。</p>
<p>一、整改工作总体情况</p>
<p>（一）加强组织领导</p>
<p>一是召开专题会议研究整改工作，成立整改工作领导小组，明确责任分工。</p>
<p>1.落实主体责任不到位问题。</p>
<p>整改情况：制定整改方案，建立问题清单、任务清单和责任清单。</p>
</div>
<footer>版权所有 某县纪委监委 ICP备00000000号</footer>
</body></html>
"""


def _page(charset="utf-8", h1="某县委关于巡察整改情况的通报"):
    return NOTICE_PAGE.format(charset=charset, h1=h1)


def _assert_notice_text(text: str):
    for fragment in ("根据县委统一部署", "一、整改工作总体情况", "(一)加强组织领导", "一是召开专题会议", "1.落实主体责任",
                     "整改情况"):
        assert fragment in text.replace("（", "(").replace("）", ")")
    for junk in ("SCRIPTMARK", "广告脚本", "STYLEMARK", "机构概况", "QQ空间", "新浪微博", "ICP备"):
        assert junk not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert any(line.startswith("一、整改工作总体情况") for line in lines)


def test_html_page_main_text(tmp_path):
    raw = read_file(_write(tmp_path, "page.html", _page().encode("utf-8")))
    assert (raw.format, raw.encoding) == ("html", "utf-8")
    _assert_notice_text(raw.text)
    assert raw.text.strip().splitlines()[0].strip() == "某县委关于巡察整改情况的通报"


def test_html_declaring_gbk_encoded_in_gbk(tmp_path):
    raw = read_file(_write(tmp_path, "page.htm", _page(charset="gbk").encode("gbk")))
    assert (raw.format, raw.encoding) == ("html", "gb18030")
    _assert_notice_text(raw.text)


def test_html_http_equiv_big5(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
            "<title>整改情況通報</title></head><body><p>" + TRADITIONAL.replace("\n", "</p><p>") + "</p></body></html>")
    raw = read_file(_write(tmp_path, "page.html", page.encode("big5")))
    assert raw.encoding == "big5"
    assert "一、整改工作總體情況" in raw.text


def test_html_with_a_wrong_charset_declaration_is_detected(tmp_path):
    raw = read_file(_write(tmp_path, "page.html", _page(charset="gb2312").encode("utf-8")))
    assert raw.encoding == "utf-8"
    _assert_notice_text(raw.text)


def test_html_title_is_prepended_when_the_text_lacks_it(tmp_path):
    page = _page().replace("<h1>某县委关于巡察整改情况的通报</h1>", "")
    raw = read_file(_write(tmp_path, "page.html", page.encode("utf-8")))
    assert raw.text.splitlines()[0] == "某县委关于巡察整改情况的通报"
    assert raw.text.count("某县委关于巡察整改情况的通报") == 1


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_trafilatura_text", lambda tree: "")
    raw = read_file(_write(tmp_path, "page.html", _page().encode("utf-8")))
    _assert_notice_text(raw.text)


def test_html_without_text_is_empty(tmp_path):
    page = b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>"
    with pytest.raises(EmptyDocumentError):
        read_file(_write(tmp_path, "page.html", page))


def test_xhtml_with_xml_declaration(tmp_path):
    page = ('<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            "<title>整改通报</title></head><body><p>" + SIMPLIFIED.replace("\n", "</p><p>") + "</p></body></html>")
    raw = read_file(_write(tmp_path, "page.html", page.encode("gbk")))
    assert raw.encoding == "gb18030"
    assert "一、整改工作总体情况" in raw.text


def test_garbage_after_a_utf16_bom_is_refused():
    data = b"\xff\xfe" + bytes(range(256)) * 8
    with pytest.raises(ReadError, match="cannot decode"):
        decode(data)


def test_read_bytes_accepts_bytearray_and_returns_raw_text():
    raw = read_bytes(bytearray(SIMPLIFIED.encode("gbk")), "mem")
    assert raw == RawText(SIMPLIFIED, "gb18030", "txt", "mem")


def test_logo_h1_is_not_taken_for_the_title(tmp_path):
    page = _page().replace("<body>", "<body><h1>某县纪委监委网站</h1>", 1).replace(
        "<h1>某县委关于巡察整改情况的通报</h1>", "")
    raw = read_file(_write(tmp_path, "page.html", page.encode("utf-8")))
    assert raw.text.splitlines()[0] == "某县委关于巡察整改情况的通报"


def test_utf8_cut_in_the_middle_of_a_character(tmp_path):
    data = SIMPLIFIED.encode("utf-8")[:-2]
    raw = read_file(_write(tmp_path, "a.txt", data))
    assert raw.encoding == "utf-8"
    assert raw.text == SIMPLIFIED[:-2]


def test_utf8_with_one_stray_byte_in_a_long_text():
    data = (SIMPLIFIED * 10).encode("utf-8") + b"\xff" + (SIMPLIFIED * 10).encode("utf-8")
    text, encoding = decode(data)
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 1


_PAGE = """<html><head><title>县委第一巡察组向北街村党支部反馈巡察意见_青禾廉政网</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<h1>县委第一巡察组向北街村党支部反馈巡察意见</h1>
<div class="info">发布时间：2024-03-08 10:12　来源：县委巡察办</div>
<div class="content"><p>3月5日，县委第一巡察组向北街村党支部反馈巡察意见。巡察组指出，村务公开不及时，集体资金管理不规范，有关问题已交村党支部限期整改。</p>
<p>村党支部书记表示将逐项整改，按期报送整改报告。</p></div>
<div class="footer">主办：青禾县纪委监委</div></body></html>"""


def test_html_keeps_headline_and_date_line_even_when_the_first_sentence_repeats_it() -> None:
    raw = read_bytes(_PAGE.encode("utf-8"), "page.html")
    lines = [line for line in raw.text.split("\n") if line.strip()]
    assert lines[0] == "县委第一巡察组向北街村党支部反馈巡察意见"
    assert lines[1].startswith("发布时间") and "2024-03-08" in lines[1]
    assert lines[2].startswith("3月5日")

"""A corpus of bad inputs, written into a folder at test time (nothing large is committed).

``write_corpus(folder)`` writes every case and returns them as :class:`Bad`: the file name, what the
pipeline must do with it (``ingest`` it, or fail it with a message matching ``message``), and why the case
exists.  The texts are built from the project's own sample notices (``samples/notices``), so the cases
that should ingest carry real notice grammar.  Everything is deterministic (a seeded ``random.Random``).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "notices"


@dataclass(frozen=True)
class Bad:
    name: str
    expect: str  # "ingest" | "fail" | "skip"
    message: str = ""  # a regular expression the failure message must match
    why: str = ""
    #: also pass this path on the command line (a FIFO or a symlink is not picked up by a folder walk)
    explicit: bool = False


def sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}_*")).read_text(encoding="utf-8")


def _notice() -> str:
    return sample("s01")


def _deep_numbering(levels: int = 20) -> str:
    markers = ["一、", "(一)", "1.", "(1)", "①", "一是", "第一部分", "（一）", "1、", "（1）"]
    lines = ["中共青禾县委巡察工作领导小组办公室关于深层编号的通报"]
    for depth in range(levels):
        lines.append(f"{markers[depth % len(markers)]}第{depth + 1}层问题：资金管理不规范，整改不到位。")
    return "\n".join(lines) + "\n"


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document>" + _notice() + "</w:document>")
    return buf.getvalue()


HTML_SCRIPT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>整改通报</title>
<style>body {{ color: red }} .SCRIPTSTYLE {{ display: none }}</style>
<script>var SCRIPTMARK = "县委书记张三同志"; document.write("SCRIPTMARK");</script>
</head><body onload="alert('ONLOADMARK')">
<div class="nav">首页 > 通知公告</div>
<div id="content" onclick="steal('ONCLICKMARK')"><p>{body}</p>
<script type="text/javascript">window.SCRIPTMARK2 = 1;</script>
<noscript>NOSCRIPTMARK</noscript>
<img src="x.png" onerror="alert('ONERRORMARK')">
</div></body></html>
"""


def cases(rng: random.Random) -> list[tuple[Bad, bytes | None]]:
    """(case, bytes) pairs; bytes None for cases that are not plain files (written by ``write_corpus``)."""
    notice = _notice()
    s02, s03, s05 = sample("s02"), sample("s03"), sample("s05")
    body = "</p><p>".join(sample("s06").splitlines())
    one_line = "".join(sample(f"s{i:02d}").replace("\n", "") for i in (1, 2, 3, 4, 5, 6, 7))
    out: list[tuple[Bad, bytes | None]] = [
        (Bad("empty.txt", "fail", r"^empty file$", "zero bytes"), b""),
        (Bad("whitespace.txt", "fail", r"only whitespace", "spaces, tabs, ideographic spaces, BOM"),
         " \t\r\n\u3000\ufeff\u200b\n\n".encode("utf-8")),
        (Bad("png.txt", "fail", r"binary file \(not text\).*PNG", "PNG header + random bytes"),
         b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000)),
        (Bad("nul.txt", "fail", r"binary file \(not text\)", "a notice with NUL bytes in it"),
         notice.encode("utf-8").replace("。".encode(), b"\x00", 3)),
        (Bad("random.txt", "fail", r"binary file|cannot decode", "random bytes"), rng.randbytes(8192)),
        (Bad("zip.txt", "fail", r"binary file \(not text\).*ZIP", "a .docx saved as .txt"), _zip_bytes()),
        (Bad("truncated_tail.txt", "ingest", why="a multibyte character cut at the end (interrupted download)"),
         s02.rstrip().encode("utf-8")[:-1]),
        (Bad("truncated_middle.txt", "ingest", why="one multibyte character cut in the middle (two files joined)"),
         s03.encode("utf-8")[:400] + "关".encode("utf-8")[:2] + s03.encode("utf-8")[400:]),
        (Bad("mixed_utf8_gbk.txt", "fail", r"mixed encodings", "UTF-8 first half, GBK second half"),
         s05[: len(s05) // 2].encode("utf-8") + s05[len(s05) // 2 :].encode("gbk")),
        (Bad("huge_50mb.txt", "fail", r"file too large: 50\.0 MB.*SKG_MAX_FILE_MB", "50 MB of notice text"),
         None),
        (Bad("long_line_5mb.txt", "fail", r"file too large: 5\.\d MB", "one 5 MB line (over the size limit)"),
         (one_line * (5 * 1024 * 1024 // len(one_line.encode()) + 1)).encode("utf-8")[: 5 * 1024 * 1024 + 7]),
        (Bad("long_line_300k.txt", "ingest", why="one 300 KB line: several notices whose line breaks were lost"),
         (one_line * 30).encode("utf-8")[: 300_000].decode("utf-8", "ignore").encode("utf-8")),
        (Bad("script_handlers.html", "ingest", why="<script>, <style>, <noscript> and on* handlers"),
         HTML_SCRIPT.format(body=body).encode("utf-8")),
        (Bad("script_in_txt.txt", "ingest", why="a saved web page with a .txt name"),
         HTML_SCRIPT.format(body=body).encode("utf-8")),
        (Bad("no_body.html", "ingest", why="<html><head><title> only: the title is the text"),
         "<html><head><title>关于县委第一巡察组反馈意见整改情况的通报</title></head></html>".encode("utf-8")),
        (Bad("empty_body.html", "fail", r"no text found in HTML page", "tags and a script, no text"),
         b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>"),
        (Bad("malformed.html", "ingest", why="unclosed and misnested tags, a stray </html>, a broken comment"),
         ("<html><body><div><p>中共青禾县委关于巡察整改<b>情况的<i>通报</b></i><p>一、问题整改<div>"
          "（一）资金管理不规范<!-- 注释 <p>根据县委统一部署</html><table><tr><td>县委第一巡察组"
          "</p></p></div>").encode("utf-8")),
        (Bad("deep_divs.html", "ingest", why="10,000 nested <div>s (deeper than libxml2 parses)"),
         ("<html><body>" + "<div>" * 10000 + "中共青禾县委关于巡察整改情况的通报。" + "</div>" * 10000
          + "</body></html>").encode("utf-8")),
        (Bad("utf16_meta.html", "ingest", why="a UTF-8 page that declares charset=utf-16 (browsers use UTF-8)"),
         ('<html><head><meta charset="utf-16"><title>通报</title></head><body><p>'
          + body + "</p></body></html>").encode("utf-8")),
        (Bad("no_header.txt", "ingest", why="a notice without its title and opening lines"),
         "\n".join(sample("s04").splitlines()[3:]).encode("utf-8")),
        (Bad("only_headings.txt", "ingest", why="numbered headings and nothing else"),
         "一、\n(一)\n1.\n二、\n(二)\n2.\n一是\n二是\n第一部分\n".encode("utf-8")),
        (Bad("only_numbers.txt", "ingest", why="digits, long digit runs and numbers with units"),
         ("1234567890" * 2000 + "\n" + " ".join(str(i) for i in range(3000)) + "\n3.14 2.718 1e10 12件 100%\n"
          + "二" * 5000 + "\n" + "十" * 5000 + "个\n").encode("utf-8")),
        (Bad("deep_numbering.txt", "ingest", why="一、(一)1.(1)① … numbering 20 levels deep"),
         _deep_numbering(20).encode("utf-8")),
        (Bad("open_titles.txt", "ingest", why="《 never closed"),
         ("根据《中国共产党巡视工作条例" * 500 + "\n" + notice).encode("utf-8")),
        (Bad("close_titles.txt", "ingest", why="》 never opened"),
         ("巡视工作条例》规定" * 500 + "\n" + notice).encode("utf-8")),
        (Bad("brackets.txt", "ingest", why="unbalanced （（（ and ）））, 【【, “ without ”"),
         ("（" * 3000 + "县委（第一巡察组" + "）" * 10 + "【【【“““" + "\n" + notice).encode("utf-8")),
        (Bad("controls.txt", "ingest", why="emoji, C0 controls, ZWSP, a BOM in the middle, RTL marks"),
         ("😀🎉\x01\x02\x07\x08\x0e\x1f" + notice[:300] + "\u200b\ufeff\u202e\u200f\u2066" + notice[300:]
          + "\U0001f600\u200d\U0001f469").encode("utf-8")),
        (Bad("utf16_bom.txt", "ingest", why="UTF-16 LE with a BOM"), sample("s07").encode("utf-16")),
        (Bad("utf16le_nobom.txt", "ingest", why="UTF-16 LE without a BOM"), sample("s09").encode("utf-16-le")),
        (Bad("utf16be_nobom.txt", "ingest", why="UTF-16 BE without a BOM"), sample("s10").encode("utf-16-be")),
        (Bad("big5.txt", "ingest", why="a traditional-script notice in Big5 (the bytes of samples' s20)"),
         next(SAMPLES.glob("s20_*")).read_bytes()),
        (Bad("gbk.txt", "ingest", why="GBK"), sample("s13").encode("gbk")),
        (Bad("many_titles.txt", "ingest", why="10,000 《》 titles in one list"),
         ("".join(f"《关于加强第{i}项工作的规定》、" for i in range(10000)) + "\n" + notice).encode("utf-8")),
        (Bad("many_headings.txt", "ingest", why="10,000 numbered headings"),
         "\n".join(f"{i % 99 + 1}.问题{i}：资金管理不规范" if i % 3 else f"({'一二三四五六七八九'[i % 9]})整改{i}"
                   for i in range(10000)).encode("utf-8")),
        (Bad("repeated_char.txt", "ingest", why="one character 50,000 times"), ("县" * 50_000).encode("utf-8")),
        (Bad("repeated_posts.txt", "ingest", why="a post title and name repeated 5,000 times"),
         ("县委书记张明、" * 5000).encode("utf-8")),
        (Bad("only_punct.txt", "fail", r"no text left after removing page noise", "an ellipsis line only"),
         "。。。。。。\n……\n".encode("utf-8")),
        (Bad("surrogate_bytes.txt", "fail", r"cannot decode.*invalid UTF-8 byte 0xed at offset \d+, line \d+",
             "CESU-8/WTF-8 encoded surrogates (invalid UTF-8) in a notice"),
         notice[:200].encode("utf-8") + b"\xed\xa0\x80\xed\xb0\x80" + notice[200:].encode("utf-8")),
        (Bad("名单 通报 2023 (终稿).txt", "ingest", why="spaces, Chinese characters and brackets in the name"),
         sample("s14").encode("utf-8")),
        (Bad("crlf.txt", "ingest", why="CRLF line ends"), sample("s15").replace("\n", "\r\n").encode("utf-8")),
        (Bad("cr.txt", "ingest", why="lone CR line ends (old Mac)"), sample("s16").replace("\n", "\r").encode("utf-8")),
        (Bad("latin1.txt", "fail", r"cannot decode", "Latin-1 text, not Chinese"),
         ("Résumé of the café façade, naïve coöperation. " * 40).encode("latin-1")),
        (Bad("fifo.txt", "fail", r"not a regular file", "a named pipe (reading it would block forever)",
             explicit=True), None),
        (Bad("dirlink.txt", "fail", r"no \.txt or \.html files", "a symlink to a folder with no notices",
             explicit=True), None),
        (Bad("broken_link.txt", "fail", r"broken symbolic link", "a symlink to nothing"), None),
        (Bad("unreadable.txt", "fail", r"permission denied", "chmod 000 (skipped when running as root)"), None),
    ]
    return out


def write_corpus(folder: Path, seed: int = 6) -> list[Bad]:
    """Write every bad input into ``folder``; returns the cases (``expect`` 'skip' where the OS cannot make one)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: list[Bad] = []
    for bad, data in cases(rng):
        path = folder / bad.name
        if bad.name == "huge_50mb.txt":
            block = (_notice() * 50).encode("utf-8")
            with open(path, "wb") as fh:
                size = 0
                while size < 50 * 1024 * 1024:
                    fh.write(block)
                    size += len(block)
                fh.truncate(50 * 1024 * 1024)
        elif bad.name == "fifo.txt":
            os.mkfifo(path)
        elif bad.name == "dirlink.txt":
            target = folder.parent / (folder.name + "_emptydir")
            target.mkdir(exist_ok=True)
            (target / "readme.md").write_text("not a notice", encoding="utf-8")
            path.symlink_to(target, target_is_directory=True)
        elif bad.name == "broken_link.txt":
            path.symlink_to(folder / "does-not-exist.txt")
        elif bad.name == "unreadable.txt":
            path.write_bytes(_notice().encode("utf-8"))
            path.chmod(0)
            if os.geteuid() == 0 or os.access(path, os.R_OK):
                path.chmod(0o644)
                path.unlink()
                bad = Bad(bad.name, "skip", why=bad.why + " - skipped: the tests run as root, who can read it")
        else:
            assert data is not None, bad.name
            path.write_bytes(data)
        written.append(bad)
    return written

"""strip_noise(), masked_spans() and clean(): furniture goes, content and masked names stay."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from ingest.noise import clean, masked_spans, strip_noise
from ingest.normalize import normalize

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

HEAD = "关于巡察整改情况的通报"
BODY = "根据县委部署,县委第二巡察组于去年对本单位进行了巡察。"
TAIL = "下一步将持续巩固整改成果,建立长效机制。"

NOISE_LINES = [
    "分享到:",
    "分享到: 微信 微博 QQ空间",
    "微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "微信扫一扫 分享到朋友圈",
    "【打印】【关闭】",
    "[打印本页] [关闭窗口]",
    "字号:大 中 小",
    "【字体:大 中 小】 【打印】",
    "责任编辑:张三",
    "(责任编辑:李四 审核:王五)",
    "编辑:赵六",
    "阅读全文",
    "展开全文",
    "展开全文 阅读全文",
    "点击查看更多",
    "查看更多>>",
    "大约剩余55%的内容被隐藏了",
    "剩余45%未读",
    "(未完待续)",
    "……",
    "...",
    "当前位置:首页 > 工作动态 > 巡察工作",
    "您现在的位置: 首页 > 正文",
    "首页 > 纪律审查 > 通报曝光",
    "上一篇:关于某项工作的通知",
    "下一篇:",
    "版权所有:某某县纪委监委 ICP备00000号",
    "Copyright © 2020 All Rights Reserved",
    "返回顶部",
    "相关新闻:",
    "点击上方蓝字关注我们",
]

CONTENT_LINES = [
    HEAD,
    "一、关于工作作风方面的问题",
    "(一)制度执行不够严格",
    "1.打印费用报销不规范问题。",
    "一是分享经验做法。",
    "整改情况:",
    "群众可扫一扫二维码反映问题。",
    "关闭违规经营场所3个。",
    "整治老虎机赌博问题",
    "三、下一步工作打算",
    "中共某某县委员会",
    "2021年3月5日",
    "联系方式:电话0000-0000000;电子邮箱:jw@example.cn。",
    "来源:市委巡察办 发布时间:2019-05-20",
    "本报记者 张三 通讯员 李四",
    "摘要:过去一年,巡察工作取得新进展。",
    "压紧压实责任,推动整改见效",
    "建立“清单+台账”工作机制",
]


@pytest.mark.parametrize("noise", NOISE_LINES)
def test_noise_line_removed_between_content(noise):
    text = f"{HEAD}\n{noise}\n{BODY}\n{noise}\n{TAIL}\n{noise}"
    assert strip_noise(text) == f"{HEAD}\n{BODY}\n{TAIL}"


@pytest.mark.parametrize("line", CONTENT_LINES)
def test_content_lines_are_kept(line):
    text = f"{line}\n{BODY}\n{line}\n{TAIL}"
    assert strip_noise(text) == text


def test_widget_fragments_are_cut_from_metadata_lines():
    line = "来源:县纪委 发布时间:2020-01-01 【字号:大 中 小】【打印】【关闭】 浏览次数:123"
    assert strip_noise(f"{HEAD}\n{line}\n{BODY}") == f"{HEAD}\n来源:县纪委 发布时间:2020-01-01\n{BODY}"
    assert strip_noise("发布:某作者 时间:2023-01-01 字数:5000字") == "发布:某作者 时间:2023-01-01"


def test_truncation_fragments_at_the_end_of_a_content_line():
    assert strip_noise("强化整改落实,推动问题解决(未完待续)") == "强化整改落实,推动问题解决"
    assert strip_noise("巡察组指出了存在的问题...展开全文") == "巡察组指出了存在的问题"
    assert strip_noise("整改工作取得成效。大约剩余20%的内容被隐藏了") == "整改工作取得成效。"


def test_spam_line_at_the_top_only():
    assert strip_noise(f"XY电子8888\n\n{HEAD}\n{BODY}") == f"{HEAD}\n{BODY}"
    kept = f"{HEAD}\nGB50016\n{BODY}"
    assert strip_noise(kept) == kept
    assert strip_noise(f"MG电子4355\n{HEAD}") == HEAD


def test_blank_lines_left_by_removed_lines_collapse():
    text = f"{HEAD}\n\n分享到:\n\n{BODY}\n\n【打印】【关闭】\n\n{TAIL}"
    assert strip_noise(text) == f"{HEAD}\n\n{BODY}\n\n{TAIL}"


def test_masked_names_stay_in_the_text():
    text = "*县纪委监委组织开展专项整治。湖*县纪委监委建立台账。"
    assert clean(text) == text


def test_clean_is_normalize_then_strip_noise():
    raw = "\ufeff  关于整改情况的通报\r\n分享到：微信　微博\r\n（一）加强领导，落实责任。\r\n"
    assert clean(raw) == strip_noise(normalize(raw)) == "关于整改情况的通报\n(一)加强领导,落实责任。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*县纪委监委督促", ["*县"]),
        ("湖*县纪委监委", ["湖*县"]),
        ("各*县/区/市纪委", ["*县/区/市"]),
        ("对*区开展巡察", ["*区"]),
        ("某某同志和张某某", ["某某", "张某某"]),
        ("浙江某县开出的发票", ["某县"]),
        ("在某单位检查", ["某单位"]),
        ("XX镇XX村", ["XX镇XX村"]),
        ("“*”监督模式", ["*"]),
        ("*以举办培训班为契机", ["*"]),
        ("某些单位存在某种问题", []),
        ("长3×4米", []),
        ("X光检查", []),
        ("*", []),
        ("", []),
    ],
)
def test_masked_spans(text, expected):
    assert [text[a:b] for a, b in masked_spans(text)] == expected


_ALPHABET = "巡察组整改一、。,:()“”《》…①*某县区市张\n\n\n 分享到微信微博QQ【打印】【关闭】阅读全文剩余45%的内容被隐藏了(未完待续)AB12.>首页"


@pytest.mark.parametrize("seed", range(30))
def test_total_and_idempotent_on_random_text(seed):
    rng = random.Random(seed)
    for _ in range(40):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 80)))
        once = strip_noise(text)
        assert strip_noise(once) == once
        assert clean(clean(text)) == clean(text)
        for a, b in masked_spans(once):
            assert 0 <= a < b <= len(once)


def test_masked_spans_are_sorted_and_disjoint():
    text = "*县**镇*村某某某县张某与李某某在某局" * 3
    spans = masked_spans(text)
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


# --- the real sample notices ------------------------------------------------------------------

_CONTENT = re.compile(r"^(?:根据|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.|[一二三四五六七八九十]+是)|。")


def _seeds() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"sample notices not available at {SEEDS}")
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip(f"no sample notices in {SEEDS}")
    return files


def _seed(prefix: str) -> Path:
    found = [p for p in _seeds() if p.name.startswith(prefix)]
    if not found:
        pytest.skip(f"sample {prefix}_* not available")
    return found[0]


def test_seeds_keep_every_content_line():
    saw_inspection_sentence = False
    for path in _seeds():
        normal = normalize(path.read_text(encoding="utf-8"))
        cleaned = clean(path.read_text(encoding="utf-8"))
        kept = set(cleaned.split("\n"))
        for line in normal.split("\n"):
            if _CONTENT.search(line) and "被隐藏" not in line:
                assert line in kept, f"{path.name}: content line lost: {line[:10]}…"
            saw_inspection_sentence |= line.startswith("根据")
        assert len(cleaned) >= 0.95 * len(normal)
        assert clean(cleaned) == cleaned
    assert saw_inspection_sentence


def test_seed_truncation_marker_removed():
    cleaned = clean(_seed("004").read_text(encoding="utf-8"))
    assert not re.search(r"剩余\d+%", cleaned)
    assert "阅读全文" not in cleaned and "查看全文" not in cleaned
    assert cleaned.rstrip().endswith("。")


def test_seed_junk_first_line_removed():
    normal = normalize(_seed("001").read_text(encoding="utf-8"))
    first = normal.split("\n")[0]
    cleaned = clean(normal)
    assert first not in cleaned.split("\n")
    assert "。" not in first and len(first) < 20
    assert not cleaned.startswith(first)


def test_seed_masked_names_found_not_removed():
    cleaned = clean(_seed("004").read_text(encoding="utf-8"))
    spans = masked_spans(cleaned)
    assert len(spans) >= 10
    assert all("*" in cleaned[a:b] for a, b in spans)
    assert sum("*县" in cleaned[a:b] for a, b in spans) >= 5


def test_seed_share_widget_removed():
    for path in _seeds():
        cleaned = clean(path.read_text(encoding="utf-8"))
        assert not re.search(r"扫一扫.{0,20}(?:分享|朋友圈)", cleaned)


def test_counters_are_cut_only_from_metadata_lines():
    assert strip_noise("发布时间:2021-01-01 浏览次数:88") == "发布时间:2021-01-01"
    assert strip_noise("网站访问量:12000次") == "网站访问量:12000次"


def test_neighbour_links_need_their_marker():
    assert strip_noise(f"{BODY}\n上一篇:关于某项工作的通知\n下一篇") == BODY
    assert strip_noise("下篇文章将继续介绍") == "下篇文章将继续介绍"


def test_heading_with_read_words_is_not_cut():
    assert strip_noise("(三)群众查看原文") == "(三)群众查看原文"
    assert strip_noise("让群众得到更多") == "让群众得到更多"


def test_a_verb_before_a_mask_is_not_part_of_the_name():
    text = "围绕*县开展督查"
    assert [text[a:b] for a, b in masked_spans(text)] == ["*县"]


def test_clean_removes_widgets_that_survive_html_extraction():
    from ingest.readers import read_bytes

    page = (
        "<html><head><title>整改情况通报</title></head><body><div>"
        "<p>当前位置:首页 &gt; 巡察工作</p><h1>整改情况通报</h1>"
        "<p>发布时间:2022-03-01 来源:县委巡察办 【字号:大 中 小】【打印】【关闭】</p>"
        f"<p>{BODY}</p><p>一、整改工作总体情况</p><p>{TAIL}</p>"
        "<p>分享到:微信 微博 QQ空间</p><p>扫一扫在手机打开当前页</p><p>责任编辑:张三</p>"
        "</div></body></html>"
    )
    cleaned = clean(read_bytes(page.encode("utf-8"), "page.html").text)
    assert cleaned.split("\n") == [
        "整改情况通报", "发布时间:2022-03-01 来源:县委巡察办", BODY, "一、整改工作总体情况", TAIL,
    ]

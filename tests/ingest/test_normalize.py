"""normalize(): one canonical spelling, total and idempotent."""

from __future__ import annotations

import random

import pytest

from ingest.normalize import normalize


def test_full_width_ascii_forms_fold_but_chinese_punctuation_stays():
    text = "根据《条例》，现将“整改情况”予以公布：（一）１２项、ＡＢＣ。"
    assert normalize(text) == "根据《条例》,现将“整改情况”予以公布:(一)12项、ABC。"


@pytest.mark.parametrize("raw", ["第一行\r\n第二行", "第一行\r第二行", "第一行\u2028第二行", "第一行\n第二行"])
def test_line_endings(raw):
    assert normalize(raw) == "第一行\n第二行"


def test_invisible_characters_go():
    raw = "\ufeff巡\u200b察\u200d组\u2060\u00ad反\u202e馈\x07\x1b意见"
    assert normalize(raw) == "巡察组反馈意见"


def test_tabs_inside_a_line_stay():
    assert normalize("项目\t金额") == "项目\t金额"


def test_odd_spaces_become_plain_spaces_and_indentation_goes():
    raw = "\u3000\u3000一是强化责任。\xa0\n  \t二是\xa0\u3000落实。  \n"
    assert normalize(raw) == "一是强化责任。\n二是  落实。"


def test_blank_runs_collapse_to_one_blank_line():
    assert normalize("甲\n\n\n\n乙\n \n\u3000\n\n丙") == "甲\n\n乙\n\n丙"


def test_circled_numbers_and_ellipsis_survive():
    assert normalize("①加强学习②完善制度……") == "①加强学习②完善制度……"


def test_whole_text_is_stripped_and_empty_stays_empty():
    assert normalize("\n\n  正文  \n\n") == "正文"
    assert normalize("") == ""
    assert normalize("\u3000\ufeff\u200b \n") == ""


_ALPHABET = (
    "巡察组整改一、。，,：:（）()“”《》…①②\u3000\xa0\u200b\ufeff\r\n\t \x00\x07\x1b\u2028\u0085"
    "ＡＢ１２e\u0301\u0308\u00b4\u2026\u2460\ufe19\u3251\ud800\u202e\u00ad㎡℃ﬁ\u1100\u1161\u11a8가"
)


@pytest.mark.parametrize("seed", range(30))
def test_total_and_idempotent_on_random_text(seed):
    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60)))
        once = normalize(text)
        assert normalize(once) == once
        assert once == once.strip()
        assert "\n\n\n" not in once and "\r" not in once
        assert all(ch in "\n\t" or ord(ch) >= 0x20 for ch in once)

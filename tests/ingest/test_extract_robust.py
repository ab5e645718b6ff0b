"""extract() never raises, always passes check(), and is deterministic."""

from __future__ import annotations

import pytest

from ingest.extract import EXTRACTOR_VERSION, extract
from tests.ingest._util import seed

ODD = [
    "",
    "《",
    "》《",
    "一、",
    "(一)",
    "一是",
    "\n\n\n",
    "😀🎉 巡察",
    "1." * 10000,
    "县委" * 500,
    "第一部分\n(1)\n①",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_strings(text: str) -> None:
    g = extract(text, "odd")
    g.check()


def test_deterministic() -> None:
    text = seed("003") or "中共青禾县委关于巡察整改情况的通报\n县委书记周远同志立案12件。\n"
    a, b = extract(text, "x"), extract(text, "x")
    assert a == b


def test_version_is_a_string() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_a_heading_ending_in_a_negated_word_reads_as_a_problem() -> None:
    from ingest.extract.problems import reads_as_problem

    assert reads_as_problem("村集体经济收入账目不清")
    assert reads_as_problem("关键岗位干部长期不交流")
    assert not reads_as_problem("强化组织领导")
    assert not reads_as_problem("不忘初心")

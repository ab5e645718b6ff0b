"""Problems from the section tree, and the text regions that hold their measures.

Which headings are problems is read from the structure, not the content:

* a top-level section holds problems when its heading says so (…存在的主要问题)
  or most of its (一)/1. headings read as problems (…的问题, …不到位);
  other top-level sections are containers of steps (一是强化组织领导), tasks
  or practices and yield no problems;
* inside such a section, a (一)/1. heading is a problem when it reads as one or
  has problem children, and every 一是 item under a problem is a problem;
* levels follow the gold convention: (一) with children is a ``group``, a
  leaf (一) or a 1. is an ``item``, a 一是 under a 1. is a ``subitem``.

The measures of a problem are the 整改情况 block after it when the notice
uses such markers (an item without its own block shares the block of the
next item in the same paragraph), otherwise the text after its heading in a
rectification notice; reports and news carry no measures.
"""

from __future__ import annotations

import re

import itertools
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ingest.extract import lexicon
from ingest.sections import Section, SectionTree


@dataclass
class ProblemFact:
    section: Section
    level: str
    desc: tuple[int, int]
    measures: list[tuple[int, int]] = field(default_factory=list)
    parent: ProblemFact | None = None
    children: list[ProblemFact] = field(default_factory=list)

    @cached_property
    def path(self) -> str:
        """The section path (asked for many times per problem; the section tree is final by then)."""
        return self.section.path

    @property
    def head(self) -> tuple[int, int]:
        return self.section.head_start, self.section.head_end


@dataclass
class StepFact:
    """A numbered section that is not a problem but lists actions (steps, tasks)."""

    section: Section
    region: tuple[int, int]


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    data = lexicon.load("problem_cues")
    return tuple(data["endings"]), tuple(data["shortfalls"]), tuple(data["containerCues"])


#: A heading that ends in a negated verb or adjective (账目不清, 干部长期不交流) names a shortfall.
_NEGATED_END = re.compile(r"[不未没][\u4e00-\u9fff]{1,2}$")


def reads_as_problem(headline: str) -> bool:
    endings, shortfalls, _ = _cues()
    if headline.endswith(endings) or any(s in headline for s in shortfalls):
        return True
    return _NEGATED_END.search(headline.rstrip("。;；,，")) is not None


def _descendants(sec: Section) -> list[Section]:
    out: list[Section] = []
    for c in sec.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _is_zone(sec: Section, text: str) -> bool:
    endings, _, containers = _cues()
    head = text[sec.head_start : sec.head_end]
    if any(c in head for c in containers) or head.endswith(endings):
        return True
    heads = [text[d.head_start : d.head_end] for d in _descendants(sec) if d.style != "enum"]
    return bool(heads) and sum(reads_as_problem(h) for h in heads) * 2 > len(heads)


def find_problems(tree: SectionTree, kind: str) -> tuple[list[ProblemFact], list[StepFact]]:
    text = tree.text
    problems: list[ProblemFact] = []
    steps: list[StepFact] = []
    if tree.roots and all(not r.children for r in tree.roots):
        for root in tree.roots:
            _walk(root, None, True, tree, kind, problems, steps)
    for root in tree.roots:
        if not root.children:
            continue
        zone = _is_zone(root, text)
        for sec in root.children:
            _walk(sec, None, zone, tree, kind, problems, steps)
    _share_blocks(problems, text)
    return problems, steps


def _depth(sec: Section) -> int:
    return sec.depth()


def _walk(
    sec: Section,
    parent: ProblemFact | None,
    zone: bool,
    tree: SectionTree,
    kind: str,
    problems: list[ProblemFact],
    steps: list[StepFact],
) -> bool:
    text = tree.text
    head = text[sec.head_start : sec.head_end]
    if not zone:
        is_problem = False
    elif sec.style == "enum":
        is_problem = parent is not None or sec.parent is None or sec.parent.parent is None
    elif parent is not None:
        is_problem = True
    else:
        is_problem = reads_as_problem(head) or _has_problem_children(sec, text)
    if not is_problem:
        if not sec.children and kind == "rectification_notice":
            steps.append(StepFact(sec, (sec.head_start, sec.end)))
        for child in sec.children:
            _walk(child, None, zone and sec.style != "enum", tree, kind, problems, steps)
        return False
    fact = ProblemFact(section=sec, level="item", desc=(sec.head_start, sec.end), parent=parent)
    if parent is not None:
        parent.children.append(fact)
    problems.append(fact)
    for child in sec.children:
        _walk(child, fact, zone, tree, kind, problems, steps)
    inner_end = sec.children[0].start if sec.children else sec.end
    if fact.children:
        fact.level = "group" if _depth(sec) <= 1 else "item"
        fact.desc = (sec.head_start, max(sec.head_end, inner_end))
    else:
        fact.level = "subitem" if parent is not None and _depth(parent.section) >= 2 else "item"
        _regions(fact, inner_end, tree, kind)
    return True


def _has_problem_children(sec: Section, text: str) -> bool:
    return any(
        c.style == "enum"
        or reads_as_problem(text[c.head_start : c.head_end])
        or _has_problem_children(c, text)
        for c in sec.children
    )


def _regions(fact: ProblemFact, end: int, tree: SectionTree, kind: str) -> None:
    sec = fact.section
    if tree.rect_markers:
        marker = tree.rect_marker_in(sec.head_end, end)
        if marker:
            fact.desc = (sec.head_start, marker[0])
            if end > marker[1]:
                fact.measures.append((marker[1], end))
        return
    if kind == "rectification_notice":
        fact.desc = (sec.head_start, sec.head_end)
        if end > sec.head_end:
            fact.measures.append((sec.head_end, end))


def _share_blocks(problems: list[ProblemFact], text: str) -> None:
    """An item without measures shares the measures of the next item written in the same paragraph."""
    for a, b in itertools.pairwise(problems):
        if a.measures or a.children or a.parent is not b.parent or b.section.style != a.section.style:
            continue
        if "\n" not in text[a.section.head_end : b.section.start] and b.measures:
            a.measures = list(b.measures)

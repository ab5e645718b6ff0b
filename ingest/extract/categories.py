"""Problem categories from the taxonomy data file (``ingest/data/problem_categories.json``).

A notice's headline names the subject of a problem; its description and
measures talk about everything around it — above all money (资金, 经费, 账),
which turns up in problems of almost every kind.  The rules therefore rank
evidence rather than pool it:

* **Specificity.** A keyword weighs by its length (``max(1, len - 1)``): a
  four-character term such as 优亲厚友 says more than a two-character one such
  as 低保.  *Weak* keywords (broad terms listed under ``weak``) weigh half the
  shortest keyword and count only in the headline.  A keyword found only
  inside a longer matched keyword is part of that term, not evidence of its
  own (经费 in 三公经费, 档案 in 干部档案), and a keyword overlapping one of its
  category's ``exclude`` phrases does not count (安全工作 in 粮食安全工作).  Each
  distinct keyword counts once, so a word repeated through a long description
  cannot pile up weight.  Quotation marks are ignored (村“两委”).
* **Headline first.** The primary category is the best headline score; equal
  scores go to the earliest headline hit (the subject of a headline comes
  first), then to the description's score.  Every other category with
  headline evidence follows the primary (at most three in all).
* **Description next.** With no keyword in the headline, the description's
  keyword score picks the one category.
* **Examples last.** With no keyword at all, ``nearest_by_examples`` compares
  the headline's character bigrams with each category's invented example
  headlines and keywords (bigrams found in few categories weigh most); the
  pipeline uses it after the parent problem's categories and before the
  taxonomy's default (see ``assemble``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from ingest.extract import lexicon

MAX_CATEGORIES = 3
# A weak keyword weighs half the shortest keyword, whatever its length.
WEAK_WEIGHT = 0.5
# Quotation marks around terms (“三会一课”, 村“两委”) are not part of them.
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_HAS_QUOTE = re.compile("[“”‘’\"'「」『』]")
# Example evidence must add up to at least this many bigrams found in one category only.
EXAMPLE_THRESHOLD = 2.0

_HAN = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class Category:
    """One category of the data file (its ``_doc`` describes the fields); ``name`` alone makes the node id."""

    name: str
    description: str
    keywords: tuple[str, ...]
    weight: float = 1.0
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class _Hit(NamedTuple):
    start: int
    end: int
    cat: int
    word: str
    weak: bool


@dataclass
class _Score:
    head: float = 0.0
    body: float = 0.0
    first: int = 1 << 30
    word: str | None = None
    head_words: set[str] = field(default_factory=set)
    body_words: set[str] = field(default_factory=set)


def specificity(word: str) -> float:
    """How much one keyword says: longer terms are more specific."""
    return float(max(1, len(word) - 1))


@lru_cache(maxsize=1)
def taxonomy() -> tuple[list[Category], str]:
    data = lexicon.load("problem_categories")
    cats = [
        Category(
            c["name"],
            c["description"],
            tuple(c["keywords"]),
            float(c.get("weight", 1.0)),
            tuple(c.get("weak", ())),
            tuple(c.get("exclude", ())),
            tuple(c.get("examples", ())),
        )
        for c in data["categories"]
    ]
    return cats, str(data["default"])


def bigrams(text: str) -> set[str]:
    """Character bigrams inside runs of Han characters (punctuation and digits split the runs)."""
    out: set[str] = set()
    for run in _HAN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


@lru_cache(maxsize=1)
def _generic_grams() -> frozenset[str]:
    """Bigrams of the shortfall and ending cues (不到位, 不规范, 问题): they say how bad, not what."""
    cues = lexicon.load("problem_cues")
    return frozenset().union(*(bigrams(w) for w in (*cues["endings"], *cues["shortfalls"])))


@lru_cache(maxsize=1)
def _example_grams() -> list[dict[str, float]]:
    """Per category, the bigrams of its examples and keywords, weighted by rarity across categories.

    A bigram found in one category only weighs 1, one found in several weighs
    ``log(N / df) / log N``; the generic cue bigrams weigh nothing.
    """
    cats, _ = taxonomy()
    generic = _generic_grams()
    grams = [set().union(*(bigrams(t) for t in (*c.examples, *c.keywords))) - generic for c in cats]
    df: dict[str, int] = {}
    for g in grams:
        for b in g:
            df[b] = df.get(b, 0) + 1
    n = len(cats)
    return [{b: math.log(n / df[b]) / math.log(n) for b in g} for g in grams]


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """One Aho-Corasick automaton over every keyword, weak keyword and exclude phrase of the taxonomy.

    Each word maps to ``(word, ((category index, role), ...))`` with role
    ``keyword``, ``weak`` or ``exclude``, so one pass over a text finds every
    overlapping occurrence of all of them.
    """
    cats, _ = taxonomy()
    roles: dict[str, list[tuple[int, str]]] = {}
    for ci, cat in enumerate(cats):
        for words, role in ((cat.keywords, "keyword"), (cat.weak, "weak"), (cat.exclude, "exclude")):
            for w in words:
                roles.setdefault(w, []).append((ci, role))
    auto = ahocorasick.Automaton()
    for w, entries in roles.items():
        auto.add_word(w, (w, tuple(entries)))
    auto.make_automaton()
    return auto


def _hits(text: str) -> list[_Hit]:
    """Keyword occurrences in ``text``, without excluded ones and without those inside a longer hit."""
    found: list[_Hit] = []
    blocked: dict[int, list[tuple[int, int]]] = {}
    for end, (word, entries) in _automaton().iter(text):
        start = end + 1 - len(word)
        for ci, role in entries:
            if role == "exclude":
                blocked.setdefault(ci, []).append((start, end + 1))
            else:
                found.append(_Hit(start, end + 1, ci, word, role == "weak"))
    if blocked:
        found = [
            h for h in found if not any(h.start < b and a < h.end for a, b in blocked.get(h.cat, ()))
        ]
    if len(found) < 2:
        return found
    # a hit is inside a longer one when another span starts at or before it and ends at or after it: in
    # (start, longest first) order, that is when an earlier span reaches its end
    inner: set[tuple[int, int]] = set()
    reach = -1
    for s, e in sorted({(h.start, h.end) for h in found}, key=lambda se: (se[0], -se[1])):
        if reach >= e:
            inner.add((s, e))
        else:
            reach = e
    return [h for h in found if (h.start, h.end) not in inner] if inner else found


def _scores(headline: str, description: str, cats: list[Category]) -> dict[int, _Score]:
    scores: dict[int, _Score] = {}
    # translate() reads a non-ASCII text character by character through a dict: only when there is a quote
    if _HAS_QUOTE.search(headline):
        headline = headline.translate(_QUOTES)
    if _HAS_QUOTE.search(description):
        description = description.translate(_QUOTES)
    for h in sorted(_hits(headline), key=lambda h: h.start):
        sc = scores.setdefault(h.cat, _Score())
        if h.word in sc.head_words:
            continue
        sc.head_words.add(h.word)
        sc.head += (WEAK_WEIGHT if h.weak else specificity(h.word)) * cats[h.cat].weight
        if sc.word is None:
            sc.first, sc.word = h.start, h.word
    for h in _hits(description):
        if h.weak:
            continue
        sc = scores.setdefault(h.cat, _Score())
        if h.word in sc.body_words:
            continue
        sc.body_words.add(h.word)
        sc.body += specificity(h.word) * cats[h.cat].weight
        if sc.word is None:
            sc.word = h.word
    return scores


def example_evidence(headline: str) -> list[tuple[float, int]]:
    """(score, category index) of the example bigram evidence for a headline, best first."""
    grams = bigrams(headline)
    out = []
    for ci, weights in enumerate(_example_grams()):
        s = sum(weights.get(b, 0.0) for b in grams)
        if s > 0:
            out.append((s, ci))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def categorise(headline: str, description: str) -> list[tuple[Category, str | None]]:
    """Categories (primary first) with the keyword that triggered each (None when none did)."""
    cats, _ = taxonomy()
    scores = _scores(headline, description, cats)
    in_head = [ci for ci, s in scores.items() if s.head > 0]
    if in_head:
        ranked = sorted(in_head, key=lambda ci: (-scores[ci].head, scores[ci].first, -scores[ci].body, ci))
        return [(cats[ci], scores[ci].word) for ci in ranked[:MAX_CATEGORIES]]
    in_body = [ci for ci, s in scores.items() if s.body > 0]
    if not in_body:
        return []
    best = min(in_body, key=lambda ci: (-scores[ci].body, ci))
    return [(cats[best], scores[best].word)]


def nearest_by_examples(headline: str) -> Category | None:
    """The category whose examples share the most distinctive bigrams with a headline without keywords.

    The last evidence before the taxonomy's default: it needs at least
    ``EXAMPLE_THRESHOLD`` (two bigrams unique to one category) and a clear lead
    over the runner-up, else there is none.
    """
    cats, _ = taxonomy()
    evidence = example_evidence(headline)
    if not evidence or evidence[0][0] < EXAMPLE_THRESHOLD:
        return None
    if len(evidence) > 1 and evidence[0][0] < evidence[1][0] + 1.0:
        return None
    return cats[evidence[0][1]]


def from_children(children: list[list[Category]]) -> list[Category]:
    """A group's categories: its children's primary categories, most frequent first, then the rest."""
    counts: dict[str, tuple[int, int, Category]] = {}
    for order, cats in enumerate(children):
        for rank, cat in enumerate(cats):
            n, first, _ = counts.get(cat.name, (0, order * 10 + rank, cat))
            counts[cat.name] = (n + (3 if rank == 0 else 1), first, cat)
    ranked = sorted(counts.values(), key=lambda t: (-t[0], t[1]))
    return [cat for _, _, cat in ranked[:4]]


def default_category() -> Category:
    cats, default = taxonomy()
    return next(c for c in cats if c.name == default)

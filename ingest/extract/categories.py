"""Problem categories from the taxonomy data file, by keyword weight.

Headline keywords weigh three times description keywords; the best score is
the primary category, and every other category with a headline keyword is
added.  A problem with no keyword inherits its parent's categories, or the
taxonomy's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.wordscan import WordScanner


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    keywords: tuple[str, ...]
    weight: float = 1.0


@lru_cache(maxsize=1)
def taxonomy() -> tuple[list[Category], str]:
    data = lexicon.load("problem_categories")
    cats = [
        Category(c["name"], c["description"], tuple(c["keywords"]), float(c.get("weight", 1.0)))
        for c in data["categories"]
    ]
    return cats, str(data["default"])


@lru_cache(maxsize=1)
def _keywords() -> WordScanner:
    """Every keyword of the taxonomy, to find the few present in a text in one pass."""
    return WordScanner(k for cat in taxonomy()[0] for k in cat.keywords)


def categorise(headline: str, description: str) -> list[tuple[Category, str | None]]:
    """Categories (primary first) with the keyword that triggered each (None when none did)."""
    cats, _ = taxonomy()
    in_head, in_body = _keywords().present(headline), _keywords().present(description)
    scored: list[tuple[float, int, Category, str | None]] = []
    for i, cat in enumerate(cats):
        if in_head.isdisjoint(cat.keywords) and in_body.isdisjoint(cat.keywords):
            continue
        head_hits = [k for k in cat.keywords if k in in_head]
        body_hits = [k for k in cat.keywords if k in in_body]
        score = (3 * len(head_hits) + len(body_hits)) * cat.weight
        if score:
            scored.append((score, -i, cat, (head_hits or body_hits)[0]))
    if not scored:
        return []
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    primary = scored[0]
    out = [(primary[2], primary[3])]
    for score, _, cat, word in scored[1:]:
        if word and word in headline and len(out) < 3:
            out.append((cat, word))
    return out


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

"""Which organisation of a document is part of which: 江川市委第三巡察组 is part of 江川市委.

The rule is the grammar of the names, not a list of bodies: a body whose
canonical name is another organisation's canonical name followed by a
sub-unit is part of that organisation.  A sub-unit is what the organisation
grammar attaches to a core (``subs`` of ``organizations.json``: 第三巡察组,
巡察办, 组织部, 办公室 …), a body a committee owns by rule
(``committeeOwned``: 巡察工作领导小组) or a body inside a unit
(``unitInternal``: 党委, 纪委, 党委第一巡察组, 后勤管理处 …).  The longest
such owner wins (白鹭大学党委第一巡察组 is part of 白鹭大学党委 when the notice
names both, of 白鹭大学 when it names only the university).

Only owners named in the same document count, so every PART_OF has a
sentence that supports it and no organisation is invented: a group whose
committee the notice never names stays without a parent there, and another
notice that names both supplies the link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ingest.extract import lexicon


@lru_cache(maxsize=1)
def _tail() -> re.Pattern[str]:
    data = lexicon.load("organizations")
    internal = data["unitInternal"]
    forms = [s["pattern"] for s in data["subs"]]
    forms += [re.escape(w) for w in data["committeeOwned"]]
    forms += list(internal["organs"])
    forms += [re.escape(w) for w in (*internal["departments"], *internal["subs"])]
    return re.compile("(?:" + "|".join(f"(?:{f})" for f in forms) + ")")


def is_sub_unit(tail: str) -> bool:
    """True when ``tail`` is, as a whole, one sub-unit form (第三巡察组, 巡察办, 党委, 后勤管理处)."""
    return bool(tail) and _tail().fullmatch(tail) is not None


def parents(names: Iterable[str]) -> dict[str, str]:
    """Each name's owner among ``names``: the longest other name it extends by one sub-unit."""
    known = set(names)
    lengths = sorted({len(n) for n in known}, reverse=True)
    out: dict[str, str] = {}
    for name in sorted(known):
        for n in lengths:
            if n >= len(name):
                continue
            head = name[:n]
            if head in known and is_sub_unit(name[n:]):
                out[name] = head
                break
    return out

"""Bodies inside a unit that is not a place: a university's 校党委, a group's 集团公司党委第二巡察组.

A notice issued by (or about) one university or state-owned group writes its
internal bodies bare or after a short form of the unit: 校党委, 学校党委,
集团公司党委第二巡察组, 后勤管理处党总支, 党委巡察办.  None of these has a place or
a level character, so the place grammar of :mod:`ingest.extract.orgs` cannot
name them; in that notice they belong to the home unit, and their canonical
name is the unit's full name plus the organ (云岭师范大学党委第一巡察组).  The
vocabulary (short forms, organs, departments) is data in organizations.json.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.orgs import OrgMention
from ingest.extract.textutil import is_han

#: Kinds of named units that have internal bodies, and the suffixes that end their names.
UNIT_KINDS = frozenset({"university", "soe", "enterprise", "state_owned_enterprise"})


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    named = lexicon.load("organizations")["named"]
    return tuple(sorted((n["suffix"] for n in named if n["kind"] in UNIT_KINDS), key=len, reverse=True))


@lru_cache(maxsize=65536)
def unit_of(name: str) -> str | None:
    """The unit part of a name (云岭师范大学党委 → 云岭师范大学), if it names a unit."""
    best = None
    for suffix in _suffixes():
        k = name.rfind(suffix)
        if k > 0 and (best is None or k + len(suffix) > best):
            best = k + len(suffix)
    return name[:best] if best else None


#: What follows a unit that opens a title when the unit itself issues the notice.
_ISSUING = ("委员会", "党委", "党组", "纪委", "关于")


def resolve_aliases(orgs: list[OrgMention], known: dict[str, str]) -> list[OrgMention]:
    """Units written by a known alias take the unit's full name (路桥公司党委 → 云岭交投路桥建设有限公司党委)."""
    if not known:
        return orgs
    out = []
    for o in orgs:
        unit = unit_of(o.canonical) or o.canonical
        full = known.get(unit)
        if full and full != unit:
            o = OrgMention(o.start, o.end, o.surface, full + o.canonical[len(unit) :], o.kind, o.level, o.place)
        else:
            # a department written by its short form (市医保局党组): the alias is the surface minus its party body
            m = _PARTY_BODY.search(o.surface)
            base = o.surface[: m.start()] if m else o.surface
            full = known.get(base)
            if full and not o.canonical.startswith(full):
                o = OrgMention(o.start, o.end, o.surface, full + (m.group(0) if m else ""), o.kind, o.level, o.place)
        out.append(o)
    return out


_PARTY_BODY = re.compile(r"(?:党组|党委|机关党委|党总支|党支部)$")


def units_named(orgs: list[OrgMention]) -> set[str]:
    return {u for o in orgs if (u := unit_of(o.canonical))}


def _owner(prefix: str | None, home: str | None, named: set[str]) -> str | None:
    """The unit a short form stands for: 校 → the university, 集团 → the group, 公司 → the one other company."""
    if prefix is None:
        return home
    if home and prefix in ("校", "学校") and home.endswith(("大学", "学院", "学校")):
        return home
    if prefix in ("校", "学校"):
        pick = [u for u in named if u.endswith(("大学", "学院", "学校"))]
    elif prefix.startswith("集团"):
        pick = [u for u in named if "集团" in u]
    else:
        pick = [u for u in named if "公司" in u and "集团" not in u] or [u for u in named if "公司" in u]
    if home in pick:
        return home
    return pick[0] if len(pick) == 1 else None


def home_unit(issuer: OrgMention | None, orgs: list[OrgMention], text: str = "") -> str | None:
    """The unit a notice speaks for: its issuer's unit, the unit its first line opens with, or the one unit it names."""
    if issuer is not None:
        unit = unit_of(issuer.canonical)
        if unit:
            return unit
    stops = lexicon.stop_chars()
    head = text.lstrip()[:60].split("\n", 1)[0]
    head = head[2:] if head.startswith("中共") else head
    for suffix in _suffixes():
        k = head.find(suffix)
        end = k + len(suffix)
        name = head[:end]
        if 2 <= k <= 20 and all(is_han(c) and c not in stops for c in name) and head.startswith(_ISSUING, end):
            return name
    units = {u for o in orgs if (u := unit_of(o.canonical))}
    return next(iter(units)) if len(units) == 1 else None


@lru_cache(maxsize=1)
def _grammar() -> re.Pattern[str]:
    data = lexicon.load("organizations")["unitInternal"]

    def alt(words: list[str]) -> str:
        return "|".join(sorted(words, key=len, reverse=True))

    return re.compile(
        rf"(?:(?P<pre>{alt(data['prefixes'])})(?P<organ>{alt(data['organs'] + data['departments'])})"
        rf"|(?P<dept>{alt(data['departments'])}))(?P<sub>{alt(data['subs'])})?"
    )


def _kind(organ: str) -> str:
    if organ.endswith("巡察组"):
        return "inspection_group"
    if organ.endswith("领导小组"):
        return "other"
    if organ.endswith("巡察办"):
        return "inspection_office"
    if organ.endswith(("党委", "党总支", "党支部")):
        return "party_committee"
    if organ.endswith("纪委"):
        return "discipline_commission"
    return "department"


def find_internal(text: str, home: str | None, named: set[str]) -> list[OrgMention]:
    """Internal bodies written in ``text``, each spanning its surface (with the unit's name when written).

    A short form belongs to the unit it stands for (see ``_owner``); a bare
    department belongs to the home unit.
    """
    stops = lexicon.stop_chars()
    out: list[OrgMention] = []
    for m in _grammar().finditer(text):
        start = m.start()
        unit = _owner(m.group("pre"), home, named | ({home} if home else set()))
        if unit is None:
            continue
        if text.endswith(unit, 0, start):
            start -= len(unit)
        else:
            # a short form or a bare department starts a word: 有限公司党委 / 院校 … are not 公司党委 / 校
            before = text[start - 1] if start > 0 else ""
            if before and is_han(before) and before not in stops:
                continue
        organ = (m.group("organ") or m.group("dept")) + (m.group("sub") or "")
        out.append(OrgMention(start, m.end(), text[start : m.end()], unit + organ, _kind(organ), "unit", None))
    return out


def merge(orgs: list[OrgMention], internal: list[OrgMention]) -> list[OrgMention]:
    """Internal bodies replace the mentions they cover (a bare 党委 read without its unit)."""
    if not internal:
        return orgs
    kept = [o for o in orgs if not any(i.start <= o.start and o.end <= i.end for i in internal)]
    kept_spans = [(o.start, o.end) for o in kept]
    extra = [i for i in internal if not any(s < i.end and i.start < e for s, e in kept_spans)]
    return sorted(kept + extra, key=lambda o: (o.start, -o.end))

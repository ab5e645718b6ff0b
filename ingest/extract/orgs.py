"""Organisations by grammar: [中共][place…][level] core [sub-unit…], and named units.

The grammar (data file ``organizations.json``):

* a *core* body attaches to a place or a level character: 杞县县委, 区纪委,
  小甸镇党委, 中共寿县小甸镇委员会;
* *sub-units* attach to a core: 市委第二巡察组, 县委巡察办, 区政府督查室;
* *departments* attach to a level character or stand alone: 区审计局, 综治办;
* *named* units carry a free proper name before their suffix: 南湖新城公司,
  饮水安全管理工作领导小组 (the name's left edge found like a place name's).

Bare forms are resolved against the document's jurisdiction: a form whose
level is at or below the home unit is dropped when it cannot be resolved
(a 乡党委 in a county notice could be any township); higher levels stay
bare (市委) when the text never names the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.jurisdiction import LEVEL_OF_CHAR, Jurisdiction
from ingest.extract.places import PlaceMention
from ingest.extract.textutil import name_run

_NUM = "一二三四五六七八九十\\d"


@dataclass
class RawOrg:
    """An organisation as written, before jurisdiction resolution."""

    start: int
    end: int
    level_char: str
    organ: str
    core: str
    kind: str
    place: PlaceMention | None
    doubled: bool
    collective: bool = False
    named: str = ""
    prefix: RawOrg | None = None
    coordinated: bool = False


@dataclass
class OrgMention:
    """A resolved organisation mention."""

    start: int
    end: int
    surface: str
    canonical: str
    kind: str
    level: str
    place: str | None


@lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern[str], dict[str, dict[str, object]], list[tuple[re.Pattern[str], str]]]:
    data = lexicon.load("organizations")
    cores = {c["form"]: c for c in data["cores"]}
    subs = [(re.compile(s["pattern"]), s["kind"]) for s in data["subs"]]
    levels = sorted(data["levelChars"], key=len, reverse=True)
    core_alt = "|".join(sorted(map(re.escape, cores), key=len, reverse=True))
    sub_alt = "|".join(s["pattern"] for s in data["subs"])
    dept_alt = "|".join(sorted(map(re.escape, data["departments"]), key=len, reverse=True))
    # Every match starts with a level, core or department character, or the 第 of a group.  Saying so up
    # front lets the engine skip other positions at once: with the optional level first it otherwise tried
    # the whole alternation at every character (a fifth of the time of extraction).
    words = [*levels, *cores, *data["departments"], "第"]
    first = "" if "" in words else "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"
    pattern = re.compile(
        rf"{first}(?P<lvl>{'|'.join(levels)})?"
        rf"(?:(?P<core>{core_alt})(?P<subs>(?:{sub_alt})*)"
        rf"|(?P<grp>第[{_NUM}]+巡察组|第[{_NUM}]+巡视组)"
        rf"|(?P<dept>{dept_alt})(?!门)(?P<dsub>党组|机关党委|党委|党总支)?)"
    )
    return pattern, cores, subs


@lru_cache(maxsize=1)
def _named_grammar() -> tuple[re.Pattern[str], dict[str, dict[str, object]], tuple[str, ...]]:
    data = lexicon.load("organizations")
    named = {n["suffix"]: n for n in data["named"]}
    alt = "|".join(sorted(map(re.escape, named), key=len, reverse=True))
    return re.compile(alt), named, tuple(data["namedBlock"])


@lru_cache(maxsize=4096)
def _sub_kind(organ: str, default: str) -> str:
    _, _, subs = _grammar()
    kind = default
    for pattern, sub_kind in subs:
        if pattern.search(organ):
            kind = sub_kind
    return kind


def find_raw(text: str, places: list[PlaceMention]) -> list[RawOrg]:
    """Every organisation form in ``text``, unresolved, overlapping ones removed."""
    pattern, cores, _ = _grammar()
    by_end = {p.end: p for p in places}
    found: list[RawOrg] = []
    for m in pattern.finditer(text):
        lvl = m.group("lvl") or ""
        s, e = m.start(), m.end()
        if s > 0 and text[s - 1] == "*":
            continue
        place: PlaceMention | None = None
        doubled = False
        after_lvl = s + len(lvl)
        if lvl and after_lvl in by_end and by_end[after_lvl].suffix == lvl:
            place = by_end[after_lvl]
        elif s in by_end:
            place, doubled = by_end[s], bool(lvl)
        start = place.start if place else s
        while start in by_end:
            start = by_end[start].start
        if text.startswith("中共", max(0, start - 2)) and start >= 2:
            start -= 2
        core = m.group("core") or ""
        if m.group("grp"):
            organ, kind = "委" + m.group("grp"), "inspection_group"
        elif m.group("dept"):
            # a department's own party body (住建局党组) is the unit inspections and measures name
            organ = m.group("dept") + (m.group("dsub") or "")
            kind = "party_committee" if m.group("dsub") else "department"
        else:
            spec = cores[core]
            organ = core + (m.group("subs") or "")
            kind = _sub_kind(m.group("subs") or "", str(spec["kind"]))
            if spec.get("needsLevel") and not (lvl or place):
                continue
            if spec.get("needsPlace") and place is None:
                continue
        collective = (lvl == "乡镇") or (lvl == "村" and core == "级党组织")
        if place is None and not lvl and not m.group("dept"):
            continue
        found.append(RawOrg(start, e, lvl, organ, core, kind, place, doubled, collective))
    found.extend(_find_units(text, places))
    found.extend(_find_coordinated(text, by_end))
    found.extend(_find_named(text, found))
    found.extend(_find_media(text))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    out: list[RawOrg] = []
    for r in found:
        if out and r.start < out[-1].end:
            same = r.start == out[-1].start and r.end == out[-1].end
            if not (same and r.coordinated and r.organ != out[-1].organ):
                continue
        out.append(r)
    return out


_COORDINATED = re.compile(
    rf"(?P<lvl>自治区|省|市|县|区)(?P<core>党委|委)?(?P<pre>巡视)?第(?P<nums>[{_NUM}]+(?:[、和及][{_NUM}]+)+)(?P<noun>巡察组|巡视组|组)"
)


def _find_coordinated(text: str, by_end: dict[int, PlaceMention]) -> list[RawOrg]:
    """市委第二、三、六巡察组: one raw organisation per ordinal, all on the same span."""
    out: list[RawOrg] = []
    for m in _COORDINATED.finditer(text):
        place = by_end.get(m.start() + len(m["lvl"]))
        place = place if place is not None and place.suffix == m["lvl"] else None
        start = place.start if place else m.start()
        core = m["core"] or "委"
        for num in re.split(r"[、和及]", m["nums"]):
            noun = m["noun"] if m["noun"] != "组" else "组"
            organ = f"{core}{m['pre'] or ''}第{num}{noun}"
            out.append(
                RawOrg(
                    start, m.end(), m["lvl"], organ, core, "inspection_group", place, False, coordinated=True
                )
            )
    return out


def committee_of(place: str, start: int, end: int, text: str) -> OrgMention:
    """The party committee of a place named as an inspection target (对天心区 → 天心区委)."""
    level = {
        "省": "provincial",
        "区": "county",
        "县": "county",
        "市": "municipal",
        "镇": "township",
        "乡": "township",
    }
    organ = "党委" if place.endswith(("镇", "乡", "街道", "自治区")) else "委"
    if place.endswith("村"):
        organ = "党支部"
    return OrgMention(
        start,
        end,
        text[start:end],
        _attach(place, organ, organ, False),
        "party_committee",
        level.get(place[-1:], "village" if place.endswith("村") else ""),
        place,
    )


@lru_cache(maxsize=1)
def _unit_grammar() -> re.Pattern[str]:
    data = lexicon.load("organizations")
    stops = "".join(sorted(set(lexicon.stop_chars()) - set(" \n\t")))
    name = rf"(?:住房和城乡|[^\W\d_{re.escape(stops)}])"
    suffixes = "|".join(sorted(map(re.escape, data["unitSuffixes"]), key=len, reverse=True))
    cores = "|".join(sorted(map(re.escape, data["attachCores"]), key=len, reverse=True))
    subs = "|".join(s["pattern"] for s in data["subs"])
    return re.compile(
        rf"(?P<unit>{name}{{1,8}}?(?:{suffixes})(?![法案理事]))(?P<core>{cores})?(?P<subs>(?:{subs})*)"
    )


def _tail_kind(core: str, subs: str, default: str) -> str:
    if subs:
        return _sub_kind(subs, default)
    if core in ("党委", "党组", "党总支", "党支部", "机关党委", "委员会"):
        return "party_committee" if core in ("党委", "党组", "机关党委", "委员会") else "village_org"
    if core in ("纪委", "纪检监察组"):
        return "discipline_commission"
    return default


def _find_units(text: str, places: list[PlaceMention]) -> list[RawOrg]:
    """Open-class units after a place: 白鹭市医疗保障局党组, 东坪村村务监督委员会."""
    out: list[RawOrg] = []
    pattern = _unit_grammar()
    for p in places:
        m = pattern.match(text, p.end)
        if m is None:
            continue
        unit = m.group("unit")
        if unit[0] in "委党纪" or unit in ("办", "局"):
            continue
        kind = _tail_kind(m.group("core") or "", m.group("subs") or "", "department")
        start = p.start
        if text.startswith("中共", max(0, start - 2)) and start >= 2:
            start -= 2
        organ = text[p.end : m.end()]
        if m.group("core") == "委员会":
            organ = organ[:-3] + "党委"
        out.append(RawOrg(start, m.end(), "", organ, "", kind, p, False))
    return out


_MEASURES = frozenset("家个所名户座处")
_NUMERAL_CHARS = frozenset("0123456789零一二三四五六七八九十百千万两几多余")


@lru_cache(maxsize=1)
def _subs_pattern() -> re.Pattern[str]:
    """Any run of sub-units (第二巡察组, 办公室 …)."""
    return re.compile(rf"(?:{'|'.join(x['pattern'] for x in lexicon.load('organizations')['subs'])})*")


def _find_named(text: str, orgs: list[RawOrg]) -> list[RawOrg]:
    pattern, named, block = _named_grammar()
    follow: dict[str, str] = lexicon.load("organizations").get("namedFollowBlock", {})
    ends = {o.end: o for o in orgs}
    out: list[RawOrg] = []
    for m in pattern.finditer(text):
        spec = named[m.group(0)]
        if m.end() < len(text) and text[m.end()] in follow.get(m.group(0), ""):
            continue
        lo, hi = int(spec["minName"]), int(spec["maxName"])  # type: ignore[call-overload]
        s = m.start()
        start, _ = name_run(text, s, hi)
        prefix = next(
            (ends[k] for k in range(start, s + 1) if k in ends and ends[k].start >= start - 4), None
        )
        if prefix is not None:
            out.append(
                RawOrg(
                    prefix.start,
                    m.end(),
                    "",
                    text[prefix.end : m.end()],
                    "",
                    str(spec["kind"]),
                    None,
                    False,
                    named=text[prefix.end : s],
                    prefix=prefix,
                )
            )
            continue
        lvl = ""
        if start < s and text[start] in LEVEL_OF_CHAR and s - start > 1:
            lvl = text[start]
        name = text[start + len(lvl) : s]
        if name and name[0] in _MEASURES and start > 0 and text[start - 1] in _NUMERAL_CHARS:
            # 17家政府性公司: a count of units, not a unit's name
            name = name[1:]
            start += 1
        if len(name) < lo or any(name.startswith(b) for b in block) or name in block or name[-1] in "子分":
            continue
        end, organ, kind = m.end(), name + m.group(0), str(spec["kind"])
        tail = _unit_grammar().match(text, end)
        core_only = re.match(r"(机关党委|党委|党组|党总支|党支部|纪委|工会|委员会)", text[end : end + 4])
        if tail is not None and tail.group("unit") and tail.group("unit")[0] not in "委党纪":
            end, kind = (
                tail.end(),
                _tail_kind(tail.group("core") or "", tail.group("subs") or "", "department"),
            )
        elif core_only is not None:
            sub = _subs_pattern().match(text[end + len(core_only.group(1)) :])
            end = end + len(core_only.group(1)) + (sub.end() if sub else 0)
            kind = _tail_kind(core_only.group(1), sub.group(0) if sub else "", kind)
        organ = name + text[m.start() : end]
        if organ.endswith("委员会") and not organ.endswith("监督委员会"):
            organ = organ[:-3] + "党委"
        lo_start = start
        if text.startswith("中共", max(0, start - 2)) and start >= 2:
            lo_start = start - 2
        out.append(RawOrg(lo_start, end, lvl, organ, "", kind, None, False, named=name))
    return out


@lru_cache(maxsize=1)
def _media_pattern() -> re.Pattern[str]:
    media = "|".join(lexicon.load("organizations")["media"])
    return re.compile(rf"《([^《》\n]{{1,10}}?(?:{media}))》")


def _find_media(text: str) -> list[RawOrg]:
    out: list[RawOrg] = []
    for m in _media_pattern().finditer(text):
        out.append(RawOrg(m.start(1), m.end(1), "", m.group(1), "", "media", None, False, named=m.group(1)))
    return out


def _attach(base: str, organ: str, core: str, upgrade_gov: bool) -> str:
    """Join a place and an organ the way notices name bodies (杞县县委, 天心区委, 小甸镇党委)."""
    if core == "委员会":
        organ = (
            "党委" if base.endswith(("镇", "乡", "街道")) else "村委会" if base.endswith("村") else "委"
        ) + organ[3:]
    if organ.startswith("委") and len(base) == 2 and base.endswith("县"):
        return base + "县" + organ
    if upgrade_gov and organ == "政府":
        return base + "人民政府"
    return base + organ


def resolve(raw: RawOrg, text: str, jur: Jurisdiction, home_org: str | None = None) -> OrgMention | None:
    """Canonical name, kind and level of a raw mention, or None when it cannot be placed."""
    org_level = lexicon.load("organizations")["orgLevel"]
    surface = text[raw.start : raw.end]
    if raw.prefix is not None:
        head = resolve(raw.prefix, text, jur)
        if head is None:
            return None
        head_name = (
            head.canonical.replace("人民政府", "政府")
            if not raw.prefix.organ.startswith("人民")
            else head.canonical
        )
        return OrgMention(
            raw.start, raw.end, surface, head_name + raw.organ, raw.kind, head.level, head.place
        )
    if raw.kind == "media":
        return OrgMention(raw.start, raw.end, surface, raw.organ, "media", "", None)
    if raw.named and not raw.level_char:
        owner = _owning_committee(raw.organ, jur)
        if owner is not None:
            place, level = owner
            return OrgMention(
                raw.start,
                raw.end,
                surface,
                _attach(place, "委", "委", False) + _full_form(raw.organ),
                raw.kind,
                org_level.get(level, ""),
                place,
            )
        if raw.kind == "other" and jur.home_place:
            return OrgMention(
                raw.start,
                raw.end,
                surface,
                jur.home_place + raw.organ,
                raw.kind,
                org_level.get(jur.home_level or "", ""),
                jur.home_place,
            )
        return OrgMention(raw.start, raw.end, surface, raw.organ, raw.kind, "enterprise", None)
    base: str | None
    if raw.place is not None:
        base = raw.place.name
        level = raw.place.level
    else:
        base = jur.place_for(raw.level_char, raw.collective) if raw.level_char else jur.home_place
        level = (
            LEVEL_OF_CHAR.get(raw.level_char, jur.home_level or "")
            if raw.level_char
            else (jur.home_level or "")
        )
        if raw.level_char == "乡镇":
            level = "township"
        if raw.level_char == "中央":
            return OrgMention(raw.start, raw.end, surface, "中央" + raw.organ, raw.kind, "central", None)
        if base is None:
            if raw.level_char and jur.is_above_home(raw.level_char):
                return OrgMention(
                    raw.start,
                    raw.end,
                    surface,
                    raw.level_char + raw.organ,
                    raw.kind,
                    org_level.get(level, ""),
                    None,
                )
            if not raw.level_char and raw.kind == "department":
                return OrgMention(raw.start, raw.end, surface, raw.organ, raw.kind, "", None)
            return None
        if raw.collective:
            return OrgMention(
                raw.start, raw.end, surface, base + raw.level_char + raw.organ, raw.kind, level, base
            )
        if raw.named:
            return OrgMention(raw.start, raw.end, surface, base + raw.organ, raw.kind, "enterprise", base)
    kind = raw.kind
    if raw.place is not None and raw.core in ("委", "委员会") and raw.place.level == "village":
        kind = "village_org"
    canonical = _attach(base, _full_form(raw.organ), raw.core, upgrade_gov=True)
    return OrgMention(raw.start, raw.end, surface, canonical, kind, org_level.get(level, level), base)


def _full_form(organ: str) -> str:
    short: dict[str, str] = lexicon.load("organizations")["shortForms"]
    for word, full in short.items():
        if organ.endswith(word):
            return organ[: -len(word)] + full
    return organ


def _owning_committee(organ: str, jur: Jurisdiction) -> tuple[str, str] | None:
    """(place, level) of the committee a bare committee-owned body belongs to: the most specific place known."""
    if _full_form(organ) not in lexicon.load("organizations")["committeeOwned"]:
        return None
    if jur.home_place:
        return jur.home_place, jur.home_level or ""
    for level in ("village", "township", "county", "city", "province"):
        if level in jur.chain and level not in jur.inferred:
            return jur.chain[level], level
    return None


def bind_bare_groups(orgs: list[OrgMention]) -> list[OrgMention]:
    """A group written without its ordinal (省委巡视组) is the one numbered group of that committee in the notice."""
    numbered: dict[str, set[str]] = {}
    for o in orgs:
        if o.kind == "inspection_group":
            owner = GROUP_TAIL.sub("", o.canonical)
            if owner != o.canonical and "第" in o.canonical[len(owner) :]:
                numbered.setdefault(owner, set()).add(o.canonical)
    out = []
    for o in orgs:
        owner = GROUP_TAIL.sub("", o.canonical) if o.kind == "inspection_group" else o.canonical
        if owner != o.canonical and "第" not in o.canonical[len(owner) :] and len(numbered.get(owner, ())) == 1:
            o = OrgMention(o.start, o.end, o.surface, next(iter(numbered[owner])), o.kind, o.level, o.place)
        out.append(o)
    return out


_NEXT_ORDINAL = re.compile(r"(?:、|和|及|与|以及)(第[一二三四五六七八九十百\d]+(?:巡察组|巡视组))")


def chain_ordinals(text: str, orgs: list[OrgMention]) -> list[OrgMention]:
    """县委第一巡察组、第二巡察组和第三巡察组: an ordinal group written after a group shares its committee."""
    taken = {(o.start, o.end) for o in orgs}
    extra: list[OrgMention] = []
    todo = [o for o in orgs if o.kind == "inspection_group"]
    while todo:
        o = todo.pop()
        m = _NEXT_ORDINAL.match(text, o.end)
        owner = GROUP_TAIL.sub("", o.canonical)
        if m is None or owner == o.canonical or (m.start(1), m.end(1)) in taken:
            continue
        taken.add((m.start(1), m.end(1)))
        nxt = OrgMention(m.start(1), m.end(1), m.group(1), owner + m.group(1), o.kind, o.level, o.place)
        extra.append(nxt)
        todo.append(nxt)
    return sorted(orgs + extra, key=lambda x: (x.start, -x.end)) if extra else orgs


#: The part of a group's name after the committee that owns it (江川市委|第三巡察组, 湖南省委|巡视第一组).
GROUP_TAIL = re.compile(r"(?:巡视|巡察)?(?:第[一二三四五六七八九十百\d]+)?(?:巡察组|巡视组|组)$")


def resolve_form(form: str, jur: Jurisdiction) -> OrgMention | None:
    """Resolve a bare organ written as a string (the 县委 of the post 县委书记); remembered per document."""
    if form in jur.forms:
        return jur.forms[form]  # type: ignore[return-value]
    raws = [r for r in find_raw(form, []) if r.start == 0 and r.end == len(form)]
    found = resolve(raws[0], form, jur) if raws else None
    jur.forms[form] = found
    return found

"""Inspections from the sentences that report them.

The grammar of the opening sentence of a notice::

    根据|按照 AUTHORITY (统一)部署, START 至 END, GROUP 对 TARGET 开展了 MODE 巡察|巡视
    (, 对 TARGET2 开展了 MODE2 巡察)*。  DATE, GROUP 向 UNIT 反馈 …

Every ``对 X 开展…巡察`` clause is one inspection (a 延伸巡察 of the villages is
its own node); a group followed directly by ``…式巡视`` (news style) is one too.
Year-less dates take the year of the inspection, rolled forward when the month
falls before the end month.  When no sentence names who deployed it, the
authority is the committee the group belongs to: a group is named after it
(全州县委第五巡察组 → 全州县委, 湖南省委巡视第一组 → 湖南省委).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Any

from ingest.extract import lexicon
from ingest.extract.dates import DATE, LOOSE_RANGE, RANGE, iso, roll_year, year_before
from ingest.extract.jurisdiction import Jurisdiction
from ingest.extract.orgs import GROUP_TAIL, OrgMention, committee_of
from ingest.extract.places import PlaceMention
from ingest.extract.textutil import StartIndex, sentences


@dataclass
class InspectionFact:
    sentence: tuple[int, int]
    kind: str
    mode: str | None = None
    groups: list[OrgMention] = field(default_factory=list)
    authority: OrgMention | None = None
    target: OrgMention | None = None
    target_span: tuple[int, int] | None = None
    start: str | None = None
    end: str | None = None
    feedback: str | None = None
    feedback_to: OrgMention | None = None


#: The last few lists indexed by start (the document's orgs and places), so the helpers below, which each
#: get the whole list, ask for a range by bisection instead of scanning it for every clause.
_INDEXES: dict[int, tuple[list[Any], StartIndex]] = {}


def _starting(items: list[Any], lo: int, hi: int) -> list[Any]:
    """``[x for x in items if lo <= x.start < hi]``, in list order."""
    hit = _INDEXES.get(id(items))
    if hit is None or hit[0] is not items or len(hit[1].starts) != len(items):
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        hit = _INDEXES[id(items)] = (items, StartIndex(items))
    return hit[1].between(lo, hi)


def _mode(phrase: str) -> str | None:
    """The mode word nearest the kind: 专项机动巡察 is a 机动 inspection with a topic."""
    modes: dict[str, str] = lexicon.load("inspection")["modes"]
    found = [(phrase.rfind(word) + len(word), mode) for word, mode in modes.items() if word in phrase]
    return max(found)[1] if found else None


def _target(
    text: str, s: int, e: int, orgs: list[OrgMention], places: list[PlaceMention], jur: Jurisdiction
) -> OrgMention | None:
    inside = [o for o in _starting(orgs, s, e + 1) if o.end <= e]
    if inside:
        return inside[-1]
    m = re.search(r"[我本](县|市|区|镇|乡|村)", text[s:e])
    if m:
        place = jur.place_for(m.group(1))
        if place:
            return committee_of(place, s + m.start(), s + m.end(), text)
    for p in _starting(places, s, e + 1):
        if p.end <= e:
            return committee_of(p.name, p.start, p.end, text)
    return None


def find_inspections(
    text: str,
    orgs: list[OrgMention],
    places: list[PlaceMention],
    jur: Jurisdiction,
    published: str | None = None,
) -> list[InspectionFact]:
    """All inspections the text reports, in order."""
    data = lexicon.load("inspection")
    kinds = "|".join(data["kinds"])
    verbs = "|".join(data["targetVerbs"])
    clause = re.compile(
        rf"[对在](?P<t>[^,，。;；]{{1,40}}?)(?:{verbs})了?(?P<mode>[^,，。;；]{{0,14}}?)"
        rf"(?:(?P<kind>{kinds})(?!组|办|工作)|“?(?P<again>回头看)”?)"
    )
    tight = re.compile(
        rf"(?P<topic>[^,，。;；对在向]{{0,10}}?)(?P<mode>[^,，。;；对在向]{{0,4}}?)式?(?P<kind>{kinds})(?!组|办|工作)"
    )
    groups = [o for o in orgs if o.kind == "inspection_group"]
    groups_by_start = StartIndex(groups)
    facts: list[InspectionFact] = []
    previous: list[OrgMention] = []
    for s, e in sentences(text):
        in_sentence = groups_by_start.between(s, e)
        plural = not in_sentence and previous and _PLURAL_GROUPS.search(text, s, e)
        if plural:
            in_sentence = [OrgMention(g.start, g.end, g.surface, g.canonical, g.kind, g.level, g.place)
                           for g in previous]
        if not in_sentence:
            continue
        previous = groups_by_start.between(s, e) or previous
        first: InspectionFact | None = None
        for m in clause.finditer(text, s, e):
            if plural:
                body = in_sentence
            else:
                body = [g for g in in_sentence if g.end <= m.start()] or (first.groups if first else [])
            if not body:
                continue
            body = body if plural else _coordinated(body, text)
            kind = m.group("kind") or ("巡视" if "巡视" in body[0].canonical else "巡察")
            mode = "回头看" if m.group("again") else _mode(m.group("mode"))
            for pair_groups, target in _pairs(text, m, body, orgs, places, jur):
                fact = InspectionFact(sentence=(s, e), kind=kind, mode=mode, groups=pair_groups)
                fact.target = target
                fact.target_span = (m.start("t"), m.end("t"))
                if first is None:
                    _dates_and_authority(text, s, m.start(), orgs, fact, data, published)
                    first = fact
                else:
                    fact.authority, fact.start, fact.end = first.authority, first.start, first.end
                facts.append(fact)
        if first is not None:
            _feedback(text, e, facts, [f for f in facts if f.sentence == (s, e)], orgs)
            continue
        other = _other_forms(text, s, e, in_sentence, orgs, places, jur, data, published)
        if other:
            facts.extend(other)
            _feedback(text, e, facts, [f for f in other if f.feedback is None], orgs)
            continue
        for g in in_sentence:
            t = tight.match(text, g.end, e)
            if t is None or _mode(t.group(0)) is None:
                continue
            fact = InspectionFact(sentence=(s, e), kind=t.group("kind"), mode=_mode(t.group(0)), groups=[g])
            mine = re.search(r"[我本](县|市|区|镇|乡)", text[s:e])
            if mine and jur.place_for(mine.group(1)):
                place = jur.place_for(mine.group(1)) or ""
                fact.target = committee_of(place, s + mine.start(), s + mine.end(), text)
            facts.append(fact)
    facts = _merge_same(facts)
    for fact in facts:
        if fact.authority is None and fact.groups:
            fact.authority = owner_of_group(fact.groups[0])
        if fact.target is None and fact.groups:
            fact.target = _fed_back_to(text, fact.groups[0], orgs)
    return _without_restatements(facts, text)


def _other_forms(
    text: str,
    s: int,
    e: int,
    in_sentence: list[OrgMention],
    orgs: list[OrgMention],
    places: list[PlaceMention],
    jur: Jurisdiction,
    data: dict[str, Any],
    published: str | None,
) -> list[InspectionFact]:
    """Sentences that report an inspection without 对 X 开展: passive, 进驻, verb-less 对X…巡察, feedback news.

    * 市水务局党组接受了市委第三巡察组的常规巡察 (the unit before 接受, the group after);
    * 巡察组于…进驻蒲溪县, …开展了常规巡察 (the place entered stands for its committee);
    * 反馈对栗坪乡党委专项巡察情况 (a unit right after 对, then the kind);
    * 第一巡察组、第二巡察组分别向A、B反馈了巡察意见 (news of the feedback; its date is the feedback date).
    """
    kinds = "|".join(data["kinds"])
    out: list[InspectionFact] = []
    span = text[s:e]

    def unit_at(lo: int, hi: int) -> list[OrgMention]:
        units = [o for o in _starting(orgs, lo, hi + 1) if o.end <= hi and o.kind != "inspection_group"]
        if units:
            return units
        return [committee_of(p.name, p.start, p.end, text) for p in _starting(places, lo, hi + 1) if p.end <= hi]

    m = re.search(rf"接受了?(?P<rest>[^,，。;；]{{0,40}}?)的(?P<mode>[^,，。;；的]{{0,14}}?)(?P<kind>{kinds})(?!组|办|工作)", span)
    if m:
        groups = [g for g in in_sentence if s + m.start("rest") <= g.start < s + m.end("rest")]
        target = next((o for o in reversed(orgs) if o.end == s + m.start() and o.kind != "inspection_group"), None)
        if groups and target is not None:
            out.append(_fact(text, s, e, groups[:1], target, m, data, published, orgs))
            return out
    m = re.search(rf"进驻(?P<t>[^,，。;；]{{2,24}}?)(?:[,，;；]|$)[^。]{{0,80}}?(?:{'|'.join(data['targetVerbs'])})了?"
                  rf"(?P<mode>[^,，。;；]{{0,14}}?)(?P<kind>{kinds})(?!组|办|工作)", span)
    if m:
        groups = [g for g in in_sentence if g.end <= s + m.start()]
        targets = unit_at(s + m.start("t"), s + m.end("t"))
        if groups and targets:
            out.append(_fact(text, s, e, _coordinated(groups, text), targets[-1], m, data, published, orgs))
            return out
    # a unit right after 对, ending where the kind begins: 反馈对栗坪乡党委专项巡察情况, and with the verb
    # before 对 and the kind after 的: 完成对雀儿滩镇党委的提级巡察
    for form in (
        rf"对(?P<t>[^,，。;；对]{{2,30}}?)(?P<mode>[^,，。;；]{{0,8}}?)(?P<kind>{kinds})(?:情况|意见)",
        rf"(?:完成|结束|开展|进行|启动)了?对(?P<t>[^,，。;；对的]{{2,30}}?)的(?P<mode>[^,，。;；的]{{0,14}}?)"
        rf"(?P<kind>{kinds})(?!组|办|工作)",
    ):
        m = re.search(form, span)
        if m is None:
            continue
        targets = [o for o in unit_at(s + m.start("t"), s + m.end("t")) if o.end == s + m.end("t")]
        groups = [g for g in in_sentence if g.end <= s + m.start()]
        if groups and targets:
            out.append(_fact(text, s, e, _coordinated(groups, text), targets[0], m, data, published, orgs))
            return out
    m = re.search(rf"向(?P<t>[^,，。;；]{{2,40}}?)反馈了?(?P<mode>[^,，。;；]{{0,16}}?)(?P<kind>{kinds})(?:情况|意见|问题)", span)
    if m:
        groups = [g for g in in_sentence if g.end <= s + m.start()]
        targets = unit_at(s + m.start("t"), s + m.end("t"))
        if not groups or not targets:
            return out
        respectively = "分别" in span[max(0, m.start() - 4) : m.start()]
        pairs = (
            list(zip([[g] for g in groups], targets))
            if respectively and len(groups) == len(targets)
            else [(_coordinated(groups, text), targets[-1])]
        )
        dates = [d for d in DATE.finditer(text, s, s + m.start()) if d["d"]]
        for pair_groups, target in pairs:
            fact = _fact(text, s, e, pair_groups, target, m, data, published, orgs)
            fact.start = fact.end = None
            if dates:
                d = dates[-1]
                fact.feedback = iso(d["y"] or year_before(published, d["m"], d["rel"]), d["m"], d["d"])
            fact.feedback_to = target
            out.append(fact)
    return out


def _fact(
    text: str,
    s: int,
    e: int,
    groups: list[OrgMention],
    target: OrgMention,
    m: re.Match[str],
    data: dict[str, Any],
    published: str | None,
    orgs: list[OrgMention],
) -> InspectionFact:
    fact = InspectionFact(sentence=(s, e), kind=m.group("kind"), mode=_mode(m.group("mode")), groups=groups)
    fact.target = target
    _dates_and_authority(text, s, e, orgs, fact, data, published)
    return fact


def _merge_same(facts: list[InspectionFact]) -> list[InspectionFact]:
    """One inspection per group and unit: a later mention (the feedback news) fills what the first left open."""
    out: list[InspectionFact] = []
    index: dict[tuple[str, str], InspectionFact] = {}
    single = [replace(f, groups=[g]) for f in facts for g in f.groups] + [f for f in facts if not f.groups]
    single.sort(key=lambda f: f.sentence)
    for f in single:
        key = (f.groups[0].canonical if f.groups else "", f.target.canonical if f.target else "")
        first = index.get(key) if key[1] else None
        if first is None:
            index[key] = f
            out.append(f)
            continue
        for attr in ("mode", "start", "end", "feedback", "feedback_to", "authority"):
            if getattr(first, attr) is None and getattr(f, attr) is not None:
                setattr(first, attr, getattr(f, attr))
    return out


def _fed_back_to(text: str, group: OrgMention, orgs: list[OrgMention]) -> OrgMention | None:
    """The unit the same group gave its feedback to (…第四巡察组向X反馈), for a clause that names no unit."""
    ends = sorted(g.end for g in orgs if g.canonical == group.canonical)  # once, not once per org (quadratic)
    for o in orgs:
        if text[o.start - 1 : o.start] != "向" or "反馈" not in text[o.end : o.end + 12]:
            continue
        # some g with 0 <= o.start - 1 - g.end <= 12
        k = bisect_left(ends, o.start - 13)
        if k < len(ends) and ends[k] <= o.start - 1:
            return o
    return None


def _without_restatements(facts: list[InspectionFact], text: str) -> list[InspectionFact]:
    """Drop an undated inspection that another one restates in full (a title line before the body).

    Same group, and the other's unit is this unit or its party body (市医保局 / 市医保局党组).
    """
    def restated(f: InspectionFact) -> bool:
        if f.start or not f.groups or f.target is None:
            return False
        name = f.target.canonical
        same_group = [o for o in facts if o is not f and o.groups and o.groups[0].canonical == f.groups[0].canonical]
        if any(o.start and o.target is not None and o.target.canonical.startswith(name) for o in same_group):
            return True
        # the headline (first line) restates the body's dated inspection in short forms (市城投集团)
        in_title = f.sentence[0] <= first_line_end
        if in_title and any(o.start and o.kind == f.kind and o.sentence[0] > first_line_end for o in same_group):
            return True
        # a headline naming the groups without their numbers (县委巡察组分别向A、B反馈) restates the body's
        # dated inspections of the same unit by the committee's numbered groups
        if not in_title or "第" in f.groups[0].canonical:
            return False
        owner = _committee_name(f.groups[0])
        return bool(owner) and any(
            o.start and o.groups and o.target is not None and o.target.canonical == name and o.kind == f.kind
            and "第" in o.groups[0].canonical and _committee_name(o.groups[0]) == owner
            for o in facts
        )

    first_line_end = text.find("\n") if "\n" in text else len(text)

    return [f for f in facts if not restated(f)]


#: A sentence that speaks of the groups just named together (两个巡察组组成联合巡察组, 各巡察组).
_PLURAL_GROUPS = re.compile(r"(?=[两二三四五六几各联])(?:[两二三四五六几各]个?|联合)巡[察视]组")


def _committee_name(group: OrgMention) -> str:
    """The canonical name of the committee a group is named after (蒲溪县委第二巡察组 → 蒲溪县委), else ""."""
    tail = GROUP_TAIL.search(group.canonical)
    return group.canonical[: tail.start()] if tail is not None else ""


def owner_of_group(group: OrgMention) -> OrgMention | None:
    """The committee an inspection group is named after, spanning that part of its surface."""
    owner = _committee_name(group)
    if not owner:
        return None
    cut = GROUP_TAIL.search(group.surface)
    if cut is None or cut.start() == 0:
        return None
    surface = group.surface[: cut.start()]
    if not owner.endswith(("委", "党委", "党组")):
        return None
    level = {"municipal_group": "municipal"}.get(group.level, group.level)
    return OrgMention(group.start, group.start + len(surface), surface, owner, "party_committee", level, group.place)


def _pairs(
    text: str,
    m: re.Match[str],
    groups: list[OrgMention],
    orgs: list[OrgMention],
    places: list[PlaceMention],
    jur: Jurisdiction,
) -> list[tuple[list[OrgMention], OrgMention | None]]:
    """Who inspected whom in one clause.

    Several targets listed with 、 are one inspection each: 分别 with as many
    groups as targets pairs them in order (第二、三巡察组分别对A、B), one group
    inspects each of them (第一巡察组对A、B).  Otherwise the groups together
    inspect the last unit named.
    """
    lo, hi = m.start("t"), m.end("t")
    listed = [o for o in _starting(orgs, lo, hi + 1) if o.end <= hi]
    listed = [o for o in listed if not any(p is not o and p.start <= o.start and o.end <= p.end for p in listed)]
    # a place listed before a unit shares its organ: 对下洼村、东坪村党支部 names two branches
    bare = [
        committee_of(p.name, p.start, p.end, text)
        for p in _starting(places, lo, hi + 1)
        if p.end <= hi and not any(o.start <= p.start < o.end for o in listed)
    ]
    listed = sorted(listed + bare, key=lambda o: o.start)
    separated = len(listed) > 1 and all(
        text[a.end : b.start] in ("、", "和", "及", "以及") for a, b in zip(listed, listed[1:])
    )
    if separated and len(groups) == len(listed) and "分别" in text[max(0, lo - 6) : lo]:
        return [([g], t) for g, t in zip(groups, listed)]
    if separated and len(groups) == 1:
        return [(groups, t) for t in listed]
    return [(groups, _target(text, lo, hi, orgs, places, jur))]


def _coordinated(groups: list[OrgMention], text: str) -> list[OrgMention]:
    """The groups named together just before the verb: one coordinated form (市委第二、三、六巡察组 gives
    three) or groups listed one after another with 、/和/及 between them (县委第一巡察组、第二巡察组)."""
    last = groups[-1]
    together = [g for g in groups if g.start == last.start and g.end == last.end]
    lo = last.start
    for g in reversed(groups):
        if g.end <= lo and text[g.end : lo] in ("、", "和", "及", "以及"):
            together[:0] = [x for x in groups if x.start == g.start and x.end == g.end]
            lo = g.start
    return together


def _dates_and_authority(
    text: str,
    s: int,
    e: int,
    orgs: list[OrgMention],
    fact: InspectionFact,
    data: dict[str, Any],
    published: str | None = None,
) -> None:
    r = RANGE.search(text, s, e) or LOOSE_RANGE.search(text, s, e)
    if r:
        year: int | None = int(r["y1"]) if r["y1"] else None
        if year is None and not published:
            # no publication date: the year of the nearest full date before (2022年6月14日…, 3月28日至5月13日)
            years = re.findall(r"((?:19|20)\d{2})年\d{1,2}月", text[max(0, s - 600) : r.start()])
            year = int(years[-1]) if years else None
        if year is None:
            year = year_before(published, r["m1"], r["rel"])
        fact.start = iso(year, r["m1"], r["d1"])
        fact.end = iso(r["y2"] or year, r["m2"], r["d2"])
        if fact.start and fact.end and fact.end < fact.start and not r["y2"] and year:
            fact.end = iso(year + 1, r["m2"], r["d2"])
    else:
        _dates_apart(text, s, e, fact, published)
    cues = "|".join(data["authorityCues"])
    tails = "|".join(sorted(data["authorityTails"], key=len, reverse=True))
    a = re.search(rf"(?:{cues})(?P<who>[^,，。]{{1,20}}?)(?:统一)?(?:{tails})", text[s:e])
    # 按照X关于推进…的部署要求: the deploying body opens the phrase
    a = a or re.search(rf"(?:{cues})(?P<who>[^,，。]{{1,40}}?)的(?:{tails})", text[s:e])
    if a:
        lo, hi = s + a.start("who"), s + a.end("who")
        fact.authority = next((o for o in _starting(orgs, lo, lo + 3) if o.end <= hi), None)


#: What ends the stay of a group (7月上旬完成驻点工作, 5月19日结束巡察, 6月底撤离).
_STAY_ENDS = re.compile(r"(?:完成|结束)(?:驻点|进驻|现场|巡察|巡视)|撤离|撤出")


def _dates_apart(text: str, s: int, e: int, fact: InspectionFact, published: str | None) -> None:
    """今年5月下旬, 巡察组进驻栗坪乡, …, 7月上旬完成驻点工作: the start is the date just before 进驻, the end
    the date just before what ends the stay, in the same sentence (at the precision written)."""
    k = text.find("进驻", s, e)
    if k < 0:
        return
    before = list(DATE.finditer(text, s, k))
    if not before:
        return
    d1 = before[-1]
    year = int(d1["y"]) if d1["y"] else year_before(published, d1["m"], d1["rel"])
    if year is None:
        return
    fact.start = iso(year, d1["m"], d1["d"])
    stop = _STAY_ENDS.search(text, k, e)
    if stop is None:
        return
    after = [d for d in DATE.finditer(text, k, stop.start()) if stop.start() - d.end() <= 2]
    if after:
        d2 = after[-1]
        y2 = int(d2["y"]) if d2["y"] else (year + 1 if int(d2["m"]) < int(d1["m"]) else year)
        fact.end = iso(y2, d2["m"], d2["d"])


def _feedback(
    text: str, end: int, facts: list[InspectionFact], mine: list[InspectionFact], orgs: list[OrgMention]
) -> None:
    """The feedback date: in the same or one of the next two sentences, a date before 反馈; else in the
    sentence before, or in one of the two before that when it names the same group (news that opens with
    the feedback meeting: 8月23日, 县委第一巡察组在栗坪乡召开会议, 反馈…; 县委常委…出席; 今年5月…进驻…).
    When it names who received the feedback (向X反馈, 反馈给X), only the inspections of X take its date."""
    if not mine:
        return
    ref = mine[0].end or mine[0].start
    head = mine[0].sentence[0]
    before = sentences(text, max(0, head - 300), head)[-1:]
    group = mine[0].groups[0].canonical if mine[0].groups else ""
    if group and before:
        before += [
            (ps, pe)
            for ps, pe in reversed(sentences(text, max(0, head - 400), before[0][0])[-2:])
            if any(o.canonical == group for o in _starting(orgs, ps, pe))
        ]
    for s, e in [mine[0].sentence] + sentences(text, end, min(len(text), end + 400))[:2] + before:
        k = text.find("反馈", s, e)
        if k < 0:
            continue
        dates = [d for d in DATE.finditer(text, s, k) if d["d"] or d["part"]]
        if mine[0].sentence == (s, e):
            ranges = [(r.start(), r.end()) for r in RANGE.finditer(text, s, e)]
            dates = [d for d in dates if not any(a <= d.start() < b for a, b in ranges)]
        if not dates:
            continue
        d = dates[-1]
        year: int | str | None = d["y"]
        if year is None:
            year = roll_year(int(d["m"]), ref)
        value = iso(year, d["m"], d["d"])
        to = next((o for o in _starting(orgs, d.end(), k) if text[o.start - 1 : o.start] == "向"), None)
        if to is None and text.startswith("给", k + 2):
            to = next(iter(_starting(orgs, k + 3, k + 4)), None)
        received = [f for f in mine if to is not None and f.target is not None and f.target.canonical == to.canonical]
        for fact in received or mine:
            fact.feedback = value
            fact.feedback_to = to
        return

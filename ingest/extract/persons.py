"""Officials named after their posts: 县委书记李明哲同志, 县委副书记、县长宗家桢同志.

The grammar is a chain of post titles joined by 、 followed by a 2-3 character
name that starts with a surname, optionally followed by 同志.  A title is either
a levelled one from the data file (县委书记, 镇长), or a generic one (组长, 局长,
党组书记, 党委书记, 董事长 ...) written after a unit: an organisation mention, or
an abbreviated unit - the Han run before the title that ends in a unit
character (局党组书记, 校党委书记, 集团公司党委书记, 巡察组组长, 后勤管理处处长).
A generic title with nothing before it counts at a boundary (；校长X) or after
、 inside a chain (、局长X).  Each title of the chain is one post; a role taken
in a body set up in the same breath (由镇党委书记X任组长的Y领导小组) is one more.

Persons who are not officials of the notice are kept as such, with their
role: bylines (记者 X), central leaders (X总书记, X新时代…思想, X关于…的重要论述),
parties to a case (X、Y非法吸收公众存款案) and households (某村X户).  A name
found as an official is never also a non-official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract import lexicon
from ingest.extract.jurisdiction import Jurisdiction
from ingest.extract.orgs import OrgMention, resolve_form
from ingest.extract.textutil import is_han

_NAME_FOLLOW = frozenset(
    "同任等说在身亲带主担兼和与及表指强为是的了到对向从将把被就也都已又再均分负牵反通作代出介要参陪率"
)
_LEVELS = ("自治区党", "街道", "省", "市", "县", "区", "镇", "乡", "村")


@dataclass
class Post:
    title: str
    start: int
    end: int
    org: OrgMention | None


@dataclass
class PersonFact:
    name: str
    start: int
    end: int
    span: tuple[int, int]
    posts: list[Post] = field(default_factory=list)
    official: bool = True
    role: str | None = None


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern[str], dict[str, str | None]]:
    data = lexicon.load("post_titles")
    organ_of: dict[str, str | None] = {}
    for t in data["templates"]:
        for lv in t["levels"]:
            organ_of[t["title"].replace("{L}", lv)] = t["organ"].replace("{L}", lv) if t["organ"] else None
    for t in data["attached"]:
        organ_of.setdefault(t, None)
    alt = "|".join(sorted(map(re.escape, organ_of), key=len, reverse=True))
    return re.compile(alt), organ_of


@lru_cache(maxsize=1)
def _not_names() -> tuple[str, ...]:
    return tuple(lexicon.load("post_titles").get("notNameStarts", ()))


def _name_at(text: str, p: int) -> tuple[int, int] | None:
    """Span of a personal name starting at ``p``, or None."""
    surnames = lexicon.surnames()
    stops = lexicon.stop_chars()
    if p >= len(text) or not (text[p : p + 2] in surnames or text[p] in surnames):
        return None
    if any(text.startswith(w, p) for w in _not_names()):
        return None
    pattern, _ = _titles()
    if pattern.match(text, p + 1):
        return None
    if p + 1 < len(text) and text[p + 1] in _NAME_FOLLOW | {"副", "子"}:
        # 局长代表 is a verb after a surname-like character; 黎向东表态 is a three-character name
        third = text[p + 2] if p + 2 < len(text) else ""
        if not (third and is_han(third) and third not in stops and third not in _NAME_FOLLOW
                and text[p + 1] not in "副子" and _boundary_at(text, p + 3) and p + 3 < len(text)):
            return None
        return p, p + 3
    for n in (3, 2):
        if text.startswith("同志", p + n):
            return p, p + n
    if p + 2 > len(text) or not all(is_han(c) and c not in stops for c in text[p + 1 : p + 2]):
        return None
    third = text[p + 2] if p + 2 < len(text) else ""
    if third and is_han(third) and third not in stops and third not in _NAME_FOLLOW:
        return p, p + 3
    if third in _AMBIGUOUS_THIRD and _boundary_at(text, p + 3):
        # 骆清和主持 / 祁松年表示: a given-name character that is also a word, followed by what follows names
        return p, p + 3
    return p, p + 2


#: A surname followed by 某 (某某): how notices name a person they do not identify.
_ANONYMISED = re.compile(r"([\u4e00-\u9fff])某某?(?![\u4e00-\u9fff]{0,1}(?:单位|公司|村|镇|乡|县|部门))")

#: Characters that end many given names but are also words (和, 年 …): read as part of the name
#: only when a boundary follows (骆清和主持), not another name (王明和李华).
_AMBIGUOUS_THIRD = frozenset("和年月同为")


def _boundary_at(text: str, p: int) -> bool:
    if p >= len(text) or not is_han(text[p]):
        return True
    return text[p] in _NAME_FOLLOW and not text.startswith(("年", "月", "日"), p)


def _level_of(organ: str) -> str:
    return next((lv for lv in _LEVELS if organ.startswith(lv)), "")


@lru_cache(maxsize=1)
def _unit_grammar() -> tuple[frozenset[str], frozenset[str], int]:
    data = lexicon.load("post_titles")
    return frozenset(data["unitSuffixes"]), frozenset(data["prefixStops"]), int(data["prefixMax"])


def _unit_before(text: str, p: int) -> tuple[int, bool]:
    """An abbreviated unit written right before a generic title at ``p``.

    Returns ``(start, ok)``: the unit is ``text[start:p]`` (empty when ``p`` is at a
    boundary); ``ok`` is False when a Han word that is not a unit precedes the title
    (总 of 总书记), so the title is not a post there.
    """
    suffixes, stops, most = _unit_grammar()
    s = p
    while s > 0 and p - s < most and is_han(text[s - 1]) and text[s - 1] not in stops:
        s -= 1
    if s == p:
        return p, True
    # an abbreviated unit ends in a unit character (局, 校, 处, 组, 公司 ...)
    if text[p - 1] not in suffixes:
        return p, False
    return s, True


def find_persons(text: str, orgs: list[OrgMention], jur: Jurisdiction) -> list[PersonFact]:
    pattern, organ_of = _titles()
    org_by_end = {o.end: o for o in orgs}
    # every org ending at a position, in list order: the look-ups below were scans of all orgs per title
    # (quadratic on a text of thousands of posts)
    ends: dict[int, list[OrgMention]] = {}
    group_ends: dict[int, list[tuple[int, OrgMention]]] = {}
    for i, o in enumerate(orgs):
        ends.setdefault(o.end, []).append(o)
        if o.kind == "inspection_group":
            group_ends.setdefault(o.end, []).append((i, o))
    out: list[PersonFact] = []
    chain: list[Post] = []
    chain_start = 0
    for m in pattern.finditer(text):
        title, t_start = m.group(0), m.start()
        cut = next(
            (o for o in ends.get(t_start + 1, ()) if o.start < t_start and text[o.end : m.end()] in organ_of),
            None,
        )
        if cut is not None:
            # 区委巡察办主任: the title 办主任 shares its first character with the unit 巡察办; the post is 主任
            title, t_start = text[cut.end : m.end()], cut.end
        organ = organ_of[title]
        generic = organ is None or not _level_of(organ)
        before = org_by_end.get(t_start)
        joined = bool(chain) and text[chain[-1].end : t_start] == "、"
        start = t_start
        unit_form = ""
        if generic and before is not None:
            start = before.start
        elif generic and not joined:
            start, ok = _unit_before(text, t_start)
            if not ok:
                chain = []
                continue
            unit_form = text[start : t_start]
            if unit_form:
                within = [o for o in ends.get(t_start, ()) if start <= o.start]
                before = within[0] if within else None
                if before is None and organ is None:
                    before = resolve_form(unit_form, jur)
        if organ is None and before is None and joined and chain[-1].org is not None:
            before = chain[-1].org
        elif organ is None and before is None and title in ("组长", "副组长"):
            before = _last_group_before(group_ends, t_start)
        if chain and text[chain[-1].end : start] not in ("、", ""):
            chain = []
        if not chain:
            chain_start = start
        written = text[start : m.end()] if generic else title
        chain.append(Post(written, start, m.end(), before if organ is None else None))
        if organ is not None:
            level = _level_of(organ) or next(
                (_level_of(organ_of.get(p.title) or "") for p in chain[-2::-1]), ""
            )
            form = organ if _level_of(organ) else level + organ
            chain[-1].org = resolve_form(form, jur) if level else None
            if chain[-1].org is None and unit_form:
                chain[-1].org = resolve_form(unit_form + organ, jur)
        span = _name_at(text, m.end())
        if span is None:
            hidden = _ANONYMISED.match(text, m.end())
            if hidden and hidden.group(1) in lexicon.surnames():
                # 时任村委会主任严某: a person the notice does not name, held to account, not an official of it
                roles = "、".join(p.title for p in chain)
                out.append(PersonFact(hidden.group(0), hidden.start(), hidden.end(), (chain_start, hidden.end()),
                                      official=False, role=f"anonymised; {roles}"))
                chain = []
            continue
        end = span[1] + (2 if text.startswith("同志", span[1]) else 0)
        posts = list(chain)
        role = _group_role(text, end, orgs)
        if role is not None:
            posts.append(role)
            end = role.end
        out.append(PersonFact(text[span[0] : span[1]], span[0], span[1], (chain_start, end), posts))
        chain = []
    officials = {p.name for p in out}
    out.extend(p for p in _non_officials(text) if p.name not in officials)
    return out


def _last_group_before(group_ends: dict[int, list[tuple[int, OrgMention]]], p: int) -> OrgMention | None:
    """The inspection group listed last among those ending in the 300 characters up to ``p`` (组长 of which group)."""
    found = [hit for end in range(max(p - 299, 0), p + 1) for hit in group_ends.get(end, ())]
    return max(found, key=lambda hit: hit[0])[1] if found else None


@lru_cache(maxsize=1)
def _group_role_pattern() -> re.Pattern[str]:
    data = lexicon.load("post_titles")
    roles = "|".join(sorted(map(re.escape, data["groupRoles"]), key=len, reverse=True))
    nouns = "|".join(sorted(map(re.escape, data["groupNouns"]), key=len, reverse=True))
    return re.compile(rf"(?:任|担任)(?P<role>{roles})的(?P<body>[\u4e00-\u9fff“”]{{2,30}}?(?:{nouns}))")


def _group_role(text: str, p: int, orgs: list[OrgMention]) -> Post | None:
    """The post of 由 X 任组长的 Y领导小组: Y + 组长, held in Y."""
    m = _group_role_pattern().match(text, p)
    if m is None:
        return None
    body = next((o for o in orgs if o.start <= m.start("body") < o.end), None)
    return Post(m.group("body") + m.group("role"), m.start("role"), m.end("body"), body)


@lru_cache(maxsize=1)
def _non_official_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Bylines, leaders' works and case offences, compiled once (they were rebuilt for every notice)."""
    data = lexicon.load("post_titles")
    byline = "|".join(sorted(map(re.escape, data["nonOfficial"]), key=len, reverse=True))
    works = "|".join(data["leaderWorks"])
    words = sorted(map(re.escape, data["caseOffences"]), key=len, reverse=True)
    offences = "|".join(words)
    # the optional 涉嫌 first kept the engine from skipping to the characters an offence can start with
    starts = sorted({re.escape(w[0]) for w in ["涉", *data["caseOffences"]] if w})
    first = "" if "" in data["caseOffences"] else "(?=[" + "".join(starts) + "])"
    return (
        re.compile(rf"(?:{byline})[ \u3000]*"),
        re.compile(rf"(?:{works})"),
        re.compile(rf"{first}(?:涉嫌)?(?:{offences})罪?案"),
    )


def _non_officials(text: str) -> list[PersonFact]:
    data = lexicon.load("post_titles")
    out: list[PersonFact] = []
    bylines, works, offences = _non_official_patterns()
    for m in bylines.finditer(text):
        span = _name_at(text, m.end())
        if span and (span[1] >= len(text) or not is_han(text[span[1]])):
            out.append(
                PersonFact(
                    text[span[0] : span[1]],
                    span[0],
                    span[1],
                    (m.start(), span[1]),
                    official=False,
                    role=m.group(0).strip(),
                )
            )
    for word in data["centralLeader"]:
        for m in re.finditer(re.escape(word), text):
            for n in (3, 2):
                s = m.start() - n
                if s >= 0 and text[s] in lexicon.surnames() and all(is_han(c) for c in text[s : m.start()]):
                    if s > 0 and is_han(text[s - 1]) and text[s - 1] not in lexicon.stop_chars() and n == 2:
                        continue
                    fact = PersonFact(text[s : m.start()], s, m.start(), (s, m.end()), official=False, role=word)
                    fact.posts.append(Post(word, m.start(), m.end(), None))
                    out.append(fact)
                    break
    for m in works.finditer(text):
        span = _name_before(text, m.start())
        if span:
            out.append(PersonFact(text[span[0] : span[1]], *span, (span[0], m.end()), official=False,
                                  role="national leader"))
    for m in offences.finditer(text):
        p = m.start()
        while True:
            span = _name_before(text, p, strict=False)
            if span is None or (span[0] > 0 and is_han(text[span[0] - 1]) and text[span[0] - 1] != "、"):
                break
            out.append(PersonFact(text[span[0] : span[1]], *span, (span[0], m.end()), official=False,
                                  role="party to a case"))
            if text[span[0] - 1 : span[0]] != "、":
                break
            p = span[0] - 1
    for m in re.finditer(r"(?<=村)([\u4e00-\u9fff]{2,3}?)户(?![籍口数主])", text):
        span = _name_before(text, m.end(1), strict=False)
        if span and span[0] == m.start(1) and _HOUSEHOLD_NOT_NAME.search(m.group(1)) is None:
            out.append(PersonFact(text[span[0] : span[1]], *span, (m.start(1), m.end()), official=False,
                                  role="household"))
    return out


#: 村…户 words that are not a household named by its head (村干部入户, 村民住户, 贫困户).
_HOUSEHOLD_NOT_NAME = re.compile(r"[入住农贫困低保散大专每各用商客账开落分]$|干部|群众|村民|党员")


def _name_before(text: str, p: int, strict: bool = True) -> tuple[int, int] | None:
    """A 3- or 2-character name ending at ``p`` that starts with a surname.

    ``strict`` (a name inside running text) wants a 2-character name to follow
    a stop character or a non-Han one, so 的王明 does not read as 的王 + 明.
    """
    surnames = lexicon.surnames()
    for n in (3, 2):
        s = p - n
        if s < 0 or text[s] not in surnames or not all(is_han(c) for c in text[s:p]):
            continue
        if any(c in lexicon.stop_chars() for c in text[s + 1 : p]):
            continue
        if strict and n == 2 and s > 0 and is_han(text[s - 1]) and text[s - 1] not in lexicon.stop_chars():
            continue
        return s, p
    return None

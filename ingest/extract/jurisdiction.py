"""The jurisdiction a notice speaks from, used to resolve bare forms (县委 → 杞县县委).

A notice names its own unit explicitly only a few times — in the title
(中共杞县县委关于…), the signature (中共寿县小甸镇委员会) or the source line —
and otherwise writes bare level forms: 县委, 区审计局, 我县, 镇党委.  The home
chain maps each administrative level to the place the notice belongs to at
that level.  Higher levels are filled only from the text itself: when exactly
one place of that level is named (天心区 notice naming 长沙市 → 市委 is
长沙市委).  There is no world knowledge here; an unnamed city stays 市委.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.extract.gazetteer import Gazetteer
from ingest.extract.places import PlaceMention, parents

RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "street": 3, "village": 4}

#: The level a bare level character refers to, and for collective forms the
#: level of the place that owns them (乡镇党委 of a county, 村级党组织 of a township).
LEVEL_OF_CHAR = {
    "自治区": "province",
    "省": "province",
    "市": "city",
    "县": "county",
    "区": "county",
    "镇": "township",
    "乡": "township",
    "街道": "township",
    "村": "village",
}
OWNER_OF_COLLECTIVE = {"乡镇": "county", "村": "township"}


@dataclass
class Jurisdiction:
    """The place at each level that the document speaks from."""

    chain: dict[str, str] = field(default_factory=dict)
    home_level: str | None = None
    #: Levels whose place came from the gazetteer rather than the text.
    inferred: set[str] = field(default_factory=set)
    #: Bare organs already resolved in this document (every post title asks again).
    forms: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def home_place(self) -> str | None:
        return self.chain.get(self.home_level) if self.home_level else None

    def place_for(self, level_char: str, collective: bool = False) -> str | None:
        """The place a bare level character (县, 区, 乡镇 …) refers to, or None."""
        if collective and level_char in OWNER_OF_COLLECTIVE:
            return self.chain.get(OWNER_OF_COLLECTIVE[level_char])
        level = LEVEL_OF_CHAR.get(level_char)
        if level is None:
            return None
        place = self.chain.get(level)
        if place is None:
            return None
        if level in ("county", "province") and not place.endswith(level_char):
            return None
        if level == "city" and not place.endswith(level_char) and level_char == "市":
            return None
        return place

    def is_above_home(self, level_char: str) -> bool:
        level = LEVEL_OF_CHAR.get(level_char)
        if level is None:
            return level_char == "中央"
        if self.home_level is None:
            return RANK[level] <= RANK["city"]
        return RANK[level] < RANK[self.home_level]


def build(
    home: PlaceMention | None, places: list[PlaceMention], gazetteer: Gazetteer | None = None
) -> Jurisdiction:
    """Home chain from the issuing unit's place, uniquely named higher levels, then the gazetteer."""
    jur = Jurisdiction()
    parent_of = parents(places)
    level_of = {p.name: p.level for p in places}
    if home is not None:
        level = "township" if home.level == "street" else home.level
        jur.home_level = level
        jur.chain[level] = home.name
        name = home.name
        while name in parent_of:
            name = parent_of[name]
            jur.chain.setdefault(level_of.get(name, ""), name)
    ceiling = RANK[jur.home_level] if jur.home_level else RANK["county"] + 1
    by_level: dict[str, set[str]] = {}
    for p in places:
        by_level.setdefault(p.level, set()).add(p.name)
    for level, names in by_level.items():
        if level in jur.chain or RANK.get(level, 9) >= ceiling or len(names) != 1:
            continue
        jur.chain[level] = next(iter(names))
    jur.chain.pop("", None)
    if gazetteer is not None:
        _climb(jur, gazetteer)
    return jur


def _climb(jur: Jurisdiction, gazetteer: Gazetteer) -> None:
    """Fill the levels above the chain's most specific known place from the gazetteer."""
    for level in sorted(jur.chain, key=lambda lv: RANK.get(lv, 9), reverse=True):
        ups = gazetteer.ancestors(jur.chain[level], level, jur.chain)
        if not ups:
            continue
        for d in ups:
            if d.level not in jur.chain:
                jur.chain[d.level] = d.name
                jur.inferred.add(d.level)
        return

"""World knowledge of administrative divisions: which city a county belongs to.

A notice seldom names its own higher levels: a 杞县 notice writes 市委第二巡察组
and never says 开封.  An investigator knows that 杞县 is in 开封市, 河南省; this
module is that knowledge, as data.  Two kinds of source:

* the national division codes shipped by the ``cpca`` package (province,
  prefecture and county level, read straight from its CSV without importing
  the package): a 6-digit prefix of the code nests a county in its
  prefecture and province;
* gazetteer files in the format of ``samples/world.json`` (``places`` with
  ``name``, ``level``, ``parent``), for a fictional world or for local
  divisions below county level.  Files given by the user take precedence
  over the national list, so a local name that happens to equal a real
  county is read as the local one.

A name is only climbed when it is unambiguous: a county name that exists in
several prefectures (鼓楼区) gives nothing unless the text itself names one of
the candidates' ancestors.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

#: Names the code list uses for groupings that are not divisions of their own.
_PSEUDO = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县"})
RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "street": 3, "village": 4}


@dataclass(frozen=True)
class Division:
    name: str
    level: str
    parent: str | None
    source: str


class Gazetteer:
    """Divisions by name; ``ancestors`` climbs one unambiguous division to the top."""

    def __init__(
        self, layers: Iterable[tuple[str, list[Division]]], units: dict[str, str] | None = None
    ) -> None:
        self.sources: list[str] = []
        self._by_name: list[dict[str, list[Division]]] = []
        #: Known units (enterprises, universities, departments) by alias → full name.
        self.units: dict[str, str] = dict(units or {})
        for source, divisions in layers:
            index: dict[str, list[Division]] = {}
            for d in divisions:
                index.setdefault(d.name, []).append(d)
            self.sources.append(source)
            self._by_name.append(index)

    def candidates(self, name: str) -> list[Division]:
        """Divisions called ``name`` in the first source that knows the name."""
        for index in self._by_name:
            if name in index:
                return index[name]
        return []

    def parent_of(self, d: Division) -> Division | None:
        if d.parent is None:
            return None
        ups = [p for p in self.candidates(d.parent) if RANK.get(p.level, 9) < RANK.get(d.level, 9)]
        return ups[0] if len(ups) == 1 else None

    def ancestors(self, name: str, level: str, known: dict[str, str]) -> list[Division]:
        """Higher divisions of ``name`` (nearest first), consistent with the levels the text fixed.

        ``known`` maps a level to the place the text itself names at that level;
        a candidate whose chain contradicts it is dropped.  Empty when no
        candidate, or more than one, survives.
        """
        chains = []
        for cand in self.candidates(name):
            if cand.level != level and not (level == "township" and cand.level == "street"):
                continue
            chain: list[Division] = []
            up = self.parent_of(cand)
            while up is not None and len(chain) < 6:
                chain.append(up)
                up = self.parent_of(up)
            if all(known.get(d.level, d.name) == d.name for d in chain):
                chains.append(chain)
        if len(chains) != 1:
            matching = [c for c in chains if any(known.get(d.level) == d.name for d in c)]
            if len(matching) != 1:
                return []
            chains = matching
        return chains[0]

    def user_files(self) -> list[str]:
        """The gazetteer files in use, absolute, in order (not the national list)."""
        return [str(Path(s).resolve()) for s in self.sources if s != NATIONAL]

    @property
    def fingerprint(self) -> str:
        """Short digest of the user files in use ('' for the national list alone)."""
        user = [s for s in self.sources if s != NATIONAL]
        if not user:
            return ""
        h = hashlib.blake2b(digest_size=4)
        for s in user:
            h.update(Path(s).read_bytes())
        return h.hexdigest()


NATIONAL = "cpca:adcodes.csv"


def _national_csv() -> Path | None:
    try:
        dist = metadata.distribution("cpca")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("cpca/resources/adcodes.csv")))
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def national() -> list[Division]:
    """Province, prefecture and county divisions from the division code list."""
    path = _national_csv()
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(fh)]
    by_code = dict(rows)
    out: list[Division] = []
    for code, name in rows:
        if name in _PSEUDO or len(code) < 6:
            continue
        if code[2:] == "0" * (len(code) - 2):
            out.append(Division(name, "province", None, NATIONAL))
            continue
        province = by_code.get(code[:2] + "0" * (len(code) - 2))
        if code[4:] == "0" * (len(code) - 4):
            out.append(Division(name, "city", province, NATIONAL))
            continue
        city = by_code.get(code[:4] + "0" * (len(code) - 4))
        parent = city if city and city not in _PSEUDO else province
        out.append(Division(name, "county", parent, NATIONAL))
    return out


def from_file(path: Path) -> list[Division]:
    """Divisions of a gazetteer file (``{"places": [{"name", "level", "parent"}, …]}``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        places = data["places"]
        return [Division(str(p["name"]), str(p["level"]), p.get("parent"), str(path)) for p in places]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a gazetteer file ({exc})") from exc


def units_from_file(path: Path) -> dict[str, str]:
    """Alias → full name of the ``units`` of a gazetteer file (aliases of one character or 学校-like words skipped)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for u in data.get("units") or []:
        if not isinstance(u, dict) or "name" not in u:
            continue
        for alias in [u["name"], *(u.get("aliases") or [])]:
            if isinstance(alias, str) and len(alias) >= 3 and alias not in _GENERIC_UNIT_WORDS:
                out.setdefault(alias, str(u["name"]))
    return out


#: Aliases that name any unit of their kind, so they are not a unit's alias outside its own notice.
_GENERIC_UNIT_WORDS = frozenset({"学校", "集团", "集团公司", "公司", "本局", "局机关"})


def load(paths: Iterable[str | Path] = ()) -> Gazetteer:
    """User files first (in the order given), then the national list."""
    files = [Path(p) for p in paths]
    layers = [(str(p), from_file(p)) for p in files]
    layers.append((NATIONAL, national()))
    units: dict[str, str] = {}
    for p in files:
        for alias, name in units_from_file(p).items():
            units.setdefault(alias, name)
    return Gazetteer(layers, units)


@lru_cache(maxsize=1)
def default() -> Gazetteer:
    return load()

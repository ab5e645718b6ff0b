"""Dates as notices write them, turned into ISO strings ("2016-07-19", "2015-11")."""

from __future__ import annotations

import re

DATE = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<rel>今年|去年|当年|同年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号]|(?P<part>上旬|中旬|下旬|初|底|末))?"
)
_PART = r"(?:上旬|中旬|下旬|初|底|末)?"
RANGE = re.compile(
    rf"(?:(?P<y1>\d{{4}})年|(?P<rel>今年|去年|当年))?(?P<m1>\d{{1,2}})月(?:(?P<d1>\d{{1,2}})日)?{_PART}(?:起)?\s*(?:至|到|—|–|-|~|～)\s*"
    rf"(?:(?P<y2>\d{{4}})年)?(?P<m2>\d{{1,2}})月(?:(?P<d2>\d{{1,2}})日)?{_PART}"
)
#: 自3月20日起进驻…, 至5月19日结束: a range whose ends are written apart.
LOOSE_RANGE = re.compile(
    rf"(?:自|从)(?:(?P<y1>\d{{4}})年|(?P<rel>今年|去年|当年))?(?P<m1>\d{{1,2}})月(?:(?P<d1>\d{{1,2}})日)?{_PART}起?"
    rf"[^。;；]{{0,24}}?(?:至|到)(?:(?P<y2>\d{{4}})年)?(?P<m2>\d{{1,2}})月(?:(?P<d2>\d{{1,2}})日)?{_PART}"
)
ISO_DATE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})日?")


def iso(year: int | str | None, month: int | str | None, day: int | str | None = None) -> str | None:
    """ISO string at the precision given; None when year or month is missing or invalid."""
    if year is None or month is None:
        return None
    y, m = int(year), int(month)
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return None
    if day is None or day == "":
        return f"{y:04d}-{m:02d}"
    d = int(day)
    if not 1 <= d <= 31:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def year_before(published: str | None, month: int | str, rel: str | None = None) -> int | None:
    """Year of a year-less month in a notice published on ``published``: that year, or the one before when
    the month is later than the publication month (or the text says 去年)."""
    if not published:
        return None
    year = int(published[:4]) - (1 if rel == "去年" else 0)
    if not rel and len(published) >= 7 and int(month) > int(published[5:7]):
        year -= 1
    return year


def roll_year(month: int, ref: str | None) -> int | None:
    """Year of a year-less month, from a reference ISO date: same year, or the next if the month is earlier."""
    if not ref:
        return None
    ref_year, ref_month = int(ref[:4]), int(ref[5:7]) if len(ref) >= 7 else 1
    return ref_year + 1 if month < ref_month else ref_year

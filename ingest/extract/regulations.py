"""Titled documents in 《…》: which are regulations, their kind, issuer and use.

A title is a regulation when it ends with a document-type word (条例, 办法,
方案, 通知 …, optionally followed by (试行)); newspapers, bulletins,
letters, films and bare back-references (《条例》) are not.  Whether a
measure *issued* or *cites* a title is read from the nearest verb before the
run of titles it belongs to (制定出台《A》《B》 both issued).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract import lexicon
from ingest.extract.orgs import OrgMention

_TITLE = re.compile(r"《([^《》\n]{1,80})》")


@dataclass
class RegulationFact:
    title: str
    start: int
    end: int
    kind: str
    relation: str
    issuer: OrgMention | None = None


def _kind(title: str) -> str | None:
    data = lexicon.load("regulations")
    core = title
    for t in data["trailing"]:
        core = core.removesuffix(t)
    if any(core.endswith(s) for s in data["notRegulationSuffixes"]):
        return None
    if any(core == k["suffix"] or core == "新" + k["suffix"] for k in data["kinds"]) or len(core) <= 2:
        return None
    for spec in data["kinds"]:
        if core.endswith(spec["suffix"]):
            kind = str(spec["kind"])
            if kind == "party_regulation" and not core.startswith(tuple(data["partyPrefixes"])):
                return "party_regulation" if "党" in core else "regulation"
            return kind
    return None


def _run_start(text: str, start: int, memo: dict[int, int]) -> int:
    """Where the run of titles (《A》、《B》和《C》) that ``start`` belongs to begins.

    ``memo`` keeps the walks already made: without it a run of n titles cost n² steps (minutes for a few
    thousand titles in one list).
    """
    k = start
    seen: list[int] = []
    while k not in memo:
        seen.append(k)
        j = k
        while j > 0 and text[j - 1] in "、和与及 ":
            j -= 1
        if j > 0 and text[j - 1] == "》":
            open_at = text.rfind("《", max(0, j - 82), j)
            if open_at < 0:
                break
            k = open_at
            continue
        break
    k = memo.get(k, k)
    for v in seen:
        memo[v] = k
    return k


def _relation(text: str, start: int, memo: dict[int, int] | None = None) -> str:
    """issued / cites, from the verb before the run of titles that ``start`` belongs to."""
    data = lexicon.load("regulations")
    k = _run_start(text, start, {} if memo is None else memo)
    lo = k
    while lo > 0 and k - lo < 30 and text[lo - 1] not in "。;；\n":
        lo -= 1
    window = text[lo:k]
    best, where = "cites", -1
    for verb in data["issuedVerbs"]:
        p = window.rfind(verb)
        if p > where:
            best, where = "issued", p
    for verb in data["citedVerbs"]:
        p = window.rfind(verb)
        if p > where:
            best, where = "cites", p
    return best


def find_regulations(text: str, orgs: list[OrgMention]) -> list[RegulationFact]:
    out: list[RegulationFact] = []
    memo: dict[int, int] = {}
    by_start: dict[int, list[OrgMention]] = {}
    for o in orgs:
        by_start.setdefault(o.start, []).append(o)
    for m in _TITLE.finditer(text):
        title = m.group(1)
        kind = _kind(title)
        if kind is None:
            continue
        issuer = next((o for o in by_start.get(m.start(1), ()) if o.kind != "media"), None)
        out.append(RegulationFact(title, m.start(1), m.end(1), kind, _relation(text, m.start(), memo), issuer))
    return out

"""Runs the extractors over one text and builds the DocumentGraph.

Order matters only through two shared results: the jurisdiction (from the
title, signature or source line) that resolves bare forms, and the measure
spans that figures and regulations attach to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from graph.model import DocumentGraph, Span, make_id
from ingest import sections
from ingest.extract import gazetteer as gazetteers
from ingest.extract import hierarchy, jurisdiction, lexicon, units
from ingest.extract.builder import GraphBuilder
from ingest.extract.categories import (
    Category,
    categorise,
    default_category,
    from_children,
    nearest_by_examples,
)
from ingest.extract.document import DocMeta, read_meta
from ingest.extract.figures import find_figures
from ingest.extract.inspections import InspectionFact, find_inspections
from ingest.extract.measures import split_measures
from ingest.extract.orgs import OrgMention, RawOrg, bind_bare_groups, chain_ordinals, find_raw, resolve
from ingest.extract.persons import find_persons
from ingest.extract.places import PlaceMention, find_places, parents
from ingest.extract.problems import ProblemFact, find_problems
from ingest.extract.regulations import find_regulations
from ingest.extract.textutil import SmallestContaining, StartIndex, sentence_at


def _issuer_raw(text: str, raws: list[RawOrg], meta: DocMeta) -> RawOrg | None:
    """The unit that issues the notice: named at the start of the title, in the signature or the source line."""
    spans = []
    if meta.title_span:
        spans.append((meta.title_span[0], meta.title_span[0] + 3))
    if meta.signature_span:
        spans.append((meta.signature_span[0], meta.signature_span[0] + 1))
    if meta.publisher_span:
        spans.append((meta.publisher_span[0], meta.publisher_span[0] + 1))
    for lo, hi in spans:
        for r in raws:
            # a group in a news title (X巡察组向Y反馈) visits; the notice belongs to Y
            if lo <= r.start < hi and r.place is not None and r.kind not in ("media", "inspection_group"):
                return r
    for r in raws:
        if (
            r.place is not None
            and text[r.start - 1 : r.start] == "对"
            and re.match(r".{0,16}?(?:巡察|巡视)", text[r.end : r.end + 20])
        ):
            return r
    head_end = text.find("\n", text.find("\n") + 1)
    for r in raws:
        if r.place is not None and r.start < head_end and r.kind != "media" and r.kind != "inspection_group":
            return r
    return None


class _Doc:
    """The state of one extraction: text, builder and resolved mentions."""

    def __init__(self, text: str, source: str, gazetteer: gazetteers.Gazetteer) -> None:
        self.text = text
        self.b = GraphBuilder(text, source)
        self.span: Callable[[int, int], Span] = self.b.span
        self.meta = read_meta(text)
        self.places = find_places(text)
        raws = find_raw(text, self.places)
        issuer = _issuer_raw(text, raws, self.meta)
        self.jur = jurisdiction.build(issuer.place if issuer else None, self.places, gazetteer)
        resolved = [(r, resolve(r, text, self.jur)) for r in raws]
        self.orgs: list[OrgMention] = chain_ordinals(text, bind_bare_groups([o for _, o in resolved if o is not None]))
        self.issuer = next((o for r, o in resolved if r is issuer), None)
        self.orgs = units.resolve_aliases(self.orgs, gazetteer.units)
        self.unit = units.home_unit(self.issuer, self.orgs, text)
        named = units.units_named(self.orgs)
        if self.unit or named:
            self.orgs = units.merge(self.orgs, units.find_internal(text, self.unit, named))
        self.org_ids: dict[str, str] = {}
        self.org_first: dict[str, int] = {}
        self.place_ids: dict[str, str] = {}
        self.measure_spans: list[tuple[int, int, str]] = []
        self.problem_spans: list[tuple[int, int, str]] = []
        self.pending_roles: list[tuple[int, str, str]] = []
        self.category_hits: dict[str, list[tuple[Category, str | None]]] = {}
        self._orgs_by_start: StartIndex | None = None
        self._in_measure: SmallestContaining | None = None
        # _org is asked about the same mention again and again (a problem's unit, a measure's actor); the
        # second time changes nothing in the builder, so the first answer is kept
        self.org_done: dict[tuple[object, ...], str] = {}
        self._sentences: dict[int, tuple[int, int]] = {}

    def orgs_starting(self, lo: int, hi: int) -> list[OrgMention]:
        """``[o for o in self.orgs if lo <= o.start < hi]`` without scanning every org."""
        if self._orgs_by_start is None or self._orgs_by_start.items is not self.orgs:
            self._orgs_by_start = StartIndex(self.orgs)
        return self._orgs_by_start.between(lo, hi)

    def in_measure(self) -> SmallestContaining:
        """The measure around a position; built once the measures are all known (regulations, figures)."""
        if self._in_measure is None or len(self._in_measure.spans) != len(self.measure_spans):
            self._in_measure = SmallestContaining(self.measure_spans)
        return self._in_measure

    def evidence(self, start: int, end: int | None = None) -> tuple[int, int]:
        found = self._sentences.get(start)
        if found is None:
            found = self._sentences[start] = sentence_at(self.text, start)
        s, e = found
        return s, max(e, end or 0)


def assemble(text: str, source: str, gazetteer: gazetteers.Gazetteer | None = None) -> DocumentGraph:
    doc = _Doc(text, source, gazetteer or gazetteers.default())
    _places(doc)
    for o in doc.orgs:
        _org(doc, o)
    inspections = _inspections(doc)
    _persons(doc)
    _problems(doc, inspections)
    _regulations(doc)
    _figures(doc)
    _org_parts(doc)
    meta = doc.meta
    publisher = meta.publisher or (doc.issuer.canonical if doc.issuer and meta.signature_span else None)
    return doc.b.build(title=meta.title, published_at=meta.published, publisher=publisher, kind=meta.kind)


def _places(doc: _Doc) -> None:
    parent_of = parents(doc.places)
    chain = sorted(doc.jur.chain.items(), key=lambda kv: jurisdiction.RANK.get(kv[0], 9))
    for (_, upper), (_, lower) in itertools.pairwise(chain):
        parent_of.setdefault(lower, upper)
    mentioned = {p.name for p in doc.places}

    def pid(name: str) -> str:
        parent = parent_of.get(name) if parent_of.get(name) in mentioned else None
        return make_id("Place", name, parent or "")

    by_name: dict[str, PlaceMention] = {}
    for p in doc.places:
        parent = parent_of.get(p.name) if parent_of.get(p.name) in mentioned else None
        eid = doc.b.entity(
            "Place",
            (p.name, parent or ""),
            p.name,
            {"level": p.level, "parent": parent},
            doc.span(p.start, p.end),
            alias=p.name,
        )
        doc.place_ids[p.name] = eid
        by_name.setdefault(p.name, p)
    for name, p in by_name.items():
        parent = parent_of.get(name)
        if parent in doc.place_ids:
            ev = doc.evidence(p.start)
            doc.b.relate("PART_OF", doc.place_ids[name], "Place", pid(parent), "Place", doc.span(*ev))


def _org(doc: _Doc, o: OrgMention, alias: bool = True) -> str:
    """The Organization node of a mention; ``alias`` False when the span is not a name (a post title)."""
    memo = (o.start, o.end, o.surface, o.canonical, o.kind, o.level, o.place, alias)
    done = doc.org_done.get(memo)
    if done is not None:
        return done
    surface = o.surface if alias else None
    props = {
        "kind": o.kind,
        "level": o.level or None,
        "collective": True if "乡镇" in o.canonical or "村级" in o.canonical else None,
    }
    eid = doc.b.entity(
        "Organization", (o.canonical,), o.canonical, props, doc.span(o.start, o.end), alias=surface
    )
    doc.org_ids[o.canonical] = eid
    doc.org_first.setdefault(o.canonical, o.start)
    if o.place and o.place in doc.place_ids:
        doc.b.relate(
            "LOCATED_IN",
            eid,
            "Organization",
            doc.place_ids[o.place],
            "Place",
            doc.span(*doc.evidence(o.start)),
        )
    doc.org_done[memo] = eid
    return eid


def _org_parts(doc: _Doc) -> None:
    """(sub-unit)-[:PART_OF]->(owner) between the organisations the document names, from the sub-unit's sentence."""
    for child, owner in hierarchy.parents(doc.org_ids).items():
        ev = doc.evidence(doc.org_first[child])
        doc.b.relate("PART_OF", doc.org_ids[child], "Organization", doc.org_ids[owner], "Organization", doc.span(*ev))


def _inspections(doc: _Doc) -> list[tuple[InspectionFact, str]]:
    out: list[tuple[InspectionFact, str]] = []
    for fact in find_inspections(doc.text, doc.orgs, doc.places, doc.jur, doc.meta.published):
        ev = doc.span(*fact.sentence)
        target_id = _org(doc, fact.target) if fact.target else None
        unit = fact.target.canonical if fact.target else ""
        for group in fact.groups:
            group_id = _org(doc, group)
            name = f"{group.canonical}对{unit or '?'}的{fact.mode or ''}{fact.kind}"
            props = {
                "kind": fact.kind,
                "mode": fact.mode,
                "start": fact.start,
                "end": fact.end,
                "feedbackDate": fact.feedback,
                "inspectingBody": group.canonical,
                "inspectedUnit": unit or None,
                "feedbackTo": fact.feedback_to.canonical if fact.feedback_to else None,
            }
            iid = doc.b.entity("Inspection", (group.canonical, unit, fact.start or ""), name, props, ev)
            doc.b.relate("CONDUCTED", group_id, "Organization", iid, "Inspection", ev)
            if target_id:
                doc.b.relate("TARGETED", iid, "Inspection", target_id, "Organization", ev)
            if fact.authority:
                doc.b.relate("DEPLOYED", _org(doc, fact.authority), "Organization", iid, "Inspection", ev)
            out.append((fact, iid))
    return out


def _anonymised(role: str | None) -> bool:
    return bool(role) and role.startswith("anonymised")  # type: ignore[union-attr]


def _persons(doc: _Doc) -> None:
    for p in find_persons(doc.text, doc.orgs, doc.jur):
        ev = doc.span(*doc.evidence(p.span[0], p.span[1]))
        first_org = next((post.org for post in p.posts if post.org), None)
        # identity = name + jurisdiction: 县委副书记、县长X and 县长X of one county are one person; the same
        # name in another county is another (a unit that is not a place is its own jurisdiction)
        context = (first_org.place or first_org.canonical) if first_org else (doc.jur.home_place or "")
        props = {"isOfficial": p.official, "posts": [post.title for post in p.posts], "role": p.role}
        # an unnamed person (严某) is someone else in every notice: the key is the document
        key = (p.name, context if p.official else doc.b.doc_id if _anonymised(p.role) else "")
        pid = doc.b.entity("Person", key, p.name, props, doc.span(p.start, p.end))
        for post in p.posts:
            if post.org is None:
                continue
            org = OrgMention(
                post.start,
                post.end,
                doc.text[post.start : post.end],
                post.org.canonical,
                post.org.kind,
                post.org.level,
                post.org.place,
            )
            doc.b.relate(
                "HOLDS_POST",
                pid,
                "Person",
                _org(doc, org, alias=False),
                "Organization",
                ev,
                {"title": post.title},
            )
        _responsibility(doc, p.start, p.end, pid)


def _responsibility(doc: _Doc, start: int, end: int, pid: str) -> None:
    """Remember a role word written right after a person (主抓, 牵头, 任组长); measures are matched later."""
    roles: dict[str, str] = lexicon.load("measure_kinds")["responsibility"]
    window = doc.text[end : end + 14]
    role = next((r for w, r in roles.items() if w in window), None)
    if role is None:
        return
    doc.pending_roles.append((start, pid, role))


def _problems(doc: _Doc, inspections: list[tuple[InspectionFact, str]]) -> None:
    tree = sections.parse(doc.text)
    problems, steps = find_problems(tree, doc.meta.kind)
    main = inspections[0] if inspections else None
    default_unit = main[0].target if main and main[0].target else doc.issuer
    units: dict[str, OrgMention | None] = {}
    done_regions: dict[tuple[int, int], list[str]] = {}
    _categorise(doc, problems)
    for pf in problems:
        pid = _problem(doc, pf, main, default_unit, units)
        for region in pf.measures:
            if region not in done_regions:
                done_regions[region] = _measures(doc, region, pf.path, units.get(pf.path))
            for mid in done_regions[region]:
                doc.b.relate("ADDRESSES", mid, "Measure", pid, "Problem", doc.span(*pf.head))
    for st in steps:
        _measures(doc, st.region, st.section.path, None)
    for start, person, role in doc.pending_roles:
        inside = [mid for s, e, mid in doc.measure_spans if s <= start < e]
        for mid in inside:
            doc.b.relate(
                "RESPONSIBLE_FOR", person, "Person", mid, "Measure", doc.span(*doc.evidence(start)), {"role": role}
            )
        if not inside and main is not None and role in _OVERALL_ROLES:
            # 县委书记X作为整改第一责任人 outside any one measure: answerable for the whole rectification
            doc.b.relate(
                "RESPONSIBLE_FOR", person, "Person", main[1], "Inspection", doc.span(*doc.evidence(start)),
                {"role": role},
            )


#: Roles that make a person answerable for a whole rectification, not one measure.
_OVERALL_ROLES = frozenset({"第一责任人", "负总责"})


def _categorise(doc: _Doc, problems: list[ProblemFact]) -> None:
    """Categories per problem: groups from their children, items from keywords, else the parent's,
    else the category whose examples the headline resembles, else the default."""
    text = doc.text
    for pf in reversed(problems):
        below = [[h[0] for h in doc.category_hits[k.path]] for k in pf.children if doc.category_hits[k.path]]
        if below:
            hits: list[tuple[Category, str | None]] = [(c, None) for c in from_children(below)]
        else:  # a group whose children have categories takes theirs: its own keywords are not read
            headline = text[pf.head[0] : pf.head[1]]
            body = text[pf.head[1] : pf.desc[1]] + "".join(text[s:e] for s, e in pf.measures)
            hits = categorise(headline, body)
        doc.category_hits[pf.path] = hits
    for pf in problems:
        if not doc.category_hits[pf.path]:
            inherited = doc.category_hits.get(pf.parent.path, []) if pf.parent else []
            nearest = nearest_by_examples(text[pf.head[0] : pf.head[1]])
            doc.category_hits[pf.path] = inherited[:1] or [(nearest or default_category(), None)]


#: Administrative levels from the top; an organisation of a level above the inspected unit's is never where
#: the unit's problem lies (落实党中央及省委、市委决策部署 names whose policy, not who failed).
_LEVEL_RANK = {"central": 0, "provincial": 1, "municipal": 2, "county": 3, "township": 4, "village": 5}


def _above(org: OrgMention, unit: OrgMention | None) -> bool:
    """Whether ``org`` is of a higher administrative level than the inspected ``unit``."""
    if unit is None:
        return False
    mine, theirs = _LEVEL_RANK.get(org.level), _LEVEL_RANK.get(unit.level)
    return mine is not None and theirs is not None and mine < theirs


def _problem(
    doc: _Doc,
    pf: ProblemFact,
    main: tuple[InspectionFact, str] | None,
    default_unit: OrgMention | None,
    units: dict[str, OrgMention | None],
) -> str:
    text = doc.text
    hs, he = pf.head
    headline = text[hs:he]
    desc = text[pf.desc[0] : pf.desc[1]].strip()
    cats = doc.category_hits[pf.path]
    props = {
        "headline": headline,
        "text": desc,
        "sectionPath": pf.path,
        "level": pf.level,
        "categories": [c.name for c, _ in cats],
    }
    pid = doc.b.entity("Problem", (doc.b.doc_id, pf.path), headline, props, doc.span(hs, he))
    doc.problem_spans.append((pf.desc[0], pf.desc[1], pid))
    head_orgs = [o for o in doc.orgs_starting(hs, he) if o.kind != "inspection_group" and not _above(o, default_unit)]
    unit = head_orgs[0] if head_orgs else (units.get(pf.parent.path) if pf.parent else default_unit)
    units[pf.path] = unit
    ev = doc.span(hs, he)
    if unit is not None:
        doc.b.relate("IN", pid, "Problem", _org(doc, unit), "Organization", ev)
    if main is not None:
        doc.b.relate("FOUND", main[1], "Inspection", pid, "Problem", ev)
    if pf.parent is not None:
        doc.b.relate(
            "PART_OF", pid, "Problem", make_id("Problem", doc.b.doc_id, pf.parent.path), "Problem", ev
        )
    for rank, (cat, word) in enumerate(cats):
        k = text.find(word, pf.desc[0], pf.desc[1]) if word else -1
        mention = doc.span(k, k + len(word)) if word and k >= 0 else ev
        cid = doc.b.entity(
            "ProblemCategory",
            (cat.name,),
            cat.name,
            {"description": cat.description, "keywords": list(cat.keywords)},
            mention,
        )
        doc.b.relate("OF_CATEGORY", pid, "Problem", cid, "ProblemCategory", ev, {"primary": rank == 0})
    return pid


def _measures(doc: _Doc, region: tuple[int, int], path: str, unit: OrgMention | None) -> list[str]:
    ids: list[str] = []
    actor_default = doc.issuer if doc.meta.kind == "rectification_notice" else None
    for i, mf in enumerate(split_measures(doc.text, *region)):
        body = doc.text[mf.start : mf.end]
        name = body[:40] + ("…" if len(body) > 40 else "")
        mid = doc.b.entity(
            "Measure",
            (doc.b.doc_id, path, i),
            name,
            {"text": body, "kind": mf.kind, "sectionPath": path},
            doc.span(mf.start, mf.end),
        )
        ids.append(mid)
        doc.measure_spans.append((mf.start, mf.end, mid))
        actor = next(
            (
                o
                for o in doc.orgs_starting(mf.start, mf.start + 40)
                if o.kind != "inspection_group"
                and _at_clause_start(doc.text, mf.start, o.start)
            ),
            actor_default,
        )
        if actor is not None:
            ev = doc.evidence(actor.start) if actor.start >= mf.start else doc.evidence(mf.start)
            doc.b.relate("TOOK", _org(doc, actor), "Organization", mid, "Measure", doc.span(*ev))
    return ids


def _at_clause_start(text: str, start: int, pos: int) -> bool:
    """Whether an organisation at ``pos`` is the subject of its clause (not the object of 把/对/向 …)."""
    k = pos
    for lead in ("同时", "另外", "此外", "由", "经"):
        if text.startswith(lead, k - len(lead)):
            k -= len(lead)
            break
    return k == start or text[k - 1] in "。;；,，:：\n"




def _regulations(doc: _Doc) -> None:
    in_measure = doc.in_measure()
    for r in find_regulations(doc.text, doc.orgs):
        props = {"title": r.title, "kind": r.kind, "issuer": r.issuer.canonical if r.issuer else None}
        rid = doc.b.entity("Regulation", (r.title,), r.title, props, doc.span(r.start, r.end))
        ev = doc.span(*doc.evidence(r.start, r.end))
        if r.issuer is not None:
            doc.b.relate("ISSUED", _org(doc, r.issuer), "Organization", rid, "Regulation", ev)
        mid = in_measure.at(r.start)
        if mid is not None:
            rel = "ISSUED" if r.relation == "issued" else "CITES"
            doc.b.relate(rel, mid, "Measure", rid, "Regulation", ev)
        else:
            doc.b.relate("CITES", doc.b.doc_id, "Document", rid, "Regulation", ev, {"relation": r.relation})


def _figures(doc: _Doc) -> None:
    in_measure, in_problem = doc.in_measure(), SmallestContaining(doc.problem_spans)
    for f in find_figures(doc.text):
        props = {
            "metric": f.metric,
            "value": f.value,
            "unit": f.unit,
            "approx": f.approx,
            "text": doc.text[f.start : f.end],
        }
        fid = doc.b.entity(
            "Figure",
            (doc.b.doc_id, f.start),
            f"{f.metric} {doc.text[f.start : f.end]}",
            props,
            doc.span(f.start, f.end),
        )
        ev = doc.span(*doc.evidence(f.start, f.end))
        mid = in_measure.at(f.start)
        if mid is not None:
            doc.b.relate("REPORTS", mid, "Measure", fid, "Figure", ev)
            continue
        pid = in_problem.at(f.start)
        if pid is not None:
            doc.b.relate("REPORTS", pid, "Problem", fid, "Figure", ev)
        else:
            doc.b.relate("REPORTS", doc.b.doc_id, "Document", fid, "Figure", ev)

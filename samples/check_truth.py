#!/usr/bin/env python3
"""Validate a truth.json against its notices/ and world.json (stdlib only): samples/, or samples/heldout.

Checks the schema, that every surface occurs literally in its notice, that figures' texts occur (with
`occurrence` when a text occurs more than once), that person posts occur inside the person's surface or the
text, and that no run of RUN characters (NFKC, whitespace removed) is shared with the real seeds
(/work/shared/seeds, when present) or, for another folder, with the sample notices. Non-optional entities
without a standalone mention are reported as warnings.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

#: The folder checked (``python samples/check_truth.py [FOLDER]``): samples/ itself, or samples/heldout.
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
NOTICES = HERE / "notices"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SAMPLES = Path(__file__).resolve().parent / "notices"
#: Shortest run of characters that may not be shared with the seeds (and, for another folder, with the
#: samples): the held-out set was written to the stricter 16.
RUN = 24 if NOTICES == SAMPLES else 16

CATEGORIES = {
    "主体责任落实不到位", "监督责任落实不到位", "违反中央八项规定精神", "选人用人问题", "财经纪律与资金管理",
    "工程项目与招投标监管", "形式主义官僚主义", "理论学习与政治建设", "民主集中制执行不到位", "基层党组织建设薄弱",
    "群众身边腐败和不正之风", "惠民政策与民生保障落实", "乡村振兴与耕地粮食", "信访与群众诉求", "国有资产管理",
    "安全生产", "巡视巡察整改不力", "干部队伍建设与管理",
    "政务村务公开不到位",  # added by the gold annotators
}
KINDS = {"巡视", "巡察"}
MODES = {"常规", "专项", "机动", "回头看", "延伸", "提级", "交叉", "联动", None}
DOC_KINDS = {"rectification_notice", "news", "report"}
PROBLEM_LEVELS = {"group", "item", "subitem"}
REL = {"issued", "cites", "mentions"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def decode(path: Path, encoding: str | None) -> str:
    raw = path.read_bytes()
    if encoding:
        return raw.decode(encoding)
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("unknown", raw, 0, 1, "no encoding fits")


def plain_text(text: str) -> str:
    if "<html" in text[:500].lower():
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
        text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", "", text)


def seed_grams(n: int = RUN) -> set[str]:
    import unicodedata
    grams: set[str] = set()
    for d in (SEEDS, SAMPLES) if SAMPLES != NOTICES else (SEEDS,):
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if not p.is_file():
                continue
            t = unicodedata.normalize("NFKC", plain_text(decode(p, None)))
            grams.update(t[i:i + n] for i in range(len(t) - n + 1))
    return grams


def main() -> int:
    errors: list[str] = []
    warnings: list[str] = []
    truth = json.loads((HERE / "truth.json").read_text(encoding="utf-8"))
    world = json.loads((HERE / "world.json").read_text(encoding="utf-8"))
    world_places = {p["name"] for p in world["places"]}
    world_orgs: set[str] = set()
    for p in world["places"]:
        for k in ("party_committee", "discipline_commission", "government", "village_committee"):
            if p.get(k):
                world_orgs.add(p[k])
    for u in world.get("units", []):
        world_orgs.add(u["name"])
        if u.get("party_committee"):
            world_orgs.add(u["party_committee"])
    grams = seed_grams()
    if truth.get("version") != 1:
        errors.append("version must be 1")
    seen_files = set()
    for doc in truth["docs"]:
        f = doc["file"]
        seen_files.add(f)
        path = NOTICES / f

        def err(msg: str) -> None:
            errors.append(f"{f}: {msg}")

        if not path.exists():
            err("file missing")
            continue
        try:
            text = decode(path, doc.get("encoding"))
        except UnicodeDecodeError as e:
            err(f"cannot decode: {e}")
            continue

        def lit(s: str | None, what: str) -> None:
            if s is not None and s not in text:
                err(f"{what} not in text: {s!r}")

        body = plain_text(text)
        if not 300 <= len(body) <= 3000:
            err(f"text length {len(body)} outside 300-3000")
        if grams:
            import unicodedata
            nb = unicodedata.normalize("NFKC", body)
            for i in range(len(nb) - RUN + 1):
                if nb[i:i + RUN] in grams:
                    err(f"shares a {RUN}-character run with a seed or sample: {nb[i:i + RUN]!r}")
                    break
        if doc.get("kind") not in DOC_KINDS:
            err(f"bad doc kind {doc.get('kind')!r}")
        lit(doc.get("title"), "title")
        lit(doc.get("publisher"), "publisher")
        if doc.get("published") and not ISO.match(doc["published"]):
            err(f"published not ISO: {doc['published']}")
        orgs = {o["name"]: o for o in doc["organizations"]}
        places = {p["name"]: p for p in doc["places"]}
        owner: dict[str, str] = {}
        for ent in list(doc["organizations"]) + list(doc["places"]):
            if not ent.get("aliases"):
                err(f"entity without aliases: {ent['name']}")
            for a in ent.get("aliases", []):
                lit(a, f"alias of {ent['name']}")
                if a in owner and owner[a] != ent["name"]:
                    err(f"alias {a!r} shared by {owner[a]} and {ent['name']}")
                owner[a] = ent["name"]
            if ent["name"] not in text and not ent.get("aliases"):
                err(f"canonical name absent and no alias: {ent['name']}")
        for o in doc["organizations"]:
            par = o.get("parent")
            if par and par not in orgs and par not in world_orgs:
                err(f"org parent unresolved: {o['name']} -> {par}")
        for p in doc["places"]:
            par = p.get("parent")
            if par and par not in places and par not in world_places:
                err(f"place parent unresolved: {p['name']} -> {par}")
        if doc.get("issuer") and doc["issuer"] not in orgs:
            err(f"issuer not an org: {doc['issuer']}")
        for ins in doc["inspections"]:
            for k in ("authority", "inspecting_body", "inspected_unit"):
                if ins.get(k) and ins[k] not in orgs:
                    err(f"inspection {k} not an org: {ins[k]}")
            for k in ("authority_surface", "inspecting_body_surface", "inspected_unit_surface", "feedback_to_surface"):
                lit(ins.get(k), f"inspection {k}")
            if ins.get("kind") not in KINDS:
                err(f"inspection kind {ins.get('kind')!r}")
            if ins.get("mode") not in MODES:
                err(f"inspection mode {ins.get('mode')!r}")
            for k in ("start", "end", "feedback_date"):
                if ins.get(k) and not ISO.match(ins[k]):
                    err(f"inspection {k} not ISO: {ins[k]}")
            if ins.get("start") and ins.get("end") and ins["start"] > ins["end"]:
                err("inspection start after end")
        for per in doc["persons"]:
            lit(per["surface"], "person surface")
            lit(per["name"], "person name")
            if per.get("org") and per["org"] not in orgs:
                err(f"person org not in doc: {per['name']} -> {per['org']}")
            for post in per.get("posts", []):
                lit(post, f"post of {per['name']}")
            for post, o in (per.get("post_orgs") or {}).items():
                if post not in per["posts"]:
                    err(f"post_orgs key not a post: {per['name']} {post}")
                if o not in orgs and o not in world_orgs:
                    err(f"post org unresolved: {per['name']} {post} -> {o}")
            for r in per.get("responsibilities", []):
                lit(r.get("surface"), f"responsibility of {per['name']}")
        titles = set(re.findall(r"《(.*?)》", text))
        annotated = set()
        for r in doc["regulations"]:
            annotated.add(r["title"])
            lit(r["title"], "regulation title")
            lit(r.get("doc_number"), "doc number")
            if r.get("relation") not in REL:
                err(f"regulation relation {r.get('relation')!r}")
            if r.get("issuer") and r["issuer"] not in orgs:
                err(f"regulation issuer not an org: {r['issuer']}")
        for t in titles - annotated:
            err(f"《{t}》 not annotated")
        secs = set()
        for pr in doc["problems"]:
            lit(pr["headline"], "problem headline")
            if pr["section"] in secs:
                err(f"duplicate section {pr['section']}")
            secs.add(pr["section"])
            if pr.get("level") not in PROBLEM_LEVELS:
                err(f"problem level {pr.get('level')!r}")
            if not pr["categories"]:
                err(f"problem without category {pr['section']}")
            for c in pr["categories"]:
                if c not in CATEGORIES:
                    err(f"bad category {c!r}")
            if pr.get("unit") and pr["unit"] not in orgs:
                err(f"problem unit not an org: {pr['unit']}")
        for fig in doc["figures"]:
            lit(fig["text"], "figure text")
            v = fig["value"]
            vs = str(int(v)) if float(v).is_integer() else str(v)
            if vs not in fig["text"]:
                err(f"figure value {v} not inside {fig['text']!r}")
            occ = fig.get("occurrence")
            if occ and text.count(fig["text"]) < occ:
                err(f"figure occurrence {occ} > count for {fig['text']!r}")
            if not occ and text.count(fig["text"]) > 1:
                err(f"figure text occurs {text.count(fig['text'])} times without occurrence: {fig['text']!r}")
        # warning: a non-optional entity should have a mention not covered by a longer alias of another entity
        spans = []
        for ent in list(doc["organizations"]) + list(doc["places"]):
            for a in ent.get("aliases", []):
                for m in re.finditer(re.escape(a), text):
                    spans.append((m.start(), m.end(), ent["name"]))
        for ent in list(doc["organizations"]) + list(doc["places"]):
            if ent.get("optional") or ent.get("collective"):
                continue
            own = [s for s in spans if s[2] == ent["name"]]
            free = [s for s in own if not any(o[2] != ent["name"] and o[0] <= s[0] and s[1] <= o[1]
                                              and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)]
            if not free:
                warnings.append(f"{f}: {ent['name']} has no standalone mention (mark optional?)")
        for per in doc["persons"]:
            if per["name"] not in per["surface"]:
                err(f"person name not inside surface: {per['name']}")
        surfaces = set(owner) | set(orgs) | set(places) | {p["name"] for p in doc["persons"]}
        for ne in doc["not_entities"]:
            lit(ne, "not_entity")
            if ne in surfaces:
                err(f"not_entity collides with an entity: {ne}")
    for p in NOTICES.iterdir():
        if p.is_file() and p.name not in seen_files:
            errors.append(f"{p.name}: no doc in truth.json")
    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    n = len(truth["docs"])
    print(f"{n} docs checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

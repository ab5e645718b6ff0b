"""Entity resolution: judgements kept as data, re-applied on every ingest, reviewed with ``skg resolve``.

The notices in tests/data/resolve are fictional, written for these tests:
two from 松岭县, one from 桐川县 and one from 青川县, each with a county head
韩望舒.  A person's identity is name + jurisdiction, so 松岭县's 韩望舒 is one
node although the two notices give him two post chains (县委副书记、县长 and
县长), as is the county secretary 陈立行; 桐川县's and 青川县's 韩望舒 are two
more.  The judgements under test are what extraction cannot know: that
松岭县's county head was transferred to 桐川县 (``same`` across
jurisdictions), that 许文涛 and 许文韬 (one character apart, both in 松岭县)
are one township secretary, moved from 禾木镇 to 柳河乡 and miswritten in
one notice, and that 青川县's 韩望舒 is someone else
(``different``).  Unit tests run the resolver on its own; the rest run the
real ``skg`` against the session's FalkorDB server, in a graph and a
judgements file of their own.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

import pytest

from graph.model import DocumentGraph, Entity, Relation, Span, make_id
from graph.store.falkor import FalkorStore
from ingest.candidates import Node, find_candidates, normalise
from ingest.pipeline import ingest_paths
from ingest.resolve import Judgement, JudgementError, JudgementFile, ResolutionConflict, Resolver

NOTICES = Path(__file__).resolve().parent / "data" / "resolve"


def _same(a: str, b: str, by: str = "tester", why: str = "test") -> Judgement:
    return Judgement("same", (a, b), by, why, "2024-01-01T00:00:00+00:00")


def _different(a: str, b: str) -> Judgement:
    return Judgement("different", (a, b), "tester", "test", "2024-01-01T00:00:00+00:00")


# --- the resolver on its own ----------------------------------------------------------------------------


def test_same_judgements_join_transitively_and_keep_the_first_judged_id() -> None:
    r = Resolver([_same("per-b", "per-c"), _same("per-d", "per-c"), _same("per-a", "per-d")])
    assert {r.canonical(x) for x in ("per-a", "per-b", "per-c", "per-d")} == {"per-b"}
    assert r.group("per-a") == {"per-a", "per-b", "per-c", "per-d"}
    assert r.canonical("per-z") == "per-z"
    assert r.merged_ids() == ["per-a", "per-c", "per-d"]


def test_a_different_judgement_blocks_a_same_chain_with_a_clear_message() -> None:
    judgements = [_same("per-a", "per-b", why="同一人"), _same("per-b", "per-c", why="同一职务"),
                  _different("per-a", "per-c")]
    with pytest.raises(ResolutionConflict) as caught:
        Resolver(judgements)
    message = str(caught.value)
    assert "per-a ≠ per-c" in message
    assert "per-a = per-b" in message and "同一人" in message
    assert "per-b = per-c" in message and "同一职务" in message
    assert "undo" in message
    with pytest.raises(ResolutionConflict, match="two judgements about one pair"):
        Resolver([_same("per-a", "per-b"), _different("per-b", "per-a")])


def test_judgements_that_cannot_be_used_are_refused(tmp_path: Path) -> None:
    with pytest.raises(JudgementError, match="only nodes of one label"):
        _same("per-a", "org-b")
    with pytest.raises(JudgementError, match="two different ids"):
        _same("per-a", "per-a")
    with pytest.raises(JudgementError, match="not an entity id"):
        _same("doc-a", "doc-b")
    path = tmp_path / "resolutions.jsonl"
    path.write_text(json.dumps(_same("per-a", "per-b").to_json()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(JudgementError, match="line 2"):
        JudgementFile(path).load()


def test_the_judgements_file_appends_and_undoes(tmp_path: Path) -> None:
    jf = JudgementFile(tmp_path / "sub" / "resolutions.jsonl")
    assert jf.load() == []
    first, second = _same("per-a", "per-b"), _different("per-a", "per-c")
    jf.append(first)
    jf.append(second)
    assert jf.load() == [first, second]
    assert jf.remove("per-c", "per-a") == second
    assert jf.remove("per-c", "per-a") is None
    assert jf.load() == [first]
    row = json.loads(jf.path.read_text(encoding="utf-8"))
    assert set(row) == {"judgement", "ids", "by", "why", "at"}


def _toy_document() -> DocumentGraph:
    text = "县长甲乙丙与甲乙丙同志在丁戊县工作。"
    per_a, per_b = make_id("Person", "甲乙丙", "丁戊县委"), make_id("Person", "甲乙丙", "丁戊县人民政府")
    org = make_id("Organization", "丁戊县人民政府")
    doc = DocumentGraph(id="doc-toy", source="toy.txt", text=text)
    doc.entities = [
        Entity("Person", per_a, "甲乙丙", {"posts": ["县委副书记"]}, [Span(2, 5, "甲乙丙")]),
        Entity("Organization", org, "丁戊县人民政府", {"aliases": ["丁戊县"]}, [Span(12, 15, "丁戊县")]),
        Entity("Person", per_b, "甲乙丙", {"posts": ["县长"]}, [Span(6, 9, "甲乙丙")]),
    ]
    doc.relations = [
        Relation("HOLDS_POST", per_a, "Person", org, "Organization", {"title": "县长"}, [Span(0, 5, "县长甲乙丙")]),
        Relation("HOLDS_POST", per_b, "Person", org, "Organization", {"title": "县长"}, [Span(6, 9, "甲乙丙")]),
    ]
    doc.check()
    return doc


def test_apply_maps_a_document_onto_the_canonical_ids() -> None:
    doc = _toy_document()
    per_a, org, per_b = (e.id for e in doc.entities)
    resolved = Resolver([_same(per_a, per_b)]).apply(doc)
    persons = [e for e in resolved.entities if e.label == "Person"]
    assert [p.id for p in persons] == [per_a]
    person = persons[0]
    assert [m.start for m in person.mentions] == [2, 6]
    assert person.resolved_from == [per_b]
    assert person.props["posts"] == ["县委副书记"]
    assert "甲乙丙" in person.props["aliases"]
    (post,) = [r for r in resolved.relations if r.type == "HOLDS_POST"]
    assert (post.src, post.dst) == (per_a, org)
    assert [s.start for s in post.evidence] == [0, 6]
    assert Resolver([]).apply(doc) is doc
    assert Resolver([_same("per-x", "per-y")]).apply(doc) is doc


# --- candidates on their own ------------------------------------------------------------------------------


def _node(label: str, eid: str, name: str, places: set[str], located: frozenset[str] = frozenset()) -> Node:
    return Node(eid, label, name, [("doc-1", "doc-1")], places | located, set(located))


def test_candidate_rules() -> None:
    assert normalise(" 中共 松岭县委 ") == "松岭县委"
    nodes = [
        _node("Organization", "org-1", "松岭县委第一巡察组", {"松岭县"}),
        _node("Organization", "org-2", "松岭县委第二巡察组", {"松岭县"}),
        _node("Organization", "org-3", "松岭县委", {"松岭县"}),
        _node("Organization", "org-4", "中共松岭县委", {"松岭县"}),
        _node("Organization", "org-5", "禾木镇党委", {"松岭县"}),
        _node("Organization", "org-6", "松岭县禾木镇党委", {"松岭县"}),
        _node("Organization", "org-7", "桐川县禾木镇党委", {"桐川县"}),
    ]
    found = {(c.rule, frozenset((c.a.id, c.b.id))) for c in find_candidates(nodes, Resolver())}
    assert ("same-name", frozenset(("org-3", "org-4"))) in found
    assert ("contained", frozenset(("org-5", "org-6"))) in found  # a place added in front
    assert not any({"org-1", "org-2"} == set(p) for _, p in found)  # only a numeral apart
    assert not any({"org-3", "org-1"} == set(p) for _, p in found)  # a sub-unit of the committee
    assert not any({"org-6", "org-7"} == set(p) for _, p in found)  # one apart, but two counties
    structure = [
        _node("Organization", "org-10", "樟港镇党委", {"松岭县"}, frozenset({"樟港镇"})),
        _node("Organization", "org-11", "樟平镇党委", {"松岭县"}, frozenset({"樟平镇"})),
        _node("Organization", "org-12", "松岭县财政局", set(), frozenset({"松岭县"})),
        _node("Organization", "org-13", "松岭县民政局", set(), frozenset({"松岭县"})),
        _node("Organization", "org-14", "松岭县纪委", set(), frozenset({"松岭县"})),
        _node("Organization", "org-15", "松岭县监委", set(), frozenset({"松岭县"})),
        _node("Organization", "org-16", "市委第六巡察组", {"松岭县"}),
        _node("Organization", "org-17", "县委第六巡察组", {"松岭县"}),
        _node("Organization", "org-18", "松龄县纪委", {"松岭县"}),
    ]
    apart = [(c.a.id, c.b.id) for c in find_candidates(structure, Resolver())]
    assert [set(p) for p in apart] == [{"org-14", "org-18"}], "only the miswritten county name is left"
    people = [
        _node("Person", "per-1", "李明哲", {"松岭县"}),
        _node("Person", "per-2", "李明", {"松岭县"}),
        _node("Person", "per-3", "李明哲", {"桐川县"}),
        _node("Person", "per-4", "李明折", {"桐川县"}),
        _node("Person", "per-5", "上官军", {"桐川县"}),
        _node("Person", "per-6", "上官茂", {"桐川县"}),
    ]
    found_people = {frozenset((c.a.id, c.b.id)): c for c in find_candidates(people, Resolver())}
    assert "different jurisdictions" in found_people[frozenset(("per-1", "per-3"))].reason
    assert found_people[frozenset(("per-1", "per-2"))].rule == "contained"
    assert found_people[frozenset(("per-3", "per-4"))].rule == "one-apart"
    assert frozenset(("per-2", "per-3")) not in found_people
    assert frozenset(("per-5", "per-6")) not in found_people  # one compound surname, two given names
    judged = Resolver([_different("per-1", "per-3"), _same("per-3", "per-4")])
    left = {frozenset((c.a.id, c.b.id)) for c in find_candidates(people, judged)}
    assert frozenset(("per-1", "per-3")) not in left and frozenset(("per-3", "per-4")) not in left
    assert frozenset(("per-1", "per-4")) not in left  # per-4 is per-3, which is kept apart from per-1


# --- person identity, on the real store ----------------------------------------------------------------


def _persons(store, name: str) -> dict[str, set[str]]:
    rows = store.read(
        "MATCH (d:Document)-[:MENTIONS]->(p:Person {name: $name}) RETURN p.id, collect(DISTINCT d.source)",
        {"name": name},
    ).rows
    return {row[0]: {Path(s).name for s in row[1]} for row in rows}


def test_person_identity_is_name_plus_jurisdiction(falkor) -> None:
    report = ingest_paths(falkor, [NOTICES])
    assert not report.failed
    secretary = _persons(falkor, "陈立行")
    assert list(secretary.values()) == [{"songling_2023_a.txt", "songling_2023_b.txt"}]
    heads = _persons(falkor, "韩望舒")
    assert sorted(map(sorted, heads.values())) == [
        ["qingchuan_2023.txt"],
        ["songling_2023_a.txt", "songling_2023_b.txt"],  # one node for two post chains in one county
        ["tongchuan_2023.txt"],
    ]


# --- skg resolve, as a user runs it -------------------------------------------------------------------


@pytest.fixture()
def resolve_cli(run_cli, data_dir: Path, tmp_path: Path):
    """``skg`` on a graph and a judgements file of the test's own, with the notices copied beside them.

    The commands under test run as subprocesses; the assertions read the same graph through the store.
    """
    graph = "res_" + secrets.token_hex(5)
    store = FalkorStore.embedded(data_dir, graph)
    notices = tmp_path / "notices"
    shutil.copytree(NOTICES, notices)
    env = {"SKG_RESOLUTIONS": str(tmp_path / "resolutions.jsonl")}

    class Cli:
        folder = notices
        judgements = tmp_path / "resolutions.jsonl"

        def __call__(self, *args: str):
            return run_cli(*args, graph=graph, env=env)

        def ok(self, *args: str):
            res = self(*args)
            assert res.returncode == 0, res.stdout + res.stderr
            return res

        def json(self, query: str, **params: object) -> list[dict]:
            return store.read(query, params).records()

        def candidates(self, *args: str):
            return json.loads(self.ok("resolve", "candidates", "-f", "json", *args).stdout)

        def persons(self, name: str) -> dict[str, dict[str, object]]:
            rows = self.json(
                "MATCH (d:Document)-[m:MENTIONS]->(p:Person {name: $name}) "
                "RETURN p.id AS id, p.aliases AS aliases, d.source AS source, m.resolvedFrom AS resolvedFrom",
                name=name,
            )
            out: dict[str, dict[str, object]] = {}
            for r in rows:
                entry = out.setdefault(r["id"], {"aliases": sorted(r["aliases"] or []), "docs": set(), "from": set()})
                entry["docs"].add(Path(r["source"]).name)  # type: ignore[union-attr]
                entry["from"].update(r["resolvedFrom"] or [])  # type: ignore[union-attr]
            return out

        def snapshot(self) -> dict[str, list[object]]:
            nodes = self.json(
                "MATCH (n) RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.aliases AS aliases, "
                "n.posts AS posts ORDER BY id"
            )
            for n in nodes:
                n["labels"], n["aliases"] = sorted(n["labels"]), sorted(n["aliases"] or [])
            rels = self.json(
                "MATCH (a)-[r]->(b) WHERE type(r) <> 'MENTIONS' "
                "RETURN type(r) AS t, a.id AS a, b.id AS b, r.sources AS s, r.evidence AS e"
            )
            mentions = self.json(
                "MATCH (d:Document)-[m:MENTIONS]->(x) "
                "RETURN d.id AS d, x.id AS x, m.start AS s, m.end AS e, m.resolvedFrom AS f"
            )
            key = lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False)
            for r in rels:
                r["s"], r["e"] = sorted(r["s"] or []), sorted(r["e"] or [])
            return {"nodes": nodes, "rels": sorted(rels, key=key), "mentions": sorted(mentions, key=key)}

    yield Cli()
    store.clear()
    store.close()


SONGLING = frozenset(("songling_2023_a.txt", "songling_2023_b.txt"))


def _county_heads(cli) -> tuple[str, str, str]:
    """The ids of 韩望舒 after a plain ingest: 松岭县's (both of its notices), 桐川县's (to which he is
    transferred) and 青川县's (someone else)."""
    heads = cli.persons("韩望舒")
    by_docs = {frozenset(v["docs"]): k for k, v in heads.items()}
    assert len(by_docs) == len(heads) == 3, heads
    return (
        by_docs[SONGLING],
        by_docs[frozenset({"tongchuan_2023.txt"})],
        by_docs[frozenset({"qingchuan_2023.txt"})],
    )


def _secretaries(cli) -> tuple[str, str]:
    """The ids of 许文涛 (notice a, 禾木镇) and 许文韬 (notice b, 柳河乡): one name miswritten, in 松岭县."""
    (tao,) = cli.persons("许文涛")
    (tao2,) = cli.persons("许文韬")
    return tao, tao2


def _pairs(candidates: list[dict]) -> dict[frozenset[str], dict]:
    return {frozenset((c["a"]["id"], c["b"]["id"])): c for c in candidates}


def test_same_merges_on_the_graph_and_undo_splits_again(resolve_cli) -> None:
    cli = resolve_cli
    cli.ok("ingest", "-q", str(cli.folder))
    before = cli.snapshot()
    keep, other, elsewhere = _county_heads(cli)
    found = _pairs(cli.candidates("--label", "Person"))
    named = [c for c in found.values() if c["a"]["name"] == c["b"]["name"] == "韩望舒"]
    assert len(named) == 3 and all("in different jurisdictions" in c["reason"] for c in named), named
    transfer = found[frozenset((keep, other))]
    assert transfer["rule"] == "same-name" and transfer["a"]["id"] == keep, "the better-attested node first"
    assert {d["title"] for d in transfer["a"]["documents"]} == {
        "中共松岭县委关于县委第一巡察组巡察禾木镇党委情况的通报", "中共松岭县委关于县委第二巡察组巡察柳河乡党委情况的通报"}
    assert "松岭县" in transfer["a"]["places"] and "桐川县" in transfer["b"]["places"]
    similar = [c for c in found.values() if {c["a"]["name"], c["b"]["name"]} == {"许文涛", "许文韬"}]
    assert len(similar) == 1 and similar[0]["reason"].startswith("similar names in 松岭县: one character apart")

    res = cli.ok("resolve", "same", keep, other, "--by", "审核员", "--why", "同一县长，2023年6月由松岭县调任桐川县")
    # the kept node is rebuilt from all of its documents: 松岭县's two and 桐川县's, not 青川县's
    assert "re-wrote 3 document(s)" in res.stdout and "qingchuan_2023.txt" not in res.stdout
    assert all(n in res.stdout for n in ("songling_2023_a.txt", "songling_2023_b.txt", "tongchuan_2023.txt"))
    heads = cli.persons("韩望舒")
    assert set(heads) == {keep, elsewhere}
    assert heads[keep]["docs"] == {*SONGLING, "tongchuan_2023.txt"}
    assert heads[keep]["aliases"] == ["韩望舒"] and heads[keep]["from"] == {other}
    assert heads[elsewhere]["docs"] == {"qingchuan_2023.txt"}
    posts = cli.json(
        "MATCH (p:Person {id: $id})-[h:HOLDS_POST]->(o) RETURN h.title AS title, o.name AS org, h.sources AS s",
        id=keep,
    )
    by_org = {p["org"]: p for p in posts}
    assert len(by_org["松岭县人民政府"]["s"]) == 2, "the 松岭县 post is supported by both of its notices"
    assert by_org["桐川县人民政府"]["title"] == "县长" and len(by_org["桐川县人民政府"]["s"]) == 1
    assert not cli.json("MATCH (p:Person {id: $id}) RETURN p.id AS id", id=other), "the merged id is gone"
    assert frozenset((keep, other)) not in _pairs(cli.candidates())
    (judgement,) = json.loads(cli.ok("resolve", "list", "-f", "json").stdout)
    assert judgement["judgement"] == "same" and judgement["ids"] == [keep, other]
    assert judgement["by"] == "审核员" and judgement["why"].startswith("同一县长") and judgement["at"]

    res = cli.ok("resolve", "undo", other, keep)
    assert "removed" in res.stdout and "re-wrote 3 document(s)" in res.stdout
    heads = cli.persons("韩望舒")
    assert set(heads) == {keep, other, elsewhere}
    assert heads[keep]["docs"] == SONGLING and heads[other]["docs"] == {"tongchuan_2023.txt"}
    assert heads[keep]["aliases"] == [] and heads[keep]["from"] == set()
    assert cli.snapshot() == before, "an undone merge leaves the graph as it was"
    assert frozenset((keep, other)) in _pairs(cli.candidates())
    assert "already reflects" in cli.ok("resolve", "apply").stdout


def test_different_removes_a_pair_and_conflicts_are_refused(resolve_cli) -> None:
    cli = resolve_cli
    cli.ok("ingest", "-q", str(cli.folder))
    keep, other, elsewhere = _county_heads(cli)
    res = cli.ok("resolve", "different", keep, elsewhere, "--why", "两个县的县长")
    assert "no document re-written" in res.stdout
    left = _pairs(cli.candidates())
    assert frozenset((keep, elsewhere)) not in left and frozenset((keep, other)) in left
    cli.ok("resolve", "same", keep, other, "--why", "同一县长，调任桐川县")
    assert frozenset((other, elsewhere)) not in _pairs(cli.candidates()), "kept apart through the group"
    judged = cli.judgements.read_text(encoding="utf-8")

    res = cli("resolve", "same", other, elsewhere, "--why", "看错了")
    assert res.returncode == 2
    assert "contradicts" in res.stderr and keep in res.stderr and elsewhere in res.stderr
    res = cli("resolve", "same", keep, elsewhere, "--why", "看错了")
    assert res.returncode == 2 and "already judged the other way" in res.stderr
    res = cli("resolve", "same", keep, "per-0000000000000000", "--why", "typo")
    assert res.returncode == 2 and "no node with id per-0000000000000000" in res.stderr
    res = cli("resolve", "undo", keep, "per-0000000000000000")
    assert res.returncode == 2 and "no judgement" in res.stderr
    assert cli.judgements.read_text(encoding="utf-8") == judged, "a refused judgement is not recorded"

    # a conflict written into the file by hand stops ingest and apply with the same explanation
    row = {"judgement": "same", "ids": [other, elsewhere], "by": "hand", "why": "edited", "at": "2024-01-01"}
    with cli.judgements.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    for args in (("ingest", "-q", str(cli.folder)), ("resolve", "apply")):
        res = cli(*args)
        assert res.returncode == 2 and "contradicts" in res.stderr and "cannot use the judgements" in res.stderr


def test_judgements_give_the_same_graph_whenever_they_are_applied(resolve_cli) -> None:
    cli = resolve_cli
    cli.ok("ingest", "-q", str(cli.folder))
    keep, other, elsewhere = _county_heads(cli)
    tao, tao2 = _secretaries(cli)
    cli.ok("resolve", "same", keep, other, "--why", "同一县长，调任桐川县")
    cli.ok("resolve", "same", tao, tao2, "--why", "同一人，名字写错一字")
    cli.ok("resolve", "different", keep, elsewhere, "--why", "两个县")
    applied_later = cli.snapshot()
    assert set(cli.persons("韩望舒")) == {keep, elsewhere} and not cli.persons("许文韬")
    secretary = cli.persons("许文涛")
    assert set(secretary) == {tao} and secretary[tao]["from"] == {tao2}
    assert secretary[tao]["docs"] == SONGLING and secretary[tao]["aliases"] == ["许文涛", "许文韬"]
    assert not _pairs(cli.candidates("--label", "Person")), "every person pair is judged"
    res = cli.ok("ingest", "-q", str(cli.folder))
    assert "4 unchanged" in res.stdout and "re-wrote" not in res.stdout
    assert cli.snapshot() == applied_later
    cli.ok("ingest", "-q", "--force", str(cli.folder))
    assert cli.snapshot() == applied_later
    # a fresh graph ingested with the judgements already on file comes out the same
    cli.ok("cypher", "--write", "MATCH (n) DETACH DELETE n")  # as a user would
    res = cli.ok("ingest", "-q", str(cli.folder))
    assert "4 ingested" in res.stdout and "re-wrote" not in res.stdout
    assert cli.snapshot() == applied_later


def test_a_changed_notice_replaces_its_resolved_facts_cleanly(resolve_cli) -> None:
    cli = resolve_cli
    cli.ok("ingest", "-q", str(cli.folder))
    keep, other, _ = _county_heads(cli)
    cli.ok("resolve", "same", keep, other, "--why", "同一县长，调任桐川县")
    old = cli.json("MATCH (d:Document) WHERE d.source ENDS WITH 'tongchuan_2023.txt' RETURN d.id AS id")[0]["id"]
    notice = cli.folder / "tongchuan_2023.txt"
    text = notice.read_text(encoding="utf-8")
    assert "县长韩望舒同志听取了巡察情况汇报，" in text
    notice.write_text(text.replace("县长韩望舒同志听取了巡察情况汇报，", ""), encoding="utf-8")
    res = cli.ok("ingest", "-q", str(cli.folder))
    assert "1 replaced" in res.stdout
    heads = cli.persons("韩望舒")
    assert heads[keep]["docs"] == SONGLING and heads[keep]["from"] == set()
    assert not cli.json("MATCH (:Person {id: $id})-[:HOLDS_POST]->(o {name: '桐川县人民政府'}) RETURN o.id AS o",
                        id=keep), "the post taken from the changed notice is gone"
    stale = cli.json("MATCH ()-[r]->() WHERE $old IN r.sources RETURN count(r) AS n", old=old)
    assert stale[0]["n"] == 0
    orphans = cli.json(
        "MATCH (n:Entity) WHERE NOT n:ProblemCategory AND NOT (n)<-[:MENTIONS]-(:Document) RETURN count(n) AS n"
    )
    assert orphans[0]["n"] == 0


def test_resolve_reads_through_the_neo4j_driver(run_cli, bolt_server, tmp_path: Path) -> None:
    """Candidates and the staleness check run over Bolt (the graph is loaded through the unix socket:
    FalkorDB's Bolt endpoint cannot take the writer's large requests)."""
    store = FalkorStore.connect(graph="falkordb", unix_socket_path=str(bolt_server["socket"]),
                                password=str(bolt_server["password"]))
    store.clear()
    try:
        assert not ingest_paths(store, [NOTICES]).failed
        heads = {frozenset(docs): pid for pid, docs in _persons(store, "韩望舒").items()}
        keep, other = heads[SONGLING], heads[frozenset({"tongchuan_2023.txt"})]
        elsewhere = heads[frozenset({"qingchuan_2023.txt"})]
        judgements = tmp_path / "resolutions.jsonl"
        JudgementFile(judgements).append(_same(keep, other))
        report = ingest_paths(store, [NOTICES], resolver=Resolver.from_file(judgements))
        assert report.resolution is not None and len(report.resolution.documents) == 3
        assert "qingchuan_2023.txt" not in str(report.resolution.documents)
        env = {"NEO4J_URI": str(bolt_server["uri"]), "NEO4J_USER": "falkordb",
               "NEO4J_PASSWORD": str(bolt_server["password"]), "SKG_NEO4J_ACQUISITION_TIMEOUT": "3",
               "SKG_RESOLUTIONS": str(judgements)}
        res = run_cli("resolve", "candidates", "-f", "json", "--label", "Person", env=env)
        assert res.returncode == 0, res.stderr
        pairs = _pairs(json.loads(res.stdout))
        assert pairs and frozenset((keep, other)) not in pairs
        assert frozenset((keep, elsewhere)) in pairs, "the merged node against 青川县's 韩望舒"
        res = run_cli("resolve", "apply", env=env)
        assert res.returncode == 0 and "already reflects" in res.stdout, res.stderr
    finally:
        store.clear()
        store.close()

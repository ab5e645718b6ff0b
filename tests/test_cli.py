"""The ``skg`` command as a user runs it: real subprocesses against the real embedded FalkorDB.

Each test works in a graph of its own on the session's server (``SKG_GRAPH``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEEDS


@pytest.fixture()
def cli(run_cli):
    """``run_cli`` bound to a fresh graph name, plus a JSON helper."""
    graph = "cli_" + secrets.token_hex(5)

    class Cli:
        name = graph

        def __call__(self, *args: str, **kw):
            kw.setdefault("graph", graph)
            return run_cli(*args, **kw)

        def json(self, query: str, *params: str):
            args = ["cypher", query, "-f", "json"]
            for p in params:
                args += ["-p", p]
            res = self(*args)
            assert res.returncode == 0, res.stderr
            return json.loads(res.stdout)

        def stats(self):
            res = self("stats", "-f", "json")
            assert res.returncode == 0, res.stderr
            return json.loads(res.stdout)

    yield Cli()
    run_cli("cypher", "--write", "MATCH (n) DETACH DELETE n", graph=graph)


def _sentence_at(text: str, start: int, end: int) -> str:
    return text[start:end]


@pytest.fixture()
def seeds_ingested(cli):
    if not SEEDS.is_dir():
        pytest.skip(f"the real seed notices are not here ({SEEDS})")
    res = cli("ingest", "-q", str(SEEDS))
    assert res.returncode == 0, res.stdout + res.stderr
    return cli


def _inspection(cli, unit: str):
    rows = cli.json(
        "MATCH (g:Organization)-[c:CONDUCTED]->(i:Inspection)-[:TARGETED]->(t:Organization {name: $unit}) "
        "MATCH (d:Document)-[m:MENTIONS]->(i) "
        "RETURN g.name AS group, i.kind AS kind, i.mode AS mode, i.start AS start, i.end AS end, "
        "i.feedbackDate AS feedback, m.quote AS quote, m.start AS qs, m.end AS qe, d.text AS text, c.evidence AS ev",
        f"unit={unit}",
    )
    assert rows, f"no inspection of {unit}"
    return rows


def test_seed_inspections_with_their_sentences(seeds_ingested) -> None:
    cli = seeds_ingested
    qixian = _inspection(cli, "杞县县委")
    assert [(r["group"], r["start"], r["end"], r["feedback"]) for r in qixian] == [
        ("开封市委第二巡察组", "2016-07-19", "2016-08-31", "2016-11-21")  # 市委 resolved through the gazetteer
    ]
    tianxin = _inspection(cli, "天心区委")
    assert [(r["group"].endswith("省委巡视第一组"), r["kind"], r["start"], r["end"]) for r in tianxin] == [
        (True, "巡视", "2015-11", "2016-01")
    ]
    xiaodian = _inspection(cli, "小甸镇党委")
    assert [(r["group"], r["start"], r["end"]) for r in xiaodian] == [
        ("寿县县委第四巡察组", "2023-10-09", "2024-01-14")
    ]
    for row in qixian + tianxin + xiaodian:
        # provenance: the quote is the document's own text at the stated offsets, a whole sentence
        assert row["text"][row["qs"]:row["qe"]] == row["quote"]
        assert "巡" in row["quote"] and row["quote"].endswith("。")
        doc_id, _, span = row["ev"][0].partition("@")
        s, e = map(int, span.split("-"))
        assert "巡" in row["text"][s:e]


def test_seed_person_post_and_regulation(seeds_ingested) -> None:
    cli = seeds_ingested
    rows = cli.json(
        "MATCH (p:Person {name: '李明哲'})-[h:HOLDS_POST]->(o:Organization) "
        "MATCH (d:Document)-[m:MENTIONS]->(p) RETURN h.title AS title, o.name AS org, h.evidence AS ev, "
        "m.start AS s, m.end AS e, d.text AS text"
    )
    assert {(r["title"], r["org"]) for r in rows} >= {("县委书记", "杞县县委")}
    for r in rows:
        assert r["text"][r["s"]:r["e"]] == "李明哲"
        _, _, span = r["ev"][0].partition("@")
        s, e = map(int, span.split("-"))
        assert "李明哲" in r["text"][s:e] and "县委书记" in r["text"][s:e]
    regs = cli.json(
        "MATCH (d:Document)-[m:MENTIONS]->(r:Regulation {name: '中国共产党问责条例'}) "
        "RETURN r.kind AS kind, m.start AS s, m.end AS e, d.text AS text"
    )
    assert regs
    for r in regs:
        assert r["text"][r["s"]:r["e"]] == "中国共产党问责条例"


def _all_ids(cli) -> list[str]:
    return [r["id"] for r in cli.json("MATCH (n) RETURN n.id AS id ORDER BY id")]


def test_reingest_is_idempotent(cli) -> None:
    first = cli("ingest", "-q", str(SAMPLES))
    assert first.returncode == 0, first.stderr
    counts, ids = cli.stats(), _all_ids(cli)
    assert counts["nodes"]["Document"] == 23
    assert counts["nodes"]["Inspection"] >= 20
    second = cli("ingest", "-q", str(SAMPLES))
    assert second.returncode == 0, second.stderr
    assert "23 unchanged" in second.stdout
    assert cli.stats() == counts
    assert _all_ids(cli) == ids
    forced = cli("ingest", "-q", "--force", str(SAMPLES))
    assert forced.returncode == 0, forced.stderr
    assert cli.stats() == counts
    assert _all_ids(cli) == ids


def test_changed_document_replaces_its_facts(cli, tmp_path: Path) -> None:
    src = SAMPLES / "s02_qinghe_county_2021_rectification.txt"
    notice = tmp_path / "notice.txt"
    shutil.copy(src, notice)
    assert cli("ingest", "-q", str(notice)).returncode == 0
    before = cli.json("MATCH (r:Regulation) RETURN r.name AS name ORDER BY name")
    old_doc = cli.json("MATCH (d:Document) RETURN d.id AS id")[0]["id"]
    assert before, "the sample cites regulations"
    dropped = before[0]["name"]
    text = notice.read_text(encoding="utf-8").replace(f"《{dropped}》", "有关规定")
    notice.write_text(text, encoding="utf-8")
    res = cli("ingest", "-q", str(notice))
    assert res.returncode == 0, res.stderr
    assert "1 replaced" in res.stdout
    docs = cli.json("MATCH (d:Document) RETURN d.id AS id")
    assert len(docs) == 1 and docs[0]["id"] != old_doc
    after = {r["name"] for r in cli.json("MATCH (r:Regulation) RETURN r.name AS name")}
    assert dropped not in after
    stale = cli.json(
        "MATCH ()-[r]->() WHERE r.sources IS NOT NULL AND $old IN r.sources RETURN count(r) AS n", f"old={old_doc}"
    )
    assert stale[0]["n"] == 0
    orphans = cli.json(
        "MATCH (n:Entity) WHERE NOT n:ProblemCategory AND NOT (n)<-[:MENTIONS]-(:Document) RETURN count(n) AS n"
    )
    assert orphans[0]["n"] == 0


def test_cypher_write_is_refused_by_the_engine(cli) -> None:
    assert cli("ingest", "-q", str(SAMPLES / "s01_qinghe_county_2021_feedback.txt")).returncode == 0
    before = cli.stats()
    for query in ["CREATE (n)", "MATCH (n) SET n.x = 1", "MATCH (n) DETACH DELETE n", "MERGE (:Intruder {id: 1})"]:
        res = cli("cypher", query)
        assert res.returncode == 2
        assert "refused by the database" in res.stderr
    assert cli.stats() == before
    res = cli("cypher", "--write", "CREATE (:Scratch {id: 'x'})")
    assert res.returncode == 0, res.stderr
    assert cli.json("MATCH (n:Scratch) RETURN count(n) AS n")[0]["n"] == 1


def test_cypher_errors_and_formats(cli) -> None:
    res = cli("cypher", "MATCH (n RETURN n")
    assert res.returncode == 2 and "syntax error" in res.stderr.lower()
    res = cli("cypher", "RETURN $x AS x, 2 AS y", "-p", "x=41", "-f", "csv")
    assert res.returncode == 0 and res.stdout.splitlines() == ["x,y", "41,2"]
    res = cli("cypher", "RETURN 1", "-p", "novalue")
    assert res.returncode == 2 and "key=value" in res.stderr


def _gbk_notice() -> bytes:
    text = (SAMPLES / "s06_shimen_township_2020_feedback.txt").read_text(encoding="utf-8")
    return text.replace("石门乡", "岭口乡").encode("gbk")


def test_bad_files_do_not_stop_the_run(cli, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_random.txt").write_bytes(os.urandom(4096))
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_gbk.txt").write_bytes(_gbk_notice())
    shutil.copy(SAMPLES / "s19_yunling_normal_university_2022_xunshi.html", folder / "d_page.html")
    shutil.copy(SAMPLES / "s10_jiangchuan_housing_bureau_2022.txt", folder / "e_good.txt")
    res = cli("ingest", "-q", str(folder))
    assert res.returncode == 1
    assert "a_random.txt" in res.stderr and "b_empty.txt" in res.stderr
    assert "c_gbk.txt" not in res.stderr and "d_page.html" not in res.stderr
    assert "3 ingested" in res.stdout and "2 failed" in res.stdout
    docs = {Path(r["source"]).name: r for r in cli.json(
        "MATCH (d:Document) RETURN d.source AS source, d.encoding AS enc, d.text AS text")}
    assert set(docs) == {"c_gbk.txt", "d_page.html", "e_good.txt"}
    assert docs["c_gbk.txt"]["enc"].lower() in {"gbk", "gb18030", "gb2312"}
    assert "岭口乡" in docs["c_gbk.txt"]["text"]
    page = docs["d_page.html"]["text"]
    assert "<" not in page and "分享到" not in page and "巡视" in page
    units = {r["unit"] for r in cli.json(
        "MATCH (i:Inspection)-[:TARGETED]->(o) RETURN o.name AS unit")}
    assert "岭口乡党委" in units and "云岭师范大学党委" in units


def test_missing_path_is_reported(cli, tmp_path: Path) -> None:
    res = cli("ingest", "-q", str(tmp_path / "nowhere"), str(SAMPLES / "s01_qinghe_county_2021_feedback.txt"))
    assert res.returncode == 1
    assert "no such file" in res.stderr
    assert cli.stats()["nodes"]["Document"] == 1


def test_named_queries(cli) -> None:
    assert cli("ingest", "-q", str(SAMPLES)).returncode == 0
    listing = cli("query", "--list")
    assert listing.returncode == 0
    for name in ("entity", "neighbours", "inspections_of_unit"):
        assert name in listing.stdout
    found = json.loads(cli("query", "entity", "-p", "q=禾丰镇", "-f", "json").stdout)
    org = next(r for r in found if r["name"] == "禾丰镇党委")
    neighbours = json.loads(cli("query", "neighbours", "-p", f"id={org['id']}", "-f", "json").stdout)
    assert neighbours
    insp = json.loads(cli("query", "inspections_of_unit", "-p", "unit=禾丰镇", "-f", "json").stdout)
    modes = sorted(r["mode"] for r in insp if r["unit"] == "禾丰镇党委")
    assert modes == ["回头看", "常规"]
    res = cli("query", "inspections_of_unit")
    assert res.returncode == 2 and "unit" in res.stderr
    res = cli("query", "no_such_query")
    assert res.returncode == 2


def test_db_status_start_stop(run_cli, tmp_path: Path) -> None:
    env = {"SKG_DATA_DIR": str(tmp_path / "own")}
    assert run_cli("db", "status", env=env).returncode == 3
    started = run_cli("db", "start", env=env)
    assert started.returncode == 0 and "running" in started.stdout
    assert run_cli("db", "status", env=env).returncode == 0
    assert run_cli("cypher", "--write", "CREATE (:Kept {id: 'k'})", env=env).returncode == 0
    assert "stopped" in run_cli("db", "stop", env=env).stdout
    assert run_cli("db", "status", env=env).returncode == 3
    # the append-only file brings the graph back with the next start
    res = run_cli("cypher", "MATCH (n:Kept) RETURN n.id AS id", "-f", "json", env=env)
    assert json.loads(res.stdout) == [{"id": "k"}]
    run_cli("db", "stop", env=env)


def test_cypher_timeout_is_enforced_by_the_engine(cli) -> None:
    assert cli("ingest", "-q", str(SAMPLES)).returncode == 0
    res = cli("cypher", "MATCH (a), (b), (c) RETURN count(*)", "--timeout", "200")
    assert res.returncode == 2
    assert "time limit" in res.stderr


def test_the_ingest_command_batches_as_the_pipeline_does():
    from ingest import pipeline
    from skg import cli

    assert cli._BATCH_ROWS == pipeline.BATCH_ROWS

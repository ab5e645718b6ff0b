"""`skg ingest --gazetteer`: world knowledge given by the user, through the real CLI and store."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from tests.conftest import SAMPLES

NOTICE = (
    "中共松溪县委关于巡察整改进展情况的通报\n"
    "按照市委安排,2023年4月3日至5月19日,市委第二巡察组对松溪县委开展了常规巡察。\n"
)


def _cypher(run_cli, graph: str, query: str) -> list[list]:  # type: ignore[type-arg]
    res = run_cli("cypher", query, "-f", "json", graph=graph)
    assert res.returncode == 0, res.stderr
    return [list(r.values()) if isinstance(r, dict) else r for r in json.loads(res.stdout)]


def test_a_gazetteer_file_changes_the_resolution_and_re_extracts(run_cli, tmp_path: Path) -> None:
    graph = "gz_" + secrets.token_hex(4)
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    query = "MATCH (o:Organization)-[:CONDUCTED]->(:Inspection) RETURN o.name"
    try:
        res = run_cli("ingest", "-q", str(notice), graph=graph)
        assert res.returncode == 0, res.stderr
        # the real 松溪县 is in 南平市
        assert _cypher(run_cli, graph, query) == [["南平市委第二巡察组"]]
        world = SAMPLES.parent / "world.json"
        res = run_cli("ingest", "-q", "--gazetteer", str(world), str(notice), graph=graph)
        assert res.returncode == 0, res.stderr
        assert "1 replaced" in res.stdout
        # the samples' fictional 松溪县 is in 白鹭市: same text, other world, re-extracted
        assert _cypher(run_cli, graph, query) == [["白鹭市委第二巡察组"]]
        again = run_cli("ingest", "-q", "--gazetteer", str(world), str(notice), graph=graph)
        assert "1 unchanged" in again.stdout
    finally:
        run_cli("cypher", "--write", "MATCH (n) DETACH DELETE n", graph=graph)


def test_a_broken_gazetteer_file_is_refused_before_anything_is_written(run_cli, tmp_path: Path) -> None:
    graph = "gz_" + secrets.token_hex(4)
    bad = tmp_path / "world.json"
    bad.write_text('{"places": 3}', encoding="utf-8")
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    res = run_cli("ingest", "-q", "--gazetteer", str(bad), str(notice), graph=graph)
    assert res.returncode == 2
    assert "not a gazetteer file" in res.stderr
    assert _cypher(run_cli, graph, "MATCH (n) RETURN count(n)") == [[0]]

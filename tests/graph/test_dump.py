"""``skg dump`` / ``skg restore`` on a real embedded FalkorDB: a round trip changes nothing, a bad file writes nothing."""

from __future__ import annotations

import gzip
import json
import secrets
from pathlib import Path

import pytest

from graph.dump import DumpError, dump, restore
from graph.store.falkor import FalkorStore
from ingest.extract import gazetteer
from ingest.pipeline import ingest_paths
from tests.conftest import REPO, SAMPLES


def _content(store: FalkorStore) -> tuple[list[str], list[str]]:
    """Every node (labels + properties) and relationship (type, ends, properties), as sorted canonical text."""
    nodes = store.read("MATCH (n) RETURN labels(n), properties(n)").rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)").rows
    as_text = lambda rows: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)  # noqa: E731
    return as_text([[sorted(labels), props] for labels, props in nodes]), as_text(rels)


@pytest.fixture(scope="module")
def source(data_dir: Path) -> FalkorStore:
    store = FalkorStore.embedded(data_dir, "dump_src_" + secrets.token_hex(4))
    world = gazetteer.load([REPO / "samples" / "world.json"])
    assert not ingest_paths(store, [SAMPLES], gazetteer=world).failed
    yield store
    store.clear()
    store.close()


def test_round_trip_keeps_every_node_relationship_and_property(source: FalkorStore, falkor: FalkorStore,
                                                              tmp_path: Path) -> None:
    file = tmp_path / "g.skgdump"
    written = dump(source, file)
    counts = source.counts()
    assert written.nodes == sum(1 for _ in source.read("MATCH (n) RETURN n.id").rows)
    assert written.relationships == sum(counts["relationships"].values())
    assert written.labels == counts["nodes"] and written.types == counts["relationships"]
    loaded = restore(falkor, file)
    assert (loaded.nodes, loaded.relationships) == (written.nodes, written.relationships)
    assert falkor.counts() == counts
    assert _content(falkor) == _content(source)
    # the restored graph answers the analyses like the original (indexes and constraints applied)
    q = "MATCH (i:Inspection)-[:TARGETED]->(u:Organization) RETURN u.name, i.id ORDER BY i.id"
    assert falkor.read(q).rows == source.read(q).rows
    again = dump(falkor, tmp_path / "again.skgdump")
    assert (again.nodes, again.relationships) == (written.nodes, written.relationships)


def test_restore_refuses_a_graph_that_is_not_empty_unless_replace(source: FalkorStore, falkor: FalkorStore,
                                                                  tmp_path: Path) -> None:
    file = tmp_path / "g.skgdump"
    dump(source, file)
    falkor.write("CREATE (:Note {id: 'note-1', name: 'kept'})")
    with pytest.raises(DumpError, match="already holds 1 nodes"):
        restore(falkor, file)
    assert falkor.read("MATCH (n) RETURN n.id").rows == [["note-1"]]
    restore(falkor, file, replace=True)
    assert falkor.counts() == source.counts()


def _recount(lines: list[str]) -> list[str]:
    """A footer that agrees with the lines, so only the hostile line itself can be what is refused."""
    rows = [json.loads(line) for line in lines[1:]]
    end = {"nodes": sum("n" in r for r in rows), "relationships": sum("r" in r for r in rows)}
    return [*lines, json.dumps({"end": end})]


def _rewrite(src: Path, dst: Path, edit) -> None:
    lines = gzip.open(src, "rt", encoding="utf-8").read().splitlines()
    with gzip.open(dst, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(edit(lines)) + "\n")


@pytest.mark.parametrize("damage, message", [
    (lambda lines: lines[:-1], "cut short"),
    (lambda lines: lines[: len(lines) // 2], "cut short"),
    (lambda lines: lines[1:], "no header"),
    (lambda lines: [*lines[:5], "{not json", *lines[5:]], "not JSON"),
    (lambda lines: _recount([lines[0], json.dumps({"n": ["Organization) DETACH DELETE (x"], "p": {"id": "x"}}),
                             *lines[1:-1]]), "not a plain identifier"),
    (lambda lines: _recount([*lines[:-1], json.dumps({"r": "IN]->() DETACH DELETE (b", "s": "a", "sl": "Problem",
                                                      "e": "b", "el": "Organization", "p": {}})]),
     "not a plain identifier"),
    (lambda lines: _recount([*lines[:-1], json.dumps({"r": "IN", "s": "prob-missing", "sl": "Problem",
                                                      "e": "org-missing", "el": "Organization", "p": {}})]),
     "names a node the dump does not hold"),
])
def test_a_damaged_or_hostile_dump_writes_nothing(source: FalkorStore, falkor: FalkorStore, tmp_path: Path,
                                                 damage, message) -> None:
    file = tmp_path / "g.skgdump"
    dump(source, file)
    bad = tmp_path / "bad.skgdump"
    _rewrite(file, bad, damage)
    with pytest.raises(DumpError, match=message):
        restore(falkor, bad)
    assert falkor.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_a_truncated_gzip_stream_is_refused(source: FalkorStore, falkor: FalkorStore, tmp_path: Path) -> None:
    file = tmp_path / "g.skgdump"
    dump(source, file)
    cut = tmp_path / "cut.skgdump"
    cut.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    with pytest.raises(DumpError):
        restore(falkor, cut)
    assert falkor.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_cli_dump_and_restore(source: FalkorStore, run_cli, tmp_path: Path) -> None:
    file = tmp_path / "cli.skgdump"
    done = run_cli("dump", str(file), graph=source.graph_name)
    assert done.returncode == 0, done.stderr
    assert "nodes" in done.stdout and file.is_file()
    target = "dump_cli_" + secrets.token_hex(4)
    done = run_cli("restore", str(file), graph=target)
    assert done.returncode == 0, done.stderr
    again = run_cli("restore", str(file), graph=target)
    assert again.returncode == 2 and "already holds" in again.stderr
    missing = run_cli("restore", str(tmp_path / "nope.skgdump"), graph=target)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    copy = FalkorStore.embedded(Path(source.data_dir), target)
    try:
        assert copy.counts() == source.counts()
        assert _content(copy) == _content(source)
    finally:
        copy.clear()
        copy.close()

"""``skg export --format neo4j-import``: files neo4j-admin can take, which read back into the same graph.

No Neo4j can run here, so the files are read back the way ``neo4j-admin
database import`` reads them (its header syntax, typed columns, the array
delimiter of import.sh, multi-line quoted fields) and compared with the graph.
"""

from __future__ import annotations

import csv
import json
import secrets
import shlex
from pathlib import Path
from typing import Any

import pytest

from graph.neo4j_import import ARRAY_DELIMITER, export_neo4j_import
from graph.store.falkor import FalkorStore
from ingest.extract import gazetteer
from ingest.pipeline import ingest_paths
from tests.conftest import REPO, SAMPLES


@pytest.fixture(scope="module")
def source(data_dir: Path) -> FalkorStore:
    store = FalkorStore.embedded(data_dir, "imp_" + secrets.token_hex(4))
    assert not ingest_paths(store, [SAMPLES], gazetteer=gazetteer.load([REPO / "samples" / "world.json"])).failed
    store.write("CREATE (:Note {id: 'note-1', name: 'a;b,\"c\"\n第二行', score: 2.5, rank: 3, ok: true, "
                "tags: ['x;y', '甲,乙'], nums: [1, 2]})")
    yield store
    store.clear()
    store.close()


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """What an import keeps: an empty cell is no property, so empty lists and strings are left out."""
    return {k: v for k, v in props.items() if v not in ([], "")}


def _parse(value: str, kind: str) -> Any:
    if kind.endswith("[]"):
        return [_parse(v, kind[:-2]) for v in value.split(ARRAY_DELIMITER)]
    return {"long": int, "double": float, "boolean": lambda v: v == "true"}.get(kind, str)(value)


def _read(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """A file as neo4j-admin sees it: header fields name:type, typed values, empty cells absent."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, out = rows[0], []
    for row in rows[1:]:
        assert len(row) == len(header), f"{path.name}: a row with {len(row)} fields under {len(header)} columns"
        record: dict[str, Any] = {}
        for field, cell in zip(header, row):
            if cell == "":
                continue
            name, _, kind = field.partition(":")
            record[field if not name else name] = _parse(cell, kind or "string") if kind not in ("ID", "LABEL") \
                else cell
        out.append(record)
    return header, out


def test_files_read_back_into_the_same_graph(source: FalkorStore, tmp_path: Path) -> None:
    files = export_neo4j_import(source, tmp_path / "imp")
    folder = tmp_path / "imp"
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for name in files.nodes:
        header, records = _read(folder / name)
        assert header[0] == "id:ID" and header[-1] == ":LABEL"
        for rec in records:
            labels = rec.pop(":LABEL").split(";")
            node_id = rec.pop("id")
            assert node_id not in nodes, f"id {node_id} in two node files: one global id space is required"
            nodes[node_id] = (sorted(labels), {"id": node_id, **rec})
    expected_nodes = {props["id"]: (sorted(labels), _present(props))
                      for labels, props in source.read("MATCH (n) RETURN labels(n), properties(n)").rows}
    for key in expected_nodes:
        assert nodes.get(key) == expected_nodes[key], key
    assert nodes.keys() == expected_nodes.keys()

    rels = []
    for name in files.relationships:
        header, records = _read(folder / name)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        for rec in records:
            assert rec[":START_ID"] in nodes and rec[":END_ID"] in nodes
            rels.append(json.dumps([rec.pop(":TYPE"), rec.pop(":START_ID"), rec.pop(":END_ID"), rec],
                                   sort_keys=True, ensure_ascii=False))
    expected_rels = [json.dumps([*row[:3], _present(row[3])], sort_keys=True, ensure_ascii=False) for row in
                     source.read("MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)").rows]
    assert sorted(rels) == sorted(expected_rels)
    assert sum(files.relationships.values()) == len(expected_rels)


def test_import_script_names_every_file_with_the_delimiters_used(source: FalkorStore, tmp_path: Path) -> None:
    files = export_neo4j_import(source, tmp_path / "imp")
    script = (tmp_path / "imp" / "import.sh").read_text(encoding="utf-8")
    command = next(line for line in script.splitlines() if line.startswith("neo4j-admin"))
    args = shlex.split(command)
    assert args[:4] == ["neo4j-admin", "database", "import", "full"]
    assert "--array-delimiter=U+001F" in args and "--multiline-fields=true" in args
    assert sorted(a.split("=", 1)[1] for a in args if a.startswith("--nodes=")) == sorted(files.nodes)
    assert sorted(a.split("=", 1)[1] for a in args if a.startswith("--relationships=")) == sorted(files.relationships)
    assert ord(ARRAY_DELIMITER) == 0x1F


def test_cli_needs_a_folder(source: FalkorStore, run_cli, tmp_path: Path) -> None:
    missing = run_cli("export", "--format", "neo4j-import", graph=source.graph_name)
    assert missing.returncode == 2 and "--output DIR" in missing.stderr
    done = run_cli("export", "--format", "neo4j-import", "--output", str(tmp_path / "out"), graph=source.graph_name)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "import.sh").is_file() and list((tmp_path / "out").glob("nodes_*.csv"))

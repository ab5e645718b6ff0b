"""``skg export --format neo4j-import``: the CSV files ``neo4j-admin database import full`` takes.

For a large archive, loading Neo4j offline is much faster than sending it the
writer's transactions.  The export writes, into one folder:

- ``nodes_<Labels>.csv`` per set of labels: an ``id:ID`` column (one global id
  space: the model's ids are unique across labels), one column per property
  with its type (``:long``, ``:double``, ``:boolean``, ``:string[]`` …), and
  ``:LABEL``;
- ``relationships_<TYPE>.csv`` per type: ``:START_ID``, ``:END_ID``, ``:TYPE``
  and the properties;
- ``import.sh``: the exact ``neo4j-admin`` command for these files.

Arrays are joined with U+001F (``--array-delimiter=U+001F``), because the
notices' text holds every printable delimiter; the text holds line breaks too,
hence ``--multiline-fields=true``.  An empty cell is no property to
neo4j-admin, so empty lists and empty strings are left out (the named queries
read such properties through ``coalesce``).  Rows are streamed through temporary files,
so memory stays flat however large the graph.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.dump import iter_nodes, iter_relationships
from graph.store.base import GraphStore

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"

_SAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass
class ImportFiles:
    folder: Path
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    def command(self, database: str = "neo4j") -> list[str]:
        """``neo4j-admin`` arguments for these files, relative to the folder."""
        args = ["neo4j-admin", "database", "import", "full", "--overwrite-destination",
                f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true"]
        args += [f"--nodes={name}" for name in sorted(self.nodes)]
        args += [f"--relationships={name}" for name in sorted(self.relationships)]
        return [*args, database]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _column_type(kinds: set[str]) -> str:
    """One Neo4j CSV type for every value a column holds; mixed columns fall back to strings."""
    arrays = {k[:-2] for k in kinds if k.endswith("[]")}
    scalars = {k for k in kinds if not k.endswith("[]")}
    if arrays and scalars:
        return "string[]"
    base = set(arrays or scalars)
    if base == {"long", "double"}:
        base = {"double"}
    kind = next(iter(base)) if len(base) == 1 else "string"
    return kind + "[]" if arrays else kind


def _value_kind(value: Any) -> str:
    if isinstance(value, list):
        inner = {_kind(v) for v in value} or {"string"}
        return _column_type(inner) + "[]"
    return _kind(value)


def _cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if column.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return ARRAY_DELIMITER.join(_scalar(v).replace(ARRAY_DELIMITER, " ") for v in items)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class _Spool:
    """Rows of one output file, kept in a temporary JSON-lines file with the types their properties took."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.path = tmp / (name + ".jsonl")
        self.fh: IO[str] = open(self.path, "w", encoding="utf-8")
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.rows = 0

    def add(self, head: list[Any], props: dict[str, Any]) -> None:
        for key, value in props.items():
            if value is not None:
                self.kinds[key].add(_value_kind(value))
        self.fh.write(json.dumps([head, props], ensure_ascii=False) + "\n")
        self.rows += 1

    def columns(self, skip: set[str]) -> list[tuple[str, str]]:
        return [(key, _column_type(kinds)) for key, kinds in sorted(self.kinds.items()) if key not in skip]


def _safe(name: str) -> str:
    return _SAFE.sub("_", name)


def export_neo4j_import(store: GraphStore, folder: Path) -> ImportFiles:
    """Write the graph of ``store`` as neo4j-admin import files into ``folder`` (created; existing CSVs replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("nodes_*.csv")) + list(folder.glob("relationships_*.csv")):
        old.unlink()
    result = ImportFiles(folder)
    with tempfile.TemporaryDirectory(prefix="skg-neo4j-import-") as tmpname:
        tmp = Path(tmpname)
        node_spools: dict[tuple[str, ...], _Spool] = {}
        for labels, props in iter_nodes(store):
            if props.get("id") is None:
                continue
            key = tuple(sorted(labels))
            spool = node_spools.get(key)
            if spool is None:
                spool = node_spools[key] = _Spool(tmp, "nodes_" + "_".join(_safe(x) for x in key))
            spool.add(list(key), props)
        rel_spools: dict[str, _Spool] = {}
        for rel_type, sid, _, eid, _, props in iter_relationships(store):
            if sid is None or eid is None:
                continue
            spool = rel_spools.get(rel_type)
            if spool is None:
                spool = rel_spools[rel_type] = _Spool(tmp, "relationships_" + _safe(rel_type))
            spool.add([sid, eid], props)
        for key, spool in sorted(node_spools.items()):
            spool.fh.close()
            columns = spool.columns({"id"})
            name = spool.path.stem + ".csv"
            header = ["id:ID", *(f"{k}:{t}" if t != "string" else k for k, t in columns), ":LABEL"]
            with open(spool.path, encoding="utf-8") as src, open(folder / name, "w", encoding="utf-8",
                                                                 newline="") as out:
                writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
                writer.writerow(header)
                for line in src:
                    labels, props = json.loads(line)
                    writer.writerow([props["id"], *(_cell(props.get(k), t) for k, t in columns), ";".join(labels)])
            result.nodes[name] = spool.rows
        for rel_type, spool in sorted(rel_spools.items()):
            spool.fh.close()
            columns = spool.columns(set())
            name = spool.path.stem + ".csv"
            header = [":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" if t != "string" else k for k, t in columns)]
            with open(spool.path, encoding="utf-8") as src, open(folder / name, "w", encoding="utf-8",
                                                                 newline="") as out:
                writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
                writer.writerow(header)
                for line in src:
                    (sid, eid), props = json.loads(line)
                    writer.writerow([sid, eid, rel_type, *(_cell(props.get(k), t) for k, t in columns)])
            result.relationships[name] = spool.rows
    script = folder / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Load these files into an empty Neo4j 5 database (stop the database first; run from this folder,\n"
        "# or copy the CSV files into Neo4j's import directory and run there).\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        + " ".join(shlex.quote(a) for a in result.command()[:-1]) + ' "${1:-neo4j}"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return result

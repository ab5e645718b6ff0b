"""Every named query is valid Neo4j 5 Cypher, as judged by Neo4j's own front end (npm ``@neo4j-cypher/language-support``).

``cypher/lint/lint.mjs`` runs ``lintCypherQuery`` over the files; ``./run.sh test`` installs it with ``npm ci``.
The graph's labels and relationship types (from ``graph.model``) are passed as the schema, so a misspelt label
or type, which would silently match nothing, is a finding too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cypher import QUERY_DIR
from graph.model import ENTITY_LABEL, LABEL_PREFIX, RELATIONSHIPS

LINT = QUERY_DIR / "lint"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed: the Cypher linter runs on Node.js"),
    pytest.mark.skipif(
        not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(),
        reason="the linter's npm packages are not installed: run `npm ci --prefix cypher/lint` (./run.sh test does)",
    ),
]


def _lint(files: list[Path], tmp_path: Path) -> list[dict]:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({
        "labels": sorted({*LABEL_PREFIX, ENTITY_LABEL}),
        "relationshipTypes": sorted({rel for _, rel, _ in RELATIONSHIPS} | {"MENTIONS"}),
    }))
    res = subprocess.run([str(NODE), str(LINT / "lint.mjs"), "--json", "--schema", str(schema), *map(str, files)],
                         capture_output=True, text=True, timeout=280)
    assert res.returncode in (0, 1), res.stderr
    return json.loads(res.stdout)


def test_every_query_file_passes_neo4js_front_end(tmp_path: Path) -> None:
    files = sorted(QUERY_DIR.glob("*.cypher"))
    assert len(files) >= 13
    reports = _lint(files, tmp_path)
    assert [Path(r["file"]).name for r in reports] == [f.name for f in files]
    # a FalkorDB-only file (its Neo4j twin beside it) may use the one form FalkorDB parses and Neo4j 5 deprecates
    tolerated = "CALL subquery without a variable scope clause is deprecated"
    findings = [f"{Path(r['file']).name}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
                for r in reports for d in r["diagnostics"]
                if not (r["falkorOnly"] and d["severity"] == "warning" and d["message"].startswith(tolerated))]
    assert findings == []
    assert {Path(r["file"]).name for r in reports if r["falkorOnly"]} == {"cross_unit_links.cypher", "shortest_path.cypher", "strongest_links.cypher"}


def _body(path: Path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("//"))


@pytest.mark.parametrize("name", ["cross_unit_links", "strongest_links"])
def test_a_subquery_twin_differs_only_in_its_call_scope(name: str) -> None:
    """The Neo4j twin of a query with subqueries is the same query with Neo4j 5's CALL (x) { … } scope clause."""
    falkor, neo4j = _body(QUERY_DIR / f"{name}.cypher"), _body(QUERY_DIR / f"{name}.neo4j.cypher")
    scoped = re.sub(r"CALL \{\n  WITH ([^\n]+)\n", r"CALL (\1) {\n", falkor)
    assert neo4j == scoped.replace("CALL {", "CALL () {")


def test_the_linter_catches_what_neo4j_would_refuse(tmp_path: Path) -> None:
    bad = {
        "syntax.cypher": "MATCH (n:Organization RETURN n",
        "undeclared.cypher": "// param: q: string\nMATCH (n:Entity) WHERE n.name = $name RETURN n",
        "falkordb_only.cypher": "MATCH (n:Person) WHERE string.matchRegEx(n.name, '^王') RETURN n",
        "typo.cypher": "MATCH (i:Inspection)-[:TARGETTED]->(u) RETURN u",
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    reports = {Path(r["file"]).name: r["diagnostics"] for r in _lint(sorted(tmp_path.glob("*.cypher")), tmp_path)}
    assert {name: bool(diags) for name, diags in reports.items()} == dict.fromkeys(bad, True)
    assert any("$name" in d["message"] for d in reports["undeclared.cypher"])
    assert any(d["severity"] == "error" for d in reports["falkordb_only.cypher"])
    assert any("TARGETTED" in d["message"] for d in reports["typo.cypher"])

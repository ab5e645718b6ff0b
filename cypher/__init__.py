"""The named query library: one ``.cypher`` file per query, documented in its header.

A header is a block of ``//`` lines at the top of the file::

    // name: entity
    // description: Entities whose name or alias contains a string.
    // param: q: string — the name fragment to look for
    // param: limit: int = 20 — at most this many rows
    // columns: id, label, name, aliases

A query whose optional parameters are alternatives (a unit *or* an inspection)
says so with ``// one of: unit, inspection``: at least one must be given.

Parameters are passed to the engine as parameters, never spliced into the text.
Where the two engines need different text, ``NAME.neo4j.cypher`` sits beside
``NAME.cypher`` and is used on Neo4j.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"^(?P<name>\w+)\s*:\s*(?P<type>\w+)(?P<opt>\?)?(?:\s*=\s*(?P<default>[^—]+?))?\s*(?:—\s*(?P<doc>.*))?$")
_TYPES = {"string", "int", "float", "bool", "list"}


class QueryLibraryError(ValueError):
    """A named query is unknown, badly documented, or given bad parameters."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: Any = None
    doc: str = ""

    def convert(self, raw: Any) -> Any:
        if raw is None:
            return None
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "bool":
                if isinstance(raw, bool):
                    return raw
                low = str(raw).strip().lower()
                if low in {"true", "1", "yes"}:
                    return True
                if low in {"false", "0", "no"}:
                    return False
                raise ValueError(raw)
            if self.type == "list":
                return list(raw) if isinstance(raw, (list, tuple)) else [s for s in str(raw).split(",") if s]
            return str(raw)
        except (TypeError, ValueError):
            raise QueryLibraryError(f"parameter {self.name!r} must be a {self.type}, got {raw!r}") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    neo4j_text: str | None = None
    path: Path = field(default=QUERY_DIR)
    one_of: tuple[str, ...] = ()

    def text_for(self, engine: str) -> str:
        return self.neo4j_text if engine == "neo4j" and self.neo4j_text else self.text

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryLibraryError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                bound[p.name] = p.convert(given[p.name])
            elif p.required:
                raise QueryLibraryError(f"query {self.name!r} needs the parameter {p.name!r} ({p.doc or p.type})")
            else:
                bound[p.name] = p.convert(p.default)
        if self.one_of and all(bound.get(name) is None for name in self.one_of):
            raise QueryLibraryError(f"query {self.name!r} needs one of the parameters {', '.join(map(repr, self.one_of))}")
        return bound


def _default(raw: str | None) -> Any:
    if raw is None:
        return None
    raw = raw.strip()
    return None if raw == "null" else raw.strip("'\"")


def parse(path: Path) -> NamedQuery:
    header: dict[str, Any] = {"params": [], "description": []}
    body: list[str] = []
    in_header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        if in_header and line.startswith("//"):
            content = line[2:].strip()
            key, _, value = content.partition(":")
            key = key.strip().lower()
            if key == "param":
                m = _PARAM.match(value.strip())
                if not m or m.group("type") not in _TYPES:
                    raise QueryLibraryError(f"{path.name}: bad parameter line {value.strip()!r}")
                required = not m.group("opt") and m.group("default") is None
                header["params"].append(
                    Param(m.group("name"), m.group("type"), required, _default(m.group("default")), (m.group("doc") or "").strip())
                )
            elif key in {"name", "columns"}:
                header[key] = value.strip()
            elif key == "one of":
                header["one_of"] = tuple(v.strip() for v in value.split(",") if v.strip())
            elif key == "description":
                header["description"].append(value.strip())
            elif header["description"] and content:
                header["description"].append(content)
            continue
        in_header = False
        body.append(line)
    name = header.get("name") or path.name.split(".")[0]
    text = "\n".join(body).strip()
    if not text:
        raise QueryLibraryError(f"{path.name}: no query text")
    columns = tuple(c.strip() for c in header.get("columns", "").split(",") if c.strip())
    one_of = header.get("one_of", ())
    unknown = [n for n in one_of if n not in {p.name for p in header["params"]}]
    if unknown:
        raise QueryLibraryError(f"{path.name}: 'one of' names no parameter {', '.join(unknown)}")
    return NamedQuery(name, " ".join(header["description"]), text, tuple(header["params"]), columns, path=path, one_of=one_of)


def load_queries(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    queries: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        if path.name.endswith(".neo4j.cypher"):
            continue
        q = parse(path)
        twin = path.with_name(path.name.replace(".cypher", ".neo4j.cypher"))
        if twin.exists():
            q = NamedQuery(q.name, q.description, q.text, q.params, q.columns, parse(twin).text, path, q.one_of)
        queries[q.name] = q
    return queries


def get_query(name: str) -> NamedQuery:
    queries = load_queries()
    if name not in queries:
        raise QueryLibraryError(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]

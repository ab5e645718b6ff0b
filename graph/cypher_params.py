"""Query parameters in FalkorDB's wire form: the ``CYPHER name=value …`` header before the query.

FalkorDB takes parameters as literals in a header the server parses, never
spliced into the query text.  The falkordb client builds that header in Python,
which cost the ingest about 3.7 s per thousand notices (a batch's rows are
hundreds of thousands of values).  This module writes the same header, byte
for byte (``tests/graph/test_cypher_params.py`` compares it with the client's
on generated values), and is part of the compiled group of
:mod:`graph.native`.

Strings are double-quoted with ``\\`` and ``"`` escaped; map keys and
parameter names are back-quoted and may not be empty or hold a back-quote;
``None`` is ``null``; lists and tuples are ``[…]``; anything else is its
``str()``.
"""

from __future__ import annotations

from typing import Any


def _key(key: object, what: str) -> str:
    text = key.decode() if isinstance(key, bytes) else str(key)
    if text == "":
        raise ValueError(f"Cypher {what} cannot be empty")
    if "`" in text:
        raise ValueError(
            f"Cypher {what} cannot contain a backtick: {text!r} "
            "(FalkorDB does not support escaped backticks in identifiers)"
        )
    return text


def _quote(text: str) -> str:
    if not text:
        return '""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _encode(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_quote(value))
    elif value is None:
        out.append("null")
    elif isinstance(value, dict):
        out.append("{")
        first = True
        for k, v in value.items():
            if not first:
                out.append(",")
            first = False
            out.append("`" + _key(k, "map key") + "`:")
            _encode(v, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        first = True
        for v in value:
            if not first:
                out.append(",")
            first = False
            _encode(v, out)
        out.append("]")
    else:
        out.append(str(value))


def encode(value: object) -> str:
    """One value as the header writes it."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def header(params: dict[str, Any] | None) -> str:
    """``CYPHER `a`=1 `b`="x" `` for ``{"a": 1, "b": "x"}``; empty without parameters."""
    if params is None:
        return ""
    out: list[str] = ["CYPHER "]
    for key, value in params.items():
        out.append("`" + _key(key, "parameter name") + "`=")
        _encode(value, out)
        out.append(" ")
    return "".join(out)

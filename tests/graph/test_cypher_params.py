"""graph.cypher_params writes the parameter header exactly as the falkordb client did, and values survive it."""

from __future__ import annotations

import pytest
from falkordb.graph import Graph
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import cypher_params

keys = st.text(min_size=1, max_size=8).filter(lambda k: "`" not in k)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**62), max_value=2**62)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(['"', "\\", '\\"', "a\nb", "青禾县委", "\x00", "`", "{}", "$x"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


def _client_header(params: dict[str, object]) -> str:
    # the client's own builder, unbound: it reads nothing from the graph object
    return Graph._build_params_header(None, params)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=5))
def test_the_header_is_the_clients_byte_for_byte(params):
    assert cypher_params.header(params) == _client_header(params)


@pytest.mark.parametrize(
    "bad", [{"": 1}, {"a`b": 1}, {"p": {"": 1}}, {"p": [{"k`": 2}]}], ids=["name", "name`", "key", "key`"]
)
def test_names_the_header_cannot_hold_are_refused(bad):
    with pytest.raises(ValueError, match="cannot"):
        cypher_params.header(bad)
    with pytest.raises(ValueError, match="cannot"):
        _client_header(bad)


def test_values_come_back_from_the_server_unchanged(falkor):
    value = {
        "quote": 'say "整改" \\ done',
        "lines": "第一行\n第二行\t",
        "nested": [[1, 2.5, None, True], {"a b": "x", "中文键": ["y"]}],
        "empty": "",
        "inject": '"}) MATCH (n) DETACH DELETE n //',
    }
    falkor.write("CREATE (:Probe {id: 'p'})")
    rows = falkor.read("RETURN $v", {"v": value}).rows
    assert rows == [[value]]
    assert falkor.read("MATCH (n:Probe) RETURN count(n)").rows == [[1]]

"""The mypyc build of the extractor (graph/native.py): used only while current, with the source's output."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import native

ROOT = Path(__file__).resolve().parent.parent

# Extracts the bundled samples and prints which files ran and a digest of every fact, offsets included.
_PROBE = r"""
import hashlib, json, sys
from graph import native
import ingest.extract.builder as builder
from ingest.pipeline import clean_file, expand_paths, extract_clean
paths, _ = expand_paths([sys.argv[1]])
h = hashlib.sha256()
for p in paths:
    g = extract_clean(clean_file(p))
    for e in sorted(g.entities, key=lambda e: e.id):
        spans = [(s.start, s.end, s.quote) for s in e.mentions]
        h.update(repr((e.label, e.id, e.name, sorted(e.props.items()), spans)).encode())
    for r in g.relations:
        spans = [(s.start, s.end) for s in r.evidence]
        h.update(repr((r.type, r.src, r.dst, sorted(r.props.items()), spans)).encode())
out = {"state": native.state()[0], "builder": builder.__file__, "docs": len(paths), "digest": h.hexdigest()}
print(json.dumps(out))
"""


def _probe(pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != native.DISABLE_ENV}
    if pure:
        env[native.DISABLE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(ROOT / "samples" / "notices")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_compiled_and_source_give_the_same_graphs():
    if native.state()[0] != "compiled":
        pytest.skip(f"the extractor is not compiled here: {native.state()[1]}")
    compiled, pure = _probe(pure=False), _probe(pure=True)
    assert compiled["state"] == "compiled" and str(compiled["builder"]).endswith(".so")
    assert pure["state"] == "disabled" and str(pure["builder"]).endswith("builder.py")
    assert compiled["docs"] == pure["docs"] >= 20
    assert compiled["digest"] == pure["digest"]


def _fake_tree(tmp_path: Path, modules: tuple[str, ...]) -> Path:
    for m in modules:
        path = native.source_path(m, tmp_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"X = {m!r}\n", encoding="utf-8")
    return tmp_path


def _fake_build(root: Path, modules: tuple[str, ...]) -> None:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for m in modules:
        src = native.source_path(m, root)
        (src.parent / f"{src.stem}{suffix}").write_bytes(b"")
    (root / f"{native.GROUP}__mypyc{suffix}").write_bytes(b"")
    (root / f"{native.GROUP}.json").write_text(json.dumps({"fingerprint": native.fingerprint(root, modules)}))


def test_a_build_counts_only_while_every_source_matches_its_stamp(tmp_path, monkeypatch):
    monkeypatch.delenv(native.DISABLE_ENV, raising=False)
    modules = ("pkg.a", "pkg.sub.b", "ingest.extract")
    root = _fake_tree(tmp_path, modules)
    assert native.state(root, modules)[0] == "absent"
    _fake_build(root, modules)
    assert native.state(root, modules)[0] == "compiled"

    # one changed source makes the whole group stale: its modules call one another natively
    b = native.source_path("pkg.sub.b", root)
    b.write_text(b.read_text() + "Y = 1\n")
    name, why = native.state(root, modules)
    assert name == "stale" and "changed" in why

    _fake_build(root, modules)
    assert native.state(root, modules)[0] == "compiled"
    next(root.glob("pkg/a.*.so")).unlink()
    name, why = native.state(root, modules)
    assert name == "stale" and "pkg.a" in why

    monkeypatch.setenv(native.DISABLE_ENV, "1")
    assert native.state(root, modules)[0] == "disabled"


def test_a_stale_group_is_imported_from_its_source(tmp_path):
    """The guard's finder loads the ``.py`` even where an (unloadable) extension module sits beside it."""
    modules = ("fakepkg.mod",)
    root = _fake_tree(tmp_path, modules)
    (root / "fakepkg" / "__init__.py").write_text("")
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    (root / "fakepkg" / f"mod{suffix}").write_bytes(b"not a shared object")
    code = (
        "import sys; from graph import native; "
        f"sys.path.insert(0, {str(root)!r}); "
        "from pathlib import Path; "
        f"sys.meta_path.insert(0, native._SourceFirst({modules!r}, Path({str(root)!r}))); "
        "import fakepkg.mod as m; print(m.X, m.__file__)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["fakepkg.mod", str(root / "fakepkg" / "mod.py")]


def test_the_group_lists_every_extractor_module():
    """A new module under ingest/extract is compiled with the others (the group calls itself natively)."""
    listed = {m for m in native.MODULES if m.startswith("ingest.extract")}
    on_disk = {"ingest.extract"} | {
        f"ingest.extract.{p.stem}" for p in (ROOT / "ingest" / "extract").glob("*.py")
    }
    on_disk.discard("ingest.extract.__init__")
    assert listed == on_disk

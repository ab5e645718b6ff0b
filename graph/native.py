"""The extractor compiled to C with mypyc, used only while it matches the source.

The rule extractors are plain typed Python.  ``python -m skg.native build``
(run by ``./run.sh`` at install) compiles the modules in :data:`MODULES` with
mypyc into extension modules beside their sources; they run about 1.5× faster
and give exactly the same output (``tests/test_native.py`` compares the two).

An extension module is imported before a ``.py`` of the same name, so a build
left behind by an older source would silently run old code.  The build
therefore writes a stamp: the SHA-256 of every compiled source, with the Python
and mypy versions.  :func:`install_guard` (called when the ``graph`` and
``ingest`` packages are imported) compares the stamp with the sources on disk;
unless they agree, it makes every module of the group load from its ``.py``.
The modules of the group call one another directly in C, so they are used all
compiled or not at all.  ``SKG_PURE_PYTHON=1`` forces the source as well.

    python -m skg.native build     compile (skipped when the stamp is current)
    python -m skg.native status    compiled / stale / absent / disabled, and why
    python -m skg.native clean     remove the built files
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The compiled group: the extractors, what they call per document, and the writer's parameter encoding.
#: The ``graph`` and ``ingest`` package files stay Python, so the guard below runs before any compiled
#: module is imported.
MODULES: tuple[str, ...] = (
    "graph.cypher_params",
    "graph.model",
    "ingest.normalize",
    "ingest.sections",
    "ingest.extract",
    *(
        f"ingest.extract.{name}"
        for name in (
            "assemble",
            "builder",
            "categories",
            "dates",
            "document",
            "figures",
            "gazetteer",
            "hierarchy",
            "inspections",
            "jurisdiction",
            "lexicon",
            "measures",
            "orgs",
            "persons",
            "places",
            "problems",
            "regulations",
            "script",
            "textutil",
            "units",
            "wordscan",
        )
    ),
)

#: mypyc's name for the shared library of the group (``skg_native__mypyc.*.so`` at the project root).
GROUP = "skg_native"
STAMP = ROOT / f"{GROUP}.json"
DISABLE_ENV = "SKG_PURE_PYTHON"


#: The modules of the group that are packages (their source is the package's ``__init__.py``).
PACKAGES: frozenset[str] = frozenset({"ingest.extract"})


def source_path(module: str, root: Path = ROOT) -> Path:
    if module in PACKAGES:
        return root.joinpath(*module.split("."), "__init__.py")
    return root.joinpath(*module.split(".")).with_suffix(".py")


def fingerprint(root: Path = ROOT, modules: tuple[str, ...] = MODULES) -> str:
    """What a build is valid for: the bytes of every compiled source and the interpreter it was built for."""
    h = hashlib.sha256(f"{sys.implementation.cache_tag}\n".encode())
    for module in modules:
        h.update(module.encode() + b"\0")
        h.update(source_path(module, root).read_bytes())
    return h.hexdigest()


def state(root: Path = ROOT, modules: tuple[str, ...] = MODULES) -> tuple[str, str]:
    """(``compiled`` | ``stale`` | ``absent`` | ``disabled``, a sentence saying why)."""
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return "disabled", f"{DISABLE_ENV} is set: the extractor runs from its Python source"
    stamp = root / f"{GROUP}.json"
    if not stamp.is_file():
        return "absent", "not compiled (python -m skg.native build compiles it)"
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        current = fingerprint(root, modules)
    except (OSError, ValueError) as exc:
        return "stale", f"cannot read the build stamp or a source ({exc}): running the Python source"
    if recorded.get("fingerprint") != current:
        return (
            "stale",
            "the sources changed since the last build: running the Python source (rebuild to speed up)",
        )
    missing = [m for m in modules if not _extension(m, root)]
    if missing or not _shared_library(root):
        return "stale", f"built files are missing ({', '.join(missing) or GROUP}): running the Python source"
    return "compiled", f"{len(modules)} modules compiled with mypyc {recorded.get('mypy', '?')}"


def _extension(module: str, root: Path = ROOT) -> Path | None:
    source = source_path(module, root)
    folder, stem = source.parent, source.stem
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def _shared_library(root: Path = ROOT) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = root / f"{GROUP}__mypyc{suffix}"
        if path.is_file():
            return path
    return None


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Loads the group's modules from their ``.py`` files, even where an extension module sits beside them."""

    def __init__(self, modules: tuple[str, ...], root: Path) -> None:
        self.modules = frozenset(modules)
        self.root = root

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.modules:
            return None
        source = source_path(fullname, self.root)
        if fullname in PACKAGES:
            return importlib.util.spec_from_file_location(
                fullname, source, submodule_search_locations=[str(source.parent)]
            )
        return importlib.util.spec_from_file_location(fullname, source)


class _SharedLibrary(importlib.abc.MetaPathFinder):
    """Finds the group's shared library at the project root (not on sys.path in an editable install)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def find_spec(self, fullname, path=None, target=None):
        if fullname != f"{GROUP}__mypyc":
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(self.path))
        return importlib.util.spec_from_file_location(fullname, self.path, loader=loader)


_STATE: tuple[str, str] | None = None


def install_guard() -> tuple[str, str]:
    """Decide once per process whether the compiled group is used; returns :func:`state`."""
    global _STATE
    if _STATE is None:
        _STATE = state()
        if _STATE[0] == "compiled":
            shared = _shared_library()
            assert shared is not None
            sys.meta_path.insert(0, _SharedLibrary(shared))
        else:
            sys.meta_path.insert(0, _SourceFirst(MODULES, ROOT))
    return _STATE


def active() -> bool:
    """Whether this process runs the compiled extractor."""
    return install_guard()[0] == "compiled"


def _built_files(root: Path = ROOT) -> list[Path]:
    found = [p for m in MODULES if (p := _extension(m, root)) is not None]
    shared = _shared_library(root)
    return (
        found
        + ([shared] if shared else [])
        + ([root / f"{GROUP}.json"] if (root / f"{GROUP}.json").exists() else [])
    )


def clean(root: Path = ROOT) -> int:
    files = _built_files(root)
    for path in files:
        path.unlink()
    return len(files)


def build(force: bool = False) -> str:
    """Compile the group in place and write the stamp; nothing is done when the stamp is already current."""
    if not force and state()[0] == "compiled":
        return state()[1]
    import mypy.version
    from mypyc.build import mypycify
    from setuptools import Distribution

    clean()
    paths = [str(source_path(m).relative_to(ROOT)) for m in MODULES]
    work = ROOT / "build" / "native"
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names modules by their path relative to the working directory
    try:
        extensions = mypycify(
            ["--ignore-missing-imports", *paths], opt_level="3", group_name=GROUP, target_dir=str(work / "c")
        )
        dist = Distribution({"name": GROUP, "ext_modules": extensions})
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.build_temp = str(work / "temp")
        dist.run_command("build_ext")
    finally:
        os.chdir(cwd)
    STAMP.write_text(
        json.dumps(
            {"fingerprint": fingerprint(), "mypy": mypy.version.__version__, "modules": list(MODULES)}
        ),
        encoding="utf-8",
    )
    global _STATE
    _STATE = None
    return state()[1]

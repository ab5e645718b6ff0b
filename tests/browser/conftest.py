"""The explorer in a real headless Chromium against a real ``skg serve`` over the ingested samples.

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright for Python; no browser is ever
downloaded.  Without Chromium, Playwright or the explorer's npm files the tests skip and say why.
Screenshots go to ``tests/browser/artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.explorer import NODE_MODULES, missing_vendor_files
from graph.store.falkor import FalkorStore
from ingest.extract import gazetteer
from ingest.pipeline import ingest_paths
from tests.api.conftest import start_server, stop
from tests.conftest import REPO, SAMPLES

CHROMIUM = Path(os.environ.get("SKG_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WORLD = REPO / "samples" / "world.json"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}


def _why_not() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; ./run.sh test does it where apt-get is available)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    missing = missing_vendor_files()
    if missing:
        return f"the explorer's npm files are missing in {NODE_MODULES} ({', '.join(missing)}): run npm ci --prefix api/web"
    return None


@pytest.fixture(scope="session")
def explorer_url(data_dir: Path) -> Iterator[str]:
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    graph = "web_" + secrets.token_hex(4)
    store = FalkorStore.embedded(data_dir, graph)
    assert not ingest_paths(store, [SAMPLES], gazetteer=gazetteer.load([WORLD])).failed
    proc, base = start_server(data_dir, graph)
    yield base
    stop(proc)
    store.clear()
    store.close()


@pytest.fixture(scope="session")
def browser(explorer_url: str):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Console:
    """What the page said: console errors and uncaught exceptions (none are allowed)."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def check(self) -> None:
        assert not self.errors, "errors in the browser console:\n" + "\n".join(self.errors)


@pytest.fixture()
def page(browser, explorer_url: str):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    console = Console()
    pg.on("console", lambda m: console.errors.append(f"console.{m.type}: {m.text} ({m.location.get('url')})")
          if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.errors.append(f"page error: {e}"))
    pg.console = console
    pg.goto(explorer_url + "/")
    yield pg
    context.close()


def shot(pg, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path

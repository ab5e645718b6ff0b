"""How the API serves the explorer (no browser needed): the page, its npm files from /vendor only,
and a page saying how to install them when they are missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.explorer import INSTALL_HINT, VENDOR_FILES, WEB_DIR, missing_vendor_files, mount_explorer


def _app(web_dir: Path) -> TestClient:
    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    mount_explorer(app, web_dir)
    return TestClient(app)


def test_explorer_and_vendor_files_are_served() -> None:
    if missing_vendor_files():
        pytest.skip(f"the explorer's npm files are not installed: {INSTALL_HINT}")
    client = _app(WEB_DIR)
    page = client.get("/")
    assert page.status_code == 200 and "监督关系图谱" in page.text
    for name in VENDOR_FILES:
        assert f'src="/vendor/{name}"' in page.text
        res = client.get(f"/vendor/{name}")
        assert res.status_code == 200 and "javascript" in res.headers["content-type"]
    assert client.get("/js/main.js").status_code == 200
    assert client.get("/styles.css").status_code == 200
    assert client.get("/health").json() == {"status": "ok"}, "API routes registered before the mount still answer"
    # node_modules is reachable only through the named /vendor files
    assert client.get("/node_modules/cytoscape/package.json").status_code == 404
    assert client.get("/package.json").status_code == 404
    assert client.get("/vendor/lodash.js").status_code == 404


def test_page_says_how_to_install_when_npm_files_are_missing(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    client = _app(tmp_path)
    page = client.get("/")
    assert page.status_code == 503
    assert INSTALL_HINT in page.text and "尚未安装" in page.text
    res = client.get("/vendor/cytoscape.min.js")
    assert res.status_code == 404 and INSTALL_HINT in res.text

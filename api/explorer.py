"""The web explorer: the static front end in ``api/web/`` served at ``/``.

Its graph libraries come from npm at set-up (``npm ci --prefix api/web``) and are
served from ``/vendor/<file>`` out of ``api/web/node_modules``: the browser never
reaches a CDN, so the explorer works offline.  Only the files the page loads are
exposed, not the whole ``node_modules`` tree.  When they are not installed, ``/``
answers with a page saying how to install them instead of a broken canvas.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent / "web"
NODE_MODULES = WEB_DIR / "node_modules"

#: URL name under /vendor/ → file inside node_modules, in the order index.html loads them.
VENDOR_FILES: dict[str, str] = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "dagre.min.js": "dagre/dist/dagre.min.js",
    "cytoscape-dagre.js": "cytoscape-dagre/cytoscape-dagre.js",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
}

INSTALL_HINT = "npm ci --prefix api/web"


def missing_vendor_files(node_modules: Path = NODE_MODULES) -> list[str]:
    return [name for name, rel in VENDOR_FILES.items() if not (node_modules / rel).is_file()]


def _not_installed_page(missing: list[str]) -> str:
    items = "".join(f"<li><code>{name}</code></li>" for name in missing)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>监督关系图谱 · 前端依赖未安装</title>
<style>body{{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:44rem;
margin:4rem auto;line-height:1.7;color:#1f2933}}code,pre{{background:#f1f3f5;padding:.1rem .35rem;border-radius:4px}}
pre{{padding:.8rem 1rem}}</style></head>
<body data-testid="explorer-not-installed">
<h1>前端图形库尚未安装</h1>
<p>浏览器界面需要的 JavaScript 库（Cytoscape.js 等）在安装时从 npm 获取，运行时不访问任何 CDN。
在项目目录中执行：</p>
<pre>{INSTALL_HINT}</pre>
<p>（<code>./run.sh demo</code> 与 <code>./run.sh test</code> 在装有 Node.js 时会自动执行。）然后刷新本页。</p>
<p>缺少的文件：</p><ul>{items}</ul>
<p>The explorer's graph libraries are not installed: run <code>{INSTALL_HINT}</code> in the project directory,
then reload. The HTTP API itself works: <a href="/docs">/docs</a>.</p>
</body></html>"""


def mount_explorer(app: FastAPI, web_dir: Path = WEB_DIR) -> None:
    """Serve the explorer at ``/`` and its npm files at ``/vendor/…``; call after every API route."""
    node_modules = web_dir / "node_modules"

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        rel = VENDOR_FILES.get(name)
        if rel is None:
            raise HTTPException(404, f"no vendor file {name!r}")
        path = node_modules / rel
        if not path.is_file():
            raise HTTPException(404, f"{name} is not installed: run {INSTALL_HINT}")
        return FileResponse(path, media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        missing = missing_vendor_files(node_modules)
        if missing:
            return HTMLResponse(_not_installed_page(missing), status_code=503)
        return FileResponse(web_dir / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    # Everything else of the front end (styles, modules); API routes registered before win.
    app.mount("/", _FrontEnd(directory=web_dir, html=True, check_dir=False), name="explorer")


class _FrontEnd(StaticFiles):
    """The front end's own files; node_modules and the npm manifests only through /vendor/."""

    HIDDEN = {"node_modules", "package.json", "package-lock.json"}

    async def get_response(self, path: str, scope) -> Response:  # type: ignore[no-untyped-def]
        if path.replace("\\", "/").lstrip("/").split("/", 1)[0] in self.HIDDEN:
            raise HTTPException(404, "not part of the explorer")
        return await super().get_response(path, scope)

"""Fixtures: a real embedded FalkorDB server per test session, and a second
FalkorDB with its Bolt listener for running the Neo4j adapter over Bolt."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from graph.server import binaries, ensure_server, stop_server
from graph.store.falkor import FalkorStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "samples" / "notices"


def _free_port() -> int:
    """A free port below 32768: FalkorDB ignores a BOLT_PORT above the signed 16-bit range."""
    for _ in range(200):
        port = secrets.randbelow(32767 - 20000) + 20000
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the Bolt listener")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("skgdata")
    ensure_server(path)
    yield path
    stop_server(path)


@pytest.fixture()
def falkor(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[FalkorStore]:
    """A FalkorDB store on the session's embedded server, with a graph of the test's own."""
    name = "t_" + secrets.token_hex(6)
    store = FalkorStore.embedded(data_dir, name)
    yield store
    store.clear()
    store.close()


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """FalkorDB speaking Bolt on a random loopback port with a random password.

    The Bolt listener binds every interface and is experimental (it crashed with
    append-only persistence on), so it runs only here, without persistence.
    """
    server, module = binaries()
    d = tmp_path_factory.mktemp("bolt")
    sock = str(d / "s.sock")
    port = _free_port()
    password = secrets.token_hex(12)
    proc = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", sock, "--dir", str(d), "--appendonly", "no", "--save", "",
         "--requirepass", password, "--loadmodule", module, "BOLT_PORT", str(port)],
        stdout=open(d / "server.log", "w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("FalkorDB's Bolt listener did not come up: " + (d / "server.log").read_text()[-2000:])
    yield {"uri": f"bolt://127.0.0.1:{port}", "password": password, "socket": sock, "proc": proc}
    proc.terminate()
    proc.wait(10)


@pytest.fixture()
def run_cli(data_dir: Path):
    """Run the real ``skg`` command in a subprocess against the session's data directory."""
    exe = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"

    def run(*args: str, graph: str | None = None, env: dict[str, str] | None = None, timeout: float = 300):
        e = dict(os.environ)
        e["SKG_DATA_DIR"] = str(data_dir)
        e.pop("NEO4J_URI", None)
        if graph:
            e["SKG_GRAPH"] = graph
        e.update(env or {})
        return subprocess.run([exe, *args], capture_output=True, text=True, env=e, timeout=timeout)

    return run


def graph_exists(sock: str, name: str, password: str | None = None) -> bool:
    client = redis.Redis(unix_socket_path=sock, password=password)
    return name.encode() in client.execute_command("GRAPH.LIST")


def sample_variants(folder: Path, copies: int) -> Path:
    """The UTF-8 sample notices in ``copies`` variants whose text differs, so each is a document of its own."""
    folder.mkdir()
    for k in range(copies):
        for src in sorted(SAMPLES.glob("*.txt")):
            if "gbk" in src.name or "big5" in src.name:
                continue
            (folder / f"v{k}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n(第{k + 1}份)\n",
                                                      encoding="utf-8")
    return folder

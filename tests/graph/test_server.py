"""The embedded server: one per data directory, unix socket only, survives being killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from graph.server import ensure_server, status, stop_server
from graph.store.falkor import FalkorStore


def _wait_dead(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"pid {pid} still alive")


def test_socket_only_and_append_only(tmp_path: Path) -> None:
    info = ensure_server(tmp_path)
    try:
        client = redis.Redis(unix_socket_path=info.socket)
        assert client.config_get("port") == {"port": "0"}
        assert client.config_get("appendonly") == {"appendonly": "yes"}
        assert client.config_get("appendfsync") == {"appendfsync": "always"}
        assert oct(os.stat(info.socket).st_mode & 0o777) == "0o700"
        recorded = json.loads((tmp_path / "server.json").read_text())
        assert recorded["pid"] == info.pid and recorded["started_by"] == os.getpid()
    finally:
        stop_server(tmp_path)
    assert status(tmp_path) is None
    assert not (tmp_path / "server.json").exists()


def test_processes_share_one_server(tmp_path: Path) -> None:
    code = "import sys; from graph.server import ensure_server; print(ensure_server(sys.argv[1]).pid)"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]
    try:
        pids = {int(p.communicate(timeout=60)[0].strip()) for p in procs}
        assert len(pids) == 1
        assert status(tmp_path).pid in pids
    finally:
        stop_server(tmp_path)


def test_killed_server_is_replaced_and_its_writes_kept(tmp_path: Path) -> None:
    info = ensure_server(tmp_path)
    store = FalkorStore.embedded(tmp_path, "g")
    store.write("UNWIND range(1, 500) AS i CREATE (:Kept {id: i})")
    store.close()
    os.kill(info.pid, signal.SIGKILL)
    _wait_dead(info.pid)
    assert status(tmp_path) is None  # the stale pid and socket are not mistaken for a live server
    try:
        again = ensure_server(tmp_path)
        assert again.pid != info.pid
        store = FalkorStore.embedded(tmp_path, "g")
        assert store.read("MATCH (n:Kept) RETURN count(n)").scalar() == 500
        store.close()
    finally:
        stop_server(tmp_path)


def test_stale_files_of_a_dead_server_are_cleaned(tmp_path: Path) -> None:
    ensure_server(tmp_path)
    stop_server(tmp_path)
    (tmp_path / "server.json").write_text(json.dumps(
        {"pid": 999_999, "socket": str(tmp_path / "falkordb.sock"), "data_dir": str(tmp_path),
         "started_by": 1, "started_at": 0.0}))
    (tmp_path / "falkordb.sock").write_text("")
    try:
        info = ensure_server(tmp_path)
        assert info.pid != 999_999
        assert redis.Redis(unix_socket_path=info.socket).ping()
    finally:
        stop_server(tmp_path)


def test_starters_racing_after_a_kill_share_one_server(tmp_path: Path) -> None:
    """Three processes find the server killed and start it at once, with 0.2 s of patience for silence: one
    server comes up, all three get it, its data is replayed.  (The long silent replay of a large graph, which
    once made a starter kill the loading server and start another, needs a bigger graph than a test should
    build; it was checked by hand on a 9,000-notice data directory: 78 s of loading, three starters, one server.)"""
    info = ensure_server(tmp_path)
    store = FalkorStore.embedded(tmp_path, "big")
    store.write("UNWIND range(1, 20000) AS i CREATE (:Big {id: i})")
    store.close()
    os.kill(info.pid, signal.SIGKILL)
    _wait_dead(info.pid)
    code = ("import sys; from graph.server import ensure_server; "
            "print(ensure_server(sys.argv[1], start_timeout=0.2).pid)")
    procs = []
    for _ in range(3):
        procs.append(subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
        time.sleep(0.1)
    try:
        outs = [p.communicate(timeout=300) for p in procs]
        assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
        pids = {int(o.strip()) for o, _ in outs}
        assert len(pids) == 1 and status(tmp_path).pid in pids
        log = (tmp_path / "falkordb.log").read_text(errors="replace")
        assert log.count("Ready to accept connections") == 2, "a second server was started on the directory"
        store = FalkorStore.embedded(tmp_path, "big")
        assert store.read("MATCH (n:Big) RETURN count(n)").scalar() == 20_000
        store.close()
    finally:
        stop_server(tmp_path)

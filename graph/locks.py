"""One writer per graph: the lock that serialises ingests, resolution rewrites and restores.

Each batch a writer sends is atomic, so two writers never leave half a
document; but two ingests of the same files would each decide from the graph
as it was when they started, and a restore under an ingest would mix two
states.  So every command that writes takes this lock first.

On the embedded store the lock is an ``flock`` on a file in the data
directory, one per graph: the kernel drops it when its holder dies, even by
SIGKILL, so a killed ingest never leaves a stale lock behind.  The file
records who holds it (pid, command, start time) for the message the next
writer prints.  A store without a data directory (Neo4j, a FalkorDB reached
over the network) has no lock here: there the database's own transactions
and uniqueness constraints are the guard.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.store.base import StoreError


class WriteLocked(StoreError):
    """Another process is writing to the same graph and the caller chose not to wait."""


def lock_path(store: Any) -> Path | None:
    """The lock file of ``store``'s graph, or None when the store has no data directory."""
    data_dir = getattr(store, "data_dir", None)
    graph = getattr(store, "graph_name", None)
    if data_dir is None or graph is None:
        return None
    return Path(data_dir) / f"write-{graph}.lock"


def holder(path: Path) -> dict[str, Any]:
    """Who wrote the lock file last (pid, command, since); empty when unknown."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8") or "{}"))
    except (OSError, ValueError):
        return {}


def describe(info: dict[str, Any]) -> str:
    if not info:
        return "another process"
    return f"pid {info.get('pid')} ({info.get('command', '?')}, since {info.get('since', '?')})"


@contextmanager
def write_lock(store: Any, wait: bool = True, on_wait: Callable[[str], None] | None = None,
               command: str | None = None) -> Iterator[None]:
    """Hold the graph's write lock for the duration of the block.

    When another process holds it: with ``wait`` (the default) block until it
    is released, after calling ``on_wait`` with a description of the holder;
    without, raise :class:`WriteLocked` naming the holder.
    """
    path = lock_path(store)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = describe(holder(path))
            if not wait:
                raise WriteLocked(
                    f"{who} is writing to graph {store.graph_name!r} in {path.parent}; "
                    "wait for it to finish (or run without --no-wait to queue behind it)"
                ) from None
            if on_wait is not None:
                on_wait(who)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({
                "pid": os.getpid(),
                "command": command or " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv[:4])),
                "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            }, ensure_ascii=False))
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)

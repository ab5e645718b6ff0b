"""Writers and readers at once: two ingests on one graph, an ingest under a serving API, a server killed mid-ingest.

Everything here runs the real ``skg`` command in subprocesses against a real
embedded FalkorDB server, as users would.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.locks import WriteLocked, lock_path, write_lock
from graph.server import ensure_server, status, stop_server
from graph.store.falkor import FalkorStore
from ingest.pipeline import ingest_paths
from tests.api.conftest import start_server, stop
from tests.conftest import sample_variants

EXE = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"


def _env(data_dir: Path, graph: str) -> dict[str, str]:
    env = dict(os.environ, SKG_DATA_DIR=str(data_dir), SKG_GRAPH=graph)
    env.pop("NEO4J_URI", None)
    return env


def _snapshot(store: FalkorStore) -> tuple[dict, list[str]]:
    return store.counts(), [r[0] for r in store.read("MATCH (n) RETURN n.id ORDER BY n.id").rows]


def test_an_ingest_waits_for_the_graph_s_writer_and_no_wait_refuses(falkor: FalkorStore, tmp_path: Path) -> None:
    corpus = sample_variants(tmp_path / "c", 1)
    env = _env(Path(falkor.data_dir), falkor.graph_name)
    with write_lock(falkor, command="test holder"):
        refused = subprocess.run([EXE, "ingest", "-q", "--no-wait", str(corpus)], env=env,
                                 capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2
        assert f"pid {os.getpid()} (test holder" in refused.stderr and "is writing to graph" in refused.stderr
        queued = subprocess.Popen([EXE, "ingest", "-q", str(corpus)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert queued.poll() is None, "the second writer did not wait"
        assert falkor.read("MATCH (d:Document) RETURN count(d)").scalar() in (0, None)
    out, errs = queued.communicate(timeout=300)
    assert queued.returncode == 0, errs
    assert "waiting: pid" in errs
    assert falkor.read("MATCH (d:Document) RETURN count(d)").scalar() == len(list(corpus.iterdir()))
    assert lock_path(falkor).read_text() == ""  # released, and no holder left on record


def test_the_lock_is_dropped_when_its_holder_is_killed(falkor: FalkorStore) -> None:
    code = ("import sys, time; from graph.store.falkor import FalkorStore; from graph.locks import write_lock\n"
            "s = FalkorStore.embedded(sys.argv[1], sys.argv[2])\n"
            "with write_lock(s):\n    print('held', flush=True); time.sleep(600)\n")
    holder = subprocess.Popen([os.sys.executable, "-c", code, str(falkor.data_dir), falkor.graph_name],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WriteLocked, match=f"pid {holder.pid}"):
            with write_lock(falkor, wait=False):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    with write_lock(falkor, wait=False):
        pass


def test_two_ingests_at_once_give_the_graph_of_one(data_dir: Path, tmp_path: Path) -> None:
    corpus = sample_variants(tmp_path / "c", 3)
    clean = FalkorStore.embedded(data_dir, "clean_" + secrets.token_hex(4))
    both = FalkorStore.embedded(data_dir, "both_" + secrets.token_hex(4))
    try:
        assert not ingest_paths(clean, [corpus]).failed
        env = _env(data_dir, both.graph_name)
        # both start while this test holds the graph's lock, so they are sure to overlap (left to themselves,
        # the first may finish a small corpus before the second has started): once it is released one
        # writes and the other waits for it
        errs: list[list[str]] = [[], []]
        with write_lock(both, command="test holder"):
            procs = [subprocess.Popen([EXE, "ingest", "-q", str(corpus)], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(2)]
            readers = [threading.Thread(target=lambda p=p, e=e: e.extend(p.stderr), daemon=True)
                       for p, e in zip(procs, errs)]
            for r in readers:
                r.start()
            deadline = time.monotonic() + 120
            while not all(any(f"waiting: pid {os.getpid()}" in line for line in e) for e in errs):
                assert time.monotonic() < deadline, errs
                assert all(p.poll() is None for p in procs), errs
                time.sleep(0.05)
        outs = [p.stdout.read() for p in procs]
        for p, r in zip(procs, readers):
            p.wait(600)
            r.join(10)
        assert [p.returncode for p in procs] == [0, 0], errs
        # the one that wrote second found every document already there
        assert any("unchanged" in out for out in outs)
        assert _snapshot(both) == _snapshot(clean)
    finally:
        for s in (clean, both):
            s.clear()
            s.close()


def test_the_api_keeps_answering_during_an_ingest(data_dir: Path, tmp_path: Path) -> None:
    corpus = sample_variants(tmp_path / "c", 4)
    graph = "serve_" + secrets.token_hex(4)
    env = _env(data_dir, graph)
    server, base = start_server(data_dir, graph)
    client = httpx.Client(base_url=base, timeout=30)
    store = FalkorStore.embedded(data_dir, graph)
    try:
        ingest = subprocess.Popen([EXE, "ingest", "-q", "--batch-rows", "300", str(corpus)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen: list[int] = []
        statuses: list[int] = []
        while ingest.poll() is None:
            r = client.post("/cypher", json={"query": "MATCH (d:Document) RETURN count(d)"})
            statuses.append(r.status_code)
            if r.status_code == 200:
                seen.append(r.json()["rows"][0][0])
            statuses.append(client.get("/health").status_code)
            time.sleep(0.05)
        assert ingest.wait() == 0, ingest.stderr.read() if ingest.stderr else ""
        assert statuses and set(statuses) == {200}
        assert seen == sorted(seen), "a reader saw documents disappear during the ingest"
        final = client.post("/cypher", json={"query": "MATCH (d:Document) RETURN count(d)"}).json()["rows"][0][0]
        assert final == len(list(corpus.iterdir()))
    finally:
        client.close()
        stop(server)
        store.clear()
        store.close()


@pytest.mark.slow
def test_a_server_killed_mid_ingest_comes_back_with_whole_documents(tmp_path: Path) -> None:
    """SIGKILL the embedded server (not the client) while an ingest writes: the append-only file is replayed."""
    data = tmp_path / "data"
    corpus = sample_variants(tmp_path / "c", 6)
    reference = tmp_path / "ref"
    ref = FalkorStore.embedded(reference, "g")
    try:
        assert not ingest_paths(ref, [corpus]).failed
        expected = _snapshot(ref)
    finally:
        ref.close()
        stop_server(reference)
    info = ensure_server(data)
    store = FalkorStore.embedded(data, "g")
    env = _env(data, "g")
    try:
        ingest = subprocess.Popen([EXE, "ingest", "-q", "--batch-rows", "150", str(corpus)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if (store.read("MATCH (d:Document) RETURN count(d)").scalar() or 0) >= 10:
                break
            time.sleep(0.02)
        os.kill(info.pid, signal.SIGKILL)
        out, errs = ingest.communicate(timeout=120)
        assert ingest.returncode != 0
        assert "Traceback" not in errs and errs.strip(), "the ingest should say the store went away"
        store.close()
        assert status(data) is None
        again = ensure_server(data)
        assert again.pid != info.pid
        store = FalkorStore.embedded(data, "g")
        have = store.read("MATCH (d:Document) RETURN count(d)").scalar()
        assert have and have >= 10  # what was acknowledged before the kill survived it
        done = subprocess.run([EXE, "ingest", "-q", str(corpus)], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr
        assert _snapshot(store) == expected
    finally:
        store.close()
        stop_server(data)


def test_extraction_workers_give_the_graph_of_one_process(data_dir: Path, tmp_path: Path) -> None:
    corpus = sample_variants(tmp_path / "c", 3)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 4)
    graphs = {w: FalkorStore.embedded(data_dir, f"w{w}_" + secrets.token_hex(4)) for w in (0, 2)}
    try:
        reports = {w: ingest_paths(s, [corpus], workers=w) for w, s in graphs.items()}
        assert [(r.path, r.status, r.message) for r in reports[0].results] == \
               [(r.path, r.status, r.message) for r in reports[2].results]
        assert len(reports[2].failed) == 1
        assert _snapshot(graphs[0]) == _snapshot(graphs[2])
        rels = "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)"
        assert sorted(map(str, graphs[0].read(rels).rows)) == sorted(map(str, graphs[2].read(rels).rows))
    finally:
        for s in graphs.values():
            s.clear()
            s.close()

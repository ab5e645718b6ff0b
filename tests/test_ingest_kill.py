"""A killed ingest leaves only whole documents, and a re-run completes the set.

``skg ingest`` runs in a subprocess with small write batches and is killed with
SIGKILL once some batches have landed.  Every document then in the graph must
carry exactly the facts a clean run gives it; a second run must end with the
counts and ids of the clean run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph.store.falkor import FalkorStore
from ingest.pipeline import ingest_paths
from tests.conftest import sample_variants

COPIES = 8


def _per_document(store: FalkorStore) -> dict[str, tuple[int, int]]:
    rows = store.read(
        "MATCH (d:Document) OPTIONAL MATCH (d)-[m:MENTIONS]->() WITH d, count(m) AS mentions "
        "OPTIONAL MATCH ()-[r]->() WHERE d.id IN r.sources RETURN d.source, mentions, count(r)"
    ).rows
    return {Path(row[0]).name: (int(row[1]), int(row[2])) for row in rows}


def _ids(store: FalkorStore) -> list[str]:
    return [r[0] for r in store.read("MATCH (n) RETURN n.id ORDER BY n.id").rows]


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_documents(data_dir: Path, tmp_path: Path) -> None:
    corpus = sample_variants(tmp_path / "corpus", COPIES)
    clean = FalkorStore.embedded(data_dir, "clean_" + secrets.token_hex(4))
    killed = FalkorStore.embedded(data_dir, "killed_" + secrets.token_hex(4))
    try:
        assert not ingest_paths(clean, [corpus]).failed
        expected = _per_document(clean)
        total = len(expected)
        exe = shutil.which("skg", path=str(Path(os.sys.executable).parent)) or "skg"
        env = dict(os.environ, SKG_DATA_DIR=str(data_dir), SKG_GRAPH=killed.graph_name)
        env.pop("NEO4J_URI", None)
        kills = 0
        for attempt in range(3):
            proc = subprocess.Popen([exe, "ingest", "-q", "--batch-rows", "150", str(corpus)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                have = killed.read("MATCH (d:Document) RETURN count(d)").scalar() or 0
                if have >= (attempt + 1) * total // 4:
                    proc.send_signal(signal.SIGKILL)
                    kills += 1
                    break
                time.sleep(0.02)
            proc.wait(30)
            got = _per_document(killed)
            assert got, "nothing was written before the kill"
            for name, facts in got.items():
                assert facts == expected[name], f"{name} is half-written after the kill"
        assert kills >= 1
        proc = subprocess.run([exe, "ingest", "-q", str(corpus)], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert _per_document(killed) == expected
        assert killed.counts() == clean.counts()
        assert _ids(killed) == _ids(clean)
    finally:
        clean.clear()
        killed.clear()
        clean.close()
        killed.close()

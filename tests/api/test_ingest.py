"""POST /ingest: off without a configured token, 401 for a wrong one, and with the right one the same
pipeline as ``skg ingest`` (per-file outcomes, unchanged on re-upload, a broken file reported alone)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.store.falkor import FalkorStore
from tests.api.conftest import start_server, stop
from tests.api.test_http import is_problem
from tests.conftest import SAMPLES

TOKEN = "t-" + secrets.token_urlsafe(24)
S01 = SAMPLES / "s01_qinghe_county_2021_feedback.txt"
S12 = SAMPLES / "s12_bailu_medical_insurance_2022_jidong_gbk.txt"
S08 = SAMPLES / "s08_shimen_township_2023_tiji.html"


@pytest.fixture(scope="module")
def writable(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, FalkorStore]]:
    graph = "ingest_" + secrets.token_hex(4)
    store = FalkorStore.embedded(data_dir, graph)
    resolutions = tmp_path_factory.mktemp("judgements") / "resolutions.jsonl"
    proc, base = start_server(data_dir, graph, {"SKG_API_TOKEN": TOKEN, "SKG_RESOLUTIONS": str(resolutions)})
    client = httpx.Client(base_url=base, timeout=120)
    yield client, store
    client.close()
    stop(proc)
    store.clear()
    store.close()


def files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_without_a_configured_token_writes_are_off(api: httpx.Client) -> None:
    before = api.get("/stats").json()
    res = api.post("/ingest", files=files(("a.txt", S01.read_bytes())), headers=auth("anything"))
    assert "SKG_API_TOKEN" in is_problem(res, 403)["detail"]
    assert api.get("/stats").json() == before


def test_missing_or_wrong_token_is_401(writable) -> None:
    client, store = writable
    body = files(("a.txt", S01.read_bytes()))
    res = client.post("/ingest", files=body)
    assert is_problem(res, 401) and res.headers["www-authenticate"].startswith("Bearer")
    is_problem(client.post("/ingest", files=body, headers=auth(TOKEN + "x")), 401)
    is_problem(client.post("/ingest", files=body, headers={"Authorization": f"Basic {TOKEN}"}), 401)
    is_problem(client.post("/ingest", files=body, headers={"Authorization": "Bearer"}), 401)
    assert store.read("MATCH (d:Document) RETURN count(d)").scalar() == 0


def test_right_token_ingests_and_reports_each_file(writable) -> None:
    client, store = writable
    res = client.post("/ingest", headers=auth(), files=files(
        (S01.name, S01.read_bytes()),
        ("broken.txt", b"   \n\t  "),                  # no text at all
        ("notes.pdf", b"%PDF-1.4 whatever"),            # not a supported type
        (S12.name, S12.read_bytes()),                   # GBK
        (S08.name, S08.read_bytes()),                   # HTML
    ))
    assert res.status_code == 200, res.text
    out = res.json()
    assert set(out) == {"results", "seconds", "failed"} and out["failed"] == 2
    status = {r["filename"]: r for r in out["results"]}
    assert [r["filename"] for r in out["results"]] == [S01.name, "broken.txt", "notes.pdf", S12.name, S08.name]
    for name in (S01.name, S12.name, S08.name):
        assert status[name]["status"] == "ingested" and status[name]["document"].startswith("doc-")
    assert status["broken.txt"]["status"] == "failed" and "empty" in status["broken.txt"]["message"]
    assert status["notes.pdf"]["status"] == "failed" and ".pdf" in status["notes.pdf"]["message"]
    docs = {r[0] for r in store.read("MATCH (d:Document) RETURN d.id").rows}
    assert docs == {status[n]["document"] for n in (S01.name, S12.name, S08.name)}
    # the documents are served with their spans, as any ingested document
    doc = client.get(f"/documents/{status[S01.name]['document']}").json()
    assert doc["spans"] and all(doc["text"][s["start"]:s["end"]] == s["quote"] for s in doc["spans"])
    assert client.get("/entities", params={"q": "周承远", "type": "Person"}).json()["items"]


def test_reupload_is_unchanged_and_a_new_version_replaces(writable) -> None:
    client, store = writable
    counts = client.get("/stats").json()
    again = client.post("/ingest", headers=auth(), files=files((S01.name, S01.read_bytes()))).json()
    assert [r["status"] for r in again["results"]] == ["unchanged"]
    assert client.get("/stats").json() == counts
    old = again["results"][0]["document"]
    changed = S01.read_text(encoding="utf-8").replace("问题线索9条", "问题线索10条")
    res = client.post("/ingest", headers=auth(), files=files((S01.name, changed.encode("utf-8")))).json()
    assert res["results"][0]["status"] == "replaced" and res["results"][0]["document"] != old
    ids = {r[0] for r in store.read("MATCH (d:Document) RETURN d.id").rows}
    assert old not in ids and res["results"][0]["document"] in ids and len(ids) == 3


def test_same_name_twice_in_one_upload_and_no_files(writable) -> None:
    client, _ = writable
    res = client.post("/ingest", headers=auth(), files=files((S12.name, S12.read_bytes()), (S12.name, b"other")))
    first, second = res.json()["results"]
    assert first["status"] == "unchanged" and second["status"] == "failed" and "same name" in second["message"]
    is_problem(client.post("/ingest", headers=auth()), 422)

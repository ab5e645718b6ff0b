"""The bad-input corpus (tests/robust/badfiles.py) ingested in one run with good notices, into a real FalkorDB.

Each bad file either fails with a one-line message naming what is wrong (an IngestError, no traceback) or is
ingested whole: the graph holds exactly the facts a fresh extraction of that file gives.  The good files of
the run are ingested.  The whole run stays well under a minute (super-linear rules would not).
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

import pytest

from graph.store.falkor import FalkorStore
from ingest.errors import ExtractionError, IngestError, ReadError
from ingest.pipeline import _guard, document_from_file, ingest_paths, source_name
from ingest.readers import DEFAULT_MAX_FILE_MB, max_file_bytes, read_file
from tests.conftest import SAMPLES
from tests.robust.badfiles import HTML_SCRIPT, Bad, write_corpus

GOOD = ["s01_qinghe_county_2021_feedback.txt", "s08_shimen_township_2023_tiji.html"]
MARKS = ("SCRIPTMARK", "ONLOADMARK", "ONCLICKMARK", "ONERRORMARK", "NOSCRIPTMARK", "SCRIPTSTYLE", "document.write")
RUN_SECONDS = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Bad], list[str]]:
    root = tmp_path_factory.mktemp("badcorpus")
    folder = root / "bad"
    cases = write_corpus(folder)
    for name in GOOD:
        shutil.copy(SAMPLES / name, folder / name)
    explicit = [str(folder / c.name) for c in cases if c.explicit]
    return folder, cases, explicit


def _by_name(results) -> dict[str, object]:
    return {Path(r.path).name: r for r in results}


def _assert_message_is_clear(message: str) -> None:
    assert message and "\n" not in message, message
    assert "Traceback" not in message and 'File "' not in message, message


def _graph_facts(store: FalkorStore, doc_id: str) -> tuple[set, set]:
    mentions = store.read(
        "MATCH (d:Document {id: $id})-[m:MENTIONS]->(x) RETURN x.id, m.start, m.end, m.quote", {"id": doc_id}
    ).rows
    rels = store.read(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'MENTIONS' AND $id IN r.sources RETURN type(r), a.id, b.id, r.evidence",
        {"id": doc_id},
    ).rows
    return ({tuple(r) for r in mentions},
            {(t, a, b, tuple(sorted(e for e in ev if e.startswith(doc_id + "@")))) for t, a, b, ev in rels})


def _extracted_facts(doc) -> tuple[set, set]:
    mentions = {(e.id, s.start, s.end, s.quote) for e in doc.entities for s in e.mentions}
    rels: dict[tuple, set] = {}
    for r in doc.relations:
        rels.setdefault((r.type, r.src, r.dst), set()).update(f"{doc.id}@{s.start}-{s.end}" for s in r.evidence)
    return mentions, {(t, a, b, tuple(sorted(ev))) for (t, a, b), ev in rels.items()}


def _check_results(results, cases: list[Bad], folder: Path) -> None:
    got = _by_name(results)
    for case in cases:
        if case.expect == "skip":
            continue
        res = got.get(case.name)
        assert res is not None, f"{case.name}: no result at all"
        if case.expect == "fail":
            assert res.status == "failed", f"{case.name} ({case.why}): {res.status} {res.message}"
            _assert_message_is_clear(res.message)
            assert re.search(case.message, res.message), f"{case.name}: {res.message!r} !~ {case.message!r}"
        else:
            assert res.status in ("ingested", "duplicate"), f"{case.name} ({case.why}): {res.status} {res.message}"
            if res.status == "duplicate":  # the same text as another file of the run, which was ingested
                twin = Path(res.message.removeprefix("same text as ")).name
                assert got[twin].status == "ingested", res.message
    for name in GOOD:
        assert got[name].status == "ingested", got[name]


def _check_graph(store: FalkorStore, results, folder: Path) -> None:
    docs = {r[0]: r[1] for r in store.read("MATCH (d:Document) RETURN d.id, d.text").rows}
    ingested = [r for r in results if r.status == "ingested"]
    assert set(docs) == {r.doc_id for r in ingested}
    for res in ingested:
        fresh = document_from_file(Path(res.path)) if Path(res.path).exists() else None
        if fresh is None:  # a name that is not UTF-8 is stored escaped; none in this corpus
            continue
        assert fresh.id == res.doc_id
        assert docs[res.doc_id] == fresh.text
        assert _graph_facts(store, res.doc_id) == _extracted_facts(fresh), f"partial document: {res.path}"
    for text in docs.values():
        assert not any(mark in text for mark in MARKS), "script, style or handler text became document text"


def test_bad_corpus_through_ingest_paths(falkor: FalkorStore, corpus) -> None:
    folder, cases, explicit = corpus
    started = time.perf_counter()
    report = ingest_paths(falkor, [folder, *explicit])
    seconds = time.perf_counter() - started
    _check_results(report.results, cases, folder)
    _check_graph(falkor, report.results, folder)
    assert seconds < RUN_SECONDS, f"the bad corpus took {seconds:.1f} s"
    assert len([c for c in cases if c.expect != "skip"]) >= 30


def test_bad_corpus_through_the_cli(run_cli, data_dir: Path, corpus) -> None:
    folder, cases, explicit = corpus
    graph = "t_" + secrets.token_hex(6)
    started = time.perf_counter()
    res = run_cli("ingest", "-q", str(folder), *explicit, graph=graph)
    seconds = time.perf_counter() - started
    store = FalkorStore.embedded(data_dir, graph)
    try:
        assert res.returncode == 1, res.stderr  # some files failed, the run finished
        assert "Traceback" not in res.stderr + res.stdout, res.stderr[-3000:]
        failed_lines = [line for line in res.stderr.splitlines() if line.startswith("failed ")]
        by_name = {}
        for line in failed_lines:
            path, _, message = line.removeprefix("failed ").partition(": ")
            by_name[Path(path).name] = message
        for case in cases:
            if case.expect == "fail":
                assert case.name in by_name, f"{case.name}: no failure line in {res.stderr[-2000:]}"
                assert re.search(case.message, by_name[case.name]), (case.name, by_name[case.name])
            elif case.expect == "ingest":
                assert case.name not in by_name, (case.name, by_name.get(case.name))
        assert "documents:" in res.stdout and "failed" in res.stdout
        names = {Path(r[0]).name for r in store.read("MATCH (d:Document) RETURN d.source").rows}
        assert set(GOOD) <= names
        assert names >= {c.name for c in cases if c.expect == "ingest"} - {"script_in_txt.txt", "utf16_meta.html",
                                                                            "script_handlers.html"}
        assert seconds < RUN_SECONDS + 15, f"skg ingest took {seconds:.1f} s"  # + interpreter and server start
    finally:
        store.clear()
        store.close()


def test_script_and_style_never_become_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(HTML_SCRIPT.format(body="县委第一巡察组对青禾县开展了常规巡察。"), encoding="utf-8")
    text = read_file(page).text
    assert "县委第一巡察组" in text
    assert not any(mark in text for mark in MARKS)


def test_size_limit_both_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert max_file_bytes() == int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    monkeypatch.setenv("SKG_MAX_FILE_MB", "0.01")  # 10,485 bytes
    text = (SAMPLES / GOOD[0]).read_text(encoding="utf-8")
    under, over = tmp_path / "under.txt", tmp_path / "over.txt"
    under.write_bytes(text.encode("utf-8") * (10_000 // len(text.encode("utf-8"))))
    over.write_bytes(text.encode("utf-8") * (10_485 // len(text.encode("utf-8")) + 1))
    assert under.stat().st_size <= 10_485 < over.stat().st_size
    assert read_file(under).text.startswith(text[:20])
    with pytest.raises(ReadError, match=r"file too large: 0\.0 MB, the limit is 0\.0 MB .*SKG_MAX_FILE_MB") as info:
        read_file(over)
    assert info.value.path == str(over)
    monkeypatch.setenv("SKG_MAX_FILE_MB", "not a number")
    assert max_file_bytes() == int(DEFAULT_MAX_FILE_MB * 1024 * 1024)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "sparse.txt"
    with open(big, "wb") as fh:  # a sparse 10 GB file: reading it would take minutes and all the memory
        fh.truncate(10 * 1024**3)
    started = time.perf_counter()
    with pytest.raises(ReadError, match=r"file too large: 10240\.0 MB"):
        read_file(big)
    assert time.perf_counter() - started < 1


def test_an_unexpected_exception_becomes_a_clear_per_file_error(tmp_path: Path) -> None:
    def broken() -> None:
        {}["missing key"]  # a real KeyError raised inside a step, as a bug in a rule would

    value, failure = _guard(tmp_path / "x.txt", 12, broken)
    assert value is None and failure is not None and failure.status == "failed"
    assert failure.message.startswith("extraction failed: KeyError: 'missing key' in broken (test_bad_inputs.py:")
    assert failure.message.endswith("please report this file")
    _assert_message_is_clear(failure.message)
    err = ExtractionError.wrapping(ValueError("x"), "p")
    assert isinstance(err, IngestError) and err.path == "p"


def test_a_file_name_that_is_not_utf8_is_ingested_under_an_escaped_name(falkor: FalkorStore, tmp_path: Path) -> None:
    import os

    folder = tmp_path / "names"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"\xcd\xa8\xb1\xa8.txt")  # 通报 in GBK, unzipped on Linux
    shutil.copy(SAMPLES / GOOD[0], os.fsdecode(raw))
    shutil.copy(SAMPLES / "s02_qinghe_county_2021_rectification.txt", folder / "good.txt")
    report = ingest_paths(falkor, [folder])
    assert [r.status for r in report.results] == ["ingested", "ingested"], report.results
    sources = {r[0] for r in falkor.read("MATCH (d:Document) RETURN d.source").rows}
    assert source_name(os.fsdecode(raw)) in sources and str(folder / "good.txt") in sources
    assert source_name(os.fsdecode(raw)).endswith("names/\u0368\\xb1\\xa8.txt")  # CD A8 happens to be UTF-8


def _snapshot(store: FalkorStore, sort_years: bool = True) -> tuple[list, list]:
    nodes = store.read("MATCH (n) RETURN n.id, labels(n), properties(n) ORDER BY n.id").rows
    for _, _, props in nodes:
        if sort_years and isinstance(props.get("years"), list):
            props["years"] = sorted(props["years"])  # see test_category_years_are_sorted_whatever_the_order
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), b.id, r.start, r.end"
    ).rows
    return nodes, sorted(rels, key=repr)


ODD_FILES = ["controls.txt", "cr.txt", "utf16le_nobom.txt", "deep_numbering.txt", "brackets.txt", *GOOD]


def test_the_same_odd_files_twice_give_the_same_graph(falkor: FalkorStore, corpus, tmp_path: Path) -> None:
    folder, _, _ = corpus
    subset = tmp_path / "subset"
    subset.mkdir()
    for name in ODD_FILES:
        shutil.copy(folder / name, subset / name)
    first = ingest_paths(falkor, [subset])
    assert {r.status for r in first.results} == {"ingested"}
    before = _snapshot(falkor)
    again = ingest_paths(falkor, [subset], force=True)
    assert {r.status for r in again.results} == {"replaced"}
    assert _snapshot(falkor) == before


def test_category_years_are_sorted_whatever_the_order(falkor: FalkorStore, corpus, tmp_path: Path) -> None:
    folder, _, _ = corpus
    subset = tmp_path / "years"
    subset.mkdir()
    for name in ODD_FILES:
        shutil.copy(folder / name, subset / name)
    ingest_paths(falkor, [subset])
    years = [r[0] for r in falkor.read("MATCH (c:ProblemCategory) WHERE size(c.years) > 1 RETURN c.years").rows]
    assert years and all(y == sorted(y) for y in years), years

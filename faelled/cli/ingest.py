"""`faelled ingest`, `faelled validate`, `faelled loads`, `faelled quarantine`: a thin shell over
faelled.ingest. Results print as text (or --json); the exit code is 1 when any file was rejected
or could not be used."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from faelled.settings import get_settings

DATASET = typer.Option(None, "--dataset", "-d", help="Datasættet / the dataset (contract name).")
CONTRACT = typer.Option(
    None, "--contract", help="En kontrakt-fil (YAML) i stedet for en indbygget / a contract file."
)
MUNICIPALITY = typer.Option(
    None, "--municipality", "-m", help="Leverancens kommune (navn eller kode) / the municipality."
)
MAP = typer.Option(None, "--map", help="KILDE=KOLONNE, kan gentages / SOURCE=COLUMN, repeatable.")
MAPPING = typer.Option(
    None, "--mapping", help="En mappingfil (YAML/JSON: kilde: kolonne) / a mapping file."
)
AS_JSON = typer.Option(False, "--json", help="Som JSON / as JSON.")


def _user_map(items: list[str] | None, mapping_file: Path | None) -> dict[str, str]:
    from faelled.ingest.mapping import parse_map_args, read_mapping_file

    out = read_mapping_file(mapping_file) if mapping_file else {}
    out.update(parse_map_args(items or []))
    return out


@contextmanager
def _progress() -> Iterator[tuple[Any, Any]]:
    from faelled.cli import err_console

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    with progress:
        task = progress.add_task("", total=None)

        def on_file(path: Path, i: int, total: int) -> None:
            progress.update(task, description=path.name, completed=i, total=total)

        def on_step(step: str) -> None:
            name = str(progress.tasks[0].description).split(" · ")[0]
            progress.update(task, description=f"{name} · {step}")

        yield on_file, on_step


def _print_results(results: list[Any], lang: str, *, dry_run: bool = False) -> None:
    from faelled.cli import err_console
    from faelled.validate.render import report_text

    for r in results:
        if r.status == "failed":
            # One message per file, on one line (soft wrap), then what to do.
            err_console.print(
                f"[bold red]Fejl / error:[/] {r.message.da}", highlight=False, soft_wrap=True
            )
            if r.hint:
                err_console.print(r.hint, highlight=False, soft_wrap=True)
            continue
        mark = {"loaded": "✓", "quarantined": "✓", "skipped": "=", "rejected": "✗"}[r.status]
        word = {
            "loaded": ("indlæst", "loaded"),
            "quarantined": ("indlæst med karantæne", "loaded with quarantine"),
            "skipped": ("sprunget over", "skipped"),
            "rejected": ("AFVIST", "REJECTED"),
        }[r.status]
        if dry_run:
            word = {
                "loaded": ("gyldig", "valid"),
                "quarantined": ("ville blive indlæst med karantæne", "would load with quarantine"),
                "rejected": ("ville blive AFVIST", "would be REJECTED"),
            }.get(r.status, word)
        label = word[1] if lang == "en" else word[0]
        load = f" [{r.load_id}]" if r.load_id and r.status != "skipped" else ""
        typer.echo(f"{mark} {r.file} → {r.dataset}: {label}{load} — {r.message.get(lang)}")
        if r.status == "skipped" and r.hint:
            typer.echo(f"  {r.hint}")
        if r.report is not None and r.report.findings:
            typer.echo(report_text(r.report, lang))


def _load_result(data: dict[str, Any]) -> Any:
    """A LoadResult again, from a server job's result: printed exactly as a local load's."""
    from faelled.ingest import LoadResult
    from faelled.validate.findings import Msg
    from faelled.validate.report import Report

    report = data.get("report")
    return LoadResult(
        data["file"],
        data["dataset"],
        data["status"],
        Msg(**data["message"]),
        report=Report.from_dict(report) if report else None,
        load_id=data.get("load_id"),
        hint=data.get("hint"),
        rows_read=data.get("rows_read", 0),
        rows_accepted=data.get("rows_accepted", 0),
        rows_quarantined=data.get("rows_quarantined", 0),
        rows_replaced=data.get("rows_replaced", 0),
    )


def _exit(results: list[Any]) -> None:
    if any(not r.ok for r in results):
        raise typer.Exit(1)


def ingest(
    paths: list[Path] = typer.Argument(..., help="Filer eller mapper / files or folders."),
    dataset: str = DATASET,
    contract: Path = CONTRACT,
    municipality: str = MUNICIPALITY,
    map_: list[str] = MAP,
    mapping: Path = MAPPING,
    force: bool = typer.Option(False, "--force", help="Indlæs igen / load again if loaded."),
    one_load: bool = typer.Option(
        False,
        "--one-load",
        help="Alle filer som én indlæsning (hurtigt for mange filer) / all files as one load.",
    ),
    as_json: bool = AS_JSON,
) -> None:
    """Load deliveries: read, validate, pseudonymise and store them atomically."""
    from faelled.ingest import ingest as run
    from faelled.ingest import resolve_contract
    from faelled.remote import server_for

    settings = get_settings()
    c = resolve_contract(settings, dataset, contract)
    user_map = _user_map(map_, mapping)
    server = server_for(settings)
    with _progress() as (on_file, on_step):
        if server is not None:  # the running server owns the DuckDB file: load there, as a job
            body = {
                "kind": "ingest",
                "paths": [str(p.resolve()) for p in paths],  # the server is on this machine
                "dataset": c.name,
                "contract": str(contract.resolve()) if contract else None,
                "municipality": municipality,
                "map": user_map,
                "force": force,
                "one_load": one_load,
            }

            def follow(job: dict[str, Any]) -> None:
                p = job["progress"]
                if p["current"]:
                    on_file(Path(p["current"]), p["done"], p["total"])
                if p["step"]:
                    on_step(p["step"])

            results = [_load_result(d) for d in server.run_job(body, follow)]
        else:
            results = run(
                settings,
                paths,
                c,
                municipality=municipality,
                user_map=user_map,
                force=force,
                one_load=one_load,
                on_file=on_file,
                on_step=on_step,
            )
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        _print_results(results, settings.language)
    _exit(results)


def validate(
    paths: list[Path] = typer.Argument(..., help="Filer eller mapper / files or folders."),
    dataset: str = DATASET,
    contract: Path = CONTRACT,
    municipality: str = MUNICIPALITY,
    map_: list[str] = MAP,
    mapping: Path = MAPPING,
    as_json: bool = AS_JSON,
    html: Path = typer.Option(None, "--html", help="Skriv rapporten som HTML / write HTML here."),
) -> None:
    """Validate deliveries without storing anything (a dry run)."""
    from faelled.ingest import resolve_contract, validate_files
    from faelled.validate.render import report_html

    settings = get_settings()
    c = resolve_contract(settings, dataset, contract)
    with _progress() as (on_file, _):
        results = validate_files(
            settings,
            paths,
            c,
            municipality=municipality,
            user_map=_user_map(map_, mapping),
            on_file=on_file,
        )
    if html is not None:
        reports = [r.report for r in results if r.report is not None]
        html.write_text(
            "\n".join(report_html(rep, settings.language) for rep in reports), encoding="utf-8"
        )
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        _print_results(results, settings.language, dry_run=True)
    _exit(results)


loads_app = typer.Typer(help="Indlæsninger / loads (lineage).", invoke_without_command=True)


@loads_app.callback()
def loads(
    ctx: typer.Context,
    dataset: str = typer.Option(None, "--dataset", "-d", help="Kun dette datasæt."),
    municipality: str = typer.Option(None, "--municipality", "-m", help="Kun denne kommune."),
    limit: int = typer.Option(50, help="Højst / at most."),
    as_json: bool = AS_JSON,
) -> None:
    """List loads, latest first."""
    if ctx.invoked_subcommand is not None:
        return
    from faelled.engine import open_database
    from faelled.ingest import list_loads
    from faelled.remote import server_for

    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: ask it
        rows: list[dict[str, Any]] = server.get(
            "/api/v1/system/loads", dataset=dataset, municipality=municipality, limit=limit
        )
    elif not _has_database():
        rows = []
    else:
        with open_database(settings, read_only=settings.is_duckdb) as db:
            rows = list_loads(db, dataset=dataset, municipality=municipality, limit=limit)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("Ingen indlæsninger endnu / no loads yet.")
    for r in rows:
        typer.echo(
            f"{r['load_id']}  {r['dataset']:<20} {r['municipality'] or '-':<8} {r['status']:<12}"
            f"{r['rows_accepted']:>10,} ok {r['rows_quarantined']:>8,} karantæne  "
            f"{r['rows_current']:>10,} aktuelle  {r['file_name']}"
        )


PURPOSE = typer.Option(
    None, "--purpose", help="Formålet med at se rækkerne (audit-logges) / why (audited)."
)
AS_USER = typer.Option(
    None,
    "--user",
    help="Læs som denne kommunes analytiker/data-ansvarlige / read as this municipal user.",
)


@loads_app.command("show")
def loads_show(
    load_id: str = typer.Argument(..., help="Indlæsningens id / the load id."),
    purpose: str = PURPOSE,
    user: str = AS_USER,
    as_json: bool = AS_JSON,
    html: Path = typer.Option(None, "--html", help="Skriv rapporten som HTML / write HTML here."),
) -> None:
    """One load: its lineage and validation report. Sampled rows only with --user and --purpose
    (the municipality's analysts and stewards; audited); otherwise counts and row numbers."""
    from faelled.access.samples import on_behalf, read_report
    from faelled.cli.users import cli_actor
    from faelled.engine import open_database
    from faelled.errors import NotFound
    from faelled.remote import server_for
    from faelled.validate.render import report_html, report_text
    from faelled.validate.report import Report

    settings = get_settings()
    server = server_for(settings)
    samples = purpose is not None or user is not None
    if server is not None:  # the running server owns the DuckDB file: ask it
        info = server.get(f"/api/v1/system/loads/{quote(load_id)}", user=user, purpose=purpose)
        report = Report.from_dict(info.pop("report"))
    elif not _has_database():
        raise NotFound(f"Ukendt indlæsning / unknown load: {load_id!r}.")
    else:
        with open_database(settings, read_only=settings.is_duckdb and not samples) as db:
            actor = on_behalf(db, cli_actor(), user) if samples else cli_actor()
            info, report, _ = read_report(db, actor, load_id, purpose=purpose)
    if html is not None:
        html.write_text(report_html(report, settings.language), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps({**info, "report": report.to_dict()}, ensure_ascii=False, indent=2))
        return
    for k, v in info.items():
        typer.echo(f"{k:<18} {v}")
    typer.echo(report_text(report, settings.language))


quarantine_app = typer.Typer(help="Karantæne / quarantined rows.", invoke_without_command=True)


@quarantine_app.callback()
def quarantine(
    ctx: typer.Context,
    dataset: str = typer.Option(None, "--dataset", "-d", help="Kun dette datasæt."),
    load_id: str = typer.Option(None, "--load", help="Kun denne indlæsning / only this load."),
    as_json: bool = AS_JSON,
) -> None:
    """Quarantined rows per dataset, load and rule."""
    if ctx.invoked_subcommand is not None:
        return
    from faelled.engine import open_database
    from faelled.ingest import quarantine_counts
    from faelled.remote import server_for

    settings = get_settings()
    rows: list[dict[str, Any]] = []
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: ask it
        rows = server.get("/api/v1/system/quarantine", dataset=dataset, load_id=load_id)
    elif _has_database():
        with open_database(settings, read_only=settings.is_duckdb) as db:
            rows = quarantine_counts(db, dataset=dataset, load_id=load_id)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("Ingen rækker i karantæne / no quarantined rows.")
    for r in rows:
        typer.echo(f"{r['dataset']:<20} {r['load_id']}  {r['rule']:<24} {r['rows']:>8,}")


@quarantine_app.command("show")
def quarantine_show(
    load_id: str = typer.Argument(..., help="Indlæsningens id / the load id."),
    purpose: str = PURPOSE,
    user: str = AS_USER,
    limit: int = typer.Option(100, help="Højst / at most."),
    as_json: bool = AS_JSON,
) -> None:
    """The quarantined rows of one load, as written, with the rules they fail: read on behalf of
    a municipal analyst or steward (--user) with a purpose (--purpose), audited."""
    from faelled.access.samples import on_behalf, read_quarantine
    from faelled.cli.users import cli_actor
    from faelled.engine import open_database
    from faelled.errors import NotFound
    from faelled.remote import server_for

    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: ask it
        rows: list[dict[str, Any]] = server.get(
            f"/api/v1/system/quarantine/{quote(load_id)}", limit=limit, user=user, purpose=purpose
        )
    elif not _has_database():
        raise NotFound(f"Ukendt indlæsning / unknown load: {load_id!r}.")
    else:
        with open_database(settings) as db:
            actor = on_behalf(db, cli_actor(), user)
            rows = read_quarantine(db, actor, load_id, purpose=purpose, limit=limit)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for r in rows:
        values = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("row", "reasons"))
        typer.echo(f"række {r['row']}: {', '.join(r['reasons'])}  ({values})")


def _has_database() -> bool:
    return get_settings().has_database


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(validate)
    app.add_typer(loads_app, name="loads")
    app.add_typer(quarantine_app, name="quarantine")

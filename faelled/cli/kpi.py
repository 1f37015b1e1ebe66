"""`faelled kpi list|show|search|import-catalogue` and `faelled compute`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from faelled.settings import get_settings

group = typer.Typer(help="Nøgletal / key figures.", no_args_is_help=True)


@group.command("list")
def list_kpis(
    domain: str = typer.Option(None, help="Kun dette domæne / only this domain."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """Fælled's key-figure definitions."""
    from faelled.catalog.kpis import load_kpis

    kpis = [k for k in load_kpis(get_settings()).values() if not domain or k.domain == domain]
    if as_json:
        values = [k.summary() for k in kpis]
        typer.echo(json.dumps({"values": values, "count": len(values)}, ensure_ascii=False))
        return
    for k in kpis:
        typer.echo(f"{k.id}\t{k.domain}\t{k.unit}\t{k.title.da}")


@group.command()
def show(
    kpi_id: str = typer.Argument(..., metavar="ID"),
    municipality: str = typer.Option(None, help="Vis værdier for kommunen / values for."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """One definition, and a municipality's values."""
    from faelled.catalog.kpis import get_kpi
    from faelled.local_admin import area_values
    from faelled.reference import resolve
    from faelled.remote import read

    settings = get_settings()
    kpi = get_kpi(kpi_id, settings)
    data: dict[str, Any] = {"definition": kpi.model_dump(mode="json")}
    if municipality:
        code = resolve(municipality)
        data["municipality"] = code
        data["values"] = read(
            settings,
            lambda db: area_values(db, kpi.id, code),
            f"/api/v1/system/kpis/{kpi.id}/values/{code}",
        )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{kpi.id} (v{kpi.version}, {kpi.status})")
    typer.echo(f"  {kpi.title.da} / {kpi.title.en}")
    typer.echo(f"  {kpi.description.da}")
    typer.echo(f"  Enhed / unit: {kpi.unit}; retning / direction: {kpi.direction}")
    for row in data.get("values", []):
        shown = "—" if row["value"] is None else f"{row['value']:.4g}"
        typer.echo(f"  {row['period']}\t{shown}")


@group.command("values")
def values_cmd(
    kpi_id: str = typer.Argument(..., metavar="ID"),
    period: str = typer.Option(None, help="Periode / period (default: the latest)."),
    sep: str = typer.Option(";", help="Skilletegn / separator."),
) -> None:
    """One key figure for all 98 municipalities as CSV (kommunekode;value), disclosed as the
    public sees it: suppressed values are empty."""
    from faelled.catalog.kpis import get_kpi
    from faelled.local_admin import public_values
    from faelled.remote import read

    settings = get_settings()
    kpi = get_kpi(kpi_id, settings)
    shown = read(
        settings,
        lambda db: public_values(db, kpi, period),
        f"/api/v1/system/kpis/{kpi.id}/public-values",
        period=period,
    )
    typer.echo(f"kommunekode{sep}value")
    for r in shown:
        value = "" if r["value"] is None else repr(float(r["value"]))
        typer.echo(f"{r['area']}{sep}{value}")


@group.command()
def search(
    text: str = typer.Argument(""),
    domain: str = typer.Option(None, help="Domæne / domain."),
    limit: int = typer.Option(20, help="Højst / at most."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """Search the catalogue (Fælled's key figures and imported ones) by title."""
    from faelled.local_admin import search_catalogue
    from faelled.remote import read

    settings = get_settings()
    if settings.has_database:
        hits = read(
            settings,
            lambda db: search_catalogue(db, settings, text, domain, limit),
            "/api/v1/system/catalogue",
            text=text,
            domain=domain,
            limit=limit,
        )
    else:
        hits = search_catalogue(None, settings, text, domain, limit)
    if as_json:
        typer.echo(json.dumps({"values": hits, "count": len(hits)}, ensure_ascii=False))
        return
    for e in hits:
        typer.echo(f"{e['id']}\t{e['source']}\t{e['title']}")


@group.command("import-catalogue")
def import_catalogue(
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    fmt: str = typer.Option("kolada", "--format", help="kolada"),
) -> None:
    """Import another catalogue's KPI metadata as searchable entries."""
    from faelled.engine import migrate, open_database
    from faelled.errors import InputError
    from faelled.kpi.catalogue import read_kolada_metadata
    from faelled.local_admin import import_catalogue as store
    from faelled.remote import server_for

    if fmt != "kolada":
        raise InputError(f"Ukendt format / unknown format {fmt!r}.", hint="Brug --format kolada.")
    # Read here: the file is the command line's, wherever the server runs.
    entries = [e.as_dict() for e in read_kolada_metadata(path)]
    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: it stores them
        n = server.post("/api/v1/system/catalogue", {"source": fmt, "entries": entries})["imported"]
    else:
        with open_database(settings) as db:
            migrate(db)
            n = store(db, entries, fmt)
    typer.echo(f"{n} nøgletal importeret fra {fmt} / imported.")


def compute(
    kpi: list[str] = typer.Option(None, "--kpi", help="Kun dette nøgletal / only this KPI."),
    engine: str = typer.Option(None, help="duckdb | postgres: fail unless the database is this."),
    force: bool = typer.Option(False, "--force", help="Også uændrede / unchanged ones too."),
) -> None:
    """Compute key figures into kpi_values (only those whose inputs changed)."""
    from faelled.jobs import compute_kpis
    from faelled.kpi.compute import RunResult
    from faelled.remote import server_for

    def report(r: RunResult) -> None:
        if r.skipped:
            typer.echo(f"  {r.kpi}: sprunget over / skipped ({r.reason})")
        else:
            typer.echo(f"  {r.kpi}: {r.rows} værdier, {r.changed} ændret ({r.seconds:.2f} s)")

    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: compute there, as a job
        printed = 0

        def follow(job: dict[str, Any]) -> None:
            nonlocal printed
            for line in ((job["result"] or {}).get("kpis") or [])[printed:]:
                report(RunResult(**line))
                printed += 1

        body = {"kind": "compute", "kpis": kpi or [], "engine": engine, "force": force}
        found = server.run_job(body, follow)["kpis"]
        for line in found[printed:]:
            report(RunResult(**line))
        results = [RunResult(**line) for line in found]
    else:
        results = compute_kpis(settings, kpi, engine=engine, force=force, progress=report)
    done = sum(1 for r in results if not r.skipped)
    typer.echo(f"{done} af {len(results)} nøgletal beregnet / computed.")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="kpi")
    app.command()(compute)

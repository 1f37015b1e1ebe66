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
    from faelled.reference import resolve

    settings = get_settings()
    kpi = get_kpi(kpi_id, settings)
    data: dict[str, Any] = {"definition": kpi.model_dump(mode="json")}
    if municipality:
        code = resolve(municipality)
        data["municipality"] = code
        data["values"] = _values(kpi.id, code)
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


def _values(kpi_id: str, code: str) -> list[dict[str, Any]]:
    from faelled.engine import open_database

    settings = get_settings()
    with open_database(settings, read_only=settings.is_duckdb) as db:
        if not db.has_table("kpi_values"):
            return []
        kv = db.table("kpi_values")
        expr = kv.filter(
            (kv.kpi == kpi_id)
            & (kv.area_type == "municipality")
            & (kv.area == code)
            & (kv.breakdown == "")
        ).order_by("period")
        rows: list[dict[str, Any]] = expr.select("period", "value", "n").to_pyarrow().to_pylist()
        return rows


@group.command("values")
def values_cmd(
    kpi_id: str = typer.Argument(..., metavar="ID"),
    period: str = typer.Option(None, help="Periode / period (default: the latest)."),
    sep: str = typer.Option(";", help="Skilletegn / separator."),
) -> None:
    """One key figure for all 98 municipalities as CSV (kommunekode;value), disclosed as the
    public sees it: suppressed values are empty."""
    from faelled.access import Actor
    from faelled.catalog.kpis import get_kpi
    from faelled.engine import open_database
    from faelled.privacy.disclosure import KpiRows, disclose

    settings = get_settings()
    kpi = get_kpi(kpi_id, settings)
    with open_database(settings, read_only=settings.is_duckdb) as db:
        if not db.has_table("kpi_values"):
            rows: list[dict[str, Any]] = []
        else:
            kv = db.table("kpi_values")
            # Every area and breakdown: suppression is decided on the full table.
            rows = kv.filter(kv.kpi == kpi.id).to_pyarrow().to_pylist()
    if not rows:
        from faelled.errors import NotFound

        raise NotFound(
            f"{kpi.id} har ingen værdier endnu / has no values yet.",
            hint="Kør 'faelled compute' først.",
        )
    chosen = period or max(r["period"] for r in rows)
    totals = [
        r
        for r in rows
        if r["period"] == chosen and r["area_type"] == "municipality" and r["breakdown"] == ""
    ]
    shown = disclose(Actor.public(), KpiRows(kpi.id, rows), kpi, totals)
    typer.echo(f"kommunekode{sep}value")
    for r in sorted(shown, key=lambda r: int(r["area"])):
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
    from faelled.catalog.kpis import load_kpis
    from faelled.engine import open_database
    from faelled.kpi.catalogue import Catalogue, external_entries, faelled_entries

    settings = get_settings()
    entries = faelled_entries(load_kpis(settings).values())
    if settings.has_database:
        with open_database(settings, read_only=settings.is_duckdb) as db:
            entries += external_entries(db)
    hits = Catalogue(entries).search(text, domain=domain, limit=limit)
    if as_json:
        values = [e.as_dict() for e in hits]
        typer.echo(json.dumps({"values": values, "count": len(values)}, ensure_ascii=False))
        return
    for e in hits:
        typer.echo(f"{e.id}\t{e.source}\t{e.title}")


@group.command("import-catalogue")
def import_catalogue(
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    fmt: str = typer.Option("kolada", "--format", help="kolada"),
) -> None:
    """Import another catalogue's KPI metadata as searchable entries."""
    from faelled.engine import migrate, open_database
    from faelled.errors import InputError
    from faelled.kpi.catalogue import import_entries, read_kolada_metadata

    if fmt != "kolada":
        raise InputError(f"Ukendt format / unknown format {fmt!r}.", hint="Brug --format kolada.")
    entries = read_kolada_metadata(path)
    with open_database(get_settings()) as db:
        migrate(db)
        n = import_entries(db, entries, fmt)
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

"""`faelled audit verify|list|export`: check and read the tamper-evident audit log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from faelled.access.policy import check
from faelled.cli.users import cli_actor, writable_database

group = typer.Typer(help="Audit-loggen / the audit log.", no_args_is_help=True)


@group.command()
def verify(as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON.")) -> None:
    """Check every row of the audit log: exit code 1 if any was edited or deleted."""
    from faelled.remote import server_for
    from faelled.settings import get_settings

    server = server_for(get_settings())
    # While a running server owns the DuckDB file, ask it.
    result = server.get("/api/v1/system/audit/verify") if server is not None else _verify_here()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif result["ok"]:
        typer.echo(f"OK: {result['rows']} rækker / rows, kæden er hel / the chain is intact.")
        typer.echo(f"Hoved / head: {result['head']}")
    else:
        for p in result["problems"]:
            typer.echo(f"FEJL / ERROR: {p['message']}", err=True)
        typer.echo(
            f"Audit-loggen er ændret / the audit log was tampered with "
            f"({len(result['problems'])} problem(s) in {result['rows']} rows).",
            err=True,
        )
    if not result["ok"]:
        raise typer.Exit(1)


def _verify_here() -> dict[str, Any]:
    from faelled.access.audit import AuditLog

    with writable_database() as db:
        check(cli_actor(), "admin", "audit")
        result = AuditLog(db).verify()
    return {
        "ok": result.ok,
        "rows": result.rows,
        "head": result.head,
        "problems": [{"seq": p.seq, "message": p.message} for p in result.problems],
    }


def _day(value: str | None) -> date | None:
    from faelled.errors import InputError

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InputError(
            f"Ugyldig dato / invalid date: --since {value!r}.", hint="Brug ÅÅÅÅ-MM-DD."
        ) from None


@group.command("list")
def list_(
    limit: int = typer.Option(50, help="Højst / at most."),
    municipality: str = typer.Option(None, "--municipality", "-m"),
    event: str = typer.Option(None, help="Kun én slags / only one kind, e.g. sign_in."),
) -> None:
    """The newest entries."""
    from faelled.access.audit import AuditLog
    from faelled.remote import server_for
    from faelled.settings import get_settings

    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: ask it
        found = server.get(
            "/api/v1/system/audit", municipality=municipality, event=event, limit=limit
        )
    else:
        actor = cli_actor()
        with writable_database() as db:
            check(actor, "read", "audit")
            log = AuditLog(db)
            found = [
                e.public() for e in log.entries(municipality=municipality, event=event, limit=limit)
            ]
    for e in found:
        who = e["actor_user"] or "(anonym)"
        when = e["occurred_at"][:19].replace("T", " ")
        detail = json.dumps(e["detail"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        typer.echo(f"{e['seq']}\t{when}\t{e['event']}\t{who}\t{e['resource'] or ''}\t{detail}")


@group.command()
def export(
    output: Path = typer.Option(None, "--output", "-o", help="Fil / file (default: stdout)."),
    fmt: str = typer.Option("csv", "--format", help="csv eller json."),
    municipality: str = typer.Option(None, "--municipality", "-m"),
    since: str = typer.Option(None, help="Fra dato / from date (YYYY-MM-DD)."),
) -> None:
    """Export the audit log (audited itself)."""
    from faelled.local_admin import export_audit
    from faelled.remote import server_for
    from faelled.settings import get_settings

    day = _day(since)
    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it exports and audits
        body = {"format": fmt, "municipality": municipality, "since": day and day.isoformat()}
        done = server.post("/api/v1/system/audit/export", body)
        text, count = done["text"], done["count"]
    else:
        with writable_database() as db:
            text, count = export_audit(db, cli_actor(), fmt, municipality, day)
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{count} rækker / rows → {output}", err=True)
    else:
        typer.echo(text, nl=False)


@group.command()
def scan() -> None:
    """Look for CPR-like values in every table and in the files under FAELLED_HOME (exit code 1
    if any): where and how many, never the values."""
    from faelled.privacy.scan import scan_database, scan_files
    from faelled.remote import server_for
    from faelled.settings import get_settings

    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: it scans
        findings = server.get("/api/v1/system/audit/scan")
    else:
        with writable_database() as db:
            check(cli_actor(), "admin", "audit")
            found = scan_database(db) + scan_files(settings.home)
        findings = [{"where": f.where, "count": f.count} for f in found]
    for f in findings:
        typer.echo(f"CPR-lignende værdier / CPR-like values: {f['where']} ({f['count']})", err=True)
    if findings:
        raise typer.Exit(1)
    typer.echo("Ingen CPR-lignende værdier / no CPR-like values found.")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="audit")

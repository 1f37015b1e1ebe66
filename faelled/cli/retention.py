"""`faelled retention apply`: delete rows past their contract's retention period (audited)."""

from __future__ import annotations

from datetime import date

import typer

from faelled.cli.users import cli_actor, writable_database
from faelled.settings import get_settings

group = typer.Typer(help="Sletning efter opbevaringsperiode / retention.", no_args_is_help=True)


@group.command()
def apply(
    dataset: list[str] = typer.Option([], help="Kun disse datasæt / only these (repeat)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Vis kun / only show what would go."),
    today: str = typer.Option(None, help="Dagens dato / today's date (YYYY-MM-DD), for tests."),
) -> None:
    """Delete the rows of every dataset that have passed their contract's retention period."""
    from faelled.catalog.contracts import select_contracts
    from faelled.privacy.retention import RetentionResult, apply_retention
    from faelled.remote import server_for

    settings = get_settings()
    server = server_for(settings)
    if server is not None:  # the running server owns the DuckDB file: it deletes, audited
        body = {"datasets": dataset, "dry_run": dry_run, "today": today}
        results = [RetentionResult(**r) for r in server.post("/api/v1/system/retention", body)]
    else:
        with writable_database() as db:
            results = apply_retention(
                db,
                cli_actor(),
                select_contracts(dataset, settings),
                today=date.fromisoformat(today) if today else None,
                dry_run=dry_run,
            )
    verb = "ville slette / would delete" if dry_run else "slettet / deleted"
    for r in results:
        if r.column is None:
            typer.echo(f"{r.dataset}: sprunget over / skipped ({r.note})")
        else:
            typer.echo(
                f"{r.dataset}: {r.rows_deleted} rækker / rows {verb} ({r.column} < {r.cutoff})"
            )


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="retention")

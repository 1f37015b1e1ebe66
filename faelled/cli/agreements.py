"""`faelled agreements list|add|end`: the registry of connection and data processing agreements."""

from __future__ import annotations

import json
from datetime import date

import typer

from faelled.cli.users import cli_actor, writable_database

group = typer.Typer(
    help="Aftaler (tilslutnings- og databehandleraftaler) / agreements.", no_args_is_help=True
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@group.command("list")
def list_(
    municipality: str = typer.Option(None, "--municipality", "-m"),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """List agreements."""
    from faelled.access.agreements import list_agreements
    from faelled.reference import resolve
    from faelled.remote import server_for
    from faelled.settings import get_settings

    code = resolve(municipality) if municipality else None
    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: ask it
        found = server.get("/api/v1/system/agreements")
        agreements = [a for a in found if code in (None, a["municipality"])]
    else:
        with writable_database() as db:
            agreements = [a.public() for a in list_agreements(db, cli_actor(), code)]
    if as_json:
        typer.echo(json.dumps(agreements, ensure_ascii=False, indent=2))
        return
    for a in agreements:
        typer.echo(
            f"{a['id']}\t{a['municipality']}\t{a['kind']}\t{a['valid_from']}–"
            f"{a['valid_to'] or '…'}\t{','.join(a['domains']) or a['processor']}\t"
            f"embargo {a['embargo_days']} d"
        )


@group.command()
def add(
    municipality: str = typer.Option(..., "--municipality", "-m"),
    kind: str = typer.Option(..., help="tilslutningsaftale eller databehandleraftale."),
    signed: str = typer.Option(..., help="Underskrevet / signed (YYYY-MM-DD)."),
    valid_from: str = typer.Option(None, help="Gælder fra / valid from (default: signed)."),
    valid_to: str = typer.Option(None, help="Gælder til / valid to (default: open)."),
    domain: list[str] = typer.Option([], help="Delt domæne / shared domain (repeat)."),
    processor: str = typer.Option("", help="Databehandler / processor."),
    sub_processor: list[str] = typer.Option([], help="Underdatabehandler (repeat)."),
    embargo_days: int = typer.Option(0, help="Embargo i dage / days."),
) -> None:
    """Register an agreement."""
    from faelled.access.agreements import add_agreement
    from faelled.remote import server_for
    from faelled.settings import get_settings

    fields = {
        "municipality": municipality,
        "kind": kind,
        "signed": date.fromisoformat(signed),
        "valid_from": _date(valid_from),
        "valid_to": _date(valid_to),
        "domains": domain,
        "processor": processor,
        "sub_processors": sub_processor,
        "embargo_days": embargo_days,
    }
    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it registers it
        sent = {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}
        agreement_id = server.post("/api/v1/system/agreements", sent)["id"]
    else:
        with writable_database() as db:
            agreement_id = add_agreement(db, cli_actor(), **fields).id  # type: ignore[arg-type]
    typer.echo(f"Registreret / registered: {agreement_id}")


@group.command()
def end(
    agreement_id: str = typer.Argument(...),
    on: str = typer.Option(None, help="Sidste gyldige dag / last day in force (default: today)."),
) -> None:
    """End an agreement."""
    from faelled.access.agreements import end_agreement
    from faelled.remote import server_for
    from faelled.settings import get_settings

    last = _date(on) or date.today()
    server = server_for(get_settings())
    if server is not None:  # the running server owns the DuckDB file: it ends it
        ended = server.post(f"/api/v1/system/agreements/{agreement_id}/end", {"on": str(last)})
        typer.echo(f"Afsluttet / ended: {ended['id']} ({ended['valid_to']})")
        return
    with writable_database() as db:
        agreement = end_agreement(db, cli_actor(), agreement_id, last)
    typer.echo(f"Afsluttet / ended: {agreement.id} ({agreement.valid_to})")


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="agreements")

"""`faelled municipalities [--json]` and `faelled municipalities resolve NAME…`."""

from __future__ import annotations

import json

import typer

from faelled.errors import FaelledError
from faelled.reference import reference, resolve_place

group = typer.Typer(help="De 98 kommuner / the 98 municipalities.", invoke_without_command=True)


@group.callback()
def municipalities(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """List the 98 municipalities with region and kommunegruppe."""
    if ctx.invoked_subcommand is not None:
        return
    munis = reference().municipalities
    if as_json:
        from faelled.web.views import municipalities_data

        typer.echo(json.dumps(municipalities_data(), ensure_ascii=False, indent=2))
        return
    for m in munis:
        typer.echo(f"{m.code}\t{m.name}\t{m.region_name}\t{m.kommunegruppe_name}")


@group.command()
def resolve(
    names: list[str] = typer.Argument(..., help="Navne eller koder / names or codes."),
) -> None:
    """Resolve names as real files write them to 3-digit codes: NAME<TAB>CODE per line.

    Every name is tried; unknown or ambiguous names are reported with candidates, and the exit
    code is 1 if any failed."""
    failed: list[FaelledError] = []
    for name in names:
        try:
            typer.echo(f"{name}\t{resolve_place(name).code}")
        except FaelledError as exc:
            failed.append(exc)
    if failed:
        from faelled.cli import err_console

        for failure in failed:
            err_console.print(f"[bold red]Fejl / error:[/] {failure.message}", highlight=False)
            if failure.hint:
                err_console.print(f"  {failure.hint}", highlight=False)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="municipalities")

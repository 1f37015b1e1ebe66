"""`faelled datasets [--json]`, `faelled datasets show NAME [--json]` and
`faelled datasets docs DIR` (the data-model pages, one per domain)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from faelled.settings import get_settings

group = typer.Typer(help="Datasæt / dataset contracts.", invoke_without_command=True)


@group.callback()
def datasets(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """List the dataset contracts: the common data model."""
    if ctx.invoked_subcommand is not None:
        return
    from faelled.catalog.contracts import load_contracts

    contracts = load_contracts(get_settings())
    if as_json:
        values = [c.model_dump(mode="json") for c in contracts.values()]
        typer.echo(
            json.dumps({"count": len(values), "values": values}, ensure_ascii=False, indent=2)
        )
        return
    for c in sorted(contracts.values(), key=lambda c: (c.domain.value, c.name)):
        typer.echo(f"{c.domain.value:<11} {c.name:<24} {c.title.da} / {c.title.en}")


@group.command()
def show(
    name: str = typer.Argument(..., help="Datasættets navn / the dataset's name."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """Print one contract: columns, keys, rules, partition and retention."""
    from faelled.catalog.contracts import get_contract
    from faelled.catalog.datamodel import contract_markdown

    contract = get_contract(name, get_settings())
    if as_json:
        typer.echo(json.dumps(contract.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    typer.echo(contract_markdown(contract, heading="#"))


@group.command()
def docs(
    out: Path = typer.Argument(..., help="Mappe / folder, e.g. docs/data-model."),
) -> None:
    """Write the data-model pages (one Markdown file per domain) from the contracts."""
    from faelled.catalog.datamodel import write_pages

    for path in write_pages(out):
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="datasets")

"""`faelled info`, `faelled serve`, `faelled demo`."""

from __future__ import annotations

import json

import typer

from faelled import __version__
from faelled.settings import get_settings


def info(as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON.")) -> None:
    """Version, database and what it holds."""
    from faelled.engine.status import database_status
    from faelled.remote import server_for

    settings = get_settings()
    data: dict[str, object] = {
        "version": __version__,
        "home": str(settings.home.resolve()),
        "database": settings.database_display,
    }
    server = server_for(settings)
    if server is not None:
        # The running server owns the DuckDB file: ask it.
        data.update(server.get("/api/v1/system/info"))
        data["via_server"] = server.url
    elif not settings.has_database:
        data["schema_version"] = 0
        data["tables"] = {}
    else:
        data.update(database_status(settings))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Fælled {data['version']}")
    typer.echo(f"Hjem / home:       {data['home']}")
    typer.echo(f"Database:          {data['database']}")
    if "via_server" in data:
        typer.echo(f"Via server:        {data['via_server']}")
    typer.echo(f"Skemaversion:      {data['schema_version']}")
    tables = data["tables"]
    assert isinstance(tables, dict)
    if not tables:
        typer.echo("Databasen er tom — kør 'faelled demo' / the database is empty.")
    for name, rows in tables.items():
        typer.echo(f"  {name:<30} {rows:>12,} rækker")


def init() -> None:
    """Create FAELLED_HOME and the database with Fælled's tables and reference data."""
    from faelled.engine import migrate, open_database
    from faelled.remote import server_for

    settings = get_settings()
    if server_for(settings) is not None:
        applied = []  # the running server migrated the file when it started: nothing is left
    else:
        with open_database(settings) as db:
            applied = migrate(db)
    typer.echo(f"{settings.database_display}: {len(applied)} migrering(er) / migration(s) applied.")


def serve(
    host: str = typer.Option(None, help="Adresse / address (default 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default 8000)."),
) -> None:
    """Serve the dashboard and the open API."""
    import uvicorn

    from faelled.web.app import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    typer.echo(f"Fælled kører på / serving at http://{host}:{port}  (Ctrl+C stopper)")
    url = f"http://{host}:{port}"
    uvicorn.run(create_app(settings, public_url=url), host=host, port=port, log_level="warning")


def demo(
    scale: float = typer.Option(
        0.02, help="Andel af Danmarks befolkning / share of the population."
    ),
    no_serve: bool = typer.Option(False, "--no-serve", help="Byg kun / build only."),
    host: str = typer.Option(None, help="Adresse / address."),
    port: int = typer.Option(None, help="Port."),
) -> None:
    """Build the demo commons for all 98 municipalities and serve it (serving from the start)."""
    from faelled.demo import build_demo
    from faelled.errors import DatabaseError
    from faelled.remote import server_for

    settings = get_settings()
    server = server_for(settings)
    if server is not None:
        # The demo builds the whole database file; a running server holds it.
        raise DatabaseError(
            f"'faelled demo' bygger databasen og kan ikke køre, mens serveren på {server.url} "
            f"holder den / cannot run while the server holds the database ({settings.home}).",
            hint="Stop 'faelled serve' (Ctrl+C) og kør 'faelled demo' igen, eller brug et andet "
            "FAELLED_HOME.",
        )
    if no_serve:
        summary = build_demo(settings, scale=scale, progress=typer.echo)
        typer.echo(
            f"Demo klar i / ready in {settings.home.resolve()}: {len(summary.tables)} tabeller"
        )
        return
    from faelled.cli.demo_serve import serve_demo

    serve_demo(settings, scale, host or settings.host, port or settings.port)


def register(app: typer.Typer) -> None:
    app.command()(info)
    app.command()(init)
    app.command()(serve)
    app.command()(demo)

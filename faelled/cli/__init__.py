"""The `faelled` command: a thin shell over the library. Each area registers its commands from
its own module; domain errors become a clear message and exit code 1, never a traceback."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from faelled import __version__
from faelled.errors import FaelledError

app = typer.Typer(
    name="faelled",
    help="Fælled — et åbent datafællesskab for kommuner / an open data commons for municipalities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"faelled {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Vis version / show version."
    ),
) -> None:
    """Fælled: load, validate, compare and share municipal key figures."""


def _register() -> None:
    # Imported here so each module can use `app` without import cycles.
    from faelled.cli import (
        benchmark,
        core,
        datasets,
        generate,
        ingest,
        kpi,
        municipalities,
        survey,
    )

    for module in (core, municipalities, datasets, generate, ingest, kpi, survey, benchmark):
        module.register(app)
    from faelled.cli import agreements, audit, retention, users

    for module in (users, agreements, audit, retention):
        module.register(app)


_register()


def main() -> None:
    try:
        # Without standalone mode click returns typer.Exit's code instead of exiting.
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except FaelledError as exc:
        # Messages quote file names, columns ("knoster[vision1]") and patterns: print them as
        # text, not rich markup, and unwrapped so a path is never broken across lines.
        err_console.print(
            f"[bold red]Fejl / error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True
        )
        if exc.hint:
            err_console.print(escape(exc.hint), highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Abort:
        err_console.print("Afbrudt / aborted.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click's usage errors
        import click
        from typer.exceptions import TyperException

        # Newer Typer (0.29 here) raises its own copy of click's exceptions, not click's.
        if isinstance(exc, click.ClickException | TyperException) and hasattr(exc, "show"):
            exc.show()
            sys.exit(getattr(exc, "exit_code", 2))
        raise

"""`faelled demo` serving at once: the server starts, the demo build is its first job (DESIGN
decision 4), and this terminal follows the build's progress while the page shows it too."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

import typer

from faelled.errors import FaelledError
from faelled.settings import Settings

POLL = 0.5  # seconds between looks at the build; the job itself reports as it goes


def serve_demo(settings: Settings, scale: float, host: str, port: int) -> None:
    import uvicorn

    from faelled.web.app import create_app

    url = f"http://{host}:{port}"
    app = create_app(settings, public_url=url, demo_scale=scale)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    typer.echo(f"Fælled kører på / serving at {url}  (Ctrl+C stopper)")
    typer.echo("Demo-fællesskabet bygges i baggrunden / the demo commons is being built …")
    watcher = threading.Thread(
        target=follow, args=(app, server, settings), name="faelled-demo-progress", daemon=True
    )
    watcher.start()
    # uvicorn stops on SIGINT/SIGTERM and then raises the signal again: end here, not by the
    # signal, so a failed build still gets its message and exit code.
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        server.run()
    except (Stopped, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not server.started:
        raise typer.Exit(3)  # uvicorn has said why (the port is taken, …)
    job = app.state.demo
    if job is not None and job.status == "failed" and job.error:
        # Stopped after a failed build (or during it): the message again, and a non-zero exit.
        raise FaelledError(str(job.error["message"]), hint=job.error.get("hint"))
    if job is not None and job.status != "done":
        raise FaelledError(
            "Serveren stoppede, før demo-fællesskabet var bygget / the server stopped before "
            "the demo commons was built.",
            hint="Kør 'faelled demo' igen: det fortsætter, hvor det slap.",
        )


class Stopped(Exception):
    """SIGTERM, once the server has shut down."""


def _stopped(signum: int, frame: Any) -> None:
    raise Stopped


def follow(app: Any, server: Any, settings: Settings) -> None:
    """Print the build's lines and steps as they come, until it is done or the server stops."""
    from faelled.web.demo_texts import DEMO_TEXTS

    job = None
    while job is None and not server.should_exit:
        job = getattr(app.state, "demo", None)
        time.sleep(POLL)
    printed, step = 0, ""
    while job is not None and not server.should_exit:
        # The status first: the runner sets the final result and "done" together, so lines read
        # after seeing "done" are the last ones (read before, the catalogue line could be lost).
        finished = job.status in ("done", "failed")
        result = job.result if isinstance(job.result, dict) else {}
        lines = result.get("steps") or []
        for line in lines[printed:]:
            typer.echo(f"  {line}")
        printed = len(lines)
        if finished:
            break
        if job.progress.step and job.progress.step != step:
            step = job.progress.step
            texts = DEMO_TEXTS.get(f"demo_step_{step}")
            name = f"{texts['da']} / {texts['en']}" if texts else step
            typer.echo(f"[{job.progress.done:>3} %] {name}")
        time.sleep(POLL)
    if job is None or server.should_exit:
        return
    if job.status == "done":
        tables = len((job.result or {}).get("tables") or {})
        typer.echo(f"Demo klar i / ready in {settings.home.resolve()}: {tables} tabeller")
        typer.echo(f"Fælled kører på / serving at http://{server.config.host}:{server.config.port}")
    else:
        error = job.error or {}
        typer.echo(f"Fejl / error: {error.get('message')}", err=True)
        if error.get("hint"):
            typer.echo(str(error["hint"]), err=True)
        typer.echo(
            "Serveren kører videre, så siden viser fejlen; Ctrl+C stopper / the server keeps "
            "running so the page shows the error; Ctrl+C stops it.",
            err=True,
        )

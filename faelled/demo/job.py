"""The demo build as a job in the server (DESIGN decision 4): `faelled demo` serves at once and
builds the commons in the background, so the page answers from the first second and tells how
far the build is. The pages pick the new key figures up by themselves: the served copy is
re-read when `kpi_runs` changes (faelled.web.store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from faelled.errors import DatabaseError, FaelledError, SettingsError
from faelled.settings import Settings

if TYPE_CHECKING:
    from faelled.jobs import Job

STEPS = ("generate", "prepare", "ingest", "compute", "decisions", "catalogue", "done")


def run_demo(settings: Settings, job: Job) -> dict[str, Any]:
    from faelled.demo import build_demo

    lines: list[str] = []

    def line(text: str) -> None:
        lines.append(text)
        job._set(result={"steps": list(lines)})  # the CLI prints each line as it comes

    def stage(step: str, percent: int, detail: str) -> None:
        if job.stopping.is_set():
            raise DatabaseError(
                "Serveren stoppede, før demo-fællesskabet var bygget / the server stopped "
                "before the demo commons was built.",
                hint="Kør 'faelled demo' igen: det fortsætter, hvor det slap.",
            )
        job.update(step=step, done=percent, total=100, current=detail)

    try:
        summary = build_demo(
            settings, scale=float(job.params.get("scale", 0.02)), progress=line, stage=stage
        )
    except FaelledError:
        raise
    except OSError as exc:
        # A full disk or a folder the server may not write: name the file, not a traceback.
        raise SettingsError(
            f"Demo-fællesskabet kunne ikke bygges i {settings.home}: {exc.strerror or exc} "
            f"({exc.filename}) / the demo commons could not be built there.",
            hint="Tjek at FAELLED_HOME er en mappe, serveren må skrive i, og at der er plads; "
            "stop serveren og kør 'faelled demo' igen.",
        ) from exc
    return {"steps": summary.steps, "tables": summary.tables}


def status(job: Job | None) -> dict[str, Any]:
    """What anyone may know about the demo build: its step, how far, a failure's message.
    Public: it holds no data, only where the build is."""
    if job is None:
        return {"status": "none"}
    data = job.public()
    p = data["progress"]
    out: dict[str, Any] = {
        "status": data["status"],
        "step": p["step"] or "generate",
        "detail": p["current"],
        "percent": 100 if data["status"] == "done" else int(p["done"] or 0),
        "started_at": data["started_at"],
        "finished_at": data["finished_at"],
    }
    if data["error"]:
        out["error"] = {"message": data["error"]["message"], "hint": data["error"]["hint"]}
    return out

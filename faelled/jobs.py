"""Background jobs inside the server (DESIGN decision 4).

DuckDB allows one writing process, and the running server owns the file. So `ingest` and
`compute` run *in* the server: a request queues a job, one worker thread runs the jobs one after
another (one writer at a time), and anyone allowed follows its progress and reads its result.

A job opens its own connection to the server's database (DuckDB shares one database instance
between the connections of one process), so pages keep answering while a load runs; the load
itself is one transaction, so a server stopped mid-job loses nothing and half-writes nothing.

Job state lives in memory for the run of the server; what a job wrote is durable in the database
(an ingest's `loads` ledger, a compute's `kpi_runs`). Paths are files on the server's own machine:
the CLI beside the server sends absolute paths, which the server checks before it queues the job.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from faelled.errors import FaelledError, InputError, NotFound, SettingsError
from faelled.settings import Settings

log = logging.getLogger(__name__)

Kind = Literal["ingest", "compute", "demo"]
Status = Literal["queued", "running", "done", "failed"]
KEEP = 500  # finished jobs remembered per server run (the database keeps the durable record)


@dataclass
class Progress:
    done: int = 0  # files (ingest) or key figures (compute) finished
    total: int | None = None
    current: str = ""  # the file or key figure at hand
    step: str = ""  # the pipeline's step within it
    rows: int = 0  # rows read (ingest: once its files are done) or values computed so far


@dataclass
class Job:
    id: str
    kind: Kind
    resource: str  # what the policy guards: jobs:ingest:<m>, jobs:ingest, jobs:compute, jobs:demo
    params: dict[str, Any]
    submitted_by: str
    status: Status = "queued"
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    finished_at: datetime | None = None
    progress: Progress = field(default_factory=Progress)
    result: Any = None
    error: dict[str, str | None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Set when the server stops: a long job (the demo build) ends at its next step instead of
    # holding the process (the generator's worker processes would otherwise run to the end).
    stopping: threading.Event = field(default_factory=threading.Event, repr=False)

    def update(self, **changes: Any) -> None:
        with self._lock:
            for k, v in changes.items():
                setattr(self.progress, k, v)

    def public(self) -> dict[str, Any]:
        """The job as the API serves it: never a traceback, never a secret."""
        with self._lock:
            return {
                "id": self.id,
                "kind": self.kind,
                "status": self.status,
                "params": dict(self.params),
                "submitted_by": self.submitted_by,
                "created_at": self.created_at.isoformat(),
                "started_at": self.started_at.isoformat() if self.started_at else None,
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "progress": asdict(self.progress),
                "result": self.result,
                "error": self.error,
            }

    def _set(self, **changes: Any) -> None:
        with self._lock:
            for k, v in changes.items():
                setattr(self, k, v)


# --- what a job does ------------------------------------------------------------------------------


def _absolute_existing(value: str, what: str, inbox: Path | None) -> Path:
    if "\0" in value:  # the operating system refuses such a name: say so, do not crash
        raise InputError(f"{what}: ugyldig sti / invalid path.", hint="Angiv en almindelig sti.")
    path = Path(value)
    if not path.is_absolute():
        raise InputError(
            f"{what} skal være en absolut sti på serveren / must be an absolute path on the "
            f"server: {value}",
            hint="Jobbet kører i serveren på samme maskine; angiv den fulde sti (fx /data/x.csv).",
        )
    path = path.resolve()
    if inbox is not None and not path.is_relative_to(inbox.resolve()):
        raise InputError(
            f"{what} ligger uden for kommunens indbakke / is outside the municipality's inbox: "
            f"{value}",
            hint=f"Læg leverancen i {inbox} på serveren, eller bed driften om at indlæse den.",
        )
    if not path.exists():
        raise InputError(
            f"{what} findes ikke på serveren / does not exist on the server: {value}",
            hint="Stien læses af serveren, på dens egen maskine: tjek stavning og adgang.",
        )
    return path


def prepare_ingest(
    settings: Settings,
    *,
    paths: Sequence[str],
    dataset: str | None,
    contract: str | None = None,
    municipality: str | None = None,
    user_map: Mapping[str, str] | None = None,
    force: bool = False,
    one_load: bool = False,
    inbox: Path | None = None,
) -> tuple[str, dict[str, Any]]:
    """Check an ingest request before it is queued: (the policy resource, the job's params).
    With `inbox`, every path must lie inside it (a municipality's user loads only from there)."""
    from faelled.ingest import resolve_contract
    from faelled.reference import resolve

    if not paths:
        raise InputError("Ingen filer at indlæse / no files to load.", hint="Angiv filer.")
    files = [str(_absolute_existing(p, "Filen / the file", inbox)) for p in paths]
    contract_file = _absolute_existing(contract, "Kontrakten", inbox) if contract else None
    c = resolve_contract(settings, dataset, contract_file)
    code = resolve(municipality) if municipality else None
    params = {
        "paths": files,
        "dataset": c.name,
        "contract": str(contract_file) if contract_file else None,
        "municipality": code,
        "map": dict(user_map or {}),
        "force": force,
        "one_load": one_load,
    }
    return (f"jobs:ingest:{code}" if code else "jobs:ingest"), params


def run_ingest(settings: Settings, job: Job) -> list[dict[str, Any]]:
    from faelled.ingest import ingest, resolve_contract

    p = job.params
    contract = resolve_contract(
        settings, p["dataset"], Path(p["contract"]) if p.get("contract") else None
    )

    def on_file(path: Path, i: int, total: int) -> None:
        job.update(done=i, total=total, current=path.name, step="")

    results = ingest(
        settings,
        [Path(x) for x in p["paths"]],
        contract,
        municipality=p.get("municipality"),
        user_map=p.get("map") or {},
        force=bool(p.get("force")),
        one_load=bool(p.get("one_load")),
        actor=job.submitted_by,
        on_file=on_file,
        on_step=lambda step: job.update(step=step),
    )
    total = job.progress.total or len(results)
    job.update(done=total, total=total, step="", rows=sum(r.rows_read for r in results))
    return [r.to_dict() for r in results]


def compute_kpis(
    settings: Settings,
    kpi_ids: Sequence[str] | None,
    *,
    engine: str | None = None,
    force: bool = False,
    progress: Callable[[Any], None] | None = None,
) -> list[Any]:
    """`faelled compute`, wherever it runs: in the CLI's process or as a job in the server."""
    from faelled.catalog.kpis import load_kpis
    from faelled.engine import migrate, open_database
    from faelled.kpi.compute import compute
    from faelled.privacy.decisions import precompute

    with open_database(settings) as db:
        if engine and engine != db.dialect:
            raise SettingsError(
                f"Databasen er {db.dialect}, ikke {engine} / the database is {db.dialect}.",
                hint="Sæt FAELLED_DATABASE_URL til den database, der skal regnes i.",
            )
        migrate(db)
        ids = list(kpi_ids) if kpi_ids else None
        results = compute(db, settings, ids, force=force, progress=progress)
        # Decide suppression now, not on the first request for each KPI × period.
        precompute(db, load_kpis(settings))
        return results


def prepare_compute(
    settings: Settings, *, kpis: Sequence[str], engine: str | None = None, force: bool = False
) -> tuple[str, dict[str, Any]]:
    from faelled.catalog.kpis import get_kpi

    ids = [get_kpi(k, settings).id for k in kpis]  # an unknown id: a clear 404 before queueing
    return "jobs:compute", {"kpis": ids, "engine": engine, "force": force}


def run_compute(settings: Settings, job: Job) -> dict[str, Any]:
    from faelled.catalog.kpis import load_kpis

    p = job.params
    done: list[dict[str, Any]] = []
    job.update(total=len(p["kpis"]) or len(load_kpis(settings)))

    def report(r: Any) -> None:
        done.append(asdict(r))
        job._set(result={"kpis": list(done)})  # the CLI prints each line as it comes
        job.update(done=len(done), current=r.kpi, rows=job.progress.rows + r.rows)

    results = compute_kpis(
        settings, p["kpis"], engine=p.get("engine"), force=bool(p.get("force")), progress=report
    )
    return {"kpis": [asdict(r) for r in results]}


def run_demo(settings: Settings, job: Job) -> dict[str, Any]:
    from faelled.demo.job import run_demo as build

    return build(settings, job)


RUNS: dict[str, Callable[[Settings, Job], Any]] = {
    "ingest": run_ingest,
    "compute": run_compute,
    "demo": run_demo,  # `faelled demo`: the whole demo commons, queued when the server starts
}


# --- the runner ----------------------------------------------------------------------------------


class JobRunner:
    """A queue and one worker thread: jobs run one at a time, in the order they came."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="faelled-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs. A job still running is left to finish or die with the process: its
        load is one transaction, so nothing half-written remains."""
        self._queue.put(None)
        for job in self.jobs():
            job.stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def submit(self, kind: Kind, resource: str, params: dict[str, Any], submitted_by: str) -> Job:
        now = datetime.now(UTC)
        job = Job(
            f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}", kind, resource, params, submitted_by
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].status in ("queued", "running"):
                    break
                del self._jobs[oldest]
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(
                f"Ukendt job / unknown job: {job_id!r}.",
                hint="Jobs huskes, mens serveren kører; indlæsninger ses altid i 'faelled loads'.",
            )
        return job

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))  # newest first

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            self._run(job)

    def _run(self, job: Job) -> None:
        job._set(status="running", started_at=datetime.now(UTC))
        try:
            result = RUNS[job.kind](self.settings, job)
        except FaelledError as exc:
            job._set(error={"code": exc.code, "message": exc.message, "hint": exc.hint})
            job._set(status="failed", finished_at=datetime.now(UTC))
            return
        except Exception as exc:  # a bug: the client gets a plain message, the log the type
            # Only the type: an engine's message may quote data values (never a CPR in a log).
            log.error("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            job._set(
                error={
                    "code": "internal",
                    "message": f"Jobbet fejlede uventet / the job failed unexpectedly "
                    f"({type(exc).__name__}).",
                    "hint": "Prøv igen; fortsætter det, så kør kommandoen med serveren stoppet.",
                }
            )
            job._set(status="failed", finished_at=datetime.now(UTC))
            return
        job._set(result=result, status="done", finished_at=datetime.now(UTC))

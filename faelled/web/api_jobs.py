"""Background jobs over the API (DESIGN decision 4): queue an ingest or a compute in the server
that owns the database, then follow it. `faelled ingest` and `faelled compute` use these routes
when a server runs; a municipality's analysts and stewards may load their own deliveries from
the municipality's inbox on the server (FAELLED_HOME/inbox/<code>/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from faelled.access.policy import Actor, check, is_allowed
from faelled.jobs import Job, JobRunner, prepare_compute, prepare_ingest
from faelled.web.security import current_actor
from faelled.web.system import local_admin

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])

Name = Annotated[str, Field(max_length=200)]
FilePath = Annotated[str, Field(max_length=4096)]


@dataclass(frozen=True)
class Caller:
    actor: Actor
    local: bool  # the CLI beside the server, with the local token


def caller(request: Request, local: Annotated[Actor, Depends(local_admin)]) -> Caller:
    """The CLI beside the server (its local token: the operator) or a signed-in user."""
    return Caller(local, True) if local.signed_in else Caller(current_actor(request), False)


JobCaller = Annotated[Caller, Depends(caller)]


class JobIn(BaseModel):
    kind: Literal["ingest", "compute"]
    # ingest: absolute paths of files or folders on the server's machine
    paths: list[FilePath] = Field(default_factory=list, max_length=10_000)
    dataset: Name | None = None
    contract: FilePath | None = None
    municipality: Name | None = None
    map: dict[Name, Name] = Field(default_factory=dict, max_length=500)
    one_load: bool = False
    # compute: key-figure ids (none: all) and the engine the database must be
    kpis: list[Name] = Field(default_factory=list, max_length=1000)
    engine: Name | None = None  # checked by the job, with the same message as locally
    force: bool = False


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def _view(job: Job, who: Caller) -> dict[str, Any]:
    """The job as this caller may see it. A load's report samples are source rows as written:
    the one who delivered the file sees them, as `faelled ingest` shows them (and the CLI beside
    the server, which can read the database file anyway). Anyone else, a colleague included,
    gets the findings without them and reads samples through /api/v1/loads/{id} with a
    purpose, audited."""
    data = job.public()
    if job.kind != "ingest" or who.local or not data["result"]:
        return data
    m, dataset = job.params.get("municipality"), job.params.get("dataset")
    own = _who(who.actor) == job.submitted_by
    if own and m and is_allowed(who.actor, "read", f"samples:{dataset}:{m}"):
        return data
    for r in data["result"]:
        for finding in (r.get("report") or {}).get("findings", []):
            finding["sample"] = []
    return data


def _who(actor: Actor) -> str:
    # The CLI's jobs are recorded under the operating-system user, as a local `faelled ingest`.
    return (actor.user or "unknown").removeprefix("cli:")


@router.post("", status_code=202, summary="Start et job / queue an ingest or compute job")
async def submit(body: JobIn, who: JobCaller, request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    actor = who.actor
    if not actor.signed_in:
        check(actor, "write", "jobs:compute")  # the public: asked to sign in, nothing read
    if body.kind == "ingest":
        from faelled.reference import resolve

        code = resolve(body.municipality) if body.municipality else None
        check(actor, "write", f"jobs:ingest:{code}" if code else "jobs:ingest")
        # A municipality's user loads only from its inbox; the operator from anywhere on disk.
        inbox = None if actor.role == "operator" else settings.home / "inbox" / str(code)
        resource, params = await run_in_threadpool(
            lambda: prepare_ingest(
                settings,
                paths=body.paths,
                dataset=body.dataset,
                contract=body.contract,
                municipality=code,
                user_map=body.map,
                force=body.force,
                one_load=body.one_load,
                inbox=inbox,
            )
        )
    else:
        check(actor, "write", "jobs:compute")
        resource, params = prepare_compute(
            settings, kpis=body.kpis, engine=body.engine, force=body.force
        )
    job = _runner(request).submit(body.kind, resource, params, _who(actor))
    return _view(job, who)


@router.get("", summary="Jobs / background jobs (this server run)")
def jobs(who: JobCaller, request: Request) -> dict[str, Any]:
    check(who.actor, "read", "jobs")
    runner = _runner(request)
    values = [_view(j, who) for j in runner.jobs() if is_allowed(who.actor, "read", j.resource)]
    return {"values": values, "count": len(values)}


@router.get("/{job_id}", summary="Ét job / one job: status, progress, result")
def job(job_id: str, who: JobCaller, request: Request) -> dict[str, Any]:
    check(who.actor, "read", "jobs")
    found = _runner(request).get(job_id)
    check(who.actor, "read", found.resource)
    return _view(found, who)

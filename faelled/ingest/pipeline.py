"""One delivery, end to end: inspect → read → map → stage (typed, pseudonymised) → leak guard →
validate → decide → swap atomically with lineage and quality scores.

Anything that makes a file unusable raises `InputError` with one message naming the file, row and
column and what to do; the database is untouched until the final transaction, and a rejected
delivery never reaches it. `ingest_file(…, dry_run=True)` is the same path without the last step.

The steps live by concept: staging.py (reading into the engine), guard.py (the CPR leak
guard), load.py (the load transaction), result.py (what a delivery came to)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.errors import InputError
from faelled.ingest import store
from faelled.ingest.files import inspect, where
from faelled.ingest.guard import leak_guard
from faelled.ingest.load import already_loaded, load_context, new_load_id, store_load
from faelled.ingest.mapping import map_columns
from faelled.ingest.normalise import Stage, prepare, resolve_places
from faelled.ingest.pseudonym import Pseudonymiser
from faelled.ingest.readers import open_source
from faelled.ingest.result import (
    LoadResult,
    Status,
    Step,
    load_stats,
    reading_findings,
    result_of,
)
from faelled.ingest.staging import (
    detect_formats,
    expected_municipality,
    stage_or_explain,
    staging_backend,
)
from faelled.settings import Settings
from faelled.validate.findings import Msg
from faelled.validate.policy import decide
from faelled.validate.run import validate

__all__ = ["LoadResult", "Status", "Step", "ingest_file"]


def ingest_file(
    db: Database | None,
    path: Path,
    contract: Contract,
    *,
    settings: Settings,
    municipality: str | None = None,
    user_map: Mapping[str, str] | None = None,
    others: Mapping[str, Contract] | None = None,
    force: bool = False,
    dry_run: bool = False,
    actor: str | None = None,
    step: Step | None = None,
) -> LoadResult:
    """Load (or with `dry_run`, only validate) one delivery. Raises InputError for an unusable
    file; returns a rejected result, and writes nothing, for a delivery the policy refuses."""
    say = step or (lambda _: None)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    say("inspect")
    info = inspect(path)
    if db is not None and not dry_run and not force:
        prior = already_loaded(db, contract.name, info.sha256)
        if prior is not None:
            when = prior["finished_at"]
            return LoadResult(
                info.name,
                contract.name,
                "skipped",
                Msg(
                    f"Allerede indlæst som {prior['load_id']} ({when:%Y-%m-%d %H:%M}); intet at "
                    "gøre.",
                    f"Already loaded as {prior['load_id']} ({when:%Y-%m-%d %H:%M}); nothing to do.",
                ),
                load_id=str(prior["load_id"]),
                hint="Brug --force for at indlæse den igen / use --force to load it again.",
            )
    expected = expected_municipality(path, municipality)
    backend, own = staging_backend(db, dry_run)
    st: Stage | None = None
    try:
        say("read")
        source = open_source(info, contract.source, backend.con)
        mapping = map_columns(
            path,
            source.rows[0],
            contract,
            user_map or {},
            header=contract.source.header,
            named=source.named,
            others=others,
        )
        data_rows = source.rows[1:] if mapping.header else source.rows
        if not data_rows:
            raise InputError(
                f"{where(path)}: filen har kun en overskriftsrække og ingen data / the file has "
                "only a header row and no data.",
                hint="Dan udtrækket igen; en tom leverance indlæses ikke (den ville slette data).",
            )
        formats = detect_formats(source, mapping, contract, source.options.get("delimiter"))
        pseudonymiser = None
        if contract.identifier_columns:
            pseudonymiser = (
                Pseudonymiser(secrets.token_bytes(32))  # a dry run stores no pseudonym
                if dry_run or db is None
                else Pseudonymiser.for_settings(settings)
            )
        say("stage")
        st = stage_or_explain(backend, info, source, mapping, contract, formats, pseudonymiser)
        leak_guard(st, info)
        say("validate")
        load_id = new_load_id(started)
        ctx = load_context(backend, expected, load_id, datetime.now(UTC))
        prep = prepare(
            st,
            resolve_places(st),
            expected,
            ctx.select("expected").as_scalar() if expected else None,
        )
        population = store.population_reference(db) if contract.compares_population else None
        outcome = validate(
            prep,
            population=population,
            source=info.name,
            extra_findings=reading_findings(mapping),
        )
        decision = decide(outcome, contract)
        report = outcome.report
        report.stats.update(load_stats(info, source, mapping, formats, decision))
        result = result_of(info, contract, report, decision, outcome)
        if dry_run or db is None or decision.rejected:
            report.stats["seconds"] = round(time.perf_counter() - clock, 3)
            return result

        say("store")
        report.stats["seconds"] = round(time.perf_counter() - clock, 3)
        store_load(
            db,
            prep,
            outcome,
            decision,
            ctx,
            result,
            load_id=load_id,
            file_name=info.name,
            sha256=info.sha256,
            size=info.size,
            file_format=source.format,
            expected=expected,
            actor=actor,
            started=started,
        )
        return result
    finally:
        if st is not None:
            st.drop()
        if own:
            backend.disconnect()

"""One delivery, end to end: inspect → read → map → stage (typed, pseudonymised) → leak guard →
validate → decide → swap atomically with lineage and quality scores.

Anything that makes a file unusable raises `InputError` with one message naming the file, row and
column and what to do; the database is untouched until the final transaction, and a rejected
delivery never reaches it. `validate_file` is the same path without the last step."""

from __future__ import annotations

import getpass
import json
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from faelled.catalog.contracts import Column, ColumnType, Contract
from faelled.engine.database import Database
from faelled.errors import FaelledError, InputError
from faelled.ingest import store
from faelled.ingest.files import FileInfo, inspect, where
from faelled.ingest.mapping import ColumnMap, map_columns
from faelled.ingest.normalise import CONTEXT, Formats, Stage, prepare, resolve_places, stage
from faelled.ingest.pseudonym import CPR_IN_TEXT, Pseudonymiser
from faelled.ingest.quality import scores
from faelled.ingest.readers import RawSource, open_source
from faelled.ingest.sniff import NumberFormat, detect_date_format, detect_number_format
from faelled.ingest.swap import LoadPlan, apply
from faelled.reference import resolve_place
from faelled.settings import Settings
from faelled.validate.checks import Prepared
from faelled.validate.compiled import fetch_rows, known_table
from faelled.validate.findings import Finding, Msg
from faelled.validate.policy import Decision, decide
from faelled.validate.report import Report
from faelled.validate.run import Outcome, validate
from faelled.validate.types import (
    FILE,
    NUMERIC,
    ROW,
    ROW_STRIDE,
    marker_name,
    raw_name,
    source_row,
)

Status = Literal["loaded", "quarantined", "rejected", "skipped", "validated", "failed"]
Step = Callable[[str], None]


@dataclass
class LoadResult:
    file: str
    dataset: str
    status: Status
    message: Msg
    report: Report | None = None
    load_id: str | None = None
    hint: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status not in ("rejected", "failed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dataset": self.dataset,
            "status": self.status,
            "load_id": self.load_id,
            "message": self.message.to_dict(),
            "hint": self.hint,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_quarantined": self.rows_quarantined,
            "rows_replaced": self.rows_replaced,
            "report": self.report.to_dict() if self.report else None,
        }


def new_load_id(now: datetime) -> str:
    """Sortable by time, unique without coordination: 20250131T101500-3fa9c2."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _scrub(text: str) -> str:
    """An engine's message may quote the offending line; never relay a CPR-like number."""
    return re.sub(r"\d{6}-?\d{4}", "[skjult/hidden]", text)


def expected_municipality(path: Path, given: str | None) -> str | None:
    """--municipality, or the code a generator-style file name starts with (101_2023.csv)."""
    if given:
        return resolve_place(given).code if not given.isdigit() else str(int(given))
    m = re.match(r"^(\d{3,4})(?:_|$)", path.stem)
    if m:
        try:
            place = resolve_place(m.group(1))
        except FaelledError:
            return None
        return place.code if place.kind == "municipality" else None
    return None


def _detect_formats(
    source: RawSource, mapping: ColumnMap, contract: Contract, delimiter: str | None
) -> Formats:
    data = source.rows[1:] if mapping.header else source.rows
    numeric: list[str] = []
    integers: list[str] = []
    dates: dict[str, str] = {}
    for column in contract.columns:
        pos = mapping.positions.get(column.name)
        if pos is None:
            continue
        values = [
            v.strip()
            for row in data
            if pos < len(row)
            and (v := row[pos]) is not None
            and v.strip()
            and v.strip() not in column.markers
        ]
        if column.type in NUMERIC:
            numeric += values
            if column.type is ColumnType.integer:
                integers += values
        elif column.type is ColumnType.date:
            dates[column.name] = contract.source.date_format or detect_date_format(values)
    opts = contract.source
    numbers = detect_number_format(
        numeric, delimiter=delimiter if source.format == "csv" else ",", integers=integers
    )
    if opts.decimal or opts.thousands is not None:
        numbers = NumberFormat(
            opts.decimal or numbers.decimal,
            numbers.thousands if opts.thousands is None else opts.thousands,
        )
    return Formats(numbers, dates)


def explain_engine_error(exc: Exception, info: FileInfo, source: RawSource) -> InputError:
    """The engine's reading error as one message for the analyst (never the offending line:
    it could hold a CPR number)."""
    text = str(exc)
    line = re.search(r"Line: (\d+)", text)
    row = int(line.group(1)) if line else None
    if "Invalid unicode" in text or "not latin-1" in text or "not utf" in text.lower():
        return InputError(
            f"{where(info.path, row)}: filen blander tegnsæt — rækken er ikke "
            f"{source.options.get('encoding', 'UTF-8')} som resten / the file mixes "
            "encodings (this row differs from the rest).",
            hint="Gem hele filen i ét tegnsæt (UTF-8) og indlæs den igen.",
        )
    cols = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if cols:
        return InputError(
            f"{where(info.path, row)}: rækken har {cols.group(2)} felter, men første række "
            f"har {cols.group(1)} / the row has {cols.group(2)} fields, the first row "
            f"{cols.group(1)}.",
            hint="Tjek skilletegn og anførselstegn i rækken (et skilletegn inde i en tekst "
            'skal stå i "…").',
        )
    if "quote" in text.lower():
        return InputError(
            f"{where(info.path, row)}: et anførselstegn lukkes ikke / an unterminated quote.",
            hint="Luk anførselstegnet, eller fjern det.",
        )
    first = _scrub(text.splitlines()[0]) if text else type(exc).__name__
    return InputError(
        f"{where(info.path, row)}: filen kan ikke læses / cannot read the file ({first}).",
        hint="Tjek at filen er et helt, gyldigt udtræk; dan det ellers igen.",
    )


def _stage_or_explain(
    backend: Any,
    info: FileInfo,
    source: RawSource,
    mapping: ColumnMap,
    contract: Contract,
    formats: Formats,
    pseudonymiser: Pseudonymiser | None,
) -> Stage:
    import duckdb

    try:
        return stage(backend, source, mapping, contract, formats, pseudonymiser)
    except duckdb.Error as exc:
        raise explain_engine_error(exc, info, source) from None


@dataclass(frozen=True)
class Leak:
    column: str
    row: int
    count: int
    file: str | None = None


def leaks(st: Stage) -> list[Leak]:
    """CPR-like numbers where no identifier is declared: per column (and per file in a
    batch), with the first row and the count — never the value."""
    t = st.backend.table(st.name)
    per_file = FILE in t.columns
    metrics: dict[str, ir.Value] = {}
    scanned: list[str] = []
    for column in st.contract.columns:
        if column.pseudonymise:
            continue
        names = [raw_name(column.name)] if raw_name(column.name) in t.columns else []
        if column.type in (ColumnType.string, ColumnType.municipality):
            names.append(column.name)
        for name in names:
            v = t[name]
            hit = v.re_search(CPR_IN_TEXT)
            if column.allowed and name == column.name:
                hit = ~v.isin([str(a) for a in column.allowed]) & hit
            hit = hit.fill_null(False)
            i = len(scanned)
            metrics[f"n{i}"] = hit.sum()
            metrics[f"r{i}"] = t[ROW].min(where=hit)
            scanned.append(column.name)
    if not metrics:
        return []
    expr = t.group_by(t[FILE]).aggregate(**metrics) if per_file else t.aggregate(**metrics)
    out = []
    for got in fetch_rows(expr):
        for i, name in enumerate(scanned):
            n = int(got[f"n{i}"] or 0)
            if n:
                out.append(Leak(name, source_row(int(got[f"r{i}"])), n, got.get(FILE)))
    return out


def leak_error(path: Path | str, leak: Leak) -> InputError:
    return InputError(
        f"{where(path, leak.row, leak.column)}: værdien ligner et CPR-nummer, men kolonnen er "
        f"ikke en CPR-kolonne ({leak.count} rækker i alt; værdien vises ikke) / the value looks "
        f"like a CPR number in a column not declared as an identifier ({leak.count} rows in "
        "all; the value is not shown). Intet er indlæst / nothing loaded.",
        hint="Fjern CPR-numre fra kolonnen (fx fritekst) og indlæs igen. Er kolonnen et "
        "CPR-nummer, så erklær den i kontrakten med personal_data: direct_identifier og "
        "pseudonymise: cpr.",
    )


def _leak_guard(st: Stage, info: FileInfo) -> None:
    """A CPR-like number where no identifier is declared stops the load."""
    found = leaks(st)
    if found:
        raise leak_error(info.path, found[0])


def _reading_findings(mapping: ColumnMap) -> list[Finding]:
    out = []
    if mapping.extra:
        names = ", ".join(mapping.extra)
        out.append(
            Finding(
                "extra-column",
                "warning",
                Msg(
                    f"Kolonner, som kontrakten ikke kender, indlæses ikke: {names}.",
                    f"Columns the contract does not know are not loaded: {names}.",
                ),
                hint=Msg(
                    "Tilføj dem til kontrakten (eller --map KILDE=KOLONNE), hvis de skal med.",
                    "Add them to the contract (or --map SOURCE=COLUMN) if they belong.",
                ),
            )
        )
    return out


def _quarantine_record(prep: Prepared, column: Column) -> ir.StringValue:
    t = prep.table
    if column.pseudonymise:
        shown: ir.StringValue = t[column.name]
        if prep.has(raw_name(column.name)):
            shown = t[raw_name(column.name)].coalesce(shown)
        return shown
    return prep.value_as_written(column)


def _context(backend: Any, expected: str | None, load_id: str, now: datetime) -> ir.Table:
    """The load's own values as a one-row table, read through scalar subqueries, so that the
    queries of every file of a dataset compile to the same SQL."""
    con = backend.con
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE "{CONTEXT}" '
        "(expected VARCHAR, load_id VARCHAR, now TIMESTAMP WITH TIME ZONE)"
    )
    con.execute(f'INSERT INTO "{CONTEXT}" VALUES (?, ?, ?)', [expected, load_id, now])
    schema = {"expected": "string", "load_id": "string", "now": "timestamp('UTC')"}
    return known_table(backend, CONTEXT, schema)


def _plan(
    prep: Prepared,
    outcome: Outcome,
    contract: Contract,
    ctx: ir.Table,
) -> tuple[ir.Table, ir.Table | None]:
    t = outcome.table
    load_id = ctx.select("load_id").as_scalar()
    accepted_cols: dict[str, ir.Value] = {}
    for name, dtype in store.table_columns(contract).items():
        if name == store.LOAD_ID:
            accepted_cols[name] = load_id
        elif name in t.columns and not name.endswith("_marker"):
            accepted_cols[name] = t[name]
        else:
            source = marker_name(name.removesuffix("_marker"))
            accepted_cols[name] = t[source] if source in t.columns else ibis.null(dtype)
    accepted = t.filter(~outcome.invalid).select(**accepted_cols)
    if outcome.invalid_rows == 0:
        return accepted, None
    fields = {c.name: _quarantine_record(prep, c) for c in contract.columns}
    if FILE in t.columns:  # a batch: which file the row came from
        fields = {"file": t[FILE], **fields}
    record = ibis.struct(fields)
    quarantine = t.filter(outcome.invalid).select(
        load_id=load_id,
        dataset=ibis.literal(contract.name),
        row_number=t[ROW] % ROW_STRIDE,
        reasons=outcome.reasons,
        record=record.cast(dt.json).cast(str),
        quarantined_at=ctx.select("now").as_scalar(),
    )
    return accepted, quarantine


def already_loaded(db: Database, dataset: str, sha256: str) -> dict[str, Any] | None:
    """The load that brought this very file, if its rows are still there. Plain SQL with
    parameters: it runs once per file, and compiling an expression would cost more."""
    if not store.table_exists(db, dataset):  # no table: nothing of it can be loaded yet
        return None
    mark = "%s" if db.dialect == "postgres" else "?"
    row = _one(
        db,
        f"SELECT load_id, finished_at FROM {store.LOADS} WHERE dataset = {mark} AND "
        f"sha256 = {mark} ORDER BY finished_at DESC LIMIT 1",
        [dataset, sha256],
    )
    if row is None:
        return None
    current = _one(
        db, f"SELECT count(*) FROM {store.quote(dataset)} WHERE {store.LOAD_ID} = {mark}", [row[0]]
    )
    return {"load_id": row[0], "finished_at": row[1]} if current and current[0] else None


def _one(db: Database, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    con = db.backend.con
    if db.dialect == "postgres":
        with con.cursor() as cur:
            cur.execute(sql, params)
            row = cur.fetchone()
    else:
        row = con.execute(sql, params).fetchone()
    return None if row is None else tuple(row)


def _staging_backend(db: Database | None, dry_run: bool) -> tuple[Any, bool]:
    """The DuckDB that reads and validates: the database's own connection when it is DuckDB and
    we will write (the swap is then one INSERT … SELECT), otherwise a private in-memory one."""
    if db is not None and not dry_run and db.dialect == "duckdb":
        db.backend.con.execute("SET enable_progress_bar = false")  # our own progress, on stderr
        return db.backend, False
    backend = ibis.duckdb.connect()
    spill = Path(tempfile.gettempdir()) / f"faelled-stage-{os.getpid()}"
    backend.con.execute(f"SET temp_directory = '{spill}'")
    backend.con.execute("SET enable_progress_bar = false")  # our own progress, on stderr
    return backend, True


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
    backend, own = _staging_backend(db, dry_run)
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
        formats = _detect_formats(source, mapping, contract, source.options.get("delimiter"))
        pseudonymiser = None
        if contract.identifier_columns:
            pseudonymiser = (
                Pseudonymiser(secrets.token_bytes(32))  # a dry run stores no pseudonym
                if dry_run or db is None
                else Pseudonymiser.for_settings(settings)
            )
        say("stage")
        st = _stage_or_explain(backend, info, source, mapping, contract, formats, pseudonymiser)
        _leak_guard(st, info)
        say("validate")
        load_id = new_load_id(started)
        ctx = _context(backend, expected, load_id, datetime.now(UTC))
        prep = prepare(
            st,
            resolve_places(st),
            expected,
            ctx.select("expected").as_scalar() if expected else None,
        )
        population = (
            db.table(store.POPULATION)
            if db is not None and store.table_exists(db, store.POPULATION)
            else store.population_table()
        )
        outcome = validate(
            prep,
            population=population,
            source=info.name,
            extra_findings=_reading_findings(mapping),
        )
        decision = decide(outcome, contract)
        report = outcome.report
        report.stats.update(_stats(info, source, mapping, formats, decision))
        result = _result(info, contract, report, decision, outcome)
        if dry_run or db is None or decision.rejected:
            report.stats["seconds"] = round(time.perf_counter() - clock, 3)
            return result

        say("store")
        report.stats["seconds"] = round(time.perf_counter() - clock, 3)
        _store(
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


def _store(
    db: Database,
    prep: Prepared,
    outcome: Outcome,
    decision: Decision,
    ctx: ir.Table,
    result: LoadResult,
    *,
    load_id: str,
    file_name: str,
    sha256: str,
    size: int,
    file_format: str,
    expected: str | None,
    actor: str | None,
    started: datetime,
) -> None:
    """Plan the rows, the partitions, the quality scores and the lineage row; swap atomically."""
    contract = prep.contract
    now = datetime.now(UTC)
    accepted, quarantine = _plan(prep, outcome, contract, ctx)
    partitions: list[dict[str, Any]] = []
    if contract.load.mode == "replace_partition":
        partitions = fetch_rows(accepted.select(*contract.partition.columns).distinct())
    quality = scores(outcome, contract, load_id, fallback_municipality=expected, loaded_at=now)
    munis = sorted({q["municipality"] for q in quality})
    lineage = {
        "load_id": load_id,
        "dataset": contract.name,
        "contract_version": contract.version,
        "municipality": ",".join(munis) if munis else None,
        "partitions": json.dumps(partitions, default=str, ensure_ascii=False),
        "mode": contract.load.mode,
        "status": "accepted",
        "file_name": file_name,
        "sha256": sha256,
        "size_bytes": size,
        "format": file_format,
        "rows_read": outcome.rows,
        "rows_accepted": outcome.rows - outcome.invalid_rows,
        "rows_quarantined": outcome.invalid_rows,
        "rows_replaced": 0,
        "actor": actor or _actor(),
        "started_at": started,
        "finished_at": now,
        "message": decision.reason.en,
        "report": outcome.report.to_json(),
    }
    plan = LoadPlan(contract, load_id, accepted, quarantine, partitions, lineage, quality)
    result.rows_replaced = apply(db, plan)
    result.load_id = load_id


def _actor() -> str:
    try:
        return os.environ.get("FAELLED_USER") or getpass.getuser()
    except Exception:  # no login name (a container): still record something
        return "unknown"


def _stats(
    info: FileInfo, source: RawSource, mapping: ColumnMap, formats: Formats, decision: Decision
) -> dict[str, Any]:
    stats: dict[str, Any] = {
        "file": info.name,
        "sha256": info.sha256,
        "bytes": info.size,
        "format": source.format,
        **source.options,
        "header": mapping.header,
        "numbers": formats.numbers.describe(),
        "columns": mapping.describe(),
        "decision": decision.action,
        "invalid_share": round(decision.invalid_share, 4),
    }
    if formats.dates:
        stats["dates"] = formats.dates
    return stats


def _result(
    info: FileInfo, contract: Contract, report: Report, decision: Decision, outcome: Outcome
) -> LoadResult:
    rows, invalid = outcome.rows, outcome.invalid_rows
    statuses: dict[str, Status] = {
        "accept": "loaded",
        "quarantine": "quarantined",
        "reject": "rejected",
    }
    status = statuses[decision.action]
    return LoadResult(
        info.name,
        contract.name,
        status,
        decision.reason,
        report,
        rows_read=rows,
        rows_accepted=0 if decision.rejected else rows - invalid,
        rows_quarantined=0 if decision.rejected else invalid,
    )

"""Many deliveries of one dataset as one load: the operator's path (and the demo's).

Loading thousands of small files one by one costs a couple of dozen engine statements each. Here
every file is read and typed in one statement (a UNION of the per-file readers, each with its own
detected encoding, delimiter and formats), validated in one set of queries, and swapped in one
transaction as a single load. The file stays visible where it matters: row ids encode the file,
samples name it, the file name's municipality is checked per row, and a file that cannot be used
— unreadable, or with a CPR number in free text — is set aside with its own message while the
others load. An incomplete year quarantines its own rows instead of refusing the whole batch."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.errors import FaelledError, InputError
from faelled.ingest import store
from faelled.ingest.files import FileInfo, inspect, where
from faelled.ingest.guard import leak_error, leaks
from faelled.ingest.load import already_loaded, load_context, new_load_id, store_load
from faelled.ingest.mapping import ColumnMap, map_columns
from faelled.ingest.normalise import (
    Formats,
    Stage,
    as_text,
    prepare,
    resolve_places,
    stage_parts,
    typed_select_raw,
)
from faelled.ingest.pseudonym import Pseudonymiser
from faelled.ingest.readers import RawSource, open_source
from faelled.ingest.result import LoadResult, reading_findings, result_of
from faelled.ingest.staging import (
    detect_formats,
    expected_municipality,
    explain_engine_error,
    staging_backend,
)
from faelled.settings import Settings
from faelled.validate.compiled import fetch_rows
from faelled.validate.findings import Msg
from faelled.validate.policy import decide
from faelled.validate.report import Report
from faelled.validate.run import Outcome, validate
from faelled.validate.types import EXPECTED, FILE

Step = Callable[[str], None]
RAW = "_faelled_raw"  # every file's rows as text, before typing


def _failed(path: Path, contract: Contract, exc: FaelledError) -> LoadResult:
    return LoadResult(path.name, contract.name, "failed", Msg(exc.message, exc.message),
                      hint=exc.hint)  # fmt: skip


def batch_fingerprint(infos: Sequence[FileInfo]) -> str:
    """The batch's checksum: the same files with the same contents give the same one."""
    digest = hashlib.sha256()
    for info in sorted(infos, key=lambda i: i.name):
        digest.update(f"{info.name}\0{info.sha256}\n".encode())
    return digest.hexdigest()


def ingest_batch(
    db: Database | None,
    paths: Sequence[Path],
    contract: Contract,
    *,
    settings: Settings,
    label: str,
    user_map: Mapping[str, str] | None = None,
    others: Mapping[str, Contract] | None = None,
    force: bool = False,
    dry_run: bool = False,
    actor: str | None = None,
    step: Step | None = None,
) -> list[LoadResult]:
    """Load `paths` as one delivery named `label`. Returns the batch's result first, then one
    `failed` result per file set aside."""
    say = step or (lambda _: None)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    failed: list[LoadResult] = []
    say("inspect")
    infos: list[FileInfo] = []
    for path in paths:
        try:
            infos.append(inspect(path))
        except FaelledError as exc:
            failed.append(_failed(path, contract, exc))
    if not infos:
        raise InputError(f"{label}: ingen brugbare filer / no usable files.")
    fingerprint = batch_fingerprint(infos)
    if db is not None and not dry_run and not force:
        prior = already_loaded(db, contract.name, fingerprint)
        if prior is not None:
            return [
                LoadResult(
                    label,
                    contract.name,
                    "skipped",
                    Msg(f"Allerede indlæst som {prior['load_id']}; intet at gøre.",
                        f"Already loaded as {prior['load_id']}; nothing to do."),
                    load_id=str(prior["load_id"]),
                    hint="Brug --force for at indlæse den igen / use --force to load it again.",
                ),
                *failed,
            ]  # fmt: skip
    backend, own = staging_backend(db, dry_run)
    con = backend.con
    st: Stage | None = None
    try:
        say("read")
        opened: list[tuple[int, FileInfo, RawSource, ColumnMap, Formats]] = []
        reading: set[str] = set()
        for i, info in enumerate(infos):
            try:
                source = open_source(info, contract.source, con)
                mapping = map_columns(
                    info.path,
                    source.rows[0],
                    contract,
                    user_map or {},
                    header=contract.source.header,
                    named=source.named,
                    others=others,
                )
                if not (source.rows[1:] if mapping.header else source.rows):
                    raise InputError(
                        f"{where(info.path)}: filen har kun en overskriftsrække / the file has "
                        "only a header row.",
                        hint="Dan udtrækket igen.",
                    )
                fmt = detect_formats(source, mapping, contract, source.options.get("delimiter"))
                opened.append((i, info, source, mapping, fmt))
                reading.update(mapping.extra)
            except FaelledError as exc:
                failed.append(_failed(info.path, contract, exc))
        # Every file's rows as text in one table, one INSERT per file (a statement per file
        # costs about a millisecond); then one typed SELECT per group of files that share a
        # mapping and formats.
        width = max((s.width for _, _, s, _, _ in opened), default=0)
        con.execute(
            f'CREATE OR REPLACE TEMP TABLE "{RAW}" (_idx INTEGER, {FILE} VARCHAR, '
            f"{EXPECTED} VARCHAR, _src_row BIGINT, "
            + ", ".join(f"c{k} VARCHAR" for k in range(width))
            + ")"
        )
        groups: dict[Any, tuple[ColumnMap, Formats, list[int]]] = {}
        kept: list[tuple[FileInfo, RawSource]] = []
        for i, info, source, mapping, fmt in opened:
            table = f"_faelled_src_{i}"
            try:
                relation = source.relation(con, mapping.header, table)
                natives: list[str | None] = (
                    list(source.native_types) if source.native_types else [None] * source.width
                )
                cols = [as_text(f"c{k}", natives[k]) for k in range(source.width)]
                cols += ["NULL"] * (width - source.width)
                expected = expected_municipality(info.path, None)
                con.execute(
                    f'INSERT INTO "{RAW}" SELECT {i}, ?, ?, _src_row, {", ".join(cols)} '
                    f"FROM {relation}",
                    [info.name, expected],
                )
            except FaelledError as exc:
                failed.append(_failed(info.path, contract, exc))
                continue
            except duckdb.Error as exc:
                failed.append(_failed(info.path, contract, explain_engine_error(exc, info, source)))
                continue
            finally:
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
            key = (
                tuple(sorted(mapping.positions.items())),
                fmt.numbers,
                tuple(sorted(fmt.dates.items())),
            )
            groups.setdefault(key, (mapping, fmt, []))[2].append(i)
            kept.append((info, source))
        pseudonymiser = None
        if contract.identifier_columns:
            pseudonymiser = (
                Pseudonymiser(secrets.token_bytes(32))
                if dry_run or db is None
                else Pseudonymiser.for_settings(settings)
            )
        say("stage")
        if not kept:
            return failed
        parts = [
            typed_select_raw(
                f'(SELECT * FROM "{RAW}" WHERE _idx IN ({", ".join(map(str, idx))}))',
                mapping,
                contract,
                fmt,
            )
            for mapping, fmt, idx in groups.values()
        ]
        st = stage_parts(backend, parts, contract, next(iter(groups.values()))[1], pseudonymiser)
        st.sources = (RAW,)
        say("validate")
        con = backend.con
        hidden = leaks(st)
        for leak in hidden:  # set the file aside, keep the others
            failed.append(
                _failed(Path(leak.file or label), contract, leak_error(leak.file or label, leak))
            )
        if hidden:
            con.executemany(f'DELETE FROM "{st.name}" WHERE {FILE} = ?', [[x.file] for x in hidden])
        kept = [(i, s) for i, s in kept if i.name not in {x.file for x in hidden}]
        if not kept:
            return failed
        load_id = new_load_id(started)
        ctx = load_context(backend, None, load_id, datetime.now(UTC))
        prep = prepare(
            st,
            resolve_places(st),
            "filnavnets / the file name's",
            backend.table(st.name)[EXPECTED],
        )
        population = store.population_reference(db) if contract.compares_population else None
        extra = ColumnMap(True, [], {}, sorted(reading), [])

        def run() -> Outcome:
            return validate(
                prep,
                population=population,
                source=label,
                extra_findings=reading_findings(extra),
                per_partition=True,
            )

        outcome = run()
        # The contract's policy holds per file, as if each had been loaded alone: a file over
        # the limit is refused on its own and the batch validated again without it.
        refused = _refused_files(outcome, contract)
        if refused:
            con.executemany(f'DELETE FROM "{st.name}" WHERE {FILE} = ?', [[f] for f in refused])
            for name, (n, bad) in refused.items():
                failed.append(_refused(name, contract, n, bad, outcome.report))
            kept = [(i, s) for i, s in kept if i.name not in refused]
            if not kept:
                return failed
            outcome = run()
        decision = decide(outcome, contract)
        report = outcome.report
        report.stats.update(
            {
                "files": len(kept),
                "files_set_aside": len(failed),
                "sha256": fingerprint,
                "bytes": sum(i.size for i, _ in kept),
                "decision": decision.action,
                "invalid_share": round(decision.invalid_share, 4),
            }
        )
        first = kept[0][0]
        result = result_of(first, contract, report, decision, outcome)
        result.file = label
        if dry_run or db is None or decision.rejected:
            report.stats["seconds"] = round(time.perf_counter() - clock, 3)
            return [result, *failed]
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
            file_name=label,
            sha256=fingerprint,
            size=sum(i.size for i, _ in kept),
            file_format="+".join(sorted({s.format for _, s in kept})),
            expected=None,
            actor=actor,
            started=started,
        )
        return [result, *failed]
    finally:
        if st is not None:
            st.drop()
        con.execute(f'DROP TABLE IF EXISTS "{RAW}"')
        if own:
            backend.disconnect()


def _refused_files(outcome: Outcome, contract: Contract) -> dict[str, tuple[int, int]]:
    """Files whose own invalid share breaks the contract's policy: name → (rows, invalid)."""
    if outcome.invalid_rows == 0:
        return {}
    t = outcome.table
    per_file = fetch_rows(t.group_by(t[FILE]).aggregate(n=t.count(), bad=outcome.invalid.sum()))
    limit = 0.0 if contract.load.on_invalid == "reject" else contract.load.max_invalid_share
    return {
        r[FILE]: (int(r["n"]), int(r["bad"] or 0))
        for r in sorted(per_file, key=lambda r: str(r[FILE]))
        if r["n"] and int(r["bad"] or 0) / int(r["n"]) > limit
    }


def _refused(name: str, contract: Contract, rows: int, bad: int, report: Report) -> LoadResult:
    share = f"{100 * bad / rows:.1f}%"
    return LoadResult(
        name,
        contract.name,
        "rejected",
        Msg(
            f"{name}: afvist — {bad} af {rows} rækker ({share}) er ugyldige (kontraktens grænse "
            "gælder pr. fil); resten af filerne er indlæst.",
            f"{name}: rejected — {bad} of {rows} rows ({share}) are invalid (the contract's limit "
            "holds per file); the other files are loaded.",
        ),
        report=report,  # the whole batch's first report: the file's findings name it
        hint="Ret filen (fundene i rapporten nævner den) og indlæs den igen.",
        rows_read=rows,
    )

"""Retention: rows are kept for their contract's `retention_years`, then deleted (audited).

A row's age is read from the contract's period column (`period.column`); a contract without one
falls back to an integer partition column named `year` (a delivery year, as `benefit_spells`
has). A row for year Y — or dated D — is kept through year Y + retention_years (or until D plus
retention_years) and deleted by the first `faelled retention apply` after that. The table holding
a dataset is named after its contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from faelled.access.audit import AuditLog, RetentionApplied
from faelled.access.policy import Actor, check
from faelled.access.store import execute
from faelled.catalog.contracts import ColumnType, Contract
from faelled.engine.database import Database


@dataclass(frozen=True)
class RetentionResult:
    dataset: str
    column: str | None
    cutoff: str | None  # rows with the column below this are past retention
    rows_deleted: int
    note: str = ""


def retention_column(contract: Contract) -> tuple[str, ColumnType] | None:
    if contract.period is not None:
        name = contract.period.column
        return name, contract.column(name).type
    for name in contract.partition.columns:
        if name == "year" and contract.column(name).type is ColumnType.integer:
            return name, ColumnType.integer
    return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def cutoff_for(kind: ColumnType, retention_years: int, today: date) -> int | date | str:
    if kind is ColumnType.integer:
        return today.year - retention_years  # years strictly before this are past retention
    if kind is ColumnType.date:
        return _years_before(today, retention_years)
    # A period written as text ("2015", "2015-03", "2015/16") sorts like its ISO date prefix.
    return _years_before(today, retention_years).isoformat()[:7]


def apply_retention(
    db: Database,
    actor: Actor,
    contracts: list[Contract],
    *,
    today: date | None = None,
    dry_run: bool = False,
    audit: AuditLog | None = None,
) -> list[RetentionResult]:
    check(actor, "admin", "retention")
    today = today or date.today()
    log = audit or AuditLog(db)
    results = []
    for contract in contracts:
        if not db.has_table(contract.name):
            results.append(RetentionResult(contract.name, None, None, 0, "no table"))
            continue
        found = retention_column(contract)
        if found is None:
            results.append(
                RetentionResult(contract.name, None, None, 0, "no period or year column")
            )
            continue
        column, kind = found
        if column not in db.table(contract.name).columns:
            # A table loaded before its contract gained the column: nothing to date rows by,
            # so nothing is deleted, and the result says which column is missing.
            results.append(RetentionResult(contract.name, column, None, 0, "column missing"))
            continue
        cutoff = cutoff_for(kind, contract.retention_years, today)
        # Names come from validated contracts (^[a-z][a-z0-9_]*$); quoted all the same.
        where = f'FROM "{contract.name}" WHERE "{column}" < ?'
        count = int(execute(db, f"SELECT count(*) {where}", [cutoff])[0][0])
        if not dry_run and count:
            execute(db, f"DELETE {where}", [cutoff])
        if not dry_run:
            log.record(actor, RetentionApplied(contract.name, column, str(cutoff), count))
        results.append(
            RetentionResult(contract.name, column, str(cutoff), count, "dry run" if dry_run else "")
        )
    return results

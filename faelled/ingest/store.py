"""The tables ingest owns, created by versioned migrations ("ingest:<n>"), and the DDL for the
dataset tables themselves (one per contract, created on its first load).

    loads              lineage: one row per accepted load (status "accepted"; a rejected delivery
                       changes nothing, so it leaves no row; `rows_quarantined` tells partial ones)
    quarantine         invalid rows of accepted loads, as written, with the rules they fail
    quality_scores     completeness, validity, uniqueness, timeliness per dataset × municipality
                       × load (read by the KPI and web areas: keep the name and columns)
    ref_population     population per municipality, the reference for plausibility rules
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from faelled.catalog.contracts import Contract
from faelled.engine.database import Database
from faelled.engine.migrations import Migration
from faelled.errors import InputError
from faelled.reference.population import published_population
from faelled.validate.types import DTYPES

LOADS = "loads"  # the KPI area reads it to see which inputs changed
QUARANTINE = "quarantine"
QUALITY = "quality_scores"
POPULATION = "ref_population"
LOAD_ID = "_load_id"  # in every dataset table: which load delivered the row
RESERVED = ("loads", "quarantine", "quality_scores", "kpi_values", "kpi_runs")
RESERVED_PREFIXES = ("faelled_", "ingest_", "ref_", "kpi_", "quality_", "survey_", "access_")

TS = dt.Timestamp(timezone="UTC")
SCHEMAS: dict[str, ibis.Schema] = {
    LOADS: ibis.schema(
        {
            "load_id": dt.string,
            "dataset": dt.string,
            "contract_version": dt.int64,
            "municipality": dt.string,  # the delivery's municipalities, comma-separated
            "partitions": dt.string,  # JSON: the partitions replaced
            "mode": dt.string,
            "status": dt.string,  # "accepted" (rows_quarantined > 0 for a partial load)
            "file_name": dt.string,
            "sha256": dt.string,
            "size_bytes": dt.int64,
            "format": dt.string,
            "rows_read": dt.int64,
            "rows_accepted": dt.int64,
            "rows_quarantined": dt.int64,
            "rows_replaced": dt.int64,
            "actor": dt.string,
            "started_at": TS,
            "finished_at": TS,
            "message": dt.string,
            "report": dt.string,  # the validation report, JSON
        }
    ),
    QUARANTINE: ibis.schema(
        {
            "load_id": dt.string,
            "dataset": dt.string,
            "row_number": dt.int64,
            "reasons": dt.string,
            "record": dt.string,  # JSON: the row as written; identifiers as pseudonyms or masked
            "quarantined_at": TS,
        }
    ),
    QUALITY: ibis.schema(
        {
            "dataset": dt.string,
            "municipality": dt.string,
            "load_id": dt.string,
            "completeness": dt.float64,
            "validity": dt.float64,
            "uniqueness": dt.float64,
            "timeliness": dt.float64,
            "score": dt.float64,
            "computed_at": TS,
            # The contract's domain, so the data-quality KPIs take a user's contracts in too.
            "domain": dt.string,
        }
    ),
    POPULATION: ibis.schema(
        {"municipality": dt.string, "year": dt.int64, "population": dt.int64, "source": dt.string}
    ),
}


def population_rows() -> list[dict[str, object]]:
    return published_population()


def population_table() -> ibis.Table:
    """The shipped population reference, in memory (for a dry run that has no database)."""
    return ibis.memtable(pa.Table.from_pylist(population_rows()))


OWN_POPULATION = "population"  # the shipped `population` dataset: inhabitants by sex and age


def population_reference(db: Database | None) -> ibis.Table:
    """The population plausibility rules compare with: per municipality the commons' own
    `population` dataset when it has that municipality (it is at the scale of the other
    deliveries — the generator's --scale, or the real figures), else the shipped reference."""
    if db is None:
        return population_table()
    rows = (
        db.table(POPULATION).to_pyarrow().to_pylist()
        if table_exists(db, POPULATION)
        else population_rows()
    )
    if table_exists(db, OWN_POPULATION):
        t = db.table(OWN_POPULATION)
        if {"municipality", "year", "count"} <= set(t.columns):
            own = (
                t.filter(t.municipality.notnull() & t.year.notnull())
                .group_by("municipality", "year")
                .aggregate(population=t["count"].sum())
                .to_pyarrow()
                .to_pylist()
            )
            covered = {r["municipality"] for r in own}
            rows = [r for r in rows if r["municipality"] not in covered] + [
                {**r, "source": "faelled: population"} for r in own if r["population"]
            ]
    schema = {"municipality": "string", "year": "int64", "population": "int64", "source": "string"}
    return ibis.memtable(rows, schema=schema)


def _create_tables(db: Database) -> None:
    for name, schema in SCHEMAS.items():
        if not db.has_table(name):
            db.backend.create_table(name, schema=schema)
    db.backend.insert(POPULATION, pa.Table.from_pylist(population_rows()))


def _quality_domain(db: Database) -> None:
    """Quality scores written before they carried the domain get their contract's."""
    if "domain" in db.table(QUALITY).columns:
        return  # created with it (ingest:1 on this version)
    from faelled.catalog.contracts import load_contracts
    from faelled.errors import FaelledError

    try:
        contracts = load_contracts(db.settings)
    except FaelledError:  # a user contract that does not read: its own command will say so
        contracts = load_contracts(None)
    db.raw_sql(f"ALTER TABLE {QUALITY} ADD COLUMN domain VARCHAR")
    for name, contract in sorted(contracts.items()):
        db.raw_sql(
            f"UPDATE {QUALITY} SET domain = {_literal(str(contract.domain))} "
            f"WHERE dataset = {_literal(name)}"
        )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


MIGRATIONS = [
    Migration("ingest:1", "loads, quarantine, quality scores, population", _create_tables),
    Migration("ingest:2", "the domain of each quality score", _quality_domain),
]


# --- dataset tables --------------------------------------------------------------------------

SQL_TYPES = {
    "duckdb": {
        "string": "VARCHAR",
        "int64": "BIGINT",
        "float64": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
    },
    "postgres": {
        "string": "TEXT",
        "int64": "BIGINT",
        "float64": "DOUBLE PRECISION",
        "boolean": "BOOLEAN",
        "date": "DATE",
    },
}


def table_exists(db: Database, name: str) -> bool:
    """One small query (Ibis's list_tables reads every table name, each time)."""
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = "
    con = db.backend.con
    if db.dialect == "postgres":
        with con.cursor() as cur:
            cur.execute(sql + "%s AND table_schema = current_schema()", [name])
            row = cur.fetchone()
    else:
        row = con.execute(sql + "? AND table_catalog = current_database()", [name]).fetchone()
    return bool(row and row[0])


def marker_column(column: str) -> str:
    return f"{column}_marker"


def table_columns(contract: Contract) -> dict[str, dt.DataType]:
    """A dataset table's columns: the contract's, a marker column beside each column that has
    markers, and the load id."""
    out: dict[str, dt.DataType] = {}
    for c in contract.columns:
        out[c.name] = DTYPES[c.type]
        if c.markers:
            out[marker_column(c.name)] = dt.string
    out[LOAD_ID] = dt.string
    return out


def check_table_name(contract: Contract) -> None:
    if contract.name.startswith(RESERVED_PREFIXES) or contract.name in (*SCHEMAS, *RESERVED):
        raise InputError(
            f"Datasættet {contract.name!r} har et navn, Fælled bruger selv / the dataset's name "
            "is reserved for Fælled's own tables.",
            hint="Omdøb kontrakten (navnet må ikke begynde med "
            + ", ".join(RESERVED_PREFIXES)
            + ").",
        )


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ddl_statements(db: Database, contract: Contract) -> list[str]:
    """CREATE the dataset table, or ADD the columns a newer contract version has: run inside
    the load's transaction, so a failed first load leaves no empty table behind."""
    check_table_name(contract)
    types = SQL_TYPES["postgres" if db.dialect == "postgres" else "duckdb"]
    wanted = table_columns(contract)
    if not table_exists(db, contract.name):
        cols = ", ".join(
            f"{quote(n)} {types[str(t.copy(nullable=True))]}" for n, t in wanted.items()
        )
        return [f"CREATE TABLE {quote(contract.name)} ({cols})"]
    have = db.table(contract.name).schema()
    out = []
    for n, t in wanted.items():
        if n not in have:
            out.append(
                f"ALTER TABLE {quote(contract.name)} ADD COLUMN {quote(n)} "
                f"{types[str(t.copy(nullable=True))]}"
            )
        elif have[n].copy(nullable=True) != t:
            raise InputError(
                f"Tabellen {contract.name} har kolonnen {n} som {have[n]}, men kontrakten siger "
                f"{t} / the table's column type differs from the contract's.",
                hint="En kolonnes type kan ikke ændres i en ny kontraktversion; tilføj en ny.",
            )
    return out

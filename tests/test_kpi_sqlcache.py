"""The compiled-SQL cache of the KPI engine: same results as the expression, exact invalidation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest
from pydantic import SecretStr

from faelled.catalog.kpis import KPI
from faelled.engine import Database, open_database
from faelled.kpi.compute import compute_kpi
from faelled.kpi.flatten import sql_of
from faelled.kpi.sqlcache import (
    CACHE_DIR,
    cache_path,
    clear_memory,
    compiled_query,
    expression,
    query_key,
    run_kpi,
)
from faelled.settings import Settings

from . import kpi_fixtures as fx


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    clear_memory()
    with open_database(settings) as database:
        fx.load(database)
        yield database
    clear_memory()


def _by_key(t: pa.Table) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {(r["municipality"], r["period"], r["breakdown"]): r for r in t.to_pylist()}


def _sorted(t: pa.Table) -> pa.Table:
    return t.sort_by([(c, "ascending") for c in t.column_names[:4]])


def _with_den_ages(lo: int, hi: int) -> KPI:
    base = fx.benefit_share()
    den = base.model_dump(mode="json")["denominator"]
    den["where"] = [{"column": "age", "op": "between", "value": [lo, hi]}]
    return fx.benefit_share(denominator=den)


def test_cached_query_returns_what_the_expression_returns(db: Database) -> None:
    kpi = fx.benefit_share(breakdowns=["sex"])
    for aggregates in (True, False):
        expected = db.backend.to_pyarrow(expression(kpi, fx.SCHEMAS, aggregates=aggregates))
        first = run_kpi(db, kpi, fx.SCHEMAS, aggregates=aggregates)  # compiled
        again = run_kpi(db, kpi, fx.SCHEMAS, aggregates=aggregates)  # from memory
        for got in (first, again):
            assert got.schema == expected.schema
            assert _sorted(got).equals(_sorted(expected))


def test_compute_writes_the_query_to_disk_and_a_new_process_reads_it(db: Database) -> None:
    kpi = fx.benefit_share()
    compute_kpi(db, kpi, fx.SCHEMAS)
    key = query_key(kpi, fx.SCHEMAS, "duckdb")
    path = cache_path(db.settings.home, key)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["key"] == key
    assert stored["sql"] == sql_of(expression(kpi, fx.SCHEMAS), "duckdb")
    # A new process starts with an empty memory: the file is what it reads (marked to tell).
    clear_memory()
    path.write_text(json.dumps({**stored, "sql": stored["sql"] + "\n-- from disk"}), "utf-8")
    q = compiled_query(kpi, fx.SCHEMAS, "duckdb", home=db.settings.home)
    assert q.sql.endswith("-- from disk")
    assert q.schema == expression(kpi, fx.SCHEMAS).schema()


def test_a_new_compiler_version_removes_the_queries_of_older_ones(db: Database) -> None:
    home = db.settings.home
    root = home / CACHE_DIR
    older = root / "0123456789abcdef"  # another version's folder, and a flat file from before
    older.mkdir(parents=True)
    (older / f"{'1' * 64}.json").write_text("{}", "utf-8")
    (root / f"{'2' * 64}.json").write_text("{}", "utf-8")
    first, second = fx.benefit_share(), _with_den_ages(35, 66)
    compiled_query(first, fx.SCHEMAS, "duckdb", home=home)
    compiled_query(second, fx.SCHEMAS, "duckdb", home=home)
    current = cache_path(home, query_key(first, fx.SCHEMAS, "duckdb")).parent
    assert list(root.iterdir()) == [current]
    assert sorted(p.name for p in current.iterdir()) == sorted(
        f"{query_key(k, fx.SCHEMAS, 'duckdb')}.json" for k in (first, second)
    )


def test_a_file_under_the_wrong_key_or_broken_is_not_used(db: Database) -> None:
    kpi = fx.benefit_share()
    home = db.settings.home
    key = query_key(kpi, fx.SCHEMAS, "duckdb")
    path = cache_path(home, key)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"key": "0" * 64, "sql": "SELECT 1", "schema": {}}), "utf-8")
    fresh = sql_of(expression(kpi, fx.SCHEMAS), "duckdb")
    assert compiled_query(kpi, fx.SCHEMAS, "duckdb", home=home).sql == fresh
    clear_memory()
    path.write_text('{"key": "', "utf-8")  # half a file
    assert compiled_query(kpi, fx.SCHEMAS, "duckdb", home=home).sql == fresh
    assert json.loads(path.read_text("utf-8"))["key"] == key  # and it was rewritten


def test_a_changed_filter_is_a_new_query_with_its_own_result(db: Database) -> None:
    wide, narrow = _with_den_ages(16, 66), _with_den_ages(35, 66)
    assert query_key(wide, fx.SCHEMAS, "duckdb") != query_key(narrow, fx.SCHEMAS, "duckdb")
    a = _by_key(run_kpi(db, wide, fx.SCHEMAS, aggregates=False))
    b = _by_key(run_kpi(db, narrow, fx.SCHEMAS, aggregates=False))
    # København 2023: 60 + 40 aged 16–66, of whom only the 40 aged 40 are 35–66.
    assert a[("101", "2023", "")]["denominator"] == 100.0
    assert b[("101", "2023", "")]["denominator"] == 40.0
    # Back to the first definition: its own query again, not the last one run.
    again = _by_key(run_kpi(db, wide, fx.SCHEMAS, aggregates=False))
    assert again[("101", "2023", "")]["denominator"] == 100.0


def test_a_changed_column_type_or_dialect_recompiles(db: Database) -> None:
    kpi = fx.benefit_share()
    home = db.settings.home
    before = compiled_query(kpi, fx.SCHEMAS, "duckdb", home=home)
    schemas = {**fx.SCHEMAS, "population": {**fx.SCHEMAS["population"], "year": "string"}}
    after = compiled_query(kpi, schemas, "duckdb", home=home)
    assert after.key != before.key
    assert after.sql != before.sql
    assert after.sql == sql_of(expression(kpi, schemas), "duckdb")
    # A dataset the KPI does not read changes nothing.
    other = {**fx.SCHEMAS, "absence": {"municipality": "string"}}
    assert compiled_query(kpi, other, "duckdb", home=home).key == before.key
    pg = compiled_query(kpi, fx.SCHEMAS, "postgres", home=home)
    assert pg.key != before.key
    assert pg.sql == sql_of(expression(kpi, fx.SCHEMAS), "postgres")


@pytest.mark.postgres
def test_postgres_cached_query_returns_what_the_expression_returns(
    postgres_url: str, tmp_path: Path
) -> None:
    clear_memory()
    kpi = fx.benefit_share(breakdowns=["sex"])
    with open_database(Settings(home=tmp_path, database_url=SecretStr(postgres_url))) as pg:
        fx.load(pg)
        for aggregates in (True, False):
            expected = pg.backend.to_pyarrow(expression(kpi, fx.SCHEMAS, aggregates=aggregates))
            got = run_kpi(pg, kpi, fx.SCHEMAS, aggregates=aggregates)
            assert got.schema == expected.schema
            assert _sorted(got).equals(_sorted(expected))
    clear_memory()


def test_calendar_year_kpi_keeps_only_the_periods_tables_years_without_joining_it(
    db: Database,
) -> None:
    """Both sides read an integer year column: no join to ref_periods, joined on the year
    itself; years the periods table lacks (before 2000, after 2040) are still left out."""
    extra = pa.table(
        {
            "municipality": ["101", "101", "101"],
            "year": pa.array([1999, 2041, 2023], pa.int64()),
            "sex": ["K", "K", "K"],
            "age": pa.array([30, 30, 30], pa.int64()),
            "count": pa.array([7, 7, 0], pa.int64()),
        }
    )
    db.backend.insert("population", extra)
    spells = pa.table(
        {
            "person_id": ["p9", "p8"],
            "municipality": ["101", "101"],
            "year": pa.array([1999, 2023], pa.int64()),
            "benefit": ["kontanthjælp", "kontanthjælp"],
            "start_date": pa.array([None, None], pa.date32()),
            "end_date": pa.array([None, None], pa.date32()),
        }
    )
    db.backend.insert("benefit_spells", spells)
    kpi = fx.benefit_share(
        numerator={
            "dataset": "benefit_spells",
            "aggregate": "count",
            "period": {"kind": "column", "column": "year"},
        },
        denominator={
            "dataset": "population",
            "aggregate": "sum",
            "column": "count",
            "n_from": "value",
            "period": {"kind": "column", "column": "year"},
        },
    )
    sql = compiled_query(kpi, fx.SCHEMAS, "duckdb").sql
    assert "ref_periods" not in sql
    assert re.search(r'"_period_raw" = "t\d+"\."_period_raw"', sql)  # the join on the year
    got = _by_key(run_kpi(db, kpi, fx.SCHEMAS, aggregates=False))
    assert {p for _, p, _ in got} == {"2023", "2024"}
    # København 2023: spells p1, p2, p3, p8 dated 2023 over 60 + 40 + 50 + 0 inhabitants.
    assert got[("101", "2023", "")]["numerator"] == 4.0
    assert got[("101", "2023", "")]["denominator"] == 150.0
    # Frederiksberg delivered no spells for 2023: no value, not 0 (tests/test_kpi_delivered.py).
    assert got[("147", "2023", "")]["numerator"] is None


def test_a_widened_integer_sum_is_cast_back_as_ibis_would_and_overflow_is_refused(
    db: Database,
) -> None:
    from ibis.backends.duckdb.converter import DuckDBPyArrowData

    from faelled.kpi.sqlcache import CompiledQuery, execute

    # DuckDB sums BIGINTs to HUGEINT (Arrow decimal128); the expression says int64.
    schema = ibis.schema({"municipality": "string", "n": "int64", "value": "float64"})
    sql = (
        "SELECT municipality, SUM(x) AS n, CAST(SUM(x) AS DOUBLE) / 2 AS value FROM "
        "(VALUES ('101', 3::BIGINT), ('101', 4::BIGINT), ('147', NULL::BIGINT)) t(municipality, x) "
        "GROUP BY 1 ORDER BY 1"
    )
    raw = db.backend.con.sql(sql).to_arrow_table()
    assert pa.types.is_decimal(raw.schema.field("n").type)
    got = execute(db, CompiledQuery("k", sql, schema))
    assert got.schema == schema.to_pyarrow()
    assert got.equals(DuckDBPyArrowData.convert_table(raw, schema))
    assert got.to_pylist()[0] == {"municipality": "101", "n": 7, "value": 3.5}
    assert got.to_pylist()[1]["n"] is None
    too_big = "SELECT '101' AS municipality, SUM(x) AS n, 1.0 AS value FROM " + (
        "(VALUES (9223372036854775807::BIGINT), (1::BIGINT)) t(x)"
    )
    with pytest.raises(pa.ArrowInvalid):
        execute(db, CompiledQuery("k2", too_big, schema))


def test_the_cached_query_reads_the_tables_as_they_are_now(db: Database) -> None:
    # Nothing of a result is kept between runs: changed rows and a replaced table must show.
    kpi = fx.benefit_share(breakdowns=["sex"])
    con = db.backend.con

    def fresh() -> pa.Table:
        return _sorted(db.backend.to_pyarrow(expression(kpi, fx.SCHEMAS, aggregates=False)))

    before = _sorted(run_kpi(db, kpi, fx.SCHEMAS, aggregates=False))
    assert before.equals(fresh())
    con.execute(
        "DELETE FROM benefit_spells "
        "WHERE municipality = (SELECT min(municipality) FROM benefit_spells)"
    )
    after_delete = _sorted(run_kpi(db, kpi, fx.SCHEMAS, aggregates=False))
    assert after_delete.equals(fresh()) and not after_delete.equals(before)
    con.execute(
        "CREATE OR REPLACE TABLE population AS "
        "SELECT * REPLACE (count * 2 AS count) FROM population"
    )
    replaced = _sorted(run_kpi(db, kpi, fx.SCHEMAS, aggregates=False))
    assert replaced.equals(fresh()) and not replaced.equals(after_delete)

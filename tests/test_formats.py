from __future__ import annotations

import io
import json
import warnings
from datetime import date

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from faelled.web.formats import Col, Table, to_csv, to_jsonstat, to_parquet, to_xlsx


@pytest.fixture
def table() -> Table:
    rows = [
        {"municipality": "101", "period": "2023", "value": 12.5, "n": 400, "suppressed": False},
        {"municipality": "101", "period": "2024", "value": 13.25, "n": 410, "suppressed": False},
        {"municipality": "147", "period": "2023", "value": None, "n": None, "suppressed": True},
        {"municipality": "147", "period": "2024", "value": 9.0, "n": 120, "suppressed": False},
    ]
    return Table(
        name="kpi_values",
        title="Andel på ydelse",
        columns=[
            Col("municipality"),
            Col("period"),
            Col("value", "number"),
            Col("n", "integer"),
            Col("suppressed", "boolean"),
        ],
        rows=rows,
        dimensions=["municipality", "period"],
        value="value",
        labels={"municipality": {"101": "København", "147": "Frederiksberg"}},
    )


def test_danish_csv_has_bom_semicolons_and_decimal_comma(table: Table) -> None:
    data = to_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "municipality;period;value;n;suppressed"
    assert lines[2] == "101;2024;13,25;410;false"
    assert lines[3] == "147;2023;;;true"


def test_comma_csv_is_plain_utf8(table: Table) -> None:
    data = to_csv(table, sep=",")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode().splitlines()[2] == "101,2024,13.25,410,false"


def test_excel_cells_are_typed(table: Table) -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(table)))
    ws = wb["kpi_values"]
    assert [c.value for c in ws[1]] == ["municipality", "period", "value", "n", "suppressed"]
    assert ws["C3"].value == 13.25 and ws["C3"].data_type == "n"
    assert ws["D3"].value == 410 and ws["D3"].data_type == "n"
    assert ws["C4"].value is None and ws["E4"].value is True


def test_parquet_round_trips_types(table: Table) -> None:
    t = pq.read_table(io.BytesIO(to_parquet(table)))
    assert str(t.schema.field("value").type) == "double"
    assert str(t.schema.field("n").type) == "int64"
    assert t.column("value").to_pylist() == [12.5, 13.25, None, 9.0]


def test_jsonstat_read_back_by_an_independent_reader(table: Table) -> None:
    from pyjstat import pyjstat

    doc = to_jsonstat(table)
    assert doc["size"] == [2, 2] and doc["status"] == {"2": ".."}
    with warnings.catch_warnings():
        # pyjstat's own write() calls its deprecated from_json_stat(); not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        df = pyjstat.Dataset.read(json.dumps(doc)).write("dataframe", naming="id")
    got = {(r.municipality, r.period): r.value for r in df.itertuples()}
    assert got[("101", "2024")] == 13.25 and got[("147", "2024")] == 9.0
    assert got[("147", "2023")] != got[("147", "2023")]  # NaN: suppressed stays missing
    assert doc["dimension"]["municipality"]["category"]["label"]["101"] == "København"


def test_dates_serialise_everywhere() -> None:
    t = Table(name="d", columns=[Col("day", "date")], rows=[{"day": date(2024, 1, 31)}])
    assert to_csv(t).decode("utf-8-sig").splitlines()[1] == "2024-01-31"
    wb = load_workbook(io.BytesIO(to_xlsx(t)))
    assert wb["d"]["A2"].is_date

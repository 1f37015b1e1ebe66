"""One served table, many formats: JSON, CSV (Danish Excel: UTF-8 with BOM and `;`, or `,`),
Excel (.xlsx with typed cells), Parquet and JSON-stat 2.0 (the format statistics offices publish).

A `Table` is what a data function returns after policy and suppression: columns with types, rows,
and which columns are dimensions and which is the value — so JSON-stat can be built from it.
Suppressed values are null in the data and marked in every format: a `suppressed` column in
CSV/Excel/Parquet, status ".." (Statistics Denmark's mark for confidential) in JSON-stat."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

ColType = Literal["string", "integer", "number", "boolean", "date", "datetime"]
Format = Literal["json", "csv", "xlsx", "parquet", "jsonstat"]
FORMATS: tuple[Format, ...] = ("json", "csv", "xlsx", "parquet", "jsonstat")
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "jsonstat": "application/json",
}
SUPPRESSED_STATUS = ".."

_ARROW: dict[ColType, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", "UTC"),
}


@dataclass(frozen=True)
class Col:
    name: str
    type: ColType = "string"
    label: str | None = None


@dataclass
class Table:
    name: str
    columns: list[Col]
    rows: list[dict[str, Any]]
    title: str = ""
    source: str = "Fælled"
    dimensions: list[str] = field(default_factory=list)  # for JSON-stat
    value: str | None = None  # the measure column, for JSON-stat
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # dim → code → label

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def to_csv(table: Table, *, sep: str = ";") -> bytes:
    """`;` (default) writes what Danish Excel opens directly: UTF-8 with a BOM, decimal comma."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(table.column_names())
    danish = sep == ";"
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(c.name), c.type, danish) for c in table.columns])
    text = buf.getvalue()
    return ("\ufeff" + text).encode("utf-8") if danish else text.encode("utf-8")


def _csv_cell(value: Any, typ: ColType, danish: bool) -> str:
    if value is None:
        return ""
    if typ == "number" and danish:
        return repr(float(value)).replace(".", ",")
    if typ == "boolean":
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def to_arrow(table: Table) -> pa.Table:
    schema = pa.schema([(c.name, _ARROW[c.type]) for c in table.columns])
    data = {c.name: [r.get(c.name) for r in table.rows] for c in table.columns}
    return pa.Table.from_pydict(data, schema=schema)


def to_parquet(table: Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(to_arrow(table), sink, compression="zstd")
    return sink.getvalue()


def to_xlsx(table: Table) -> bytes:
    """Typed cells (numbers are numbers, dates are dates), a frozen header row, source below."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31] or "data"
    ws.append(table.column_names())
    for row in table.rows:
        ws.append([_xlsx_cell(row.get(c.name), c.type) for c in table.columns])
    ws.freeze_panes = "A2"
    meta = wb.create_sheet("om")
    meta.append(["Titel", table.title])
    meta.append(["Kilde", table.source])
    meta.append(["Diskretionering", "Tomme celler med suppressed=true er diskretioneret."])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_cell(value: Any, typ: ColType) -> Any:
    if value is None:
        return None
    if typ == "datetime" and isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
    return value


def to_jsonstat(table: Table) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset: the dimensions in order, values row-major; missing
    combinations are null, suppressed ones null with status "..".

    Status is per cell; a row whose `suppressed` is true gets ".."."""
    if not table.dimensions or table.value is None:
        raise ValueError(f"table {table.name} has no dimensions/value for JSON-stat")
    dims = table.dimensions
    categories: dict[str, list[str]] = {d: [] for d in dims}
    for row in table.rows:
        for d in dims:
            key = str(row[d])
            if key not in categories[d]:
                categories[d].append(key)
    sizes = [len(categories[d]) for d in dims]
    position = {d: {k: i for i, k in enumerate(categories[d])} for d in dims}
    total = 1
    for s in sizes:
        total *= s
    values: list[Any] = [None] * total
    status: dict[str, str] = {}
    for row in table.rows:
        index = 0
        for d, size in zip(dims, sizes, strict=True):
            index = index * size + position[d][str(row[d])]
        values[index] = row.get(table.value)
        if row.get("suppressed"):
            values[index] = None
            status[str(index)] = SUPPRESSED_STATUS
    dimension: dict[str, Any] = {}
    for d in dims:
        col = next((c for c in table.columns if c.name == d), Col(d))
        labels = table.labels.get(d, {})
        dimension[d] = {
            "label": col.label or d,
            "category": {
                "index": categories[d],
                "label": {k: labels.get(k, k) for k in categories[d]},
            },
        }
    out: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.title or table.name,
        "source": table.source,
        "id": dims,
        "size": sizes,
        "dimension": dimension,
        "value": values,
    }
    if status:
        out["status"] = status
    return out

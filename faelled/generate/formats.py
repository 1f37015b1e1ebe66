"""The files a municipality's case systems export: CSV in three dialects, Excel, Parquet.

Writers are deterministic: the same table gives the same bytes (Excel's zip entries and document
properties carry a fixed timestamp; Parquet carries no pandas metadata). Tables come in with
canonical types (strings, nullable integers, floats, dates); the format decides how they are
spelled. Row numbers in the manifest follow the spreadsheet convention: the header is row 1, the
first data row is row 2 (for Parquet, the record's index + 2, as if it had a header row).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from faelled.catalog.contracts import ColumnType, Contract
from faelled.reference import reference

FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class FileFormat:
    """How one municipality's systems spell a delivery."""

    name: str
    kind: Literal["csv", "parquet", "xlsx"] = "csv"
    encoding: str = "utf-8"  # "cp1252", "utf-8-sig" (with BOM) or "utf-8"
    delimiter: str = ";"
    decimal: str = ","
    date_format: str = "%d-%m-%Y"
    header: Literal["name", "alias"] = "name"  # contract names or the first Danish alias
    municipality: Literal["code", "code4", "name"] = "code"
    cpr_dash: bool = True
    eol: str = "\r\n"
    quoting: Literal["needed", "none"] = "none"
    big: bool = False  # person-level datasets as Parquet

    @staticmethod
    def profiles() -> dict[str, FileFormat]:
        return {
            "a_windows": FileFormat(
                name="a_windows",
                encoding="cp1252",
                header="alias",
                quoting="needed",
            ),
            "b_utf8_bom": FileFormat(
                name="b_utf8_bom",
                encoding="utf-8-sig",
                date_format="%d.%m.%Y",
                municipality="name",
                cpr_dash=False,
            ),
            "c_utf8": FileFormat(
                name="c_utf8",
                delimiter=",",
                decimal=".",
                date_format="%Y-%m-%d",
                municipality="code4",
                eol="\n",
            ),
        }

    def with_parquet(self) -> FileFormat:
        return replace(self, big=True)

    def for_dataset(self, dataset: str) -> FileFormat:
        if dataset == "accounts":
            return replace(self, kind="xlsx")
        if self.big and dataset not in ("population", "socioeconomic"):
            return replace(self, kind="parquet")
        return self

    @property
    def extension(self) -> str:
        return self.kind

    def describe(self) -> dict[str, Any]:
        d = asdict(self)
        d["parquet_for_person_level"] = d.pop("big")
        if self.kind != "csv":
            for key in ("encoding", "delimiter", "decimal", "date_format", "eol", "quoting"):
                d.pop(key)
        return d


def _spell_municipality(codes: pd.Series, how: str) -> pd.Series:
    if how == "code":
        return codes
    known = {m.code: m for m in reference().municipalities}
    if how == "code4":
        return codes.map(lambda c: known[c].code4 if c in known else c)
    return codes.map(lambda c: known[c].name if c in known else c)


def _arrow(df: pd.DataFrame, contract: Contract, fmt: FileFormat) -> pa.Table:
    """Typed Arrow columns in contract order (municipality and CPR already spelled)."""
    arrays = []
    for col in contract.columns:
        s = df[col.name]
        if col.type is ColumnType.municipality:
            s = _spell_municipality(s, fmt.municipality if fmt.kind != "parquet" else "code")
        if col.pseudonymise and not fmt.cpr_dash:
            s = s.str.replace("-", "", regex=False)
        if col.type is ColumnType.date:
            arr = pa.array(s.to_numpy(dtype="datetime64[D]"), from_pandas=True).cast(pa.date32())
        elif col.type is ColumnType.integer:
            arr = pa.array(s.astype("Int64"), type=pa.int64(), from_pandas=True)
        elif col.type is ColumnType.decimal:
            arr = pa.array(s.astype("float64"), type=pa.float64(), from_pandas=True)
        else:
            arr = pa.array(s.astype(object), type=pa.string(), from_pandas=True)
        arrays.append(arr)
    return pa.table(arrays, names=[c.name for c in contract.columns])


def _header(contract: Contract, fmt: FileFormat) -> list[str]:
    if fmt.header == "alias":
        return [c.aliases[0] if c.aliases else c.name for c in contract.columns]
    return [c.name for c in contract.columns]


def _csv_bytes(table: pa.Table, contract: Contract, fmt: FileFormat) -> bytes:
    cols = []
    for col, arr in zip(contract.columns, table.columns, strict=True):
        if col.type is ColumnType.date:
            arr = pc.strftime(arr, format=fmt.date_format)
        elif col.type is ColumnType.decimal:
            arr = pc.cast(arr, pa.string())
            if fmt.decimal != ".":
                arr = pc.replace_substring(arr, ".", fmt.decimal)
        elif col.type is ColumnType.integer:
            arr = pc.cast(arr, pa.string())
        cols.append(arr)
    text_table = pa.table(cols, names=_header(contract, fmt))
    buf = io.BytesIO()
    pacsv.write_csv(
        text_table,
        buf,
        pacsv.WriteOptions(
            delimiter=fmt.delimiter,
            eol=fmt.eol,
            quoting_style=fmt.quoting,
            quoting_header=fmt.quoting,
        ),
    )
    data = buf.getvalue()
    if fmt.encoding == "utf-8":
        return data
    return data.decode("utf-8").encode(fmt.encoding)  # "utf-8-sig" adds the BOM


def _parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(None), buf, compression="zstd")
    return buf.getvalue()


def _xlsx_bytes(table: pa.Table, contract: Contract, fmt: FileFormat) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "Fælled generator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.create_sheet("Regnskab")
    ws.append(_header(contract, fmt))
    for row in zip(*(c.to_pylist() for c in table.columns), strict=True):
        ws.append(list(row))
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps each zip entry with the current time; rewrite them with a fixed one.
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def _fixed_core(data: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\3", data)


def encode(df: pd.DataFrame, contract: Contract, fmt: FileFormat) -> bytes:
    """The bytes of one delivery file."""
    table = _arrow(df, contract, fmt)
    if fmt.kind == "parquet":
        return _parquet_bytes(table)
    if fmt.kind == "xlsx":
        return _xlsx_bytes(table, contract, fmt)
    return _csv_bytes(table, contract, fmt)


def write_file(path: Path, data: bytes) -> str:
    """Write and return the sha256 of what was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()

"""How each contract column type is held in the engine, and named in messages."""

from __future__ import annotations

import ibis.expr.datatypes as dt

from faelled.catalog.contracts import Column, ColumnType
from faelled.validate.findings import Msg

DTYPES: dict[ColumnType, dt.DataType] = {
    ColumnType.string: dt.string,
    ColumnType.integer: dt.int64,
    ColumnType.decimal: dt.float64,
    ColumnType.boolean: dt.boolean,
    ColumnType.date: dt.date,
    ColumnType.municipality: dt.string,  # the 3-digit code, "101"
}

TYPE_NAMES: dict[ColumnType, Msg] = {
    ColumnType.string: Msg("tekst", "text"),
    ColumnType.integer: Msg("et heltal", "a whole number"),
    ColumnType.decimal: Msg("et tal", "a number"),
    ColumnType.boolean: Msg("ja/nej", "yes/no"),
    ColumnType.date: Msg("en dato", "a date"),
    ColumnType.municipality: Msg("en kommune", "a municipality"),
}

NUMERIC = (ColumnType.integer, ColumnType.decimal)

# Companion columns a prepared delivery may carry beside each contract column.
ROW = "_row"  # the source row number (header = row 1), for messages and the quarantine
# A batch of files is staged together: the row id is file index × ROW_STRIDE + the row number,
# `_file` names the file and `_expected` holds the municipality its name promises.
ROW_STRIDE = 10_000_000_000
FILE = "_file"
EXPECTED = "_expected"


def source_row(row: int) -> int:
    return row % ROW_STRIDE


def raw_name(column: str) -> str:
    """The value as written, kept only where it could not be read as the column's type."""
    return f"_raw__{column}"


def marker_name(column: str) -> str:
    """A suppression marker ("<10") found instead of a number."""
    return f"_marker__{column}"


def number_name(column: str) -> str:
    """An integer column's numeric reading when the value was a number but not whole."""
    return f"_num__{column}"


def dtype(column: Column) -> dt.DataType:
    return DTYPES[column.type]

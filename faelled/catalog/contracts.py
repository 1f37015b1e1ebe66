"""Dataset contracts: what a delivery of one dataset must look like, and how it loads.

A contract is a YAML file (one per dataset) validated by `Contract`. It declares the columns with
their types, code lists, ranges, units and personal-data class; the keys; cross-column rules; the
partition a delivery replaces; the load policy; and how long rows are kept. Validation (ingest)
compiles it to engine queries; the generator writes files that satisfy it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from faelled.catalog.common import Strict, Text, parse_model, read_yaml
from faelled.errors import InputError, NotFound
from faelled.settings import Settings

NAME = r"^[a-z][a-z0-9_]*$"


class Domain(StrEnum):
    employment = "employment"  # beskæftigelse
    schools = "schools"  # skole
    economy = "economy"  # økonomi
    elderly = "elderly"  # ældre
    staff = "staff"  # personale
    structure = "structure"  # strukturelle data


class ColumnType(StrEnum):
    string = "string"
    integer = "integer"
    decimal = "decimal"  # float64 after normalisation (decimal comma, thousands separators)
    boolean = "boolean"
    date = "date"  # dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd in files; a date in the table
    municipality = "municipality"  # a name or code in files; the 3-digit code in the table


class PersonalData(StrEnum):
    """The personal-data class of a column (GDPR)."""

    direct_identifier = "direct_identifier"  # e.g. CPR: never stored in clear
    pseudonym = "pseudonym"  # a keyed pseudonym made at ingest
    sensitive = "sensitive"  # art. 9 / health, social conditions: served only aggregated
    none = "none"


class Range(Strict):
    min: float | None = None
    max: float | None = None


class Column(Strict):
    name: Annotated[str, Field(pattern=NAME)]
    type: ColumnType
    description: Text
    required: bool = True
    allowed: list[str | int | float] | None = None  # a closed code list
    range: Range | None = None
    unit: str | None = None  # "DKK", "days", "hours", "FTE", "grade points", …
    personal_data: PersonalData = PersonalData.none
    # "cpr": values are CPR numbers at the source and are replaced by keyed pseudonyms at ingest.
    pseudonymise: Literal["cpr"] | None = None
    aliases: list[str] = Field(
        default_factory=list
    )  # other names real extracts use for this column
    # A regular expression every present value must match in full (as text), e.g. a school year
    # "2023/24" or an account function "3.22".
    pattern: str | None = None
    # Values that stand for a suppressed or unknown number ("<10", ".."): the column is NULL and
    # the marker is kept as written in `<name>_marker`, so "<10" is never mistaken for missing.
    markers: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _pseudonyms_are_identifiers(self) -> Column:
        if self.pseudonymise and self.personal_data is not PersonalData.direct_identifier:
            raise ValueError("pseudonymise needs personal_data: direct_identifier")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from None
        return self


class CompareRule(Strict):
    """A cross-column rule: `left op right` must hold where both are present."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    kind: Literal["compare"] = "compare"
    left: str
    op: Literal["<", "<=", "==", "!=", ">=", ">"]
    right: str
    severity: Literal["error", "warning"] = "error"
    message: Text


class PlausibilityRule(Strict):
    """A sum or count per municipality compared with reference data (e.g. population): a value
    far outside `factor` × the reference is flagged (catches 1000× unit errors)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    kind: Literal["plausibility"] = "plausibility"
    column: str
    against: Literal["population"]
    factor: float = 3.0
    # The expected value as a share of the reference (e.g. 0.12 for pupils against the
    # population, or DKK 60,000 per inhabitant); flagged outside [expected / factor,
    # expected × factor].
    expected_share: Annotated[float, Field(gt=0)] = 1.0
    # Columns that split a municipality's delivery into comparable parts (e.g. year and kind
    # for accounts with budget and accounts over several years): each part is compared on its
    # own (with that year's population when `year` is one of them), so the expected value
    # scales with the delivery instead of with the number of years and kinds it holds.
    per: list[str] = Field(default_factory=list)
    severity: Literal["error", "warning"] = "warning"
    message: Text


Rule = Annotated[CompareRule | PlausibilityRule, Field(discriminator="kind")]


class Period(Strict):
    column: str
    grain: Literal["month", "year", "school_year", "date"]
    # For month grain: a delivery for a year must hold all 12 months (completeness check).
    complete: bool = False


class Partition(Strict):
    """What one delivery replaces: the rows matching the delivery's values of these columns
    (e.g. one municipality's year)."""

    columns: list[str]


class LoadPolicy(Strict):
    mode: Literal["replace_partition", "append"] = "replace_partition"
    on_invalid: Literal["reject", "quarantine"] = "quarantine"
    max_invalid_share: Annotated[float, Field(ge=0, le=1)] = 0.05


class SourceOptions(Strict):
    """How to read this dataset's files when detection should not decide (e.g. a StatBank
    download without a header row). Every field left out is detected from the file."""

    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"] | None = None
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = None
    header: bool | None = None
    decimal: Literal[",", "."] | None = None
    thousands: Literal[".", ",", " ", ""] | None = None  # "" = none
    date_format: Literal["dd-mm-yyyy", "dd.mm.yyyy", "yyyy-mm-dd"] | None = None
    sheet: str | None = None  # Excel: the sheet to read (default: the first)


class Contract(Strict):
    name: Annotated[str, Field(pattern=NAME)]
    version: int = 1
    domain: Domain
    title: Text
    description: Text
    owner_role: Literal["data_controller"] = "data_controller"  # the municipality
    columns: list[Column]
    keys: list[str] = Field(default_factory=list)  # the primary key: unique together
    rules: list[Rule] = Field(default_factory=list)
    period: Period | None = None
    partition: Partition
    load: LoadPolicy = LoadPolicy()
    source: SourceOptions = SourceOptions()
    retention_years: Annotated[int, Field(ge=1, le=100)]

    @property
    def compares_population(self) -> bool:
        """A plausibility rule compares the delivery with the population."""
        return any(isinstance(r, PlausibilityRule) for r in self.rules)

    @model_validator(mode="after")
    def _references(self) -> Contract:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate column names in {names}")
        known = set(names)
        refs = [*self.keys, *self.partition.columns]
        if self.period:
            refs.append(self.period.column)
        for rule in self.rules:
            refs.extend(
                [rule.left, rule.right]
                if isinstance(rule, CompareRule)
                else [rule.column, *rule.per]
            )
        unknown = [r for r in refs if r not in known]
        if unknown:
            raise ValueError(f"unknown columns {unknown}; the contract has {names}")
        return self

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise NotFound(f"Datasættet {self.name} har ingen kolonne {name!r}.")

    @property
    def identifier_columns(self) -> list[Column]:
        return [c for c in self.columns if c.pseudonymise]


def load_contract_file(path: Path) -> Contract:
    contract = parse_model(Contract, read_yaml(path), str(path))
    if Path(path).stem != contract.name:
        raise InputError(
            f"{path}: filnavnet skal være kontraktens navn / the file must be named "
            f"{contract.name}.yaml."
        )
    return contract


def _shipped_dir() -> Path:
    return Path(str(files("faelled").joinpath("content", "contracts")))


@cache
def _shipped() -> dict[str, Contract]:
    return {p.stem: load_contract_file(p) for p in sorted(_shipped_dir().glob("*.yaml"))}


def load_contracts(settings: Settings | None = None) -> dict[str, Contract]:
    """The shipped contracts plus the user's (from `<content_dir>/contracts/*.yaml`)."""
    out = dict(_shipped())
    user_dir = settings.content_dir / "contracts" if settings and settings.content_dir else None
    if user_dir and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.yaml")):
            contract = load_contract_file(path)
            if contract.name in out:
                raise InputError(
                    f"{path}: datasættet {contract.name!r} findes allerede / already exists.",
                    hint="Giv din kontrakt et andet navn.",
                )
            out[contract.name] = contract
    return out


def get_contract(name: str, settings: Settings | None = None) -> Contract:
    contracts = load_contracts(settings)
    if name not in contracts:
        import difflib

        close = difflib.get_close_matches(name, list(contracts), n=3)
        raise NotFound(
            f"Ukendt datasæt / unknown dataset: {name!r}.",
            hint=("Mente du: " + ", ".join(close)) if close else "Se 'faelled datasets'.",
        )
    return contracts[name]


def select_contracts(names: Sequence[str], settings: Settings | None = None) -> list[Contract]:
    """The named contracts (an unknown name: NotFound), or every contract when none is named."""
    if names:
        return [get_contract(name, settings) for name in names]
    return list(load_contracts(settings).values())


def is_valid_name(name: str) -> bool:
    return re.match(NAME, name) is not None


# The engine type each contract column type is stored as: one mapping, shared by ingest (which
# creates the tables) and the KPI compiler (which reads them), so the two cannot drift apart.
ENGINE_TYPES: dict[ColumnType, str] = {
    ColumnType.string: "string",
    ColumnType.integer: "int64",
    ColumnType.decimal: "float64",
    ColumnType.boolean: "boolean",
    ColumnType.date: "date",
    ColumnType.municipality: "string",
}


def engine_schema(contract: Contract) -> dict[str, str]:
    """Column name → Ibis type string for the dataset's table."""
    return {c.name: ENGINE_TYPES[c.type] for c in contract.columns}

"""KPI definitions (nøgletal): declared once in YAML, compiled to engine queries (faelled/kpi).

A KPI is `scale × numerator / denominator` per municipality × period (and optional breakdowns),
where each side is a *measure* over one dataset: an aggregate (count, count distinct, sum, mean)
of rows that pass structured conditions within a period. No raw SQL strings: every part is data,
so the same definition compiles for DuckDB, PostgreSQL and Spark.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from faelled.catalog.common import Strict, Text, parse_model, read_yaml
from faelled.catalog.contracts import Domain
from faelled.errors import InputError, NotFound
from faelled.settings import Settings

ID = r"^[a-z][a-z0-9_]*$"
Scalar = str | int | float | bool | date

# Tables Fælled itself writes that a KPI may read besides the contract datasets: the load
# quality scores (faelled/ingest/quality.py), for the data-quality key figures.
SYSTEM_DATASETS = ("quality_scores",)


class Unit(StrEnum):
    percent = "percent"
    per_1000 = "per_1000"  # per 1,000 inhabitants (or the denominator's unit)
    dkk_per_inhabitant = "dkk_per_inhabitant"
    dkk_per_pupil = "dkk_per_pupil"
    dkk = "dkk"
    days = "days"
    hours = "hours"
    grade_points = "grade_points"
    score = "score"
    number = "number"  # a plain count
    ratio = "ratio"
    fte = "fte"


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"
    neutral = "neutral"


# ---- conditions -------------------------------------------------------------------------------

PERIOD_START, PERIOD_END = "$period_start", "$period_end"  # values that mean the period's bounds


class Condition(Strict):
    """`column op value`. Ops: eq, ne, in, not_in, lt, le, gt, ge, between (inclusive),
    is_null, not_null. A value may be "$period_start" or "$period_end" (1 January and 31
    December of the period's year). `or_null: true` also lets rows through where the column is
    empty (an open spell's end date)."""

    column: str
    op: Literal[
        "eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "between", "is_null", "not_null"
    ]
    value: Scalar | list[Scalar] | None = None
    or_null: bool = False

    @model_validator(mode="after")
    def _arity(self) -> Condition:
        many = self.op in ("in", "not_in", "between")
        none = self.op in ("is_null", "not_null")
        if none and self.value is not None:
            raise ValueError(f"{self.op} takes no value")
        if many and not isinstance(self.value, list):
            raise ValueError(f"{self.op} needs a list value")
        if self.op == "between" and isinstance(self.value, list) and len(self.value) != 2:
            raise ValueError("between needs [low, high]")
        if not many and not none and (self.value is None or isinstance(self.value, list)):
            raise ValueError(f"{self.op} needs one value")
        return self


class NotActive(Strict):
    """True when the same person has no spell in `dataset` active on a date relative to this row
    (e.g. "self-sufficient 12 months after the spell ended": no spell active on end + 365 days)."""

    kind: Literal["not_active"] = "not_active"
    dataset: str
    on: list[str]
    start: str
    end: str
    at: str  # a date column of this row
    plus_days: int = 0


# ---- derived columns --------------------------------------------------------------------------


class AgeFromBirthYear(Strict):
    """Age reached during the period's year: year − birth year."""

    kind: Literal["age_from_birth_year"] = "age_from_birth_year"
    column: str


class AgeOnJan1(Strict):
    """Completed years on 1 January of the period's year, from a birth date (as FOLK1A):
    year − birth year − 1, or year − birth year for someone born on 1 January."""

    kind: Literal["age_on_jan1"] = "age_on_jan1"
    column: str


class DaysBetween(Strict):
    """Inclusive length in days from `start` to `end`. With `clip_to_period_end`, an end after
    the period (or an open end) counts as the period's last day."""

    kind: Literal["days_between"] = "days_between"
    start: str
    end: str
    clip_to_period_end: bool = False


class Ratio(Strict):
    """numerator column / denominator column (null when the denominator is 0)."""

    kind: Literal["ratio"] = "ratio"
    numerator: str
    denominator: str


class Signed(Strict):
    """The column, negated on rows that meet every condition (e.g. accounts − budget)."""

    kind: Literal["signed"] = "signed"
    column: str
    negate_when: list[Condition]


class Bands(Strict):
    """Label a number by the band it falls in: edges [16, 25, 30] → "16-24", "25-29", "30+"."""

    kind: Literal["bands"] = "bands"
    column: str
    edges: list[int]


Derivation = Annotated[
    AgeFromBirthYear | AgeOnJan1 | DaysBetween | Ratio | Signed | Bands,
    Field(discriminator="kind"),
]


# ---- period logic -----------------------------------------------------------------------------


class PeriodColumn(Strict):
    """Rows belong to the period named in a column: a calendar year (2024), a school year
    ("2023/24", 1 August – 31 July) or the calendar year of a date or timestamp (`date`; a
    timestamp is read in UTC). `label: end_year` reports a school year under the calendar year
    it ends in (2023/24 → "2024"), to pair it with calendar-year data."""

    kind: Literal["column"] = "column"
    column: str
    format: Literal["year", "school_year", "date"] = "year"
    label: Literal["as_is", "end_year"] = "as_is"


class PeriodOverlaps(Strict):
    """Spells overlapping the calendar year: start ≤ 31 Dec and (end is null or end ≥ 1 Jan)."""

    kind: Literal["overlaps"] = "overlaps"
    start: str
    end: str


class PeriodOnDate(Strict):
    """Status on the period's reference date — 1 January (as FOLK1A) or 31 December:
    start ≤ date and (end is null or end ≥ date)."""

    kind: Literal["on_date"] = "on_date"
    start: str
    end: str
    reference: Literal["jan1", "dec31"] = "jan1"


class PeriodDateIn(Strict):
    """Rows whose date falls in the calendar year (e.g. spells that ended in the year)."""

    kind: Literal["date_in"] = "date_in"
    column: str


PeriodLogic = Annotated[
    PeriodColumn | PeriodOverlaps | PeriodOnDate | PeriodDateIn, Field(discriminator="kind")
]


class Rollup(Strict):
    """Collapse rows to one per entity (e.g. per pupil) before aggregating: each flag is true
    when any of the entity's rows meets all its conditions; `require` then filters entities."""

    keys: list[str]
    flags: dict[str, list[Condition]]
    require: list[Condition] = Field(default_factory=list)


class FollowUp(Strict):
    """Only periods whose follow-up lies inside the delivered data: the dataset must hold a
    `column` value ≥ period year + `years` (e.g. "12 months after" needs next year's data)."""

    column: str
    years: int


class Latest(Strict):
    """Keep only the newest row per municipality × period × `per` (e.g. the latest load's
    quality score per dataset), newest by `order_by` (the first column decides, the next break
    ties). Applied before `where`, so a condition cannot bring back an older row."""

    per: list[str] = Field(default_factory=list)
    order_by: list[str] = Field(min_length=1)


class Join(Strict):
    """Bring columns of another dataset in (e.g. birth year and sex from persons)."""

    dataset: str
    on: list[str]
    columns: list[str]


class Measure(Strict):
    dataset: str
    aggregate: Literal["count", "count_distinct", "sum", "mean"]
    column: str | None = None  # not for count
    period: PeriodLogic
    join: Join | None = None
    derive: dict[str, Derivation] = Field(default_factory=dict)
    where: list[Annotated[Condition | NotActive, Field(union_mode="left_to_right")]] = Field(
        default_factory=list
    )
    latest: Latest | None = None
    rollup: Rollup | None = None
    follow_up: FollowUp | None = None
    # Periods found from dates (spells overlapping a year, …) can fall before the first or after
    # the last delivery; with `coverage` naming the delivery-year column, only periods inside
    # the delivered years are computed, so a year with half its data is never shown.
    coverage: str | None = None
    # What `n` (the count suppression looks at) is: the aggregated value itself (persons
    # counted, or a sum of population counts) or the number of rows behind it (a sum of hours).
    # Default: the value for count/count_distinct, the rows for sum/mean.
    n_from: Literal["value", "rows"] | None = None
    municipality: str = "municipality"
    description: Text | None = None

    @model_validator(mode="after")
    def _column(self) -> Measure:
        if (self.aggregate == "count") != (self.column is None):
            raise ValueError("count takes no column; the other aggregates need one")
        return self

    @property
    def datasets(self) -> set[str]:
        out = {self.dataset}
        if self.join:
            out.add(self.join.dataset)
        out.update(c.dataset for c in self.where if isinstance(c, NotActive))
        return out


class KPI(Strict):
    id: Annotated[str, Field(pattern=ID)]
    version: int = 1
    status: Literal["draft", "published"] = "draft"
    domain: Domain | Literal["data_quality"]
    title: Text
    description: Text
    unit: Unit
    direction: Direction
    numerator: Measure
    denominator: Measure | None = None  # None: the KPI is the numerator itself
    scale: float = 1.0  # 100 for percent, 1000 for per 1,000
    min_n: int = 0  # values with a smaller denominator count are not published
    n_is_persons: bool = True  # the denominator counts persons: suppression rules apply
    breakdowns: list[str] = Field(default_factory=list)
    periodicity: Literal["year", "school_year", "month"] = "year"
    publication_date: date | None = None
    source: Text | None = None
    owner: str = "Fælled"
    tags: list[str] = Field(default_factory=list)

    @cached_property
    def canonical_json(self) -> str:
        """The whole definition as sorted JSON, once per (frozen) object: what the compiled-SQL
        cache keys on (faelled/kpi/sqlcache.py), at every run of the KPI."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True)

    @model_validator(mode="after")
    def _shape(self) -> KPI:
        if self.unit == Unit.percent and self.scale != 100:
            raise ValueError("a percent KPI has scale 100")
        return self

    @property
    def datasets(self) -> set[str]:
        out = set(self.numerator.datasets)
        if self.denominator is not None:
            out |= self.denominator.datasets
        return out

    def summary(self, lang: str = "da") -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title.get(lang),
            "domain": str(self.domain),
            "unit": str(self.unit),
            "direction": str(self.direction),
            "status": self.status,
            "version": self.version,
        }


def load_kpi_file(path: Path) -> KPI:
    kpi = parse_model(KPI, read_yaml(path), str(path))
    if path.stem != kpi.id:
        raise InputError(f"{path}: filen skal hedde {kpi.id}.yaml / must be named {kpi.id}.yaml.")
    return kpi


@cache
def _shipped() -> dict[str, KPI]:
    root = Path(str(files("faelled").joinpath("content", "kpis")))
    return {p.stem: load_kpi_file(p) for p in sorted(root.glob("*.yaml"))}


def load_kpis(settings: Settings | None = None) -> dict[str, KPI]:
    out = dict(_shipped())
    user = settings.content_dir / "kpis" if settings and settings.content_dir else None
    if user and user.is_dir():
        for path in sorted(user.glob("*.yaml")):
            kpi = load_kpi_file(path)
            if kpi.id in out:
                raise InputError(
                    f"{path}: nøgletallet {kpi.id!r} findes allerede / already exists.",
                    hint="Giv dit nøgletal et andet id.",
                )
            out[kpi.id] = kpi
    return out


def get_kpi(kpi_id: str, settings: Settings | None = None) -> KPI:
    kpis = load_kpis(settings)
    if kpi_id not in kpis:
        import difflib

        close = difflib.get_close_matches(kpi_id, list(kpis), n=3)
        raise NotFound(
            f"Ukendt nøgletal / unknown KPI: {kpi_id!r}.",
            hint=("Mente du: " + ", ".join(close)) if close else "Se 'faelled kpi list'.",
        )
    return kpis[kpi_id]

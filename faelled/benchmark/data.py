"""The two inputs benchmarking works on, as plain pandas frames, and where they come from.

* **KPI values**: one row per KPI × municipality × period with `value`, `numerator`,
  `denominator` and `n` (the count behind the value; the denominator when nothing better is
  known). Read from the installation's `kpi_values`, or from the generator's
  `expected_kpis.parquet` in tests.
* **Covariates**: structural indicators a municipality cannot change quickly, one row per
  municipality × year and one column per indicator (see `INDICATORS`). Derived from the
  `socioeconomic` and `population` datasets.

Keeping benchmarking on frames (not on engine queries) is deliberate: it works on 98 rows per
KPI and period, so it is cheap in memory, and it stays testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from faelled.engine.database import Database
from faelled.errors import NotFound
from faelled.kpi.store import KPI_VALUES
from faelled.reference.population import population_estimate

KPI_COLUMNS = ["kpi", "municipality", "period", "value", "numerator", "denominator", "n"]


@dataclass(frozen=True)
class Indicator:
    id: str
    da: str
    en: str


# Every indicator a peer group or a model may use. Shares are percent of inhabitants; size and
# income enter as logarithms, because what makes two municipalities alike is their ratio
# (50,000 vs 60,000 is as close as 500,000 vs 600,000).
INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        Indicator("log_population", "Indbyggertal (log)", "Population (log)"),  # estimate
        Indicator("share_0_5", "Andel 0-5-årige", "Share aged 0-5"),
        Indicator("share_6_16", "Andel 6-16-årige", "Share aged 6-16"),
        Indicator("share_17_24", "Andel 17-24-årige", "Share aged 17-24"),
        Indicator("share_65_plus", "Andel 65+-årige", "Share aged 65+"),
        Indicator("share_80_plus", "Andel 80+-årige", "Share aged 80+"),
        Indicator("socioeconomic_index", "Socioøkonomisk indeks", "Socio-economic index"),
        Indicator("log_income", "Disponibel indkomst (log)", "Disposable income (log)"),
        Indicator("basic_education_share", "Andel kun grundskole", "Share with basic education"),
        Indicator("non_western_share", "Andel ikke-vestlig baggrund", "Non-Western share"),
        Indicator("urban_share", "Andel i byer", "Urban share"),
    )
}
SOCIO_COLUMNS = {
    "socioeconomic_index": "socioeconomic_index",
    "basic_education_share": "basic_education_share",
    "non_western_share": "non_western_share",
    "urban_share": "urban_share",
}
_AGE_BANDS = {
    "share_0_5": (0, 5),
    "share_6_16": (6, 16),
    "share_17_24": (17, 24),
    "share_65_plus": (65, 200),
    "share_80_plus": (80, 200),
}


def period_year(period: str) -> int:
    """The year a period belongs to for covariates and trends: "2024" → 2024; a school year
    "2023/24" → 2023 (it starts in August 2023, when its pupils were counted)."""
    return int(str(period)[:4])


def covariates_from_tables(
    socioeconomic: pd.DataFrame | None, population: pd.DataFrame | None
) -> pd.DataFrame:
    """The covariate frame (index municipality, year; a column per indicator) from the
    `socioeconomic` (one row per municipality × year) and `population` (municipality × year ×
    sex × age → count) tables. Either may be missing; its indicators are then absent."""
    parts: list[pd.DataFrame] = []
    if socioeconomic is not None and len(socioeconomic):
        s = socioeconomic.copy()
        s["municipality"] = s["municipality"].astype(str)
        s["year"] = s["year"].astype(int)
        s = s.groupby(["municipality", "year"]).mean(numeric_only=True)
        out = pd.DataFrame(index=s.index)
        for ind, col in SOCIO_COLUMNS.items():
            out[ind] = s[col].astype(float)
        out["log_income"] = np.log(s["disposable_income_dkk"].astype(float))
        parts.append(out)
    if population is not None and len(population):
        p = population.copy()
        p["municipality"] = p["municipality"].astype(str)
        p["year"] = p["year"].astype(int)
        p["count"] = p["count"].astype(float)
        total = p.groupby(["municipality", "year"])["count"].sum()
        out = pd.DataFrame(index=total.index)
        for ind, (lo, hi) in _AGE_BANDS.items():
            band = p[(p["age"] >= lo) & (p["age"] <= hi)].groupby(["municipality", "year"])
            out[ind] = 100 * band["count"].sum().reindex(total.index, fill_value=0) / total
        parts.append(out)
    if not parts:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["municipality", "year"]))
    frame = pd.concat(parts, axis=1).sort_index()
    frame.index = frame.index.set_names(["municipality", "year"])
    frame.insert(0, "log_population", [_log_size(m, y) for m, y in frame.index])
    return frame


def _log_size(code: str, year: int) -> float:
    """Size from the shipped population estimate, not from the loaded `population` table: the
    estimate covers all 98 municipalities 2008–2030 whatever has been loaded, and synthetic
    extracts are scaled down (with a floor for small municipalities), which would distort
    size but not the age shares."""
    try:
        return float(np.log(population_estimate(code, min(max(year, 2008), 2030))))
    except NotFound:
        return float("nan")


def kpi_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Normalise a table of KPI values to `KPI_COLUMNS` (strings for codes and periods; `n`
    from the denominator where it is missing) and drop rows without a value."""
    out = df.copy()
    if "area" in out.columns and "municipality" not in out.columns:
        out = out.rename(columns={"area": "municipality"})
    for col in ("numerator", "denominator"):
        if col not in out.columns:
            out[col] = np.nan
    if "n" not in out.columns:
        out["n"] = out["denominator"]
    out["n"] = out["n"].astype(float).fillna(out["denominator"].astype(float))
    out["municipality"] = out["municipality"].astype(str)
    out["period"] = out["period"].astype(str)
    out["value"] = out["value"].astype(float)
    out = out[out["value"].notna() & np.isfinite(out["value"])]
    return out[KPI_COLUMNS].reset_index(drop=True)


def read_kpi_values(db: Database, kpi: str | None = None) -> pd.DataFrame:
    """The municipalities' whole-area values from `kpi_values` (all KPIs, or one)."""
    if not db.has_table(KPI_VALUES):
        raise _no_values()
    t = db.table(KPI_VALUES)
    t = t.filter((t.area_type == "municipality") & (t.breakdown == ""))
    if kpi is not None:
        t = t.filter(t.kpi == kpi)
    df = t.select("kpi", "area", "period", "value", "numerator", "denominator", "n").to_pandas()
    if df.empty:
        raise _no_values(kpi)
    return kpi_frame(df)


def read_covariates(db: Database) -> pd.DataFrame:
    """The covariate frame from the installation's `socioeconomic` and `population` tables."""
    socio = db.table("socioeconomic").to_pandas() if db.has_table("socioeconomic") else None
    population = None
    if db.has_table("population"):
        # Only what the indicators need: the count by age, summed over sex in the engine.
        pop = db.table("population")
        population = (
            pop.group_by(["municipality", "year", "age"]).aggregate(count=pop["count"].sum())
        ).to_pandas()
    frame = covariates_from_tables(socio, population)
    if frame.empty:
        raise NotFound(
            "Ingen strukturdata / no structural data: tabellerne socioeconomic og population "
            "mangler eller er tomme.",
            hint="Indlæs datasættene socioeconomic og population (faelled load …).",
        )
    return frame


def _no_values(kpi: str | None = None) -> NotFound:
    what = f" for {kpi}" if kpi else ""
    return NotFound(
        f"Ingen nøgletal endnu{what} / no KPI values yet{what}.",
        hint="Kør først / run first: faelled compute",
    )

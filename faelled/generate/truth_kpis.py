"""The ground truth's catalogue: what each KPI the generator checks means, in words, and its
rendering as docs/kpi-ground-truth.md. The values themselves are computed in truth.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kpi:
    id: str
    domain: str
    unit: str
    factor: float
    period: str  # calendar_year | school_year | status_1_january | spells_overlapping_year
    title: str
    numerator: str
    denominator: str


SPELL_BENEFITS = ("a-dagpenge", "kontanthjælp", "uddannelseshjælp", "sygedagpenge")
_SB = ", ".join(SPELL_BENEFITS)


def _share(benefit: str, label: str) -> Kpi:
    return Kpi(
        f"emp_{label}_share_16_66",
        "employment",
        "percent",
        100,
        "status_1_january",
        f"Share of 16–66-year-olds on {benefit} on 1 January",
        f"distinct persons aged 16–66 on 1 January with a {benefit} spell where "
        "start_date ≤ 1 January ≤ end_date (or end_date empty); age from persons.birth_date",
        "population aged 16–66 on 1 January",
    )


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "emp_benefit_share_16_66",
        "employment",
        "percent",
        100,
        "status_1_january",
        "Share of 16–66-year-olds on public benefits on 1 January",
        "distinct persons aged 16–66 on 1 January with a spell of any benefit where "
        "start_date ≤ 1 January ≤ end_date (or end_date empty); age from persons.birth_date",
        "population aged 16–66 on 1 January",
    ),
    _share("kontanthjælp", "kontanthjaelp"),
    _share("a-dagpenge", "adagpenge"),
    _share("førtidspension", "disability_pension"),
    Kpi(
        "emp_youth_benefit_share_16_24",
        "employment",
        "percent",
        100,
        "spells_overlapping_year",
        "Share of 16–24-year-olds on public benefits during the year",
        "distinct persons aged 16–24 on 1 January with a spell of any benefit overlapping the "
        "year (start_date ≤ 31 December and (end_date ≥ 1 January or empty))",
        "population aged 16–24 on 1 January",
    ),
    Kpi(
        "emp_sickness_long_spells_share",
        "employment",
        "percent",
        100,
        "spells_overlapping_year",
        "Share of sickness-benefit spells lasting over 52 weeks",
        "sygedagpenge spells overlapping the year whose length up to 31 December (or to "
        "end_date if earlier), counting both ends, exceeds 364 days",
        "sygedagpenge spells overlapping the year",
    ),
    Kpi(
        "emp_mean_spell_days",
        "employment",
        "days",
        1,
        "calendar_year",
        "Mean duration of ended spells",
        f"sum of (end_date − start_date + 1) in days over spells of {_SB} with end_date in "
        "the year",
        f"number of spells of {_SB} with end_date in the year",
    ),
    Kpi(
        "emp_selfsufficient_12m",
        "employment",
        "percent",
        100,
        "calendar_year",
        "Share self-sufficient 12 months after a spell ends",
        f"spells of {_SB} with end_date in the year whose person has no spell of any benefit "
        "covering end_date + 365 days (start_date ≤ that day ≤ end_date or end_date empty); "
        "only for years whose follow-up day lies inside the generated years",
        f"spells of {_SB} with end_date in the year",
    ),
    Kpi(
        "sch_grade_mean_danish",
        "schools",
        "grade points",
        1,
        "school_year",
        "Mean exam grade in Danish",
        "sum of exam_grades.grade where subject = dansk",
        "number of those grades",
    ),
    Kpi(
        "sch_grade_mean_math",
        "schools",
        "grade points",
        1,
        "school_year",
        "Mean exam grade in mathematics",
        "sum of exam_grades.grade where subject = matematik",
        "number of those grades",
    ),
    Kpi(
        "sch_share_02_danish_math",
        "schools",
        "percent",
        100,
        "school_year",
        "Share with at least 02 in both Danish and mathematics",
        "distinct pupils with grade ≥ 2 in dansk and grade ≥ 2 in matematik",
        "distinct pupils with a grade in both dansk and matematik",
    ),
    Kpi(
        "sch_absence_pct",
        "schools",
        "percent",
        100,
        "school_year",
        "Pupil absence",
        "sum of absence.absence_days",
        "sum of absence.school_days",
    ),
    Kpi(
        "sch_absence_over_10_share",
        "schools",
        "percent",
        100,
        "school_year",
        "Share of pupils absent more than 10%",
        "absence rows with absence_days / school_days > 0.1",
        "absence rows",
    ),
    Kpi(
        "sch_wellbeing_mean",
        "schools",
        "score 1–5",
        1,
        "school_year",
        "Mean general well-being",
        "sum of wellbeing.wellbeing",
        "number of wellbeing rows",
    ),
    Kpi(
        "sch_special_education_share",
        "schools",
        "percent",
        100,
        "school_year",
        "Share of pupils in special education",
        "distinct pupils in special_education",
        "distinct pupils in pupils",
    ),
    Kpi(
        "sch_youth_education_15m",
        "schools",
        "percent",
        100,
        "school_year",
        "Share in youth education 15 months after 9th grade",
        "youth_education rows with status gymnasial or erhvervsfaglig (period: the school year "
        "in which the cohort left 9th grade)",
        "youth_education rows",
    ),
    Kpi(
        "sch_expenditure_per_pupil",
        "schools",
        "DKK per pupil",
        1,
        "calendar_year",
        "Net operating expenditure on schools per pupil",
        "sum of accounts.amount_dkk where kind = regnskab and function = 3.22 in the year",
        "distinct pupils in pupils in the school year that ends in the year (2023/24 for 2024)",
    ),
    *(
        Kpi(
            f"eco_net_opex_per_inhabitant_{k}",
            "economy",
            "DKK per inhabitant",
            1,
            "calendar_year",
            f"Net operating expenditure per inhabitant, main account {k} ({name})",
            f"sum of accounts.amount_dkk where kind = regnskab and main_account = {k}",
            "population (all ages) on 1 January",
        )
        for k, name in (
            ("0", "urban development, housing, environment"),
            ("2", "transport and infrastructure"),
            ("3", "education and culture"),
            ("4", "health"),
            ("5", "social services and employment"),
            ("6", "common costs and administration"),
        )
    ),
    Kpi(
        "eco_net_opex_per_inhabitant_total",
        "economy",
        "DKK per inhabitant",
        1,
        "calendar_year",
        "Net operating expenditure per inhabitant, all main accounts",
        "sum of accounts.amount_dkk where kind = regnskab",
        "population (all ages) on 1 January",
    ),
    Kpi(
        "eco_budget_deviation_pct",
        "economy",
        "percent",
        100,
        "calendar_year",
        "Deviation of the accounts from the original budget",
        "sum of amount_dkk where kind = regnskab minus the sum where kind = budget",
        "sum of amount_dkk where kind = budget",
    ),
    Kpi(
        "eld_home_care_hours_per_67",
        "elderly",
        "hours per inhabitant",
        1,
        "calendar_year",
        "Home-care hours per inhabitant aged 67+",
        "sum of home_care.hours over the year's months for recipients aged 67+ on 1 January",
        "population aged 67+ on 1 January",
    ),
    Kpi(
        "eld_home_care_share_80",
        "elderly",
        "percent",
        100,
        "calendar_year",
        "Share of 80+ receiving home care",
        "distinct home_care recipients in the year aged 80+ on 1 January",
        "population aged 80+ on 1 January",
    ),
    Kpi(
        "eld_nursing_home_share_80",
        "elderly",
        "percent",
        100,
        "status_1_january",
        "Share of 80+ living in a nursing home on 1 January",
        "distinct residents aged 80+ on 1 January in the year's nursing_home_residents rows "
        "with move_in_date ≤ 1 January ≤ move_out_date (or move_out_date empty)",
        "population aged 80+ on 1 January",
    ),
    Kpi(
        "stf_sick_days_per_fte",
        "staff",
        "days per FTE",
        1,
        "calendar_year",
        "Sick days per full-time equivalent",
        "sum of employees.sick_days in the year",
        "sum of employees.fte in the year",
    ),
    Kpi(
        "stf_turnover_pct",
        "staff",
        "percent",
        100,
        "calendar_year",
        "Staff turnover",
        "the year's employees rows with end_date in the year",
        "the year's employees rows employed on 1 January (start_date ≤ 1 January and "
        "(end_date empty or ≥ 1 January))",
    ),
    Kpi(
        "stf_fte_per_1000",
        "staff",
        "FTE per 1,000 inhabitants",
        1000,
        "calendar_year",
        "Full-time equivalents per 1,000 inhabitants",
        "sum of employees.fte in the year",
        "population (all ages) on 1 January",
    ),
)
BY_ID = {k.id: k for k in KPIS}


def markdown() -> str:
    """docs/kpi-ground-truth.md."""
    lines = [
        "# KPI ground truth",
        "",
        "Generated from `faelled/generate/truth_kpis.py` by `scripts/build_docs.py`; do not edit.",
        "",
        "`faelled generate` writes `expected_kpis.parquet` (kpi, municipality, period, value,",
        "numerator, denominator) with these KPIs, computed with plain pandas over the clean data.",
        "A KPI engine matches when its counts equal the numerator and denominator and its value",
        "is within 1e-9.",
        "",
        "## Conventions",
        "",
        "- **Age** is completed years on 1 January of the period's year, from the dataset's",
        "  `birth_date`: year − birth year − 1, or year − birth year for someone born on 1",
        "  January (the age FOLK1A uses). The CPR number is not used: ingest replaces it.",
        "- **Population** denominators are sums of `population.count` for the year (age on",
        "  1 January; 100 means 100 and over).",
        "- **Periods**: calendar year `2024`; school year `2023/24` (1 August – 31 July). With",
        "  `--years 2015-2024` the school years are 2014/15 … 2023/24.",
        "- **Period logic**: `status_1_january` — status on 1 January of the year;",
        "  `spells_overlapping_year` — spells with start_date ≤ 31 December and end_date ≥",
        "  1 January (or empty); `calendar_year` — events dated in the year or the year's rows;",
        "  `school_year` — the rows of that school year.",
        "- Spells are counted across all deliveries (each spell is delivered once); a person's",
        "  birth date comes from `persons`.",
        "- `value = factor × numerator / denominator`; a period with denominator 0 has no row.",
        "- A numerator from another dataset than its denominator's counts 0 where the",
        "  municipality delivered that dataset for the period and nothing matched; where it",
        "  delivered nothing for the period there is no row, as the engine has no value: it",
        "  cannot tell none from not sent.",
        "- Spells: a year's delivery holds the spells started in it (the first delivery also",
        "  those running at its start), so a year counts only when every year from the",
        "  municipality's first delivery through it was delivered (through the year after, for",
        "  the 12-month follow-up); the employment KPIs have no row for the others.",
        "",
        "## KPIs",
        "",
    ]
    for domain in ("employment", "schools", "economy", "elderly", "staff"):
        lines.append(f"### {domain}")
        lines.append("")
        for k in (k for k in KPIS if k.domain == domain):
            lines += [
                f"#### `{k.id}` — {k.title}",
                "",
                f"- unit: {k.unit}; factor: {k.factor:g}; period logic: `{k.period}`",
                f"- numerator: {k.numerator}",
                f"- denominator: {k.denominator}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"

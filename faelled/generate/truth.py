"""Ground truth: the expected value of every KPI the datasets support, computed with plain
pandas over the clean data, independently of the KPI engine.

Each KPI's precise definition is in `KPIS` (truth_kpis.py, rendered to
docs/kpi-ground-truth.md). Conventions:
- Age is completed years on 1 January of the period's year, from the dataset's birth date
  (year − birth year, minus one unless born on 1 January), as in FOLK1A.
- Population denominators are the population dataset's counts on 1 January (100 = 100+).
- Periods: calendar year "2024"; school year "2023/24". Rows with a zero denominator are omitted.
- value = factor × numerator / denominator (factor 100 for percent, 1000 per 1,000, else 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from faelled.generate.truth_kpis import BY_ID, SPELL_BENEFITS

Frames = dict[str, pd.DataFrame]


def _age_jan1(birth: pd.Series, year: int) -> np.ndarray:
    b = pd.to_datetime(birth)
    jan1 = (b.dt.month == 1) & (b.dt.day == 1)
    age: np.ndarray = (year - b.dt.year - (~jan1).astype(int)).to_numpy()
    return age


class _Rows:
    def __init__(self, code: str) -> None:
        self.code = code
        self.rows: list[dict[str, object]] = []

    def add(self, kpi: str, period: str, num: float, den: float, *, delivered: bool = True) -> None:
        """`delivered`: whether the numerator's dataset has the period at all. A period no file
        delivered has no value (the engine cannot tell "none" from "not sent"), not 0."""
        if den == 0 or not delivered:
            return
        factor = BY_ID[kpi].factor
        self.rows.append(
            {
                "kpi": kpi,
                "municipality": self.code,
                "period": period,
                "value": factor * float(num) / float(den),
                "numerator": float(num),
                "denominator": float(den),
            }
        )


def compute(code: str, f: Frames, first: int, last: int) -> list[dict[str, object]]:
    out = _Rows(code)
    pop = f["population"]

    def people(y: int, lo: int, hi: int = 200) -> int:
        p = pop[(pop["year"] == y) & (pop["age"] >= lo) & (pop["age"] <= hi)]
        return int(p["count"].sum())

    _employment(out, f, first, last, people)
    _schools(out, f, first, last)
    _economy(out, f, first, last, people)
    _elderly(out, f, first, last, people)
    _staff(out, f, first, last, people)
    return out.rows


def _employment(out: _Rows, f: Frames, first: int, last: int, people: object) -> None:
    assert callable(people)
    sp = f["benefit_spells"]
    births = f["persons"].drop_duplicates("person_id").set_index("person_id")["birth_date"]
    start, end = sp["start_date"], sp["end_date"]
    birth = sp["person_id"].map(births)
    # A year's delivery holds the spells started in it (the first also those running): a year
    # counts only when every year from the first delivered one through it was delivered.
    sent_years = {int(v) for v in sp["year"].dropna()}
    complete: set[int] = set()
    for y in range(min(sent_years, default=last + 1), last + 1):
        if y not in sent_years:
            break
        complete.add(y)
    for y in range(first, last + 1):
        jan1, dec31 = pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31)
        age = _age_jan1(birth, y)
        active = ((start <= jan1) & (end.isna() | (end >= jan1))).to_numpy()
        worker = (age >= 16) & (age <= 66)
        den = people(y, 16, 66)
        sent = y in complete
        out.add(
            "emp_benefit_share_16_66",
            str(y),
            sp["person_id"][active & worker].nunique(),
            den,
            delivered=sent,
        )
        for benefit, kpi in (
            ("kontanthjælp", "emp_kontanthjaelp_share_16_66"),
            ("a-dagpenge", "emp_adagpenge_share_16_66"),
            ("førtidspension", "emp_disability_pension_share_16_66"),
        ):
            sel = active & worker & (sp["benefit"] == benefit).to_numpy()
            out.add(kpi, str(y), sp["person_id"][sel].nunique(), den, delivered=sent)
        overlap = ((start <= dec31) & (end.isna() | (end >= jan1))).to_numpy()
        youth = overlap & (age >= 16) & (age <= 24)
        out.add(
            "emp_youth_benefit_share_16_24",
            str(y),
            sp["person_id"][youth].nunique(),
            people(y, 16, 24),
            delivered=sent,
        )
        sick = overlap & (sp["benefit"] == "sygedagpenge").to_numpy()
        upto = end[sick].fillna(dec31).clip(upper=dec31)
        length = (upto - start[sick]).dt.days + 1
        out.add(
            "emp_sickness_long_spells_share",
            str(y),
            int((length > 364).sum()),
            int(sick.sum()),
            delivered=sent,
        )
        ended = (
            sp["benefit"].isin(SPELL_BENEFITS) & end.notna() & (end >= jan1) & (end <= dec31)
        ).to_numpy()
        days = (end[ended] - start[ended]).dt.days + 1
        out.add("emp_mean_spell_days", str(y), int(days.sum()), int(ended.sum()), delivered=sent)
        if y <= last - 1:
            e = sp.loc[ended, ["person_id", "end_date"]].reset_index(drop=True)
            e["follow"] = e["end_date"] + pd.Timedelta(days=365)
            e["i"] = np.arange(len(e))
            m = e.merge(sp[["person_id", "start_date", "end_date"]], on="person_id")
            cover = (m["start_date"] <= m["follow"]) & (
                m["end_date_y"].isna() | (m["end_date_y"] >= m["follow"])
            )
            covered = m.loc[cover, "i"].nunique()
            # The follow-up reads the next year's delivery too.
            followed = y + 1 in complete
            out.add("emp_selfsufficient_12m", str(y), len(e) - covered, len(e), delivered=followed)


def _schools(out: _Rows, f: Frames, first: int, last: int) -> None:
    ex, ab, wb = f["exam_grades"], f["absence"], f["wellbeing"]
    pu, se, yo = f["pupils"], f["special_education"], f["youth_education"]
    for s in range(first - 1, last):
        p = f"{s}/{(s + 1) % 100:02d}"
        e = ex[ex["school_year"] == p]
        for subject, kpi in (
            ("dansk", "sch_grade_mean_danish"),
            ("matematik", "sch_grade_mean_math"),
        ):
            g = e.loc[e["subject"] == subject, "grade"]
            out.add(kpi, p, int(g.sum()), len(g))
        both = e[e["subject"].isin(["dansk", "matematik"])].pivot_table(
            index="person_id", columns="subject", values="grade", aggfunc="min"
        )
        if {"dansk", "matematik"} <= set(both.columns):
            both = both.dropna()
            ok = ((both["dansk"] >= 2) & (both["matematik"] >= 2)).sum()
            out.add("sch_share_02_danish_math", p, int(ok), len(both))
        a = ab[ab["school_year"] == p]
        out.add("sch_absence_pct", p, float(a["absence_days"].sum()), int(a["school_days"].sum()))
        over = int((a["absence_days"] / a["school_days"] > 0.1).sum())
        out.add("sch_absence_over_10_share", p, over, len(a))
        w = wb.loc[wb["school_year"] == p, "wellbeing"]
        out.add("sch_wellbeing_mean", p, float(w.sum()), len(w))
        n_pupils = pu.loc[pu["school_year"] == p, "person_id"].nunique()
        special = se.loc[se["school_year"] == p, "person_id"]
        out.add(
            "sch_special_education_share",
            p,
            special.nunique(),
            n_pupils,
            delivered=not special.empty,
        )
        yy = yo[yo["school_year"] == p]
        done = int(yy["status"].isin(["gymnasial", "erhvervsfaglig"]).sum())
        out.add("sch_youth_education_15m", p, done, len(yy))


def _economy(out: _Rows, f: Frames, first: int, last: int, people: object) -> None:
    assert callable(people)
    ac, pu = f["accounts"], f["pupils"]
    for y in range(first, last + 1):
        a = ac[ac["year"] == y]
        actual = a[a["kind"] == "regnskab"]
        inhabitants = people(y, 0)
        for k in ("0", "2", "3", "4", "5", "6"):
            amount = actual.loc[actual["main_account"] == int(k), "amount_dkk"].sum()
            out.add(
                f"eco_net_opex_per_inhabitant_{k}",
                str(y),
                float(amount),
                inhabitants,
                delivered=not a.empty,
            )
        out.add(
            "eco_net_opex_per_inhabitant_total",
            str(y),
            float(actual["amount_dkk"].sum()),
            inhabitants,
            delivered=not a.empty,
        )
        budget = float(a.loc[a["kind"] == "budget", "amount_dkk"].sum())
        out.add(
            "eco_budget_deviation_pct",
            str(y),
            float(actual["amount_dkk"].sum()) - budget,
            budget,
        )
        school = float(actual.loc[actual["function"] == "3.22", "amount_dkk"].sum())
        label = f"{y - 1}/{y % 100:02d}"
        n = pu.loc[pu["school_year"] == label, "person_id"].nunique()
        out.add("sch_expenditure_per_pupil", str(y), school, n, delivered=not a.empty)


def _elderly(out: _Rows, f: Frames, first: int, last: int, people: object) -> None:
    assert callable(people)
    hc, nh = f["home_care"], f["nursing_home_residents"]
    for y in range(first, last + 1):
        h = hc[hc["year"] == y]
        age = _age_jan1(h["birth_date"], y)
        out.add(
            "eld_home_care_hours_per_67",
            str(y),
            float(h.loc[age >= 67, "hours"].sum()),
            people(y, 67),
            delivered=not h.empty,
        )
        out.add(
            "eld_home_care_share_80",
            str(y),
            h.loc[age >= 80, "person_id"].nunique(),
            people(y, 80),
            delivered=not h.empty,
        )
        jan1 = pd.Timestamp(y, 1, 1)
        n = nh[nh["year"] == y]
        here = (n["move_in_date"] <= jan1) & (
            n["move_out_date"].isna() | (n["move_out_date"] >= jan1)
        )
        old = _age_jan1(n["birth_date"], y) >= 80
        out.add(
            "eld_nursing_home_share_80",
            str(y),
            n.loc[here.to_numpy() & old, "person_id"].nunique(),
            people(y, 80),
            delivered=not n.empty,
        )


def _staff(out: _Rows, f: Frames, first: int, last: int, people: object) -> None:
    assert callable(people)
    em = f["employees"]
    for y in range(first, last + 1):
        e = em[em["year"] == y]
        jan1, dec31 = pd.Timestamp(y, 1, 1), pd.Timestamp(y, 12, 31)
        out.add("stf_sick_days_per_fte", str(y), float(e["sick_days"].sum()), float(e["fte"].sum()))
        left = int(((e["end_date"] >= jan1) & (e["end_date"] <= dec31)).sum())
        at_start = int(
            ((e["start_date"] <= jan1) & (e["end_date"].isna() | (e["end_date"] >= jan1))).sum()
        )
        out.add("stf_turnover_pct", str(y), left, at_start)
        out.add(
            "stf_fte_per_1000", str(y), float(e["fte"].sum()), people(y, 0), delivered=not e.empty
        )

"""Key figures for regions, kommunegrupper and the whole country, from the municipalities'.

Both ways the field reports them: weighted — Σ numerator / Σ denominator, as the Ministry's key
figures do — and unweighted — the mean of the member municipalities' values with the member
count, as Kolada does. Built as Ibis over the reference table, so it runs on every engine."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from faelled.catalog.kpis import KPI

REF_MUNICIPALITIES = {"code": "string", "region_code": "string", "kommunegruppe_code": "string"}
COUNTRY = "000"
OUT_COLUMNS = [
    "area_type",
    "area",
    "period",
    "breakdown",
    "value",
    "value_unweighted",
    "members",
    "numerator",
    "denominator",
    "n",
]


def with_aggregates(kpi: KPI, r: ir.Table) -> ir.Table:
    """Municipality rows `r` (compiler output) plus region, group and country rows."""
    munis = r.select(
        area_type=ibis.literal("municipality"),
        area=r.municipality,
        period=r.period,
        breakdown=r.breakdown,
        value=r.value,
        value_unweighted=r.value,
        members=ibis.literal(1).cast("int64"),
        numerator=r.numerator,
        denominator=r.denominator,
        n=r.n,
    )
    ref = ibis.table(REF_MUNICIPALITIES, name="ref_municipalities")
    base = r.inner_join(ref, r.municipality == ref.code)
    # A member without a numerator sent no data for the period (compiler.py): it stays out of
    # the weighted sums, or its inhabitants would count in the denominator with nothing above.
    has = base.numerator.notnull() if kpi.denominator is not None else None
    out = munis
    for level, key in (
        ("region", base.region_code),
        ("kommunegruppe", base.kommunegruppe_code),
        ("country", ibis.literal(COUNTRY)),
    ):
        g = base.group_by(area=key, period=base.period, breakdown=base.breakdown).aggregate(
            numerator=base.numerator.sum(),
            denominator=base.denominator.sum(where=has),
            n=base.n.sum(where=has),
            value_unweighted=base.value.mean(),
            members=base.value.count(),
            weighted_mean=(base.value * base.n).sum() / base.n.sum(),
        )
        if kpi.denominator is not None:
            value = ibis.ifelse(
                g.denominator == 0, ibis.null("float64"), g.numerator / g.denominator * kpi.scale
            )
        elif kpi.numerator.aggregate == "mean":
            value = g.weighted_mean  # a mean of means, weighted by what each mean was over
        else:
            value = g.numerator * kpi.scale  # counts and sums add up
        out = out.union(
            g.select(
                area_type=ibis.literal(level),
                area=g.area.cast("string"),
                period=g.period,
                breakdown=g.breakdown,
                value=value.cast("float64"),
                value_unweighted=g.value_unweighted.cast("float64"),
                members=g.members.cast("int64"),
                numerator=g.numerator.cast("float64"),
                denominator=g.denominator.cast("float64"),
                n=g.n.cast("int64"),
            )
        )
    return out

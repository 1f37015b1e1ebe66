"""Every chart the pages serve is a valid Vega-Lite spec (the pages skip Altair's validation for
speed, so it happens here, once)."""

from __future__ import annotations

import altair as alt

from faelled.catalog.kpis import KPI
from faelled.web.charts import municipality_map
from faelled.web.charts_kpi import kpi_map, ranking_chart, series_chart, sparkline

from .web_commons import kpi_specs


def test_chart_specs_validate() -> None:
    kpi = KPI.model_validate(kpi_specs()[0])
    rows = [{"area": "101", "value": 3.5, "suppressed": False}]
    ranked = [{"area": "101", "area_name": "København", "value": 3.5, "rank": 1}]
    lines = [{"series": "København", "period": 2023, "value": 3.5}]
    for spec in (
        municipality_map("region", "da"),
        kpi_map(kpi, rows, "en", 2023),
        ranking_chart(kpi, ranked, "da", "101"),
        series_chart(kpi, lines, "da"),
    ):
        alt.Chart.from_dict(
            spec, validate=True
        ) if "layer" not in spec else alt.LayerChart.from_dict(spec, validate=True)


def test_sparkline_skips_suppressed_and_draws_flat_trends_mid_height() -> None:
    assert sparkline([1.0, None, 3.0]) == "0.0,26.0 96.0,2.0"
    assert sparkline([2.0, 2.0]) == "0.0,14.0 96.0,14.0"
    assert sparkline([None, 1.0]) == ""

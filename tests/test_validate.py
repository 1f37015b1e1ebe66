"""Validation on its own: checks compiled to Ibis, findings as data, reports, policy."""

from __future__ import annotations

import json
from datetime import date

import ibis
import pyarrow as pa
import pytest

from faelled.catalog.contracts import get_contract
from faelled.validate import Finding, Msg, Prepared, Report, decide, report_html, validate
from faelled.validate.render import report_text


def _prepared(rows: list[dict[str, object]]) -> Prepared:
    """A typed benefit-spells table in DuckDB, as staging leaves it."""
    schema = pa.schema(
        [
            ("_row", pa.int64()),
            ("person_id", pa.string()),
            ("municipality", pa.string()),
            ("year", pa.int64()),
            ("benefit", pa.string()),
            ("start_date", pa.date32()),
            ("end_date", pa.date32()),
            ("comment", pa.string()),
        ]
    )
    con = ibis.duckdb.connect()
    table = con.create_table("t", pa.Table.from_pylist(rows, schema=schema))
    return Prepared(table, get_contract("benefit_spells"), expected_municipality="101")


def _row(n: int, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "_row": n,
        "person_id": f"p{n}",
        "municipality": "101",
        "year": 2023,
        "benefit": "fleksjob",
        "start_date": date(2023, 1, n),
        "end_date": None,
        "comment": None,
    }
    return {**base, **kw}


def test_every_rule_finds_its_rows_in_one_report() -> None:
    prep = _prepared(
        [
            _row(2),
            _row(3, person_id=None),
            _row(4, benefit="flexjob"),
            _row(5, year=1999),
            _row(6, end_date=date(2022, 12, 31)),
            _row(7, municipality="851"),
            _row(8, person_id="p2", start_date=date(2023, 1, 2)),  # repeats row 2's key
        ]
    )
    outcome = validate(prep, source="x.csv")
    report = outcome.report
    assert report.flatten(["row", "rule", "column"]) == [
        [3, "missing-value", "person_id"],
        [5, "out-of-range", "year"],
        [4, "forbidden-value", "benefit"],
        [6, "end-after-start", "end_date"],
        [7, "wrong-municipality", "municipality"],
        [2, "duplicate-key", None],
        [8, "duplicate-key", None],
    ]
    assert report.stats["rows"] == 7 and report.stats["invalid_rows"] == 6
    assert not report.valid
    invalid = outcome.table.filter(outcome.invalid).select("_row", r=outcome.reasons)
    assert sorted(invalid.to_pyarrow().to_pylist(), key=lambda x: x["_row"]) == [
        {"_row": 3, "r": "missing-value"},
        {"_row": 4, "r": "forbidden-value"},
        {"_row": 5, "r": "out-of-range"},
        {"_row": 6, "r": "end-after-start"},
        {"_row": 7, "r": "wrong-municipality"},
        {"_row": 8, "r": "duplicate-key"},
    ]


def test_a_clean_delivery_is_valid_and_accepted() -> None:
    outcome = validate(_prepared([_row(2), _row(3)]))
    assert outcome.report.valid and outcome.report.findings == []
    assert decide(outcome, get_contract("benefit_spells")).action == "accept"


def test_policy_threshold_and_strict_contracts() -> None:
    contract = get_contract("benefit_spells")
    rows = [_row(i) for i in range(2, 32)]
    rows[3]["benefit"] = "x"
    outcome = validate(_prepared(rows))
    assert decide(outcome, contract).action == "quarantine"  # 1 of 30 < 5%
    strict = contract.model_copy(
        update={"load": contract.load.model_copy(update={"on_invalid": "reject"})}
    )
    decision = decide(outcome, strict)
    assert decision.rejected and "afviser" in decision.reason.da
    rows[4]["benefit"] = "y"
    assert decide(validate(_prepared(rows)), contract).action == "reject"  # 2 of 30 > 5%


def test_samples_are_capped_and_counts_are_exact() -> None:
    rows = [_row(i, benefit="bogus") for i in range(2, 30)]
    f = validate(_prepared(rows)).report.finding("forbidden-value")
    assert f.count == 28 and f.rows == (2, 3, 4, 5, 6)
    assert f.sample[0] == {"row": 2, "benefit": "bogus"}


def test_reports_round_trip_and_render() -> None:
    report = Report(
        "benefit_spells",
        "x.csv",
        [
            Finding(
                "type-error",
                "error",
                Msg("<b>da</b>", "en"),
                "year",
                1,
                (3,),
                ({"row": 3, "year": "<script>"},),
                Msg("ret", "fix"),
            )
        ],
        {"rows": 3, "invalid_rows": 1},
    )
    again = Report.from_json(report.to_json())
    assert again.to_dict() == report.to_dict() and not again.valid
    assert again.flatten(["rule", "count", "message"]) == [["type-error", 1, "en"]]
    text = report_text(report, "en")
    assert "ERROR" in text and "row 3: year='<script>'" in text and "→ fix" in text
    html = report_html(report, "da")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;da" in html
    assert json.loads(report.to_json())["valid"] is False
    with pytest.raises(ValueError, match="unknown fields"):
        report.flatten(["nope"])


def test_a_pattern_rule_when_the_contract_model_has_one() -> None:
    from faelled.catalog.contracts import Column

    if "pattern" not in Column.model_fields:
        pytest.skip("Column.pattern arrives with the generator's contracts (issue 3)")
    contract = get_contract("benefit_spells")
    columns = [
        c.model_copy(update={"pattern": "^[a-z-]+$"}) if c.name == "benefit" else c
        for c in contract.columns
    ]
    prep = _prepared([_row(2), _row(3, benefit="Fleks Job")])
    prep.contract = contract.model_copy(update={"columns": columns})
    report = validate(prep).report
    assert ["pattern-mismatch", 3] in report.flatten(["rule", "row"])


def _accounts(scale: float, unit: float = 1.0) -> Prepared:
    """Copenhagen's accounts for two years, budget and accounts, at DKK 63,000 per inhabitant
    of a population of 632,340 × `scale` (as the generator writes them), in units of `unit`."""
    rows = []
    n = 2
    for year in (2022, 2023):
        for kind in ("budget", "regnskab"):
            for function, share in (("3.22", 0.4), ("5.30", 0.6)):
                amount = 632_340 * scale * 63_000 * share / unit
                rows.append({"_row": n, "municipality": "101", "year": year, "function": function,
                             "function_name": "-", "main_account": int(function[0]),
                             "kind": kind, "amount_dkk": amount})  # fmt: skip
                n += 1
    con = ibis.duckdb.connect()
    table = con.create_table("accounts", pa.Table.from_pylist(rows))
    return Prepared(table, get_contract("accounts"), expected_municipality="101")


def _population(scale: float) -> ibis.Table:
    rows = [{"municipality": "101", "year": y, "population": int(632_340 * scale)} for y in
            (2020, 2023)]  # fmt: skip
    return ibis.memtable(rows)


def test_accounts_plausibility_scales_with_the_delivery() -> None:
    # Plausible: DKK 63,000 per inhabitant, whatever the number of years and kinds delivered,
    # at full size and at the demo's scale against the commons' own (scaled) population.
    for scale in (1.0, 0.02):
        report = validate(_accounts(scale), population=_population(scale)).report
        assert "accounts-plausible" not in {f.rule for f in report.findings}, scale
    # Amounts in thousands of kroner (1000× off) still warn.
    report = validate(_accounts(1.0, unit=1000), population=_population(1.0)).report
    [finding] = [f for f in report.findings if f.rule == "accounts-plausible"]
    assert finding.severity == "warning" and finding.count == 8
    assert "amount_dkk per year, kind is more than 10 times off" in finding.message.en
    assert "København (101): 39837420 / 37940400000" in finding.message.en

"""Validation: contract rules compiled to engine queries; findings as data in a `Report`.

checks.py   contract → row-level checks (Ibis boolean expressions)
run.py      run them in as few passes as possible → `Outcome` (report + how to split rows)
findings.py `Finding`: rule, severity, column, count, sample rows, message (da/en)
report.py   `Report`: valid, stats, findings, flatten()
render.py   text, JSON, HTML
policy.py   accept, quarantine or reject, as the contract says
"""

from faelled.validate.checks import Prepared, RowCheck, row_checks
from faelled.validate.findings import Finding, Msg, Severity
from faelled.validate.policy import Decision, decide
from faelled.validate.render import report_html, report_text
from faelled.validate.report import Report
from faelled.validate.run import Outcome, validate

__all__ = [
    "Decision",
    "Finding",
    "Msg",
    "Outcome",
    "Prepared",
    "Report",
    "RowCheck",
    "Severity",
    "decide",
    "report_html",
    "report_text",
    "row_checks",
    "validate",
]

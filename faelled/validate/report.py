"""The result of validating one delivery: `valid`, statistics and findings (frictionless-style).

`Report.flatten(["row", "rule"])` turns findings into rows for table-shaped test assertions;
`to_dict`/`from_dict` round-trip through JSON, which is how a load's report is stored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from faelled.validate.findings import Finding, Severity

FLATTEN_FIELDS = ("rule", "severity", "column", "count", "row", "message")


@dataclass
class Report:
    dataset: str
    source: str  # the file (name only: paths can hold a user's name)
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """No error-severity finding (warnings and notes do not make a delivery invalid)."""
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return self.by_severity("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.by_severity("warning")

    def by_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]

    def finding(self, rule: str, column: str | None = None) -> Finding:
        for f in self.findings:
            if f.rule == rule and (column is None or f.column == column):
                return f
        raise KeyError(f"no finding {rule!r} (column {column!r}); have {self.rules()}")

    def flatten(self, spec: list[str] | tuple[str, ...] = ("row", "rule")) -> list[list[Any]]:
        """One list per finding with the fields in `spec`; with "row" in `spec`, one per sampled
        row (a finding without rows gives row None). "message" is the English text."""
        unknown = set(spec) - set(FLATTEN_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}; use {FLATTEN_FIELDS}")
        out: list[list[Any]] = []
        for f in self.findings:
            base = {
                "rule": f.rule,
                "severity": f.severity,
                "column": f.column,
                "count": f.count,
                "message": f.message.en,
            }
            rows: tuple[int | None, ...] = f.rows if "row" in spec and f.rows else (None,)
            for row in rows:
                values = {**base, "row": row}
                out.append([values[k] for k in spec])
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "source": self.source,
            "valid": self.valid,
            "stats": self.stats,
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, default=str, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            dataset=data["dataset"],
            source=data["source"],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            stats=dict(data.get("stats", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        return cls.from_dict(json.loads(text))

"""What one delivery came to: the result the CLI, the batch and the web jobs read, and the
report's reading statistics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from faelled.catalog.contracts import Contract
from faelled.ingest.files import FileInfo
from faelled.ingest.mapping import ColumnMap
from faelled.ingest.normalise import Formats
from faelled.ingest.readers import RawSource
from faelled.validate.findings import Finding, Msg
from faelled.validate.policy import Decision
from faelled.validate.report import Report
from faelled.validate.run import Outcome

Status = Literal["loaded", "quarantined", "rejected", "skipped", "validated", "failed"]


Step = Callable[[str], None]


@dataclass
class LoadResult:
    file: str
    dataset: str
    status: Status
    message: Msg
    report: Report | None = None
    load_id: str | None = None
    hint: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status not in ("rejected", "failed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "dataset": self.dataset,
            "status": self.status,
            "load_id": self.load_id,
            "message": self.message.to_dict(),
            "hint": self.hint,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_quarantined": self.rows_quarantined,
            "rows_replaced": self.rows_replaced,
            "report": self.report.to_dict() if self.report else None,
        }


def reading_findings(mapping: ColumnMap) -> list[Finding]:
    out = []
    if mapping.extra:
        names = ", ".join(mapping.extra)
        out.append(
            Finding(
                "extra-column",
                "warning",
                Msg(
                    f"Kolonner, som kontrakten ikke kender, indlæses ikke: {names}.",
                    f"Columns the contract does not know are not loaded: {names}.",
                ),
                hint=Msg(
                    "Tilføj dem til kontrakten (eller --map KILDE=KOLONNE), hvis de skal med.",
                    "Add them to the contract (or --map SOURCE=COLUMN) if they belong.",
                ),
            )
        )
    return out


def load_stats(
    info: FileInfo, source: RawSource, mapping: ColumnMap, formats: Formats, decision: Decision
) -> dict[str, Any]:
    stats: dict[str, Any] = {
        "file": info.name,
        "sha256": info.sha256,
        "bytes": info.size,
        "format": source.format,
        **source.options,
        "header": mapping.header,
        "numbers": formats.numbers.describe(),
        "columns": mapping.describe(),
        "decision": decision.action,
        "invalid_share": round(decision.invalid_share, 4),
    }
    if formats.dates:
        stats["dates"] = formats.dates
    return stats


def result_of(
    info: FileInfo, contract: Contract, report: Report, decision: Decision, outcome: Outcome
) -> LoadResult:
    rows, invalid = outcome.rows, outcome.invalid_rows
    statuses: dict[str, Status] = {
        "accept": "loaded",
        "quarantine": "quarantined",
        "reject": "rejected",
    }
    status = statuses[decision.action]
    return LoadResult(
        info.name,
        contract.name,
        status,
        decision.reason,
        report,
        rows_read=rows,
        rows_accepted=0 if decision.rejected else rows - invalid,
        rows_quarantined=0 if decision.rejected else invalid,
    )

"""What happens to a validated delivery, as its contract says: load it whole, load the valid rows
and quarantine the rest, or reject it — with the reason in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from faelled.catalog.contracts import Contract
from faelled.validate.findings import Msg
from faelled.validate.run import Outcome

Action = Literal["accept", "quarantine", "reject"]


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: Msg
    invalid_share: float

    @property
    def rejected(self) -> bool:
        return self.action == "reject"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".0%", "%")


def decide(outcome: Outcome, contract: Contract) -> Decision:
    rows, invalid = outcome.rows, outcome.invalid_rows
    share = invalid / rows if rows else 0.0
    policy = contract.load
    if outcome.delivery_errors:
        rules = ", ".join(f.rule for f in outcome.delivery_errors)
        return Decision(
            "reject",
            Msg(
                f"Afvist: leverancen som helhed fejler ({rules}); ingen rækker kan reddes.",
                f"Rejected: the delivery as a whole fails ({rules}); no rows can be saved.",
            ),
            share,
        )
    if rows == 0:
        return Decision(
            "reject", Msg("Afvist: filen har ingen rækker.", "Rejected: the file has no rows."), 0
        )
    if invalid == 0:
        return Decision("accept", Msg("Alle rækker er gyldige.", "Every row is valid."), 0.0)
    if policy.on_invalid == "reject":
        return Decision(
            "reject",
            Msg(
                f"Afvist: {invalid} af {rows} rækker er ugyldige, og kontrakten {contract.name} "
                "afviser leverancer med ugyldige rækker.",
                f"Rejected: {invalid} of {rows} rows are invalid, and contract {contract.name} "
                "rejects deliveries with invalid rows.",
            ),
            share,
        )
    if share > policy.max_invalid_share:
        return Decision(
            "reject",
            Msg(
                f"Afvist: {invalid} af {rows} rækker ({_pct(share)}) er ugyldige; grænsen for "
                f"karantæne er {_pct(policy.max_invalid_share)}.",
                f"Rejected: {invalid} of {rows} rows ({_pct(share)}) are invalid; the limit for "
                f"quarantine is {_pct(policy.max_invalid_share)}.",
            ),
            share,
        )
    return Decision(
        "quarantine",
        Msg(
            f"{rows - invalid} rækker indlæst; {invalid} ugyldige ({_pct(share)}) i karantæne.",
            f"{rows - invalid} rows loaded; {invalid} invalid ({_pct(share)}) quarantined.",
        ),
        share,
    )

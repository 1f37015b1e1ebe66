"""The audit log: who did what, when, to which data and why — append-only and tamper-evident.

Every event is a small frozen dataclass (`SignIn`, `RowRead`, `Export`, …). `AuditLog.record`
appends it as one row of `audit_log` whose `mac` is an HMAC-SHA256, keyed by the installation's
audit key, over the row's content and the previous row's `mac`: a hash chain.

Why an HMAC rather than a bare hash: a bare SHA-256 chain only proves the rows are consistent with
each other, and whoever can run SQL against the database can edit a row and recompute every later
hash. The HMAC key lives outside the database (`<home>/keys/audit.key`), so editing, inserting or
deleting a row breaks the chain unless the editor also holds the key. Deleting the newest rows
leaves a shorter but consistent chain, so the newest (seq, mac) is also written, MAC'd, to
`<home>/audit.head` after every append; `verify` checks the chain reaches it. For protection
against someone holding both the database and the key, copy `faelled audit verify`'s head line
somewhere else now and then (the DPO's mailbox): any later rewrite of history shows as a mismatch.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from faelled.access.keys import installation_key
from faelled.access.policy import Actor
from faelled.access.store import execute, insert
from faelled.engine.database import Database

GENESIS = "0" * 64
TABLE = "audit_log"


# --- events -------------------------------------------------------------------------------------
# Each event names its kind; fields named `municipality`, `resource` and `purpose` also fill the
# columns of the same name (so stewards can filter), the rest go to `detail` as JSON.
# No event carries a password, a token or a CPR number: only pseudonyms and names.


@dataclass(frozen=True, slots=True)
class SignIn:
    kind: ClassVar[str] = "sign_in"
    username: str
    success: bool
    reason: str = ""  # "ok", "bad_password", "unknown_user", "locked", "disabled", "rate_limited"
    method: str = "password"  # or "token", "oidc"
    municipality: str | None = None


@dataclass(frozen=True, slots=True)
class SignOut:
    kind: ClassVar[str] = "sign_out"
    username: str
    municipality: str | None = None


@dataclass(frozen=True, slots=True)
class RowRead:
    """A read of row-level (personal) data; `purpose` is required by the policy."""

    kind: ClassVar[str] = "row_read"
    dataset: str
    municipality: str
    purpose: str
    rows: int
    resource: str = ""
    subject: str | None = None  # a pseudonym, when the read was of one person's rows

    def __post_init__(self) -> None:
        if not self.resource:
            object.__setattr__(self, "resource", f"rows:{self.dataset}:{self.municipality}")


@dataclass(frozen=True, slots=True)
class Export:
    kind: ClassVar[str] = "export"
    resource: str
    format: str
    rows: int
    purpose: str | None = None
    municipality: str | None = None


@dataclass(frozen=True, slots=True)
class AccessDenied:
    kind: ClassVar[str] = "access_denied"
    action: str
    resource: str
    municipality: str | None = None


@dataclass(frozen=True, slots=True)
class UserChange:
    kind: ClassVar[str] = "user_change"
    username: str
    change: str  # added, disabled, enabled, role, password_reset, token_issued, token_revoked
    role: str | None = None
    municipality: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AgreementChange:
    kind: ClassVar[str] = "agreement_change"
    agreement_id: str
    change: str  # added, ended
    municipality: str
    agreement_kind: str = ""
    domains: tuple[str, ...] = ()
    embargo_days: int | None = None


@dataclass(frozen=True, slots=True)
class ContractChange:
    kind: ClassVar[str] = "contract_change"
    dataset: str
    version: int
    change: str  # added, changed, removed
    fingerprint: str = ""  # sha256 of the contract as loaded


@dataclass(frozen=True, slots=True)
class SubjectAccess:
    """A data-subject access report (GDPR art. 15) was made for one person."""

    kind: ClassVar[str] = "subject_access"
    subject: str  # the pseudonym, never the CPR number
    municipality: str
    datasets: tuple[str, ...]
    rows: int
    purpose: str = "GDPR art. 15"


@dataclass(frozen=True, slots=True)
class RetentionApplied:
    kind: ClassVar[str] = "retention"
    dataset: str
    column: str
    cutoff: str
    rows_deleted: int


Event = (
    SignIn
    | SignOut
    | RowRead
    | Export
    | AccessDenied
    | UserChange
    | AgreementChange
    | ContractChange
    | SubjectAccess
    | RetentionApplied
)
_COLUMNS = ("municipality", "resource", "purpose")


# --- entries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the audit log as stored."""

    seq: int
    occurred_at: datetime
    event: str
    actor_user: str | None
    actor_role: str
    actor_municipality: str | None
    municipality: str | None
    resource: str | None
    purpose: str | None
    detail: str
    prev_mac: str
    mac: str

    def content(self) -> bytes:
        """The bytes the MAC covers: every column but `mac`, in a fixed order and form."""
        values = [getattr(self, f.name) for f in fields(self) if f.name != "mac"]
        values[1] = _ts(self.occurred_at)
        return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()

    def public(self) -> dict[str, Any]:
        data = asdict(self)
        data["occurred_at"] = _ts(self.occurred_at)
        data["detail"] = json.loads(self.detail)
        return data


def _ts(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@dataclass
class Problem:
    seq: int
    message: str


@dataclass
class Verification:
    ok: bool
    rows: int
    head: str  # "<seq>:<mac>" of the newest row: note it somewhere else to pin history
    problems: list[Problem] = field(default_factory=list)


class AuditLog:
    def __init__(self, db: Database, key: bytes | None = None) -> None:
        self.db = db
        self.key = key if key is not None else installation_key(db.settings, "audit")
        self.head_path: Path = db.settings.home / "audit.head"

    def _mac(self, content: bytes) -> str:
        return hmac.new(self.key, content, hashlib.sha256).hexdigest()

    def _last(self) -> tuple[int, str]:
        rows = execute(
            self.db, f"SELECT seq, mac FROM {TABLE} WHERE seq = (SELECT max(seq) FROM {TABLE})"
        )
        return (int(rows[0][0]), str(rows[0][1])) if rows else (0, GENESIS)

    def record(self, actor: Actor, event: Event, *, at: datetime | None = None) -> Entry:
        """Append one event; return the stored entry."""
        data = {f.name: getattr(event, f.name) for f in fields(event)}
        columns = {c: data.pop(c, None) for c in _COLUMNS}
        if columns["municipality"] is None:
            columns["municipality"] = actor.municipality
        detail = json.dumps(
            data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default
        )
        when = (at or datetime.now(UTC)).astimezone(UTC)
        last_error: Exception | None = None
        for _ in range(3):  # another writer may take the same seq (unique index): retry
            seq, prev = self._last()
            entry = Entry(
                seq=seq + 1,
                occurred_at=when,
                event=event.kind,
                actor_user=actor.user,
                actor_role=actor.role,
                actor_municipality=actor.municipality,
                municipality=columns["municipality"],
                resource=columns["resource"],
                purpose=columns["purpose"],
                detail=detail,
                prev_mac=prev,
                mac="",
            )
            entry = Entry(**{**asdict(entry), "mac": self._mac(entry.content())})
            try:
                insert(self.db, TABLE, [asdict(entry)])
            except Exception as exc:  # a duplicate seq from a concurrent writer
                last_error = exc
                continue
            self._write_head(entry.seq, entry.mac)
            return entry
        raise RuntimeError("could not append to the audit log") from last_error

    # The head file pins the newest entry, so truncating the log's tail is detected too.
    def _head_tag(self, seq: int, mac: str) -> str:
        return self._mac(f"head:{seq}:{mac}".encode())

    def _write_head(self, seq: int, mac: str) -> None:
        tmp = self.head_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"seq": seq, "mac": mac, "tag": self._head_tag(seq, mac)}))
        tmp.replace(self.head_path)

    def _read_head(self) -> tuple[int, str] | None:
        if not self.head_path.exists():
            return None
        try:
            head = json.loads(self.head_path.read_text())
            seq, mac, tag = int(head["seq"]), str(head["mac"]), str(head["tag"])
        except (ValueError, KeyError, TypeError):
            return (-1, "")
        if not hmac.compare_digest(tag, self._head_tag(seq, mac)):
            return (-1, "")
        return seq, mac

    def entries(
        self,
        *,
        municipality: str | None = None,
        event: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Entry]:
        """Entries, filtered: `municipality` keeps events by its users or about its data."""
        t = self.db.table(TABLE)
        if municipality is not None:
            t = t.filter((t.municipality == municipality) | (t.actor_municipality == municipality))
        if event is not None:
            t = t.filter(t.event == event)
        if since is not None:
            t = t.filter(t.occurred_at >= since)
        t = t.order_by(t.seq.desc() if newest_first else t.seq)
        if limit is not None:
            t = t.limit(limit, offset=offset)
        return [Entry(**row) for row in t.to_pyarrow().to_pylist()]

    def _all(self, chunk: int = 10_000) -> Iterator[Entry]:
        """Every entry in order, a chunk at a time (the log grows without bound)."""
        t = self.db.table(TABLE)
        last = 0
        while True:
            rows = t.filter(t.seq > last).order_by(t.seq).limit(chunk).to_pyarrow().to_pylist()
            yield from (Entry(**row) for row in rows)
            if len(rows) < chunk:
                return
            last = rows[-1]["seq"]

    def verify(self) -> Verification:
        """Check every row's MAC and the links between rows; name each row that is wrong."""
        problems: list[Problem] = []
        expected_seq, prev_mac, rows, last_mac = 1, GENESIS, 0, GENESIS
        macs: dict[int, str] = {}
        for entry in self._all():
            rows += 1
            if entry.seq > expected_seq:
                gap = (
                    f"række {expected_seq} / row {expected_seq}"
                    if entry.seq == expected_seq + 1
                    else f"rækkerne / rows {expected_seq}–{entry.seq - 1}"
                )
                problems.append(Problem(expected_seq, f"{gap}: slettet / deleted"))
            elif entry.seq < expected_seq:
                problems.append(Problem(entry.seq, f"række {entry.seq}: dublet / duplicate row"))
            if not hmac.compare_digest(entry.mac, self._mac(entry.content())):
                problems.append(
                    Problem(entry.seq, f"række {entry.seq}: ændret / row {entry.seq} was edited")
                )
            elif entry.prev_mac != prev_mac and entry.seq == expected_seq:
                problems.append(
                    Problem(
                        entry.seq,
                        f"række {entry.seq} hænger ikke sammen med rækken før / does not follow "
                        "the row before it",
                    )
                )
            macs[entry.seq] = entry.mac
            expected_seq = max(expected_seq, entry.seq + 1)
            prev_mac = last_mac = entry.mac
        head = self._read_head()
        if head is not None:
            seq, mac = head
            if seq < 0:
                problems.append(Problem(0, "audit.head er ændret / the head file was edited"))
            elif seq >= expected_seq:
                rows_gone = f"{expected_seq}" if seq == expected_seq else f"{expected_seq}–{seq}"
                problems.append(
                    Problem(
                        expected_seq,
                        f"række(r) / row(s) {rows_gone}: slettet fra enden / deleted from the end",
                    )
                )
            elif macs.get(seq) != mac:
                problems.append(Problem(seq, f"række {seq} passer ikke med audit.head / head"))
        return Verification(
            ok=not problems, rows=rows, head=f"{expected_seq - 1}:{last_mac}", problems=problems
        )

    def export_csv(self, entries: list[Entry]) -> str:
        out = io.StringIO()
        names = [f.name for f in fields(Entry)]
        writer = csv.DictWriter(out, fieldnames=names)
        writer.writeheader()
        for e in entries:
            row = asdict(e)
            row["occurred_at"] = _ts(e.occurred_at)
            writer.writerow(row)
        return out.getvalue()

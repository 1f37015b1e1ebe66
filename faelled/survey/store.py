"""The survey tables: initiatives, units, rounds, single-use tokens, responses and answers.

Portable by construction (DESIGN decision 2): tables are created from Ibis schemas, rows go in as
Arrow tables, reads are Ibis expressions; the one UPDATE (marking a token used) is built with
sqlglot for the connected dialect.

What is kept about a respondent is deliberately little: the response row carries a random id, the
unit, and the day (never the time) it arrived; no token, no IP, no user agent. The token table keeps
only a SHA-256 hash of each token and whether it was used — not when, so the order in which links
were used is not stored beside the order of the responses.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import sqlglot.expressions as sge

from faelled.engine.database import Database
from faelled.engine.migrations import Migration
from faelled.errors import InputError, NotFound
from faelled.survey.instruments import Catalog
from faelled.survey.model import Initiative, Response, Round, Unit

SCHEMAS: dict[str, dict[str, dt.DataType]] = {
    "survey_initiatives": {
        "id": dt.string,
        "title": dt.string,
        "description": dt.string,
        "municipality": dt.string,  # 3-digit code or null
        "instruments": dt.string,  # comma-separated instrument ids (ids are letters and digits)
        "created_on": dt.date,
    },
    "survey_units": {
        "initiative": dt.string,
        "id": dt.string,
        "name": dt.string,
        "parent": dt.string,  # null for a top-level unit
        "position": dt.int32,
    },
    "survey_unit_datasets": {"initiative": dt.string, "unit": dt.string, "dataset": dt.string},
    "survey_rounds": {
        "initiative": dt.string,
        "round": dt.int32,
        "title": dt.string,
        "opens": dt.date,
        "closes": dt.date,
    },
    "survey_round_instruments": {
        "initiative": dt.string,
        "round": dt.int32,
        "instrument": dt.string,
        "version": dt.int32,
        "position": dt.int32,
    },
    "survey_tokens": {
        "token_hash": dt.string,
        "initiative": dt.string,
        "round": dt.int32,
        "unit": dt.string,  # null: the respondent picks their unit on the form
        "used": dt.boolean,
    },
    "survey_responses": {
        "id": dt.string,
        "initiative": dt.string,
        "round": dt.int32,
        "unit": dt.string,
        "submitted_on": dt.date,
        "source": dt.string,  # link, surveyxact, limesurvey, demo
    },
    "survey_answers": {
        "response": dt.string,
        "instrument": dt.string,
        "key": dt.string,
        "value": dt.int32,  # null when "don't know" or when the row only carries a note
        "dont_know": dt.boolean,
        "note": dt.string,  # maturity: the respondent's evidence for the level chosen
    },
    "survey_imports": {  # one row per imported export file, so the same file is not counted twice
        "initiative": dt.string,
        "round": dt.int32,
        "sha256": dt.string,
        "source": dt.string,
        "responses": dt.int32,
        "imported_on": dt.date,
    },
}


def create_survey_tables(db: Database) -> None:
    for name, schema in SCHEMAS.items():
        db.backend.create_table(name, schema=ibis.schema(schema))


MIGRATIONS = [Migration("survey:1", "survey tables", create_survey_tables)]


def _insert(db: Database, name: str, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        schema = ibis.schema(SCHEMAS[name]).to_pyarrow()
        db.backend.insert(name, pa.Table.from_pylist(list(rows), schema=schema))


def _rows(expr: ibis.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return rows


# --- initiatives and units -----------------------------------------------------------------------


def create_initiative(db: Database, ini: Initiative, catalog: Catalog, today: date) -> None:
    if any(i.id == ini.id for i in initiatives(db)):
        raise InputError(
            f"Initiativet {ini.id!r} findes allerede / the initiative already exists.",
            hint="Vælg et andet id, eller åbn en ny runde: faelled survey round open "
            f"{ini.id} --closes ÅÅÅÅ-MM-DD",
        )
    for instrument in ini.instruments:
        catalog.latest(instrument)  # raises NotFound with the known ids
    _insert(
        db,
        "survey_initiatives",
        [
            {
                "id": ini.id,
                "title": ini.title,
                "description": ini.description,
                "municipality": ini.municipality,
                "instruments": ",".join(ini.instruments),
                "created_on": today,
            }
        ],
    )
    _insert(
        db,
        "survey_units",
        [
            {"initiative": ini.id, "id": u.id, "name": u.name, "parent": u.parent, "position": n}
            for n, u in enumerate(ini.units)
        ],
    )
    _insert(
        db,
        "survey_unit_datasets",
        [{"initiative": ini.id, "unit": u.id, "dataset": d} for u in ini.units for d in u.datasets],
    )


def initiatives(db: Database) -> list[Initiative]:
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(db.table("survey_units").order_by(["initiative", "position"])):
        units[row["initiative"]].append(row)
    datasets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _rows(db.table("survey_unit_datasets").order_by(["initiative", "unit", "dataset"])):
        datasets[(row["initiative"], row["unit"])].append(row["dataset"])
    out = []
    for row in _rows(db.table("survey_initiatives").order_by("id")):
        out.append(
            Initiative(
                id=row["id"],
                title=row["title"],
                description=row["description"],
                municipality=row["municipality"],
                instruments=tuple(i for i in row["instruments"].split(",") if i),
                units=tuple(
                    Unit(u["id"], u["name"], u["parent"], tuple(datasets[(row["id"], u["id"])]))
                    for u in units[row["id"]]
                ),
            )
        )
    return out


def get_initiative(db: Database, initiative_id: str) -> Initiative:
    found = [i for i in initiatives(db) if i.id == initiative_id]
    if not found:
        known = [i.id for i in initiatives(db)]
        raise NotFound(
            f"Ukendt initiativ / unknown initiative: {initiative_id!r}",
            hint=("Kendte / known: " + ", ".join(known))
            if known
            else "Opret et med / create one with: faelled survey create FIL.yaml",
        )
    return found[0]


# --- rounds --------------------------------------------------------------------------------------


def open_round(
    db: Database,
    ini: Initiative,
    catalog: Catalog,
    *,
    closes: date,
    today: date,
    title: str | None = None,
) -> Round:
    """Open the initiative's next round today, pinning the latest version of each instrument."""
    if closes < today:
        raise InputError(
            f"Lukkedatoen {closes} ligger før i dag ({today}) / the closing date is in the past."
        )
    existing = rounds(db, ini.id)
    number = existing[-1].number + 1 if existing else 1
    pinned = tuple((i, catalog.latest(i).version) for i in ini.instruments)
    rnd = Round(ini.id, number, title or f"Runde {number}", today, closes, pinned)
    _insert(
        db,
        "survey_rounds",
        [
            {
                "initiative": ini.id,
                "round": number,
                "title": rnd.title,
                "opens": today,
                "closes": closes,
            }
        ],
    )
    _insert(
        db,
        "survey_round_instruments",
        [
            {"initiative": ini.id, "round": number, "instrument": i, "version": v, "position": n}
            for n, (i, v) in enumerate(pinned)
        ],
    )
    return rnd


def rounds(db: Database, initiative_id: str) -> list[Round]:
    ri = db.table("survey_round_instruments")
    pinned: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in _rows(ri.filter(ri.initiative == initiative_id).order_by(["round", "position"])):
        pinned[row["round"]].append((row["instrument"], row["version"]))
    t = db.table("survey_rounds")
    return [
        Round(
            initiative_id,
            row["round"],
            row["title"],
            row["opens"],
            row["closes"],
            tuple(pinned[row["round"]]),
        )
        for row in _rows(t.filter(t.initiative == initiative_id).order_by("round"))
    ]


def get_round(db: Database, initiative_id: str, number: int | None) -> Round:
    """The numbered round, or the latest when `number` is None."""
    all_rounds = rounds(db, initiative_id)
    if not all_rounds:
        raise NotFound(
            f"{initiative_id} har ingen runder endnu / has no rounds yet.",
            hint=f"Åbn en / open one: faelled survey round open {initiative_id} --closes "
            "ÅÅÅÅ-MM-DD",
        )
    if number is None:
        return all_rounds[-1]
    for r in all_rounds:
        if r.number == number:
            return r
    raise NotFound(
        f"{initiative_id} har ingen runde {number} / has no round {number}.",
        hint="Runder / rounds: " + ", ".join(str(r.number) for r in all_rounds),
    )


# --- tokens --------------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenInfo:
    token_hash: str
    initiative: str
    round: int
    unit: str | None
    used: bool


def issue_tokens(
    db: Database, rnd: Round, count: int, unit: Unit | None, *, rng: random.Random | None = None
) -> list[str]:
    """`count` new single-use tokens for a round; only their hashes are stored. Tokens come from
    the `secrets` module; `rng` exists only so the demo can print the same links every time."""
    if not 1 <= count <= 10_000:
        raise InputError("Antal links skal være 1–10.000 / the number of links must be 1–10,000.")
    if rng is None:
        tokens = [secrets.token_urlsafe(16) for _ in range(count)]
    else:
        tokens = ["demo-" + rng.randbytes(9).hex() for _ in range(count)]
    _insert(
        db,
        "survey_tokens",
        [
            {
                "token_hash": hash_token(t),
                "initiative": rnd.initiative,
                "round": rnd.number,
                "unit": unit.id if unit else None,
                "used": False,
            }
            for t in tokens
        ],
    )
    return tokens


def find_token(db: Database, token: str) -> TokenInfo | None:
    t = db.table("survey_tokens")
    rows = _rows(t.filter(t.token_hash == hash_token(token)).limit(1))
    if not rows:
        return None
    r = rows[0]
    return TokenInfo(r["token_hash"], r["initiative"], r["round"], r["unit"], bool(r["used"]))


def mark_used(db: Database, token_hash: str) -> None:
    stmt = sge.update(
        "survey_tokens",
        {"used": True},
        where=sge.column("token_hash").eq(sge.Literal.string(token_hash)),
    )
    result = db.raw_sql(stmt.sql(dialect=db.dialect))
    if db.dialect == "postgres":  # psycopg hands back a cursor; DuckDB its own connection
        result.close()


# --- responses -----------------------------------------------------------------------------------


def save_responses(
    db: Database,
    rnd: Round,
    responses: Iterable[Response],
    *,
    source: str,
    today: date,
) -> int:
    """Store responses (answers first: a response row without its answers never appears)."""
    resp_rows: list[dict[str, Any]] = []
    answer_rows: list[dict[str, Any]] = []
    for r in responses:
        rid = r.id or uuid.uuid4().hex
        resp_rows.append(
            {
                "id": rid,
                "initiative": rnd.initiative,
                "round": rnd.number,
                "unit": r.unit,
                "submitted_on": today,
                "source": source,
            }
        )
        for instrument in sorted(set(r.answers) | set(r.notes)):
            values = r.answers.get(instrument, {})
            notes = r.notes.get(instrument, {})
            for key in sorted(set(values) | set(notes)):
                value = values.get(key)
                answer_rows.append(
                    {
                        "response": rid,
                        "instrument": instrument,
                        "key": key,
                        "value": value,
                        "dont_know": key in values and value is None,
                        "note": notes.get(key),
                    }
                )
    _insert(db, "survey_answers", answer_rows)
    _insert(db, "survey_responses", resp_rows)
    return len(resp_rows)


def load_responses(db: Database, initiative_id: str, number: int) -> list[Response]:
    resp = db.table("survey_responses")
    mine = resp.filter((resp.initiative == initiative_id) & (resp.round == number))
    out: dict[str, Response] = {
        row["id"]: Response(row["id"], row["unit"]) for row in _rows(mine.order_by("id"))
    }
    ans = db.table("survey_answers")
    ids = mine.select(rid=mine.id)
    joined = ans.join(ids, ans.response == ids.rid).select(
        ans.response, ans.instrument, ans.key, ans.value, ans.dont_know, ans.note
    )
    for row in _rows(joined):
        response = out[row["response"]]
        if row["value"] is not None or row["dont_know"]:
            response.answers.setdefault(row["instrument"], {})[row["key"]] = row["value"]
        if row["note"]:
            response.notes.setdefault(row["instrument"], {})[row["key"]] = row["note"]
    return list(out.values())


@dataclass(frozen=True, slots=True)
class RoundCounts:
    links: int
    used: int
    responses: int


def round_counts(db: Database) -> dict[tuple[str, int], RoundCounts]:
    """Links issued, links used and responses stored, per (initiative, round)."""
    tok = db.table("survey_tokens")
    links = {
        (r["initiative"], r["round"]): (int(r["links"]), int(r["used"]))
        for r in _rows(
            tok.group_by(["initiative", "round"]).aggregate(
                links=tok.count(), used=tok.used.cast("int32").sum()
            )
        )
    }
    resp = db.table("survey_responses")
    responses = {
        (r["initiative"], r["round"]): int(r["n"])
        for r in _rows(resp.group_by(["initiative", "round"]).aggregate(n=resp.count()))
    }
    keys = set(links) | set(responses)
    return {
        k: RoundCounts(links.get(k, (0, 0))[0], links.get(k, (0, 0))[1], responses.get(k, 0))
        for k in keys
    }


def find_import(db: Database, rnd: Round, sha256: str) -> date | None:
    """The day a file with this checksum was imported into the round, if it was."""
    t = db.table("survey_imports")
    rows = _rows(
        t.filter(
            (t.initiative == rnd.initiative) & (t.round == rnd.number) & (t.sha256 == sha256)
        ).limit(1)
    )
    return rows[0]["imported_on"] if rows else None


def record_import(
    db: Database, rnd: Round, sha256: str, source: str, responses: int, today: date
) -> None:
    _insert(
        db,
        "survey_imports",
        [
            {
                "initiative": rnd.initiative,
                "round": rnd.number,
                "sha256": sha256,
                "source": source,
                "responses": responses,
                "imported_on": today,
            }
        ],
    )

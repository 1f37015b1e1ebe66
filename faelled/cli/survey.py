"""`faelled survey …`: what a change lead needs to measure readiness for change.

    faelled survey instruments [--json]                 the item banks and their versions
    faelled survey create FILE                          an initiative and its units, from YAML
    faelled survey list [--json]                        initiatives, rounds and response counts
    faelled survey round open INITIATIVE --closes DATE [--links N] [--unit U]
    faelled survey round links INITIATIVE --links N [--round R] [--unit U]
    faelled survey results INITIATIVE [--round R] [--json]
    faelled survey import FILE --format surveyxact|limesurvey --initiative I [--round R]

A thin shell: reads use the same data functions as the pages, set-up the functions in
faelled.survey.admin. While `faelled serve` holds the DuckDB file, every command goes through the
server's API instead, set-up with the local token from FAELLED_HOME/server.json (DESIGN
decision 4). The command line acts as the installation's local administrator; results still pass
suppression.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from faelled.access import Actor, check
from faelled.errors import InputError
from faelled.settings import Settings, get_settings
from faelled.survey.instruments import catalog

if TYPE_CHECKING:  # the engine (Ibis, DuckDB) loads only when a command needs the database
    from faelled.engine import Database

group = typer.Typer(
    help="Parathed til forandring / readiness for change: initiativer, runder, svar.",
    no_args_is_help=True,
)
round_group = typer.Typer(
    help="Runder / rounds: åbn en runde og udsend links.", no_args_is_help=True
)
group.add_typer(round_group, name="round")

LOCAL_ADMIN = Actor.system("local-cli")  # the command line acts as the operator


@contextmanager
def _db(settings: Settings) -> Iterator[Database]:
    from faelled.engine import migrate, open_database

    with open_database(settings) as db:
        migrate(db)
        yield db


def _run(
    settings: Settings,
    local: Callable[[Database], Any],
    path: str,
    *,
    body: Any = None,
    params: dict[str, Any] | None = None,
) -> Any:
    """Do the work on the database file, or ask the server that holds it: GET `path` with
    `params`, or POST `body` when one is given."""
    from faelled.remote import server_for

    server = server_for(settings)
    if server is None:
        with _db(settings) as db:
            return local(db)
    if body is not None:
        return server.post(path, body)
    return server.get(path, **{k: v for k, v in (params or {}).items() if v is not None})


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/survey/r/{token}"


def _base_url(settings: Settings, given: str | None) -> str:
    return given or f"http://{settings.host}:{settings.port}"


@group.command("instruments")
def instruments_cmd(
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """The instruments (item banks) and their versions."""
    settings = get_settings()
    rows = [
        {
            "id": i.id,
            "version": i.version,
            "kind": i.kind,
            "title": i.title.da,
            "title_en": i.title.en,
            "questions": len(i.slots()),
        }
        for i in catalog(settings.content_dir).all()
    ]
    if as_json:
        _echo_json({"values": rows, "count": len(rows)})
        return
    for r in rows:
        typer.echo(
            f"{r['id']}@{r['version']}\t{r['kind']}\t{r['questions']} spørgsmål\t{r['title']}"
        )


@group.command("create")
def create_cmd(
    file: Path = typer.Argument(..., help="Initiativet som YAML / the initiative as YAML."),
) -> None:
    """Create a change initiative and its units from a YAML file (see docs/survey.md)."""
    from faelled.survey import admin

    check(LOCAL_ADMIN, "admin", "survey:initiatives")
    settings = get_settings()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{file}: kan ikke læses / cannot be read: {exc}".splitlines()[0]
        ) from None
    done = _run(
        settings,
        lambda db: admin.create(db, catalog(settings.content_dir), text, str(file), date.today()),
        "/api/v1/survey/initiatives",
        body={"definition": text, "source": str(file)},
    )
    typer.echo(f"Oprettet / created: {done['id']} ({done['units']} enheder / units)")
    typer.echo(
        f"Næste skridt / next: faelled survey round open {done['id']} --closes ÅÅÅÅ-MM-DD "
        "--links 20"
    )


@group.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON.")) -> None:
    """Initiatives, their rounds and response counts."""
    from faelled.survey.results import overview

    check(LOCAL_ADMIN, "read", "survey:results")
    settings = get_settings()
    data = _run(settings, overview, "/api/v1/survey/initiatives")
    if as_json:
        _echo_json(data)
        return
    if not data["values"]:
        typer.echo("Ingen initiativer endnu / no initiatives yet: faelled survey create FIL.yaml")
    for ini in data["values"]:
        where = f" · {ini['municipality']['name']}" if ini["municipality"] else ""
        typer.echo(f"{ini['id']}\t{ini['title']}{where}")
        for r in ini["rounds"]:
            state = "åben / open" if r["open"] else "lukket / closed"
            typer.echo(
                f"  runde {r['round']}\t{r['opens']} – {r['closes']}\t{state}\t"
                f"{r['responses']} svar / responses\t{r['links']} links"
            )


@round_group.command("open")
def round_open_cmd(
    initiative: str = typer.Argument(..., help="Initiativets id / the initiative's id."),
    closes: str = typer.Option(..., help="Lukkedato / closing date, ÅÅÅÅ-MM-DD."),
    title: str = typer.Option(None, help="Rundens titel / the round's title."),
    links: int = typer.Option(0, help="Antal engangslinks / single-use links to print."),
    unit: str = typer.Option(None, help="Linkene gælder denne enhed / links for this unit."),
    base_url: str = typer.Option(None, help="Serverens adresse i linkene / base URL of links."),
) -> None:
    """Open the initiative's next round (pinning the instruments' current versions)."""
    from faelled.survey import admin

    check(LOCAL_ADMIN, "admin", "survey:initiatives")
    settings = get_settings()
    closing = _date(closes)
    done = _run(
        settings,
        lambda db: admin.open_next_round(
            db,
            catalog(settings.content_dir),
            initiative,
            closes=closing,
            today=date.today(),
            title=title,
            links=links,
            unit=unit,
        ),
        f"/api/v1/survey/initiatives/{initiative}/rounds",
        body={"closes": closing.isoformat(), "title": title, "links": links, "unit": unit},
    )
    pinned = ", ".join(done["instruments"])
    typer.echo(f"Runde {done['round']} åben til / open until {done['closes']} ({pinned})", err=True)
    _print_links(settings, base_url, done["tokens"])


@round_group.command("links")
def round_links_cmd(
    initiative: str = typer.Argument(..., help="Initiativets id / the initiative's id."),
    links: int = typer.Option(..., help="Antal engangslinks / number of single-use links."),
    round_number: int = typer.Option(None, "--round", help="Runde / round (default: seneste)."),
    unit: str = typer.Option(None, help="Linkene gælder denne enhed / links for this unit."),
    base_url: str = typer.Option(None, help="Serverens adresse i linkene / base URL of links."),
) -> None:
    """Issue more single-use links for a round (e.g. one batch per unit)."""
    from faelled.survey import admin

    check(LOCAL_ADMIN, "admin", "survey:initiatives")
    settings = get_settings()
    done = _run(
        settings,
        lambda db: admin.more_links(
            db, initiative, links=links, today=date.today(), round_number=round_number, unit=unit
        ),
        f"/api/v1/survey/initiatives/{initiative}/links",
        body={"links": links, "round": round_number, "unit": unit},
    )
    _print_links(settings, base_url, done["tokens"])


def _print_links(settings: Settings, base_url: str | None, tokens: list[str]) -> None:
    if tokens:
        typer.echo(
            "Hvert link virker én gang og vises kun nu / each link works once and is shown only "
            "now:",
            err=True,
        )
    for t in tokens:
        typer.echo(_link(_base_url(settings, base_url), t))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"Ugyldig dato / invalid date: {text!r}", hint="Brug ÅÅÅÅ-MM-DD."
        ) from None


@group.command("results")
def results_cmd(
    initiative: str = typer.Argument(..., help="Initiativets id / the initiative's id."),
    round_number: int = typer.Option(None, "--round", help="Runde / round (default: seneste)."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
    lang: str = typer.Option("da", help="da | en"),
) -> None:
    """The scored results of a round, with suppression and the change since the round before."""
    from faelled.survey.results import initiative_results

    check(LOCAL_ADMIN, "read", "survey:results")
    settings = get_settings()
    lang = "en" if lang == "en" else "da"
    data = _run(
        settings,
        lambda db: initiative_results(
            db, catalog(settings.content_dir), initiative, round_number, lang=lang
        ),
        f"/api/v1/survey/initiatives/{initiative}",
        params={"round": round_number, "lang": lang},
    )
    data.pop("charts", None)
    if as_json:
        _echo_json(data)
        return
    _print_results(data)


def _fmt(x: float | None) -> str:
    return "  –" if x is None else f"{x:.2f}"


def _print_results(d: dict[str, Any]) -> None:
    rnd = d["round"]
    typer.echo(
        f"{d['initiative']['title']} — runde {rnd['round']} ({rnd['opens']} – {rnd['closes']})"
    )
    typer.echo(
        f"Svar / responses: {rnd['responses']}  "
        f"(vist for grupper med mindst / shown for groups of at least {d['min_respondents']})"
    )
    names = {g["id"]: g["name"] for g in d["groups"]}
    for g in d["groups"]:
        n = "skjult / hidden" if g["suppressed"] else f"n={g['n']}"
        typer.echo(f"{'  ' * g['depth']}- {g['name']}: {n}")
    if d["knoster"]:
        k = d["knoster"]
        titles = {e["id"]: e["title"] for e in k["elements"]}
        typer.echo("\nKnoster")
        for h in k["headlines"]:
            if h["effect"] is None:
                continue
            what = titles[h["element"]] + f" ({h['status']})" if h["element"] else "alle til stede"
            typer.echo(f"  {names[h['group']]}: {what} → {h['effect']}")
        for row in k["results"]:
            if row["group"] == "_all":
                typer.echo(f"    {titles[row['element']]:<15} {_fmt(row['mean'])}  {row['status']}")
    if d["needs"]:
        titles = {x["id"]: x["title"] for x in d["needs"]["needs"]}
        typer.echo("\nKernebehov / core needs")
        for row in d["needs"]["results"]:
            if row["group"] == "_all":
                flag = "  TRUET / threatened" if row["threatened"] else ""
                typer.echo(f"    {titles[row['need']]:<15} {_fmt(row['mean'])}{flag}")
    if d["warnings"]:
        typer.echo(f"\nAdvarselstegn siden runde {d['compared_with']} / warning signs:")
        for w in d["warnings"]:
            typer.echo(
                f"  {names[w['group']]}: {w['instrument']}.{w['scale']} {_fmt(w['before'])} → "
                f"{_fmt(w['after'])} ({w['diff']:+.2f}, 95 % KI {w['low']:+.2f} … {w['high']:+.2f})"
            )


@group.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="CSV-eksporten / the CSV export."),
    fmt: str = typer.Option(..., "--format", help="surveyxact | limesurvey"),
    initiative: str = typer.Option(..., help="Initiativets id / the initiative's id."),
    round_number: int = typer.Option(None, "--round", help="Runde / round (default: seneste)."),
    unit: str = typer.Option(None, help="Enhed for rækker uden en / unit for rows without one."),
    dont_know: str = typer.Option(None, help="Koden for 'ved ikke' / the code for don't know."),
) -> None:
    """Import a SurveyXact or LimeSurvey CSV export into a round (all or nothing)."""
    from faelled.survey import admin
    from faelled.survey.imports import read_file

    check(LOCAL_ADMIN, "admin", "survey:initiatives")
    settings = get_settings()
    data = read_file(file)
    done = _run(
        settings,
        lambda db: admin.import_file(
            db,
            catalog(settings.content_dir),
            data,
            file.name,
            fmt,
            initiative,
            today=date.today(),
            round_number=round_number,
            unit=unit,
            dont_know=dont_know,
        ),
        f"/api/v1/survey/initiatives/{initiative}/imports",
        body={
            "format": fmt,
            "name": file.name,
            "content": admin.encode(data),
            "round": round_number,
            "unit": unit,
            "dont_know": dont_know,
        },
    )
    typer.echo(
        f"Importeret / imported {done['imported']} svar i runde {done['round']} "
        f"({done['incomplete']} ufuldstændige og {done['empty']} tomme sprunget over / skipped; "
        f"{len(done['columns'])} kolonner læst / columns read)"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="survey")

"""Survey pages and their JSON twins: the initiative list, an initiative's results, and the
response form behind a single-use link.

    /survey                      /api/v1/survey/initiatives
    /survey/{initiative}         /api/v1/survey/initiatives/{initiative}?round=&unit=
    /survey/r/{token}            /api/v1/survey/r/{token}            (GET: the form; POST: answer)

Every route asks the policy first; results pass the survey suppression in faelled.survey.results.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

from faelled.access import Actor, check
from faelled.engine import Database
from faelled.errors import InputError, NotFound
from faelled.privacy import MIN_RESPONDENTS
from faelled.survey import admin
from faelled.survey.instruments import DONT_KNOW, Instrument, catalog
from faelled.survey.model import ROOT, parse_initiative
from faelled.survey.respond import Form, open_form, submit
from faelled.survey.results import initiative_results, overview
from faelled.web import survey_charts as charts
from faelled.web.deps import database
from faelled.web.i18n import Lang
from faelled.web.pages import language, render
from faelled.web.survey_texts import survey_text
from faelled.web.system import local_admin

router = APIRouter()  # pages; the JSON twins are included into it at the end of this module
api = APIRouter(prefix="/api/v1/survey", tags=["survey"])


def _actor(request: Request) -> Actor:
    """Who is asking (resolved once per request by the access middleware)."""
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else Actor.public()


# --- data functions (one per view; the page and its JSON twin both use them) ----------------------


def list_view(db: Database) -> dict[str, Any]:
    return overview(db)


def results_view(
    request: Request,
    db: Database,
    initiative: str,
    round_number: int | None,
    unit: str | None,
    lang: Lang,
) -> dict[str, Any]:
    settings = request.app.state.settings
    data = initiative_results(
        db, catalog(settings.content_dir), initiative, round_number, lang=lang
    )
    groups = {g["id"]: g for g in data["groups"]}
    selected = unit or ROOT
    if selected not in groups:
        raise NotFound(
            f"{initiative} har ingen enhed {unit!r} / has no unit {unit!r}.",
            hint="Enheder / units: " + ", ".join(u["id"] for u in data["units"]),
        )
    data["selected"] = selected
    data["charts"] = _charts(data, selected, lang)
    return data


def _shown(section: dict[str, Any] | None, group: str | None) -> bool:
    """Whether a section has any result to draw (for one group, or for any group)."""
    return section is not None and any(
        not r["suppressed"] for r in section["results"] if group is None or r["group"] == group
    )


def _charts(data: dict[str, Any], group: str, lang: Lang) -> dict[str, Any]:
    """The charts that have something to show; a section without one says why on the page."""
    out: dict[str, Any] = {}
    if _shown(data["knoster"], group):
        out["knoster"] = charts.knoster_bars(data["knoster"], group, lang)
    if _shown(data["needs"], None):
        out["needs"] = charts.needs_heatmap(data["needs"], data["groups"], lang)
    if _shown(data["mindset"], group):
        out["mindset"] = charts.mindset_arrows(data["mindset"], group, lang)
    if _shown(data["maturity"], group):
        out["maturity"] = charts.maturity_heatmap(data["maturity"], group, lang)
    if _shown(data["change_type"], group):
        row = next(r for r in data["change_type"]["results"] if r["group"] == group)
        out["change_type"] = charts.change_type_bars(row, lang)
    mine = [c for c in data["changes"] if c["group"] == group]
    if mine:
        labels: dict[tuple[str, str], str] = {}
        if data["knoster"]:
            labels |= {("knoster", e["id"]): e["title"] for e in data["knoster"]["elements"]}
        if data["needs"]:
            labels |= {("needs", n["id"]): n["title"] for n in data["needs"]["needs"]}
        # Instruments of another id but the same kind keep their scale id as the label.
        for c in mine:
            labels.setdefault((c["instrument"], c["scale"]), f"{c['instrument']}: {c['scale']}")
        out["change"] = charts.change_between_rounds(mine, labels, lang)
    return out


def form_view(form: Form, lang: Lang) -> dict[str, Any]:
    """The questions behind a link, ready for the template and for API clients."""
    return {
        "initiative": {"id": form.initiative.id, "title": form.initiative.title},
        "round": {"round": form.round.number, "closes": form.round.closes.isoformat()},
        "unit": {"id": form.unit.id, "name": form.unit.name} if form.unit else None,
        "units": None
        if form.unit
        else [{"id": u.id, "name": u.name} for u in form.initiative.units],
        "instruments": [_instrument_form(ins, lang) for ins in form.instruments],
        "dont_know": DONT_KNOW,
    }


def _instrument_form(ins: Instrument, lang: Lang) -> dict[str, Any]:
    dk = [{"value": DONT_KNOW, "label": ins.dont_know(lang)}] if ins.dont_know else []
    agree = [{"value": str(n), "label": t(lang)} for n, t in enumerate(ins.labels, 1)]
    sections = []
    for scale in ins.scales:
        questions = []
        for item in scale.items:
            name = f"{ins.id}.{item.id}"
            q: dict[str, Any] = {"name": name, "id": name.replace(".", "-")}
            if ins.kind in ("knoster", "needs"):
                q |= {"text": item.text(lang) if item.text else "", "options": agree + dk}
            elif ins.kind == "mindset":
                assert item.left and item.right
                top = ins.points or 5
                q |= {
                    "left": item.left(lang),
                    "right": item.right(lang),
                    "aspects": [
                        {
                            "name": f"{name}.{a.id}",
                            "id": f"{q['id']}-{a.id}",
                            "title": a.title(lang),
                            "options": [
                                {"value": str(n), "label": str(n)} for n in range(1, top + 1)
                            ],
                        }
                        for a in ins.aspects
                    ],
                }
            elif ins.kind == "maturity":
                theme = next(t for t in ins.themes if t.id == item.theme)
                q |= {
                    "text": f"{scale.title(lang)} · {theme.title(lang)}",
                    "options": [
                        {"value": str(n), "label": ins.levels[n - 1](lang), "text": lv(lang)}
                        for n, lv in enumerate(item.levels or [], 1)
                    ]
                    + dk,
                    "note": f"{name}.note",
                }
            else:
                q |= {
                    "text": item.text(lang) if item.text else "",
                    "options": [
                        {"value": str(n), "label": o.text(lang)}
                        for n, o in enumerate(item.options or [], 1)
                    ]
                    + dk,
                }
            questions.append(q)
        sections.append({"title": scale.title(lang), "questions": questions})
    symptoms = [
        {
            "name": f"{ins.id}.{s.id}",
            "id": f"{ins.id}-{s.id}",
            "text": s.text(lang),
            "options": agree + dk,
        }
        for s in ins.symptoms
    ]
    return {
        "id": ins.id,
        "version": ins.version,
        "kind": ins.kind,
        "title": ins.title(lang),
        "intro": ins.intro(lang),
        "sections": sections,
        "symptoms": symptoms,
    }


# --- pages ---------------------------------------------------------------------------------------


def _render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    lang = language(request)
    return render(
        request,
        template,
        {
            "s": lambda key, **v: survey_text(key, lang, **v),
            "min_n": MIN_RESPONDENTS,
            # Chart specs carry unit names from the initiative file: keep "</script>" out.
            "spec_json": lambda obj: json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c"),
            **context,
        },
        status,
    )


@router.get("/survey", response_class=HTMLResponse, include_in_schema=False)
def list_page(request: Request, db: Database = Depends(database)) -> Response:
    check(_actor(request), "read", "survey:results")
    return _render(request, "survey/list.html", {"d": list_view(db)})


@router.get("/survey/r/{token}", response_class=HTMLResponse, include_in_schema=False)
def form_page(request: Request, token: str, db: Database = Depends(database)) -> Response:
    check(_actor(request), "write", "survey:respond")
    lang = language(request)
    form = open_form(db, catalog(request.app.state.settings.content_dir), token, date.today())
    return _render(request, "survey/form.html", {"f": form_view(form, lang), "values": {}})


@router.post("/survey/r/{token}", response_class=HTMLResponse, include_in_schema=False)
async def form_submit(request: Request, token: str, db: Database = Depends(database)) -> Response:
    check(_actor(request), "write", "survey:respond")
    lang = language(request)
    # The CSRF token was checked on the way in (faelled.web.security); it is no answer.
    fields = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    cat = catalog(request.app.state.settings.content_dir)
    try:
        form = submit(db, cat, token, fields, date.today())
    except InputError as exc:
        # Show the form again with what was filled in, so nothing has to be re-entered.
        form = open_form(db, cat, token, date.today())
        context = {"f": form_view(form, lang), "values": fields, "error": exc}
        return _render(request, "survey/form.html", context, status=422)
    return _render(request, "survey/thanks.html", {"initiative": form.initiative})


@router.get("/survey/{initiative}", response_class=HTMLResponse, include_in_schema=False)
def results_page(
    request: Request,
    initiative: str,
    round_number: int | None = Query(None, alias="round"),
    unit: str | None = Query(None),
    db: Database = Depends(database),
) -> Response:
    check(_actor(request), "read", "survey:results")
    data = results_view(request, db, initiative, round_number, unit or None, language(request))
    return _render(request, "survey/results.html", {"d": data})


# --- the JSON twins ------------------------------------------------------------------------------


@api.get("/initiatives", summary="Initiativer, runder og antal svar / initiatives and rounds")
def list_api(request: Request, db: Database = Depends(database)) -> dict[str, Any]:
    check(_actor(request), "read", "survey:results")
    return list_view(db)


@api.get("/initiatives/{initiative}", summary="Et initiativs resultater / an initiative's results")
def results_api(
    request: Request,
    initiative: str,
    round_number: int | None = Query(None, alias="round"),
    unit: str | None = None,
    lang: Lang = "da",
    db: Database = Depends(database),
) -> dict[str, Any]:
    check(_actor(request), "read", "survey:results")
    return results_view(request, db, initiative, round_number, unit, lang)


# --- the local administrator: the CLI's set-up commands while the server holds the database -------
# Authenticated by the token in FAELLED_HOME/server.json (faelled.web.system.local_admin); the
# public gets 403 from the policy. Not in the OpenAPI document: these are not an open API.


class CreateIn(BaseModel):
    definition: str  # the initiative file's YAML text
    source: str = "initiative.yaml"


class RoundIn(BaseModel):
    closes: date
    title: str | None = None
    links: int = 0
    unit: str | None = None


class LinksIn(BaseModel):
    links: int
    round: int | None = None
    unit: str | None = None


class ImportIn(BaseModel):
    format: str
    name: str
    content: str  # base64
    round: int | None = None
    unit: str | None = None
    dont_know: str | None = None


def setup_actor(request: Request, local: Annotated[Actor, Depends(local_admin)]) -> Actor:
    """The local administrator (the CLI's token), else whoever is signed in: the policy then
    lets a municipality's stewards and admins set up their own municipality's surveys."""
    return local if local.signed_in else _actor(request)


Admin = Annotated[Actor, Depends(setup_actor)]


@api.post("/initiatives", status_code=201, include_in_schema=False)
def create_api(
    request: Request, body: CreateIn, actor: Admin, db: Database = Depends(database)
) -> dict[str, Any]:
    admin.check_setup(actor)
    cat = catalog(request.app.state.settings.content_dir)
    ini = parse_initiative(body.definition, body.source)
    check(actor, "admin", admin.setup_resource(ini.municipality))  # only for one's own
    return admin.create(db, cat, body.definition, body.source, date.today())


@api.post("/initiatives/{initiative}/rounds", status_code=201, include_in_schema=False)
def round_api(
    request: Request,
    initiative: str,
    body: RoundIn,
    actor: Admin,
    db: Database = Depends(database),
) -> dict[str, Any]:
    admin.check_setup(actor, db, initiative)
    cat = catalog(request.app.state.settings.content_dir)
    return admin.open_next_round(
        db,
        cat,
        initiative,
        closes=body.closes,
        today=date.today(),
        title=body.title,
        links=body.links,
        unit=body.unit,
    )


@api.post("/initiatives/{initiative}/links", status_code=201, include_in_schema=False)
def links_api(
    initiative: str, body: LinksIn, actor: Admin, db: Database = Depends(database)
) -> dict[str, Any]:
    admin.check_setup(actor, db, initiative)
    return admin.more_links(
        db, initiative, links=body.links, today=date.today(), round_number=body.round,
        unit=body.unit,
    )  # fmt: skip


@api.post("/initiatives/{initiative}/imports", status_code=201, include_in_schema=False)
def import_api(
    request: Request,
    initiative: str,
    body: ImportIn,
    actor: Admin,
    db: Database = Depends(database),
) -> dict[str, Any]:
    admin.check_setup(actor, db, initiative)
    return admin.import_file(
        db,
        catalog(request.app.state.settings.content_dir),
        admin.decode(body.content),
        body.name,
        body.format,
        initiative,
        today=date.today(),
        round_number=body.round,
        unit=body.unit,
        dont_know=body.dont_know,
    )


@api.get("/r/{token}", summary="Spørgeskemaet bag et link / the questionnaire behind a link")
def form_api(
    request: Request, token: str, lang: Lang = "da", db: Database = Depends(database)
) -> dict[str, Any]:
    check(_actor(request), "write", "survey:respond")
    form = open_form(db, catalog(request.app.state.settings.content_dir), token, date.today())
    return form_view(form, lang)


class AnswersIn(BaseModel):
    answers: dict[str, str | int | None]
    unit: str | None = None


@api.post("/r/{token}", status_code=201, summary="Send svar / send answers (once per link)")
def submit_api(
    request: Request, token: str, body: AnswersIn, db: Database = Depends(database)
) -> JSONResponse:
    check(_actor(request), "write", "survey:respond")
    fields: dict[str, str | int | None] = dict(body.answers)
    if body.unit is not None:
        fields["unit"] = body.unit
    submit(db, catalog(request.app.state.settings.content_dir), token, fields, date.today())
    return JSONResponse({"status": "received"}, status_code=201)


router.include_router(api)

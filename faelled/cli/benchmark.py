"""`faelled peers` and `faelled benchmark`: thin shells over faelled/benchmark/report.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from faelled.settings import Settings, get_settings


def _no_database(settings: Settings) -> None:
    """A fresh installation has no database file yet: say what to run, not "cannot open"."""
    from faelled.errors import NotFound

    if not settings.has_database:
        raise NotFound(
            "Ingen nøgletal endnu / no KPI values yet: databasen findes ikke.",
            hint="Indlæs data og kør først / load data and run first: faelled compute",
        )


def _weights(specs: list[str]) -> tuple[list[str], dict[str, float]]:
    """`--indicator NAME[=WEIGHT]` options → (indicators, weights)."""
    from faelled.errors import InputError

    names, weights = [], {}
    for spec in specs:
        name, _, weight = spec.partition("=")
        names.append(name.strip())
        if weight:
            try:
                weights[name.strip()] = float(weight.replace(",", "."))
            except ValueError:
                raise InputError(
                    f"Ugyldig vægt / invalid weight: {spec!r}.", hint="Fx --indicator urban_share=2"
                ) from None
    return names, weights


def peers(
    municipality: str = typer.Argument(..., metavar="CODE", help="Kommunekode eller navn."),
    domain: str = typer.Option(None, help="Domæne / domain (employment, schools, …)."),
    k: int = typer.Option(10, "-k", "--k", help="Antal / how many."),
    indicator: list[str] = typer.Option(
        None, "--indicator", help="Find nærmeste på / nearest on NAME[=WEIGHT] (gentag / repeat)."
    ),
    group: str = typer.Option(None, help="En navngiven gruppe fra --groups / a named group."),
    groups: Path = typer.Option(None, help="YAML: groups: {navn: [kommune, …]}.", dir_okay=False),
    kind: str = typer.Option(
        None, help="kommunegruppe | region: Danmarks Statistiks grupper i stedet / instead."
    ),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """A municipality's comparable municipalities (sammenligningskommuner)."""
    from faelled.benchmark.peers import load_user_groups, reference_group, user_group
    from faelled.errors import InputError
    from faelled.local_admin import peers as computed
    from faelled.reference import resolve
    from faelled.remote import read

    code = resolve(municipality)
    data: dict[str, Any]
    if kind in ("kommunegruppe", "region"):
        data = reference_group(code, kind).as_dict()  # type: ignore[arg-type]
    elif kind:
        raise InputError(f"Ukendt --kind {kind!r}.", hint="Brug kommunegruppe eller region.")
    elif group or groups:
        if not (group and groups):
            raise InputError("--group og --groups hører sammen / go together.")
        data = user_group(load_user_groups(groups), group, code).as_dict()
    else:
        settings = get_settings()
        _no_database(settings)
        names, weights = _weights(indicator or [])
        data = read(
            settings,
            lambda db: computed(db, code, domain, k, names, weights),
            f"/api/v1/system/peers/{code}",
            domain=domain,
            k=k,
            indicator=names,
            weight=[str(weights.get(n, "")) for n in names],
        )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(data["why"])
    for m in data["members"]:
        dist = "" if m["distance"] is None else f"\t{m['distance']:.3f}"
        typer.echo(f"{m['id']}\t{m['title']}{dist}")


def benchmark(
    municipality: str = typer.Argument(..., metavar="CODE", help="Kommunekode eller navn."),
    kpi: str = typer.Option(..., "--kpi", help="Nøgletallets id / the KPI's id."),
    period: str = typer.Option(None, help="Periode, fx 2024 eller 2023/24 (standard: seneste)."),
    k: int = typer.Option(10, "-k", "--k", help="Antal sammenligningskommuner / peers."),
    as_json: bool = typer.Option(False, "--json", help="Som JSON / as JSON."),
) -> None:
    """A municipality's standing on one key figure: ranks, peers, trend, expected value."""
    from faelled.catalog.kpis import get_kpi
    from faelled.local_admin import benchmark as standing
    from faelled.remote import read

    settings = get_settings()
    definition = get_kpi(kpi, settings)
    _no_database(settings)
    data = read(
        settings,
        lambda db: standing(db, definition, municipality, period, k),
        "/api/v1/system/benchmark",
        municipality=municipality,
        kpi=definition.id,
        period=period,
        k=k,
    )
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _print(data)


def _num(v: Any) -> str:
    return "–" if v is None else f"{v:.4g}"


def _print(d: dict[str, Any]) -> None:
    g = d["peer_group"]
    typer.echo(f"{d['kpi']} · {d['municipality']} · {d['period']}: {_num(d['value'])}")
    typer.echo(f"  rang / rank {d['rank']} af {d['rank_of']} (percentil {d['percentile']:.0f})")
    typer.echo(f"  blandt / among peers: {d['peer_rank']} af {d['peer_rank_of']} — {g['why']}")
    typer.echo(
        f"  peers: vægtet / weighted {_num(d['peer_value_weighted'])}, "
        f"uvægtet / unweighted {_num(d['peer_value_unweighted'])}; "
        f"forskel / difference {_num(d['difference'])}, z {_num(d['z'])}"
    )
    if d["trend"]:
        t = d["trend"]
        typer.echo(
            f"  trend {t['first_year']}–{t['last_year']}: {_num(t['slope'])} pr. år "
            f"(95%: {_num(t['lower'])} … {_num(t['upper'])})"
        )
    if d["expected"]:
        e = d["expected"]
        typer.echo(
            f"  forventet / expected {_num(e['expected'])} "
            f"(95%: {_num(e['lower'])} … {_num(e['upper'])}), residual {_num(e['residual'])}"
        )
    if d["model"]:
        typer.echo(f"  model: R² {d['model']['r2']:.2f}, n {d['model']['n']}")
    typer.echo(f"  vurdering / verdict: {d['verdict'] or '–'} ({d['verdict_basis'] or '–'})")


def register(app: typer.Typer) -> None:
    app.command()(peers)
    app.command()(benchmark)

"""`faelled generate`: write synthetic extracts for the 98 municipalities."""

from __future__ import annotations

from pathlib import Path

import typer

from faelled.generate import GenerateOptions, generate, parse_municipalities, parse_years


def generate_command(
    out: Path = typer.Option(..., "--out", help="Mappe / folder to write the extracts to."),
    scale: float = typer.Option(
        0.02, help="Andel af befolkningen / share of the population (0 < S ≤ 1)."
    ),
    seed: int = typer.Option(1, help="Frø / seed: the same arguments give the same bytes."),
    years: str = typer.Option("2015-2024", help="År / years, e.g. 2015-2024."),
    dirty: float = typer.Option(
        0.0, help="Andel rækker med indlagte fejl / share of rows with injected errors."
    ),
    municipalities: str = typer.Option(
        None, help="Kun disse kommuner / only these, e.g. 101,851 (default: all 98)."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="Ingen statuslinje / no progress bar."),
) -> None:
    """Generate what the municipalities' case systems would deliver: one folder per dataset,
    manifest.json (formats, injected errors, planted effects) and expected_kpis.parquet."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    first, last = parse_years(years)
    opts = GenerateOptions(
        out=out,
        scale=scale,
        seed=seed,
        first_year=first,
        last_year=last,
        dirty=dirty,
        municipalities=parse_municipalities(municipalities),
    )
    if quiet:
        manifest = generate(opts)
    else:
        columns = (
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns) as bar:
            task = bar.add_task("Kommuner / municipalities", total=None)

            def step(done: int, total: int, code: str) -> None:
                bar.update(task, completed=done, total=total, description=f"Kommune {code}")

            manifest = generate(opts, progress=step)
    rows = sum(d["rows"] for d in manifest["datasets"].values())
    files = sum(d["files"] for d in manifest["datasets"].values())
    typer.echo(f"{files:,} filer / files, {rows:,} rækker / rows i / in {out}")
    injected = sum(manifest["injection_counts"].values())
    if injected:
        typer.echo(f"{injected:,} indlagte fejl / injected errors (se manifest.json)")


def register(app: typer.Typer) -> None:
    app.command("generate")(generate_command)

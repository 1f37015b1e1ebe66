"""One generation run: options, the loop over municipalities, the manifest and the ground truth.

Streams one municipality at a time (memory is bounded by the largest municipality), each with its
own seeded streams, and writes `DIR/<dataset>/<kommunekode>[_<period>].<ext>`, `manifest.json`
and `expected_kpis.parquet`. No timestamps anywhere: the same arguments give the same bytes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from faelled import __version__
from faelled.catalog.contracts import load_contracts
from faelled.errors import InputError
from faelled.generate import economy, elderly, employment, schools, staff, truth
from faelled.generate.cpr import CAPACITY
from faelled.generate.dirty import KINDS, Injection, inject
from faelled.generate.formats import encode, write_file
from faelled.generate.model import World, build_world, rng_for
from faelled.generate.population import block_size, build_panel, day, population_table
from faelled.reference import reference, resolve

Progress = Callable[[int, int, str], None]
YEARS = (2008, 2030)  # the population estimate's range
ROW_NUMBERS = (
    "spreadsheet rows: the header is row 1 and the first data row is row 2 (the CSV line number; "
    "for Parquet the record's index + 2, as if it had a header)"
)
# Stream ids per dataset for rng_for(seed, municipality, stream).
_STREAM = {"panel": 1, "employment": 2, "spell_rows": 3, "schools": 4, "elderly": 5, "staff": 6}
_STREAM.update({"economy": 7, "socioeconomic": 8})


@dataclass(frozen=True)
class GenerateOptions:
    out: Path
    scale: float = 0.02
    seed: int = 1
    first_year: int = 2015
    last_year: int = 2024
    dirty: float = 0.0
    municipalities: tuple[str, ...] | None = None  # None: all 98
    workers: int | None = None  # processes; None: up to 2 (the output does not depend on it)

    def arguments(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "seed": self.seed,
            "years": f"{self.first_year}-{self.last_year}",
            "dirty": self.dirty,
            "municipalities": list(self.municipalities) if self.municipalities else "all",
        }


def parse_years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", text) or re.fullmatch(
        r"\s*(\d{4})\s*", text
    )
    if not m:
        raise InputError(
            f"Ugyldige år / invalid years: {text!r}.", hint="Skriv fx --years 2015-2024."
        )
    first, last = int(m.group(1)), int(m.group(m.lastindex or 1))
    if first > last:
        raise InputError(
            f"Årene står i forkert rækkefølge / the years are reversed: {text!r}.",
            hint=f"Skriv det første år først, fx --years {last}-{first}.",
        )
    if first < YEARS[0] or last > YEARS[1]:
        raise InputError(
            f"Årene skal ligge i {YEARS[0]}–{YEARS[1]} / years must lie in that range: {text!r}.",
            hint="Befolkningsestimatet dækker kun de år.",
        )
    return first, last


def parse_municipalities(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    return tuple(sorted({resolve(part) for part in text.split(",") if part.strip()}, key=int))


def _validate(opts: GenerateOptions) -> None:
    if not 0 < opts.scale <= 1:
        raise InputError(
            f"--scale skal være over 0 og højst 1 / must be in (0, 1]: {opts.scale}.",
            hint="1 er hele Danmarks befolkning; demoen bruger 0.02.",
        )
    if not 0 <= opts.dirty <= 0.5:
        raise InputError(
            f"--dirty skal ligge mellem 0 og 0.5 / must lie in [0, 0.5]: {opts.dirty}.",
            hint="Fx --dirty 0.01 giver fejl i ca. 1% af rækkerne.",
        )
    parse_years(f"{opts.first_year}-{opts.last_year}")
    if opts.seed < 0:
        raise InputError(f"--seed skal være 0 eller større / must be ≥ 0: {opts.seed}.")


# Written into the folder before the first extract and removed with the manifest written: a run
# that was stopped half-way (Ctrl+C, a closed laptop) leaves it, so the next run knows the
# half-written folder is its own and replaces it instead of refusing a non-empty folder.
IN_PROGRESS = ".faelled-generating"


def _prepare_out(out: Path) -> None:
    """An empty or missing folder, or one this generator wrote before — finished or stopped
    half-way (its output is replaced)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".faelled-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(
            f"Kan ikke skrive i / cannot write to {out}: {exc.strerror or exc}.",
            hint="Vælg en mappe, du har skriveadgang til, med --out.",
        ) from None
    entries = list(out.iterdir())
    if entries and not (out / "manifest.json").exists() and not (out / IN_PROGRESS).exists():
        raise InputError(
            f"Mappen er ikke tom / the folder is not empty: {out}.",
            hint="Vælg en tom mappe; en mappe fra en tidligere kørsel bliver genbrugt.",
        )
    ours = set(load_contracts()) | {"manifest.json", "expected_kpis.parquet", IN_PROGRESS}
    for entry in entries:
        if entry.name in ours:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    (out / IN_PROGRESS).write_bytes(b"")


def _offsets(opts: GenerateOptions) -> tuple[dict[str, int], dict[str, int]]:
    """CPR blocks for every municipality's residents and employees, over all 98 (so a subset run
    gives the same numbers as a full one)."""
    resident, employee = {}, {}
    pos = 0
    for m in reference().municipalities:
        resident[m.code] = pos
        pos += block_size(m.code, opts.first_year, opts.last_year, opts.scale)
    for m in reference().municipalities:
        employee[m.code] = pos
        size = block_size(m.code, opts.first_year, opts.last_year, opts.scale)
        pos += staff.block_size(size, opts.last_year - opts.first_year + 1)
    if pos > CAPACITY:
        raise InputError(f"--scale {opts.scale} er for stor / too large for the CPR scheme.")
    return resident, employee


def _split(df: pd.DataFrame, column: str) -> list[tuple[str, pd.DataFrame]]:
    return [(str(k), g.reset_index(drop=True)) for k, g in df.groupby(column, sort=True)]


def _municipality(
    code: str, opts: GenerateOptions, world: World, offsets: tuple[dict[str, int], dict[str, int]]
) -> tuple[dict[str, list[tuple[str | None, pd.DataFrame]]], list[dict[str, object]]]:
    seed, c = opts.seed, int(code)
    first, last = opts.first_year, opts.last_year
    panel = build_panel(
        code, first, last, opts.scale, rng_for(seed, c, _STREAM["panel"]), offsets[0][code]
    )
    if len(panel) > block_size(code, first, last, opts.scale):
        raise InputError(f"Intern fejl: CPR-blokken for {code} er for lille / block too small.")
    pop = population_table(panel, first, last)
    residents = {y: int(panel.resident_on(day(y)).sum()) for y in range(first, last + 2)}
    shares: dict[int, dict[str, float]] = {}
    for y in range(first, last + 1):
        age = panel.age_on(y)[panel.resident_on(day(y))]
        shares[y] = {
            "child": float(np.mean(age <= 5)),
            "school": float(np.mean((age >= 6) & (age <= 16))),
            "youth": float(np.mean((age >= 16) & (age <= 24))),
            "adult": float(np.mean((age >= 18) & (age <= 64))),
            "old": float(np.mean(age >= 65)),
        }
    spells = employment.simulate(panel, world, rng_for(seed, c, _STREAM["employment"]))
    bs = employment.benefit_spells(panel, world, spells, rng_for(seed, c, _STREAM["spell_rows"]))
    pe = employment.persons(panel, world, spells)
    sch = schools.simulate(panel, world, rng_for(seed, c, _STREAM["schools"]))
    eld = elderly.simulate(panel, world, rng_for(seed, c, _STREAM["elderly"]))
    emp = staff.simulate(
        code, residents, world, rng_for(seed, c, _STREAM["staff"]), offsets[1][code]
    )
    acc = economy.simulate(code, world, shares, residents, rng_for(seed, c, _STREAM["economy"]))
    group = reference().municipality(code).kommunegruppe_code
    soc = economy.socioeconomic(code, world, group, rng_for(seed, c, _STREAM["socioeconomic"]))
    deliveries: dict[str, list[tuple[str | None, pd.DataFrame]]] = {
        "persons": list(_split(pe, "year")),
        "benefit_spells": list(_split(bs, "year")),
        **{k: list(v) for k, v in sch.items()},
        **{k: list(v) for k, v in eld.items()},
        "employees": list(emp),
        "accounts": [(None, acc)],
        "population": [(None, pop)],
        "socioeconomic": [(None, soc)],
    }
    contracts = load_contracts()
    frames = {
        k: pd.concat([df for _, df in v], ignore_index=True)
        if v
        else pd.DataFrame({c.name: pd.Series(dtype=object) for c in contracts[k].columns})
        for k, v in deliveries.items()
    }
    return deliveries, truth.compute(code, frames, first, last)


_Result = tuple[str, list[dict[str, Any]], list[Injection], list[dict[str, object]]]


def _process(
    code: str, opts: GenerateOptions, world: World, offsets: tuple[dict[str, int], dict[str, int]]
) -> _Result:
    """Generate, dirty and write one municipality's deliveries (runs in a worker process)."""
    deliveries, rows = _municipality(code, opts, world, offsets)
    contracts = load_contracts()
    names = sorted(contracts)
    fmt = world.formats[code]
    files: list[dict[str, Any]] = []
    injections: list[Injection] = []
    for dataset in names:
        if dataset not in deliveries:
            continue
        contract = contracts[dataset]
        ffmt = fmt.for_dataset(dataset)
        for j, (period, df) in enumerate(deliveries[dataset]):
            if df.empty:  # nothing to deliver (a tiny municipality at a tiny scale): no file
                continue
            stem = code if period is None else f"{code}_{period.replace('/', '-')}"
            rel = f"{dataset}/{stem}.{ffmt.extension}"
            rng = rng_for(opts.seed, int(code), 100 + names.index(dataset), j)
            out_df, found = inject(df, contract, rel, opts.dirty, rng)
            injections.extend(found)
            sha = write_file(opts.out / rel, encode(out_df, contract, ffmt))
            files.append(
                {
                    "path": rel,
                    "dataset": dataset,
                    "municipality": code,
                    "period": period,
                    "format": ffmt.name if ffmt.kind == "csv" else ffmt.kind,
                    "rows": len(out_df),
                    "sha256": sha,
                }
            )
    return code, files, injections, rows


def generate(opts: GenerateOptions, progress: Progress | None = None) -> dict[str, Any]:
    """Write the extracts, the manifest and the ground truth; return the manifest."""
    _validate(opts)
    _prepare_out(opts.out)
    world = build_world(opts.seed, opts.first_year, opts.last_year)
    offsets = _offsets(opts)
    codes = opts.municipalities or tuple(m.code for m in reference().municipalities)
    files: list[dict[str, Any]] = []
    injections: list[Injection] = []
    truth_rows: list[dict[str, object]] = []
    stats: dict[str, dict[str, int]] = defaultdict(lambda: {"files": 0, "rows": 0})
    workers = opts.workers or min(2, os.cpu_count() or 1)
    if workers <= 1 or len(codes) <= 4:
        results: Iterator[_Result] = (_process(code, opts, world, offsets) for code in codes)
        pool = None
    else:
        # Municipalities are independent; spawn (not fork) so no thread state is copied.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        results = pool.map(_process, codes, repeat(opts), repeat(world), repeat(offsets))
    try:
        for i, (code, f, found, rows) in enumerate(results):  # in code order: deterministic
            files.extend(f)
            injections.extend(found)
            truth_rows.extend(rows)
            for entry in f:
                stats[entry["dataset"]]["files"] += 1
                stats[entry["dataset"]]["rows"] += entry["rows"]
            if progress:
                progress(i + 1, len(codes), code)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _write_truth(opts.out / "expected_kpis.parquet", truth_rows)
    counts = {k: 0 for k in KINDS}
    for inj in injections:
        counts[inj.kind] += inj.count
    manifest = {
        "generator": f"faelled {__version__}",
        "arguments": opts.arguments(),
        "row_numbers": ROW_NUMBERS,
        "synthetic": "All data are synthetic. CPR numbers decode to births in 2040–2057.",
        "datasets": {k: stats[k] for k in sorted(stats)},
        "formats": {c: world.formats[c].describe() for c in codes},
        "latent_condition": {c: world.condition[c] for c in codes},
        "planted_effects": [
            {**p.as_dict(), "generated": p.municipality in codes} for p in world.planted
        ],
        "injection_counts": counts if opts.dirty > 0 else {},
        "injections": [inj.as_dict() for inj in injections],
        "files": files,
    }
    (opts.out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (opts.out / IN_PROGRESS).unlink(missing_ok=True)
    return manifest


def _write_truth(path: Path, rows: list[dict[str, object]]) -> None:
    df = pd.DataFrame(
        rows, columns=["kpi", "municipality", "period", "value", "numerator", "denominator"]
    )
    df = df.sort_values(
        ["kpi", "municipality", "period"], key=lambda s: s.astype(str), kind="stable"
    )
    table = pa.Table.from_pandas(df, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd")

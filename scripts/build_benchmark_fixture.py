"""Build the benchmarking tests' fixture from one run of the synthetic generator.

    python scripts/build_benchmark_fixture.py [--scale 0.02] [--seed 1] [--from DIR]

Generating all 98 municipalities takes minutes, too slow for every test run, so the tests read
what this script keeps of a run (tests/data/benchmark/):

* kpis.parquet        the generator's ground truth (`expected_kpis.parquet`) as KPI values;
* socioeconomic.parquet, population.parquet
                      its socioeconomic and population files, read as each municipality's
                      systems wrote them (delimiter, decimal comma, encoding, alias headers and
                      municipality names, per the manifest); population summed over sex, which
                      the indicators do not use;
* manifest.json       the generator's arguments and planted effects.

tests/test_benchmark_fixture.py checks the fixture still matches the generator's model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import pandas as pd

from faelled.benchmark.data import covariates_from_tables, kpi_frame
from faelled.catalog.contracts import load_contracts
from faelled.generate import GenerateOptions, generate
from faelled.reference import resolve

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "benchmark"


def read_extract(root: Path, dataset: str, manifest: dict[str, object]) -> pd.DataFrame:
    """One dataset's CSV files, each read in its municipality's format, with contract names."""
    contract = load_contracts()[dataset]
    names = [c.name for c in contract.columns]
    formats: dict[str, dict[str, str]] = manifest["formats"]  # type: ignore[assignment]
    frames = []
    for path in sorted((root / dataset).glob("*.csv")):
        fmt = formats[path.stem.split("_")[0]]
        df = pd.read_csv(
            path,
            sep=fmt["delimiter"],
            decimal=fmt["decimal"],
            encoding=fmt["encoding"],
            dtype={0: str},
        )
        df.columns = names  # alias headers ("kommune", "aar", …) by position: contract order
        df["municipality"] = df["municipality"].map(resolve)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def build(root: Path, out: Path) -> None:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    socio = read_extract(root, "socioeconomic", manifest)
    pop = read_extract(root, "population", manifest)
    pop = pop.groupby(["municipality", "year", "age"], as_index=False)["count"].sum()
    covariates = covariates_from_tables(socio, pop)
    out.mkdir(parents=True, exist_ok=True)
    kpis = kpi_frame(pd.read_parquet(root / "expected_kpis.parquet"))
    kpis.to_parquet(out / "kpis.parquet", index=False, compression="zstd")
    socio.to_parquet(out / "socioeconomic.parquet", index=False, compression="zstd")
    pop.to_parquet(out / "population.parquet", index=False, compression="zstd")
    kept = {k: manifest[k] for k in ("generator", "arguments", "planted_effects")}
    (out / "manifest.json").write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(kpis)} KPI values, {len(covariates)} covariate rows → {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--from", dest="source", type=Path, help="an existing generator run")
    args = parser.parse_args()
    if args.source:
        build(args.source, OUT)
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(GenerateOptions(out=Path(tmp), scale=args.scale, seed=args.seed))
        build(Path(tmp), OUT)


if __name__ == "__main__":
    main()

"""The library entry points the CLI, the demo and (later) the web's background jobs call: load or
validate files and folders of deliveries against a dataset's contract."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from faelled.catalog.contracts import Contract, get_contract, load_contract_file, load_contracts
from faelled.engine import migrate, open_database
from faelled.errors import FaelledError, InputError
from faelled.ingest.files import expand
from faelled.ingest.pipeline import LoadResult, ingest_file
from faelled.settings import Settings
from faelled.validate.findings import Msg

OnFile = Callable[[Path, int, int], None]  # (file, index, total) before each file
OnStep = Callable[[str], None]


def resolve_contract(
    settings: Settings, dataset: str | None, contract_file: Path | None
) -> Contract:
    if contract_file is not None:
        contract = load_contract_file(contract_file)
        if dataset and dataset != contract.name:
            raise InputError(
                f"--dataset {dataset} passer ikke til kontrakten {contract_file} ({contract.name})"
                f" / does not match the contract file.",
                hint=f"Udelad --dataset, eller brug --dataset {contract.name}.",
            )
        return contract
    if not dataset:
        raise InputError(
            "Angiv --dataset NAVN / give --dataset NAME.", hint="Se 'faelled datasets'."
        )
    return get_contract(dataset, settings)


def _failed(path: Path, contract: Contract, exc: FaelledError) -> LoadResult:
    return LoadResult(
        path.name, contract.name, "failed", Msg(exc.message, exc.message), hint=exc.hint
    )


def _files(paths: Iterable[Path]) -> list[Path]:
    files = expand(paths)
    if not files:
        raise InputError(
            "Ingen filer at indlæse / no files to load.",
            hint="Angiv filer eller en mappe med .csv, .xlsx, .parquet eller .json.",
        )
    return files


def ingest(
    settings: Settings,
    paths: Iterable[Path],
    contract: Contract,
    *,
    municipality: str | None = None,
    user_map: Mapping[str, str] | None = None,
    force: bool = False,
    actor: str | None = None,
    one_load: bool = False,
    on_file: OnFile | None = None,
    on_step: OnStep | None = None,
) -> list[LoadResult]:
    """Load every file (folders expanded), each in its own transaction. A file that cannot be
    used gives a `failed` result with its message; the others still load. With `one_load`, all
    files are staged, validated and stored together as one load (see faelled.ingest.batch)."""
    files = _files(paths)
    others = load_contracts(settings)
    results: list[LoadResult] = []
    with open_database(settings) as db:
        migrate(db)
        if one_load:
            from faelled.ingest.batch import ingest_batch

            names = sorted({p.name for p in paths})
            label = f"{', '.join(names)} ({len(files)} filer/files)"
            if on_file:
                on_file(Path(label), 0, 1)
            return ingest_batch(
                db,
                files,
                contract,
                settings=settings,
                label=label,
                user_map=user_map,
                others=others,
                force=force,
                actor=actor,
                step=on_step,
            )
        for i, path in enumerate(files):
            if on_file:
                on_file(path, i, len(files))
            try:
                results.append(
                    ingest_file(
                        db,
                        path,
                        contract,
                        settings=settings,
                        municipality=municipality,
                        user_map=user_map,
                        others=others,
                        force=force,
                        actor=actor,
                        step=on_step,
                    )
                )
            except FaelledError as exc:
                results.append(_failed(path, contract, exc))
    return results


def validate_files(
    settings: Settings,
    paths: Iterable[Path],
    contract: Contract,
    *,
    municipality: str | None = None,
    user_map: Mapping[str, str] | None = None,
    on_file: OnFile | None = None,
) -> list[LoadResult]:
    """A dry run: read and validate, store nothing, not even a database file."""
    files = _files(paths)
    others = load_contracts(settings)
    results: list[LoadResult] = []
    for i, path in enumerate(files):
        if on_file:
            on_file(path, i, len(files))
        try:
            results.append(
                ingest_file(
                    None,
                    path,
                    contract,
                    settings=settings,
                    municipality=municipality,
                    user_map=user_map,
                    others=others,
                    dry_run=True,
                )
            )
        except FaelledError as exc:
            results.append(_failed(path, contract, exc))
    return results

from __future__ import annotations

from pathlib import Path

import pytest

from faelled.catalog.contracts import (
    ColumnType,
    PersonalData,
    get_contract,
    load_contract_file,
    load_contracts,
)
from faelled.errors import InputError, NotFound
from faelled.settings import Settings


def test_shipped_contracts_load_and_declare_identifiers() -> None:
    contracts = load_contracts()
    spells = contracts["benefit_spells"]
    assert spells.domain == "employment"
    pid = spells.column("person_id")
    assert pid.personal_data is PersonalData.direct_identifier and pid.pseudonymise == "cpr"
    assert spells.column("municipality").type is ColumnType.municipality
    assert spells.partition.columns == ["municipality", "year"]


def test_unknown_dataset_names_candidates() -> None:
    with pytest.raises(NotFound) as info:
        get_contract("benefit_spell")
    assert info.value.hint and "benefit_spells" in info.value.hint


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "x", "name: x\ncolumns: [\n  - a: b\n")
    with pytest.raises(InputError) as info:
        load_contract_file(path)
    assert str(path) in info.value.message and "linje" in info.value.message


def test_a_rule_on_an_unknown_column_is_refused(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "faelled/content/contracts/benefit_spells.yaml").read_text(
        encoding="utf-8"
    )
    path = _write(tmp_path, "benefit_spells", text.replace("right: start_date", "right: begin"))
    with pytest.raises(InputError) as info:
        load_contract_file(path)
    assert "begin" in info.value.message and str(path) in info.value.message


def test_typo_in_a_key_is_refused_not_ignored(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "faelled/content/contracts/benefit_spells.yaml").read_text(
        encoding="utf-8"
    )
    path = _write(tmp_path, "benefit_spells", text.replace("retention_years:", "retension_years:"))
    with pytest.raises(InputError) as info:
        load_contract_file(path)
    assert "retension_years" in info.value.message


def test_user_contracts_come_from_the_content_dir(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    text = (Path(__file__).parents[1] / "faelled/content/contracts/benefit_spells.yaml").read_text(
        encoding="utf-8"
    )
    _write(
        tmp_path / "contracts", "my_spells", text.replace("name: benefit_spells", "name: my_spells")
    )
    contracts = load_contracts(Settings(home=tmp_path / "h", content_dir=tmp_path))
    assert "my_spells" in contracts and "benefit_spells" in contracts
    _write(tmp_path / "contracts", "benefit_spells", text)
    with pytest.raises(InputError, match="findes allerede"):
        load_contracts(Settings(home=tmp_path / "h", content_dir=tmp_path))

"""The shipped item banks fit their kinds; a municipality adds its own beside them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from faelled.errors import InputError
from faelled.settings import Settings
from faelled.survey.instruments import CHANGE_TYPES, catalog, shipped_dir
from faelled.survey.model import read_initiative_file
from faelled.survey.respond import open_form
from faelled.survey.store import create_initiative, issue_tokens, open_round

from .survey_support import TODAY, database, write_initiative


def test_the_shipped_instruments() -> None:
    cat = catalog()
    assert cat.ids() == ["changetype", "knoster", "maturity", "mindset", "needs"]
    knoster = cat.latest("knoster")
    assert [s.id for s in knoster.scales] == [
        "vision",
        "consensus",
        "skills",
        "incentives",
        "resources",
        "actionplan",
    ]
    assert all(len(s.items) == 3 for s in knoster.scales)
    assert len(knoster.labels) == 5 and knoster.dont_know is not None
    assert [s.signals for s in knoster.symptoms] == [s.id for s in knoster.scales]
    assert knoster.outcome is not None and knoster.outcome.da == "Forandring"
    needs = cat.latest("needs")
    assert [s.title.da for s in needs.scales] == [
        "Tryghed",
        "Inklusion",
        "Status",
        "Kontrol",
        "Kompetencer",
        "Retfærdighed",
    ]
    assert all(len(s.items) == 2 for s in needs.scales)
    mindset = cat.latest("mindset")
    assert len(mindset.scales) == 4 and all(len(s.items) == 3 for s in mindset.scales)
    assert [a.id for a in mindset.aspects] == ["today", "desired"]
    assert len(mindset.slots()) == 4 * 3 * 2
    maturity = cat.latest("maturity")
    cells = {(s.id, i.theme) for s in maturity.scales for i in s.items}
    assert len(cells) == len(maturity.scales) * len(maturity.themes)  # a full topic × theme grid
    assert all(len(i.levels or []) == 5 for s in maturity.scales for i in s.items)
    change = cat.latest("changetype")
    for item in change.scales[0].items:
        assert [o.type for o in item.options or []] == list(CHANGE_TYPES)


def test_every_text_is_in_danish_and_english() -> None:
    def texts(node: object) -> list[dict[str, str]]:
        if isinstance(node, dict):
            found = [node] if set(node) == {"da", "en"} else []
            return found + [t for v in node.values() for t in texts(v)]
        if isinstance(node, list):
            return [t for v in node for t in texts(v)]
        return []

    for path in shipped_dir().glob("*.yaml"):
        pairs = texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert pairs, path
        for pair in pairs:
            assert pair["da"].strip() and pair["en"].strip(), (path.name, pair)


def _own(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    folder = tmp_path / "content" / "instruments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "content"


def test_a_municipality_adds_its_own_version(tmp_path: Path) -> None:
    shipped = (shipped_dir() / "needs.yaml").read_text(encoding="utf-8")
    v2 = shipped.replace("version: 1", "version: 2").replace(
        "Jeg føler mig tryg ved, hvad forandringen betyder for mit job.",
        "Jeg er tryg ved, hvad forandringen betyder for mig.",
    )
    content = _own(tmp_path, v2)
    cat = catalog(content)
    assert cat.versions("needs") == [1, 2]
    settings = Settings(home=tmp_path / "home", content_dir=content)
    with database(settings) as db:
        ini = read_initiative_file(write_initiative(tmp_path))
        create_initiative(db, ini, cat, TODAY)
        rnd = open_round(db, ini, cat, closes=TODAY + timedelta(days=3), today=TODAY)
        assert dict(rnd.instruments) == {"knoster": 1, "needs": 2}  # the newest of each
        [token] = issue_tokens(db, rnd, 1, None)
        form = open_form(db, cat, token, TODAY)
    needs = next(i for i in form.instruments if i.id == "needs")
    assert needs.version == 2
    first = needs.scale("safety").items[0].text
    assert first is not None and first.da == "Jeg er tryg ved, hvad forandringen betyder for mig."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('effect: {da: "Forvirring"', 'nothing: {da: "Forvirring"'), "scales.0.nothing: Extra"),
        (('    effect: {da: "Stampe", en: "Treadmill"}\n', ""), "every knoster element"),
        (("id: vision1", "id: Vision-1"), "scales.0.items.0.id"),
        (("kind: knoster", "kind: quiz"), "kind"),
        (("signals: vision", "signals: nowhere"), "every symptom must signal one of the elements"),
    ],
)
def test_a_broken_instrument_is_refused_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = (shipped_dir() / "knoster.yaml").read_text(encoding="utf-8")
    content = _own(tmp_path, text.replace("id: knoster", "id: myknoster").replace(*change))
    with pytest.raises(InputError) as info:
        catalog(content)
    assert "mine.yaml" in info.value.message and expected in info.value.message


def test_the_same_id_and_version_twice_is_refused(tmp_path: Path) -> None:
    content = _own(tmp_path, (shipped_dir() / "needs.yaml").read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="needs@1"):
        catalog(content)

"""Pieces every kind of definition shares: bilingual text, YAML loading with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from faelled.errors import InputError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Definitions reject unknown keys: a typo in a contract must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Danish (first) and English."""

    da: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: filen er ikke UTF-8 / the file is not UTF-8.",
            hint="Gem filen som UTF-8 og prøv igen.",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        raise InputError(
            f"{path}{where}: ugyldig YAML / invalid YAML ({getattr(exc, 'problem', exc)}).",
            hint="Ret filen (tjek indrykning og kolon) og prøv igen.",
        ) from None


def parse_model(model: type[M], data: Any, source: str) -> M:
    """Validate `data` as `model`; errors name the file and the field, in plain words."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err["loc"]) or "(top)"
            problems.append(f"  {where}: {err['msg']}")
        more = f"\n  … og {exc.error_count() - 5} mere" if exc.error_count() > 5 else ""
        raise InputError(
            f"{source}: definitionen er ugyldig / the definition is invalid:\n"
            + "\n".join(problems)
            + more,
            hint="Ret felterne ovenfor; se docs/ for de tilladte værdier.",
        ) from None

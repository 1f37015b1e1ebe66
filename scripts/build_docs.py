"""Regenerate the docs that come from code: docs/data-model/*.md (from the contracts) and
docs/kpi-ground-truth.md (from faelled/generate/truth_kpis.py). A test checks they are up to
date."""

from __future__ import annotations

from pathlib import Path

from faelled.catalog.datamodel import write_pages
from faelled.generate.truth_kpis import markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"

if __name__ == "__main__":
    for path in write_pages(DOCS / "data-model"):
        print(path)
    (DOCS / "kpi-ground-truth.md").write_text(markdown(), encoding="utf-8")
    print(DOCS / "kpi-ground-truth.md")

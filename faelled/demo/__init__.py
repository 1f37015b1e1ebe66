"""The demo commons: everything `faelled demo` builds before it serves.

Each step is idempotent and builds on what already exists in FAELLED_HOME, so the demo always
works, whatever later parts of Fælled have added."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from faelled.engine import migrate, open_database
from faelled.settings import Settings

Progress = Callable[[str], None]


@dataclass
class DemoSummary:
    steps: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)


def build_demo(
    settings: Settings, *, scale: float = 0.02, progress: Progress = print
) -> DemoSummary:
    summary = DemoSummary()
    with open_database(settings) as db:
        applied = migrate(db)
        summary.steps.append(f"schema: {len(applied)} migration(s) applied")
        progress(summary.steps[-1])
        summary.tables = db.row_counts()
    return summary

"""The engine layer: one database per installation, reached through Ibis."""

from faelled.engine.database import Database, open_database
from faelled.engine.migrations import migrate, schema_version

__all__ = ["Database", "migrate", "open_database", "schema_version"]

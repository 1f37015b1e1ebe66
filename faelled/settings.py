"""Settings: one typed object, read from FAELLED_* environment variables, then a TOML file
(FAELLED_CONFIG, default ./faelled.toml), then defaults. Secrets never print."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DUCKDB_FILE = "faelled.duckdb"  # the default database, in FAELLED_HOME


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FAELLED_", extra="ignore")

    home: Path = Field(
        default=Path("faelled-data"), description="Where all of Fælled's state lives."
    )
    database_url: SecretStr | None = Field(
        default=None,
        description="duckdb:///path or postgresql://…; default: a DuckDB file in home.",
    )
    content_dir: Path | None = Field(
        default=None, description="Your own contracts, KPIs and instruments (YAML), beside ours."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    language: str = Field(default="da", pattern="^(da|en)$")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        import os

        toml = Path(os.environ.get("FAELLED_CONFIG", "faelled.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml))

    @property
    def database(self) -> str:
        """The database URL, with secrets (use `database_display` to show it)."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"duckdb:///{(self.home / DUCKDB_FILE).resolve()}"

    @property
    def database_display(self) -> str:
        return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", self.database)

    @property
    def has_database(self) -> bool:
        """False only when the default DuckDB file has not been created yet (reading commands
        then report an empty installation instead of creating one)."""
        return self.database_url is not None or (self.home / DUCKDB_FILE).exists()

    @property
    def is_duckdb(self) -> bool:
        return self.database.startswith("duckdb://")


@cache
def get_settings() -> Settings:
    """The process's settings, read once (tests build their own `Settings`)."""
    return Settings()

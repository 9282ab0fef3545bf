"""Settings: a TOML file validated by pydantic, overridable from the environment.

Environment variables win over the file (``ISHC_TELEGRAM__TOKEN=…``), so a
token need not be written to disk. The token is a ``SecretStr``: it never
appears in logs or reprs.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

_config_file: ContextVar[Path | None] = ContextVar("_config_file", default=None)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(_Section):
    path: Path = Field(Path("ishc.db"), description="SQLite file; created with its schema.")


class TelegramSettings(_Section):
    token: SecretStr = Field(SecretStr(""), description="Bot token from @BotFather.")
    base_url: str = Field(
        "https://api.telegram.org/bot",
        description="Bot API base URL; point it at a self-hosted Bot API server if you run one.",
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ISHC_", env_nested_delimiter="__", extra="forbid")

    database: DatabaseSettings = DatabaseSettings()
    telegram: TelegramSettings = TelegramSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _config_file.get()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


def load_settings(path: str | Path | None) -> Settings:
    """Settings from ``path`` (TOML) and the environment.

    A relative database path is taken relative to the config file, so the
    bot finds the same database whatever directory it is started from.
    """
    config = Path(path) if path is not None else None
    if config is not None and not config.is_file():
        raise FileNotFoundError(config)
    token = _config_file.set(config)
    try:
        settings = Settings()
    finally:
        _config_file.reset(token)
    if config is not None and not settings.database.path.is_absolute():
        settings.database.path = config.parent / settings.database.path
    return settings

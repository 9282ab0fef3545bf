"""Settings: a TOML file validated by pydantic, overridable from the environment.

Environment variables win over the file (``ISHC_TELEGRAM__TOKEN=…``), so a
token need not be written to disk. The token is a ``SecretStr``: it never
appears in logs or reprs.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from club.calendar import parse_time
from club.reminders import ReminderRules, parse_duration, parse_quiet_hours

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


class RemindersSettings(_Section):
    """When reminders go out; durations are "2d", "2h", "30m" (Asia/Ho_Chi_Minh time)."""

    meeting_before: list[str] = Field(["2d", "2h"], description="Before each club meeting.")
    checkup_before: list[str] = Field(["3d", "1d"], description="Before each health check-up.")
    installment_before: list[str] = Field(["3d"], description="Before a loan installment's day.")
    report_before: list[str] = Field(["7d", "1d"], description="Before a report deadline.")
    rollcall_after: list[str] = Field(
        ["3h"], description="After a meeting began, if its roll-call is still missing (board).")
    six_month_report_due: str = Field("15/06", description="Day/month the 6-month report is due.")
    annual_report_due: str = Field("15/12", description="Day/month the annual report is due.")
    quiet_hours: str = Field("21:00-06:00", description='No reminders then; "" for none.')
    day_events_at: str = Field("08:00", description="The hour a date-only event counts from.")
    plan_every: str = Field("1m", description="How often the planner reads the books.")
    plan_ahead: str = Field("10m", description="How far ahead reminders are written to the outbox.")

    @field_validator("meeting_before", "checkup_before", "installment_before", "report_before",
                     "rollcall_after")
    @classmethod
    def _durations(cls, values: list[str]) -> list[str]:
        for value in values:
            parse_duration(value)
        return values

    @field_validator("plan_every", "plan_ahead")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("six_month_report_due", "annual_report_due")
    @classmethod
    def _day_month(cls, value: str) -> str:
        _day_month(value)
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        parse_quiet_hours(value)
        return value

    @field_validator("day_events_at")
    @classmethod
    def _time(cls, value: str) -> str:
        parse_time(value)
        return value

    def rules(self) -> ReminderRules:
        def offsets(values: list[str]) -> tuple[timedelta, ...]:
            return tuple(parse_duration(v) for v in values)

        return ReminderRules(
            meeting_before=offsets(self.meeting_before),
            checkup_before=offsets(self.checkup_before),
            installment_before=offsets(self.installment_before),
            report_before=offsets(self.report_before),
            rollcall_after=offsets(self.rollcall_after),
            six_month_report_due=_day_month(self.six_month_report_due),
            annual_report_due=_day_month(self.annual_report_due),
            quiet=parse_quiet_hours(self.quiet_hours),
            day_events_at=parse_time(self.day_events_at))

    @property
    def every(self) -> timedelta:
        return parse_duration(self.plan_every)

    @property
    def ahead(self) -> timedelta:
        return parse_duration(self.plan_ahead)


def _day_month(text: str) -> tuple[int, int]:
    """"15/06" → (15, 6); any year must have that day (no 29/02)."""
    day, _, month = text.strip().partition("/")
    if not (day.isdigit() and month.isdigit()):
        raise ValueError(f"expected day/month such as 15/06: {text!r}")
    date(2025, int(month), int(day))  # raises for 31/04 and the like
    return int(day), int(month)


class OutboxSettings(_Section):
    """How fast the bot sends what it says on its own (Telegram allows ≈30/s, 1/s per chat)."""

    rate: float = Field(25.0, gt=0, description="Messages per second, overall.")
    per_chat_interval: float = Field(1.0, ge=0, description="Seconds between two to one chat.")
    max_in_flight: int = Field(8, ge=1, description="Requests awaiting their answer at once.")
    poll_interval: float = Field(5.0, gt=0, description="Seconds between looks when idle.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ISHC_", env_nested_delimiter="__", extra="forbid")

    database: DatabaseSettings = DatabaseSettings()
    telegram: TelegramSettings = TelegramSettings()
    reminders: RemindersSettings = RemindersSettings()
    outbox: OutboxSettings = OutboxSettings()

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

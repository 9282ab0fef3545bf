"""Settings: a TOML file validated by pydantic, overridable from the environment.

Environment variables win over the file (``ISHC_TELEGRAM__TOKEN=…``), so a
token need not be written to disk. The token is a ``SecretStr``: it never
appears in logs or reprs.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from club import texts
from club.calendar import parse_time
from club.reminders import ReminderRules, format_duration, parse_duration, parse_quiet_hours
from storage.retention import MINIMUM as RETENTION_FLOORS
from storage.retention import Retention

# The [retention] keys: every period storage/retention.py knows.
RETENTION_KEYS = tuple(Retention.__dataclass_fields__)

_config_file: ContextVar[Path | None] = ContextVar("_config_file", default=None)


# The error type of a validator whose message is already the operator's
# Vietnamese sentence, naming its key: bot/errors.py prints it as it is.
SAID = "operator_said"


def operator_said(sentence: str) -> PydanticCustomError:
    """A validation error that :func:`bot.errors.load_config` repeats word for word."""
    return PydanticCustomError(SAID, "{sentence}", {"sentence": sentence})


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
    mode: Literal["polling", "webhook"] = Field(
        "polling", description='"polling" (getUpdates) or "webhook" (served by the web server).')
    webhook_secret: SecretStr = Field(
        SecretStr(""),
        description="Checked against X-Telegram-Bot-Api-Secret-Token on every webhook call.")
    rate: float = Field(
        28.0, gt=0,
        description="Messages a second, answers and the outbox together (Telegram allows ≈30).")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_chars(cls, value: SecretStr) -> SecretStr:
        # What Telegram accepts as setWebhook's secret_token.
        secret = value.get_secret_value()
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("webhook_secret: 1-256 characters A-Z, a-z, 0-9, _ and - only")
        return value


class WebSettings(_Section):
    """The one HTTP server: the web chat page and the channels' webhooks."""

    enabled: bool = Field(False, description="Serve the web chat page.")
    host: str = Field("127.0.0.1", description="Address to listen on.")
    port: int = Field(8080, ge=0, le=65535, description="Port to listen on.")
    public_url: str = Field(
        "", description="https://… where people and the channels reach this server.")
    behind_proxy: bool = Field(
        False, description="A reverse proxy on this machine adds X-Forwarded-For.")
    allowed_hosts: list[str] = Field(
        [], description="Other names browsers reach the server by (Host header), besides "
                        "public_url's, host and localhost.")
    signin_failures_per_hour: int = Field(
        10, ge=1, description="Wrong sign-in codes from one address (IPv6: one /64) an hour.")
    signin_failures_per_minute: int = Field(
        60, ge=1, description="Wrong sign-in codes a minute from everywhere; beyond, a pause.")
    signin_pause: str = Field(
        "5m", description="How long every sign-in waits once that ceiling is reached.")

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.fullmatch(r"[A-Za-z0-9.:\-\[\]]{1,253}", value.strip()):
                raise ValueError(f"allowed_hosts: a host name without scheme or port: {value!r}")
        return values

    @field_validator("signin_pause")
    @classmethod
    def _pause(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("public_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(f"public_url must look like https://host[/path]: {value!r}")
        return value


class ZaloSettings(_Section):
    """The Zalo Bot Platform channel (bot/channels/zalo/); off unless a mode is chosen."""

    # A refused value is not repeated in the error: it may be the secret.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    token: SecretStr = Field(SecretStr(""), description="Bot token from the Zalo Bot Platform.")
    base_url: str = Field(
        "https://bot-api.zaloplatforms.com/bot",
        description="Bot API base URL; the token and the method are appended.")
    mode: Literal["polling", "webhook", "off"] = Field(
        "off", description='"polling" (getUpdates), "webhook" (the web server), or "off"; '
                           'without it, "polling" when a token is given.')
    webhook_secret: SecretStr = Field(
        SecretStr(""), description="Checked against the X-Bot-Api-Secret-Token header.")
    rate: float = Field(
        25.0, gt=0, description="Messages a second, answers and the outbox together.")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_length(cls, value: SecretStr) -> SecretStr:
        # What Zalo's setWebhook accepts as secret_token; checked when the file
        # is read, so a bad one stops the bot before anything starts.
        secret = value.get_secret_value()
        if secret and not re.fullmatch(r"\S{8,256}", secret):
            raise operator_said(texts.ZALO_SECRET_LENGTH.format(length=len(secret)))
        return value

    @model_validator(mode="before")
    @classmethod
    def _on_with_a_token(cls, data: Any) -> Any:
        # A token and no mode: the operator wants Zalo, as a Telegram token alone
        # turns Telegram on.
        if isinstance(data, dict) and "mode" not in data and data.get("token"):
            return {**data, "mode": "polling"}
        return data

    def missing(self) -> str | None:
        """What the chosen mode lacks, if anything. Checked when the bot starts, not
        when the file is read: the secrets may live only in the service's environment."""
        if self.mode != "off" and not self.token.get_secret_value():
            return f'[zalo] mode = "{self.mode}" needs [zalo] token (or ISHC_ZALO__TOKEN)'
        if self.mode == "webhook" and not self.webhook_secret.get_secret_value():
            return '[zalo] mode = "webhook" needs [zalo] webhook_secret'
        return None


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

    rate: float = Field(
        25.0, gt=0, description="Messages per second on each channel, within its own budget.")
    per_chat_interval: float = Field(1.0, ge=0, description="Seconds between two to one chat.")
    max_in_flight: int = Field(8, ge=1, description="Requests awaiting their answer at once.")
    poll_interval: float = Field(5.0, gt=0, description="Seconds between looks when idle.")


class BackupSettings(_Section):
    """The running bot's nightly backup (bot/backup.py); off while ``dir`` is empty."""

    dir: str = Field(
        "", description="Directory for the nightly backups; relative to the config file.")
    keep_days: int = Field(30, ge=1, description="Backups older than this many days are removed.")

    @field_validator("dir")
    @classmethod
    def _dir(cls, value: str) -> str:
        return value.strip()


class RetentionSettings(_Section):
    """How long what is needed only for a while is kept (storage/retention.py):
    "30d", "12h". Each has a floor below which the bot would stop working right."""

    web_inbox_seen: str = Field("30d", description="Web chat messages already shown.")
    web_inbox_unseen: str = Field("90d", description="Web chat messages never shown.")
    flows: str = Field("7d", description="A conversation step left unfinished; Zalo menus.")
    link_codes: str = Field("30d", description="Link codes after they were used, revoked or "
                                               "expired.")
    signin_failures: str = Field("7d", description="Wrong link codes and web sign-in tries.")
    zalo_seen: str = Field("7d", description="Zalo message ids seen (to drop replays).")
    outbox: str = Field("90d", description="Messages sent, cancelled or failed.")
    access_log: str = Field("730d", description="Who looked at members' health data.")

    @field_validator(*RETENTION_KEYS)
    @classmethod
    def _at_least_floor(cls, value: str, info: ValidationInfo) -> str:
        # Per key, so an operator's mistake is named by its key (bot/errors.py).
        floor = getattr(RETENTION_FLOORS, str(info.field_name))
        if parse_duration(value) < floor:
            raise ValueError(f"[retention] {info.field_name} must be at least "
                             f"{format_duration(floor)}: {value!r}")
        return value

    def retention(self) -> Retention:
        return Retention(**{name: parse_duration(getattr(self, name))
                            for name in RetentionSettings.model_fields})


class Settings(BaseSettings):
    # hide_input_in_errors: a refused value may be a token or a secret.
    model_config = SettingsConfigDict(
        env_prefix="ISHC_", env_nested_delimiter="__", extra="forbid",
        hide_input_in_errors=True)

    database: DatabaseSettings = DatabaseSettings()
    telegram: TelegramSettings = TelegramSettings()
    zalo: ZaloSettings = ZaloSettings()
    web: WebSettings = WebSettings()
    reminders: RemindersSettings = RemindersSettings()
    outbox: OutboxSettings = OutboxSettings()
    backup: BackupSettings = BackupSettings()
    retention: RetentionSettings = RetentionSettings()

    @model_validator(mode="after")
    def _zalo_webhook_over_https(self) -> Settings:
        # Zalo posts only to https; an http address would register nothing useful.
        if self.zalo.mode == "webhook" and not self.web.public_url.startswith("https://"):
            raise operator_said(texts.ZALO_NEED_HTTPS)
        return self

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

    A relative database path (or backup directory) is taken relative to the
    config file, so the bot finds the same database whatever directory it is
    started from.
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
    if config is not None and settings.backup.dir and not Path(settings.backup.dir).is_absolute():
        settings.backup.dir = str(config.parent / settings.backup.dir)
    return settings

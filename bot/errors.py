"""What an operator is told when something they can fix goes wrong.

The people who run this bot are a club's secretary or a volunteer from the
commune Association, not programmers: a failure they caused (a mistyped key
in the config, a token the platform refuses, no network, a port in use, a
missing file) must read as one or two Vietnamese lines saying what to do — no
traceback (``--debug`` shows it) and never a token or a secret, neither on
the terminal nor in the log.

* :class:`OperatorError` carries such lines; the CLI prints them and exits
  non-zero.
* :func:`load_config` reads the settings and turns pydantic's and TOML's
  complaints into those lines, naming the key and the nearest valid one.
* :class:`Redacting` is a log formatter that blanks every secret of the
  loaded settings out of every record (and the CLI passes ``--debug``
  tracebacks through :func:`redact` too).
"""

from __future__ import annotations

import difflib
import errno
import logging
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from bot.config import RETENTION_KEYS, SAID, Settings, load_settings
from club import texts
from club.reminders import format_duration
from storage.retention import MINIMUM as RETENTION_FLOORS


class OperatorError(Exception):
    """A failure the operator can fix, already said in Vietnamese."""

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


# ---------------------------------------------------------------- reading the configuration

def load_config(path: Path | None) -> Settings:
    """:func:`bot.config.load_settings`, its failures as :class:`OperatorError`."""
    unknown = _unknown_env_sections()
    if unknown:
        raise OperatorError("\n".join(unknown))
    try:
        return load_settings(path)
    except FileNotFoundError:
        raise OperatorError(texts.CLI_CONFIG_MISSING.format(path=path)) from None
    except tomllib.TOMLDecodeError as failure:
        line = re.search(r"line (\d+)", str(failure))
        raise OperatorError(texts.CLI_CONFIG_SYNTAX.format(
            path=path, line=line.group(1) if line else "?")) from failure
    except UnicodeDecodeError as failure:
        raise OperatorError(texts.CLI_CONFIG_UNREADABLE.format(
            path=path, reason=texts.CLI_CONFIG_NOT_UTF8)) from failure
    except OSError as failure:
        raise OperatorError(texts.CLI_CONFIG_UNREADABLE.format(
            path=path, reason=failure.strerror or type(failure).__name__)) from failure
    except ValidationError as failure:
        lines = config_problems(failure)
        lines.append(texts.CLI_CONFIG_FIX.format(path=path) if path is not None
                     else texts.CLI_CONFIG_FIX_ENV)
        raise OperatorError("\n".join(lines)) from failure


def config_problems(error: ValidationError, model: type[BaseModel] = Settings) -> list[str]:
    """One Vietnamese line per problem pydantic found. Values are quoted back only
    for keys that hold no secret, and never for an unknown key (a mistyped
    ``tokn`` holds the token)."""
    return [_problem(e, model) for e in error.errors(include_url=False)]


def _unknown_env_sections() -> list[str]:
    """``ISHC_SECTION__KEY`` variables naming no section: pydantic-settings would
    ignore them silently, and the operator would wonder why the token is not read."""
    problems = []
    for name in sorted(os.environ):
        section, nested, _ = name.removeprefix("ISHC_").partition("__")
        if not name.startswith("ISHC_") or not nested or section.lower() in Settings.model_fields:
            continue
        line = texts.CLI_CONFIG_UNKNOWN_ENV.format(env=name, section=section.lower())
        close = difflib.get_close_matches(section.lower(), list(Settings.model_fields), n=1,
                                          cutoff=0.6)
        if close:
            line += texts.CLI_CONFIG_DID_YOU_MEAN.format(
                suggestion=f"ISHC_{close[0].upper()}__…")
        problems.append(line)
    return problems


def _problem(error: Any, model: type[BaseModel]) -> str:
    loc = tuple(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == SAID or not loc:  # the settings' own sentence, which names its keys
        said = (error.get("ctx") or {}).get("sentence") or texts.CFG_WANT_VALID
        return texts.CLI_CONFIG_SAID.format(problem=said) + _from_env(loc)
    parent, field = _walk(model, loc[:-1]), loc[-1] if loc else ""
    if kind == "extra_forbidden":
        valid = list(parent.model_fields) if parent is not None else []
        if len(loc) == 1:
            line = texts.CLI_CONFIG_UNKNOWN_SECTION.format(key=field)
        else:
            line = texts.CLI_CONFIG_UNKNOWN_KEY.format(section=".".join(loc[:-1]), key=field)
        close = difflib.get_close_matches(field.lower(), valid, n=1, cutoff=0.6)
        if close:
            shown = f"[{close[0]}]" if len(loc) == 1 else close[0]
            line += texts.CLI_CONFIG_DID_YOU_MEAN.format(suggestion=shown)
        elif valid:
            listed = (texts.CLI_CONFIG_VALID_SECTIONS if len(loc) == 1
                      else texts.CLI_CONFIG_VALID_KEYS)
            line += listed.format(keys=", ".join(valid))
        return line + _from_env(loc)
    if field.isdigit() and len(loc) > 1:  # an item of a list: speak of the list
        loc = loc[:-1]
        parent, field = _walk(model, loc[:-1]), loc[-1]
    key = f"[{loc[0]}]" + (f" {'.'.join(loc[1:])}" if len(loc) > 1 else "")
    line = texts.CLI_CONFIG_BAD_VALUE.format(key=key, problem=_what_is_wanted(error, field, loc[0]))
    value = error.get("input")
    if not _secret(parent, field) and isinstance(value, str | int | float | bool) \
            and len(str(value)) <= 80:
        line += texts.CLI_CONFIG_GOT.format(value=_toml(value))
    return line + "." + _from_env(loc)


def _from_env(loc: Sequence[str]) -> str:
    env = "ISHC_" + "__".join(loc).upper()
    return texts.CLI_CONFIG_FROM_ENV.format(env=env) if env in os.environ else ""


def _walk(model: type[BaseModel] | None, loc: Sequence[str]) -> type[BaseModel] | None:
    for part in loc:
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(
            annotation, BaseModel) else None
    return model


def _secret(model: type[BaseModel] | None, field: str) -> bool:
    if "token" in field or "secret" in field or model is None:
        return True
    info = model.model_fields.get(field)
    return info is None or info.annotation is SecretStr


# Durations, dates and addresses are checked by the settings' own validators;
# what they want is said here, by the key's name.
_VALUE_HINTS = {
    "meeting_before": texts.CFG_WANT_DURATION, "checkup_before": texts.CFG_WANT_DURATION,
    "installment_before": texts.CFG_WANT_DURATION, "report_before": texts.CFG_WANT_DURATION,
    "rollcall_after": texts.CFG_WANT_DURATION, "plan_every": texts.CFG_WANT_DURATION,
    "plan_ahead": texts.CFG_WANT_DURATION,
    "six_month_report_due": texts.CFG_WANT_DAY_MONTH,
    "annual_report_due": texts.CFG_WANT_DAY_MONTH,
    "quiet_hours": texts.CFG_WANT_QUIET, "day_events_at": texts.CFG_WANT_TIME,
    "public_url": texts.CFG_WANT_URL, "webhook_secret": texts.CFG_WANT_SECRET,
}
# [retention] periods: the floor each must reach is said with it.
_RETENTION_HINTS = {
    name: texts.CFG_WANT_KEEP.format(floor=format_duration(getattr(RETENTION_FLOORS, name)))
    for name in RETENTION_KEYS
}
_TYPE_HINTS = {
    "int_parsing": texts.CFG_WANT_INT, "int_type": texts.CFG_WANT_INT,
    "int_from_float": texts.CFG_WANT_INT,
    "float_parsing": texts.CFG_WANT_NUMBER, "float_type": texts.CFG_WANT_NUMBER,
    "bool_parsing": texts.CFG_WANT_BOOL, "bool_type": texts.CFG_WANT_BOOL,
    "string_type": texts.CFG_WANT_TEXT, "list_type": texts.CFG_WANT_LIST,
    "model_type": texts.CFG_WANT_SECTION, "dict_type": texts.CFG_WANT_SECTION,
    "model_attributes_type": texts.CFG_WANT_SECTION,
}
_LIMITS = {"greater_than_equal": ("ge", texts.CFG_WANT_MIN),
           "greater_than": ("gt", texts.CFG_WANT_ABOVE),
           "less_than_equal": ("le", texts.CFG_WANT_MAX),
           "less_than": ("lt", texts.CFG_WANT_BELOW)}


def _what_is_wanted(error: Any, field: str, section: str) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _TYPE_HINTS:
        return _TYPE_HINTS[kind]
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        quoted = [f'"{c}"' for c in choices]
        said = ", ".join(quoted[:-1]) + texts.CFG_OR + quoted[-1] if len(quoted) > 1 \
            else "".join(quoted)
        return texts.CFG_WANT_ONE_OF.format(choices=said)
    if kind in _LIMITS:
        name, text = _LIMITS[kind]
        limit = context.get(name, "?")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return text.format(limit=limit)
    if section == "retention" and field in _RETENTION_HINTS:
        return _RETENTION_HINTS[field]
    return _VALUE_HINTS.get(field, texts.CFG_WANT_VALID)


def _toml(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


# ---------------------------------------------------------------- other failures

def port_reason(failure: OSError) -> str:
    """Why a port could not be opened, in Vietnamese where the cause is common."""
    reasons = {errno.EADDRINUSE: texts.PORT_IN_USE, errno.EACCES: texts.PORT_NO_PERMISSION,
               errno.EADDRNOTAVAIL: texts.PORT_NO_ADDRESS}
    return reasons.get(failure.errno or 0) or failure.strerror or type(failure).__name__


# ---------------------------------------------------------------- secrets

def secrets_of(settings: Settings) -> list[str]:
    """Every secret value in the settings: tokens and webhook secrets."""
    found: list[str] = []

    def walk(model: BaseModel) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, SecretStr) and value.get_secret_value():
                found.append(value.get_secret_value())
            elif isinstance(value, BaseModel):
                walk(value)

    walk(settings)
    return found


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (and a Bot API token's secret half) blanked out."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) < 4:
            continue
        text = text.replace(secret, "***")
        _, colon, tail = secret.partition(":")
        if colon and len(tail) >= 8:  # "123:abc…": the part after the id is the secret
            text = text.replace(tail, "***")
    return text


class Redacting(logging.Formatter):
    """Formats as usual, then blanks the secrets out — of the message, its
    arguments and any traceback alike, whoever logged it."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self.secrets = list(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def redact_logs(secrets: Iterable[str]) -> None:
    """Install :class:`Redacting` on every handler of the root logger."""
    known = list(secrets)
    for handler in logging.getLogger().handlers:
        fmt = handler.formatter._fmt if handler.formatter is not None else None
        handler.setFormatter(Redacting(fmt or logging.BASIC_FORMAT, known))

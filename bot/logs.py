"""What the bot's logs may hold: never phone numbers, names with readings, or
what people wrote.

Two libraries log exactly that at DEBUG: aiosqlite every statement with its
parameters (phones, names, readings), python-telegram-bot every Bot API call
with its text and every update with its contact card. They are held at INFO
whatever the root level, so turning DEBUG on to chase a bug does not copy
members' data into a log file; httpx at WARNING, since its request lines
carry the bot's token. On top of that, every log record is built with phone
numbers masked — in its message, its arguments and its traceback — so a
number that slips into an exception message does not reach a log either.

Installed when the ``bot`` package is imported: every process that runs the
bot's code (``ishc-bot run``, the CLI, the demo, the tests) logs the same way.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# The level below which each library's records carry members' data or secrets.
CAPPED = {
    "aiosqlite": logging.INFO,
    "telegram": logging.INFO,
    "httpcore": logging.INFO,
    "hpack": logging.INFO,
    "httpx": logging.WARNING,
}
MASK = "[phone]"
# A Vietnamese mobile or landline number as people and the channels write it:
# 0xxxxxxxxx, 84xxxxxxxxx, +84 xxx xxx xxx, 0912.345.678 — never inside a longer
# run of digits (a Zalo or Telegram id).
_PHONE = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[ .\-]?\d){9}(?!\d)")


def mask(text: str) -> str:
    return _PHONE.sub(MASK, text)


def install() -> None:
    """Cap the libraries' levels and mask phones in every record (idempotent)."""
    for name, level in CAPPED.items():
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < level:
            logger.setLevel(level)
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_phones", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: leave it to logging's own error report
            return record
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: the traceback goes out masked.
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        return record

    factory.masks_phones = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)

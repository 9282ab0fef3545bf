"""A dispatcher in a process of its own, for the crash test:

    python -m tests.reminders.outbox_worker DB BASE_URL RATE

It recovers from a previous run, sends everything due over the Bot API at
BASE_URL, prints its tally as JSON and exits. The test kills it with SIGKILL
in the middle and starts it again.
"""

from __future__ import annotations

import asyncio
import json
import sys

from telegram import Bot

from bot.channels.telegram import TelegramSender
from bot.dispatcher import Dispatcher, Pace
from storage import Database


async def main(path: str, base_url: str, rate: float) -> None:
    db = await Database.open(path)
    bot = Bot("1:fake", base_url=base_url)
    await bot.initialize()
    dispatcher = Dispatcher(db, {"telegram": TelegramSender(bot)},
                            Pace(rate=rate, per_chat_interval=1.0, max_in_flight=4))
    recovered = await dispatcher.recover()
    print("ready", flush=True)
    tally = await dispatcher.drain()
    print(json.dumps({"recovered": recovered, "sent": tally.sent,
                      "uncertain": tally.uncertain}), flush=True)
    await bot.shutdown()
    await db.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))

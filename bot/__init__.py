"""studybot: the Telegram bot of a Party organisation's study programme."""

import os

# PTB 22 warns that RetryAfter.retry_after becomes a timedelta; opt in now (bot.tgbot.retry
# reads both forms) rather than log a deprecation warning on every flood-control answer.
os.environ.setdefault("PTB_TIMEDELTA", "1")

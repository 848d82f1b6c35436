"""A local emulator of the Telegram Bot API: fast tests, end-to-end runs and a console.

One :class:`BotApiSandbox` holds the state of a fake Telegram server for one bot; the bot
reaches it in-process through :class:`SandboxRequest` or over HTTP through
:class:`SandboxServer`, and tests play its users through the sandbox's control methods.
"""

from bot.sandbox.errors import SandboxError
from bot.sandbox.flood import FloodLimits, SandboxStats
from bot.sandbox.messages import SentMessage, buttons
from bot.sandbox.request import SandboxRequest
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox
from bot.sandbox.world import CallbackAnswer, Webhook

__all__ = [
    "BotApiSandbox",
    "CallbackAnswer",
    "FloodLimits",
    "SandboxError",
    "SandboxRequest",
    "SandboxServer",
    "SandboxStats",
    "SentMessage",
    "Webhook",
    "buttons",
]

"""``python -m bot.sandbox``: run the sandbox server until interrupted.

The first line of stdout is the Bot API base URL, so a parent process can read it and point
the bot there.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import SandboxServer
from bot.sandbox.state import BotApiSandbox


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="123456:SANDBOX-TOKEN")
    parser.add_argument("--bot-username", default="studybot_sandbox_bot")
    parser.add_argument("--flood", action="store_true", help="enforce Telegram's flood limits")
    parser.add_argument("--flood-scale", type=float, default=1.0, help="multiply the limits")
    parser.add_argument(
        "--no-privacy", action="store_true", help="deliver all group messages to the bot"
    )
    return parser.parse_args()


async def _serve(args: argparse.Namespace) -> None:
    sandbox = BotApiSandbox(
        token=args.token,
        bot_id=int(args.token.partition(":")[0]),  # a bot token starts with the bot's id
        bot_username=args.bot_username,
        flood_limits=FloodLimits(scale=args.flood_scale) if args.flood else None,
        privacy_mode=not args.no_privacy,
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with SandboxServer(sandbox, port=args.port) as server:
        print(server.base_url, flush=True)
        print(f"file base URL {server.file_base_url}, control {server.control_url}", flush=True)
        await stopping.wait()


def main() -> None:
    asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()

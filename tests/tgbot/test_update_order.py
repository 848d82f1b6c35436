"""Updates of different members are handled side by side; one member's in arrival order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.tgbot.app import build_application
from bot.tgbot.update_order import PerSenderUpdateProcessor
from tests.harness import make_config

HANG = 5.0  # a hang guard, not a speed check


def _message_update(update_id: int, user_id: int) -> Update:
    user = User(user_id, f"成员{user_id}", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    message = Message(update_id, datetime.now(UTC), chat, from_user=user, text=f"第{update_id}条")
    return Update(update_id, message=message)


async def test_one_member_in_order_different_members_side_by_side() -> None:
    processor = PerSenderUpdateProcessor(8)
    log: list[str] = []
    release_first = asyncio.Event()
    b_done = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        log.append(f"{name} start")
        if wait is not None:
            await wait.wait()
        log.append(f"{name} end")
        if name == "B1":
            b_done.set()

    async def feed() -> None:
        tasks = [
            asyncio.create_task(processor.process_update(update, coroutine))
            for update, coroutine in [
                (_message_update(1, 100), handle("A1", release_first)),
                (_message_update(2, 100), handle("A2")),
                (_message_update(3, 200), handle("B1")),
            ]
        ]
        await b_done.wait()
        assert "A2 start" not in log  # A's second waits for A's first ...
        release_first.set()  # ... while B was served meanwhile
        await asyncio.gather(*tasks)

    await asyncio.wait_for(feed(), HANG)
    assert log.index("A1 end") < log.index("A2 start")
    assert log.index("B1 end") < log.index("A1 end")
    assert processor.senders_in_progress == 0  # nothing kept once everyone is served


async def test_a_members_many_updates_keep_their_order() -> None:
    processor = PerSenderUpdateProcessor(4)  # fewer slots than waiting updates
    seen: list[int] = []

    async def handle(number: int) -> None:
        await asyncio.sleep(0)
        seen.append(number)

    await asyncio.wait_for(
        asyncio.gather(
            *(processor.process_update(_message_update(n, 300), handle(n)) for n in range(1, 31))
        ),
        HANG,
    )
    assert seen == list(range(1, 31))


async def test_the_bot_uses_it_with_the_configured_width(database_url: str) -> None:
    app = build_application(make_config(database_url, concurrent_updates=5), token="1:T")
    assert isinstance(app.update_processor, PerSenderUpdateProcessor)
    assert app.update_processor.max_concurrent_updates == 5

"""`studybot console`: chat with the bot in a terminal through the in-process sandbox.

No token and no network: the real Application runs against the local Bot API, and this
module plays one member (or an admin). Inline buttons show as numbered choices; typing the
number presses the button.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from sqlalchemy import select
from telegram import Update

from bot.config import Config
from bot.locales import translate
from bot.sandbox.errors import SandboxError
from bot.sandbox.messages import SentMessage
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import BotApiSandbox
from bot.storage.models import Member
from bot.tgbot.app import build_application
from bot.tgbot.context import StudyApplication

QUIT_WORDS = frozenset({"/quit", "/exit", "退出"})
GROUP_TITLE = "学习小组（测试群）"


@dataclass
class Transcript:
    """Prints what the bot sent to the chat, once per version of each message; in group
    mode also what it sent to the person's private chat (answers to /me and the like sent in
    the group go there), marked as such."""

    sandbox: BotApiSandbox
    chat_id: int
    out: TextIO
    locale: str
    private_chat_id: int | None = None  # group mode: the person's private chat
    _shown: dict[tuple[int, int], tuple[str | None, object]] = field(default_factory=dict)
    _closed_polls: set[str] = field(default_factory=set)  # said to be closed
    # The buttons shown last: text, callback data, and the message and chat they are under.
    _buttons: list[tuple[str, str, int, int]] = field(default_factory=list)
    # The last poll shown (a quiz question, a group contest's): its id and options, and
    # whether several may be chosen. Typing option numbers votes in it.
    _poll: tuple[str, int, bool] | None = None
    _voted: set[str] = field(default_factory=set)  # polls the person has voted in

    @property
    def _chats(self) -> tuple[int, ...]:
        return (
            (self.chat_id,)
            if self.private_chat_id is None
            else (self.chat_id, self.private_chat_id)
        )

    def flush(self) -> None:
        messages = (message for chat in self._chats for message in self.sandbox.sent(chat))
        for message in sorted(messages, key=lambda m: m.message_id):
            version = (message.plain_text, message.keyboard)
            key = (message.chat_id, message.message_id)
            if self._shown.get(key) != version:
                edited = key in self._shown
                self._shown[key] = version
                self._print(message, edited)
            poll = message.poll
            if poll is not None and poll["is_closed"] and poll["id"] not in self._closed_polls:
                self._closed_polls.add(poll["id"])
                self._print_closed(poll)
        self.out.flush()

    def _print(self, message: SentMessage, edited: bool) -> None:
        marker = translate(self.locale, "console-edited") if edited else ""
        if message.chat_id != self.chat_id:
            marker = translate(self.locale, "console-private") + marker
        body = message.plain_text or ""
        if message.kind == "document":
            body = f"[{translate(self.locale, 'console-file')}: {message.file_name}] {body}"
        elif message.kind == "poll" and message.poll is not None:
            poll = message.poll
            options = [o["text"] for o in poll["options"]]
            numbered = (f"   [{number}] {o}" for number, o in enumerate(options, start=1))
            body = poll["question"] + "\n" + "\n".join(numbered)
            if not poll["is_closed"]:
                self._buttons = []
                self._poll = (poll["id"], len(options), bool(poll["allows_multiple_answers"]))
        elif not edited and self._poll is not None and self._poll[0] in self._voted:
            # Once voted, what the bot says next (the question's result, a fill-in question)
            # ends the vote: a number typed now is an answer. Before, it may be the bot's
            # reply to something typed by mistake, and the poll still waits for a vote.
            self._poll = None
        print(f"\n🤖 {marker}{body}", file=self.out)
        rows = [button for row in message.keyboard for button in row]
        if rows:
            self._poll = None
            self._buttons = [
                (text, data, message.message_id, message.chat_id) for text, data in rows
            ]
            for number, (text, *_) in enumerate(self._buttons, start=1):
                print(f"   [{number}] {text}", file=self.out)

    def _print_closed(self, poll: dict[str, Any]) -> None:
        """A poll closed (by the bot's stopPoll, or at the end of its open period): Telegram's
        app shows it closed, a quiz with its right option marked. The bot says nothing of it."""
        if self._poll is not None and self._poll[0] == poll["id"]:
            self._poll = None  # Telegram's app takes no vote in a closed poll
        if poll["type"] == "quiz":
            line = translate(self.locale, "console-quiz-closed", {"answer": _right_options(poll)})
        else:
            line = translate(self.locale, "console-poll-closed")
        print(line, file=self.out)

    def button(self, typed: str) -> tuple[str, int, int] | None:
        """The (callback data, message id, chat id) of button number `typed`, if that is
        what it is."""
        if not typed.isdigit() or not self._buttons:
            return None
        number = int(typed)
        if not 1 <= number <= len(self._buttons):
            return None
        _, data, message_id, chat_id = self._buttons[number - 1]
        current = self.sandbox.message(chat_id, message_id)
        if current is None or "reply_markup" not in current:
            return None
        return data, message_id, chat_id

    def voted(self, poll_id: str) -> None:
        self._voted.add(poll_id)

    def quiz_verdict(self, poll_id: str, chosen: list[int]) -> None:
        """What Telegram's app shows whoever answers a quiz poll: right or wrong, the right
        option, the explanation. The bot sends none of it, so the console says it."""
        sent = (m for chat in self._chats for m in self.sandbox.sent(chat))
        polls = [m.poll for m in sent if m.poll is not None]
        poll = next((p for p in polls if p["id"] == poll_id), None)
        if poll is None or poll["type"] != "quiz":
            return
        right = sorted(chosen) == sorted(poll.get("correct_option_ids", []))
        key = "console-quiz-right" if right else "console-quiz-wrong"
        print(translate(self.locale, key, {"answer": _right_options(poll)}), file=self.out)
        if poll.get("explanation"):
            print(f"💡 {poll['explanation']}", file=self.out)

    def vote(self, typed: str) -> tuple[str, list[int]] | None:
        """The (poll id, option indexes) when `typed` is option numbers of the last poll:
        "2", or "1 3" where several may be chosen."""
        if self._poll is None:
            return None
        poll_id, count, multiple = self._poll
        words = typed.replace(",", " ").replace("，", " ").split()
        if not words or not all(word.isdigit() for word in words):
            return None
        chosen = sorted({int(word) - 1 for word in words})
        if not all(0 <= i < count for i in chosen) or (len(chosen) > 1 and not multiple):
            return None
        return poll_id, chosen


def _right_options(poll: dict[str, Any]) -> list[str]:
    """A quiz poll's right options as the console numbers them: "[2] 乙" (a list, which the
    catalog joins as the reader's language lists things)."""
    correct = poll.get("correct_option_ids", [])
    return [f"[{i + 1}] {poll['options'][i]['text']}" for i in correct]


def _first_message_id() -> int:
    """Each session's sandbox is new, but the console's database, which holds the ids of
    the messages the bot will edit (a quiz's open question), is the last session's. Ids
    counted from the clock in milliseconds start past any id an earlier session gave,
    which gave far fewer than one a millisecond."""
    return time.time_ns() // 1_000_000


class Console:
    def __init__(
        self, config: Config, *, user_id: int, name: str, group: int | None, out: TextIO
    ) -> None:
        self.sandbox = BotApiSandbox(first_message_id=_first_message_id())
        self.user_id = user_id
        self.chat_id = group if group is not None else user_id
        self.sandbox.user(user_id, name)
        self.sandbox.private_chat(user_id)
        if group is not None:
            self.sandbox.group_chat(group, GROUP_TITLE, members={user_id: "administrator"})
        self.app: StudyApplication = build_application(
            config,
            request=SandboxRequest(self.sandbox),
            updates_request=SandboxRequest(self.sandbox),
            token=self.sandbox.token,
        )
        self.out = out
        self.transcript = Transcript(
            self.sandbox,
            self.chat_id,
            out,
            config.language,
            private_chat_id=user_id if group is not None else None,
        )

    async def start(self) -> None:
        await self.app.initialize()
        if self.app.post_init is not None:
            await self.app.post_init(self.app)
        await self._meet_the_other_members()
        await self.app.start()

    async def _meet_the_other_members(self) -> None:
        """The database holds the members of earlier sessions (another --user-id): the bot's
        timers and pushes write to them too, which a sandbox that knew only this session's
        person refused as "chat not found", with a traceback in the terminal."""
        async with self.app.bot_data.services.unit() as unit:
            members = (await unit.session.execute(select(Member.id, Member.first_name))).all()
        for member_id, first_name in members:
            if member_id != self.user_id:
                self.sandbox.user(member_id, first_name)
                self.sandbox.private_chat(member_id)

    async def stop(self) -> None:
        await self.app.stop()
        await self.app.shutdown()
        if self.app.post_shutdown is not None:
            await self.app.post_shutdown(self.app)

    async def handle(self, typed: str) -> None:
        """One line from the person: a button number, or a message to the bot."""
        pressed = self.transcript.button(typed)
        vote = self.transcript.vote(typed) if pressed is None else None
        group = self.chat_id if self.chat_id != self.user_id else None
        query_id = None
        if pressed is not None:
            data, message_id, chat_id = pressed
            in_group = None if chat_id == self.user_id else chat_id
            query_id = self.sandbox.inject_callback(
                self.user_id, message_id, data, chat_id=in_group
            )
        elif vote is not None:
            try:
                self.sandbox.answer_poll(self.user_id, *vote)
            except SandboxError:
                # Closed meanwhile, or voted already: Telegram's app would not let it happen.
                print(translate(self.transcript.locale, "console-vote-refused"), file=self.out)
            else:
                self.transcript.voted(vote[0])
                self.transcript.quiz_verdict(*vote)
        else:
            self.sandbox.send_message(self.user_id, typed, chat_id=group)
        for raw in self.sandbox.take_updates():
            await self.app.process_update(Update.de_json(raw, self.app.bot))
        # The console's own words follow the member's language (/lang), like the bot's.
        async with self.app.bot_data.services.unit() as unit:
            self.transcript.locale = await unit.members.locale_of(self.user_id)
        if query_id is not None:
            self._show_button_answer(query_id)
        self.transcript.flush()

    def _show_button_answer(self, query_id: str) -> None:
        """What Telegram's app shows over the chat when a button is answered: a short
        notice, or an alert to dismiss. The chat keeps no trace of it, so the console says
        it."""
        for answer in self.sandbox.callback_answers:
            if answer.query_id == query_id and answer.text:
                key = "console-button-alert" if answer.show_alert else "console-button-toast"
                print(translate(self.transcript.locale, key, {"text": answer.text}), file=self.out)

    async def watch(self) -> None:
        """Messages that arrive on their own (a question timing out, a scheduled push)."""
        while True:
            await self.sandbox.wait_for(lambda: True, timeout=3600)
            self.transcript.flush()
            await asyncio.sleep(0.2)


async def _run(console: Console, read_line: Callable[[], str], locale: str) -> None:
    await console.start()
    watcher = asyncio.create_task(console.watch())
    print(translate(locale, "console-intro"), flush=True)
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                typed = (await loop.run_in_executor(None, read_line)).strip()
            except EOFError:
                break
            if typed in QUIT_WORDS:
                break
            if typed:
                await console.handle(typed)
    finally:
        watcher.cancel()
        await console.stop()


CONSOLE_DATABASE = "studybot-console.db"


def console_database_url(config: Config) -> str:
    """A database of the console's own, next to the config, kept between console sessions."""
    return f"sqlite+aiosqlite:///{(config.base_dir / CONSOLE_DATABASE).resolve()}"


def run_console(
    config: Config, *, user_id: int, name: str, as_admin: bool, group: int | None
) -> int:
    if as_admin and user_id not in config.admins:
        config = config.model_copy(update={"admins": (*config.admins, user_id)})
    # Never the bot's own database: pushes pending there would "go out" to this sandbox.
    config = config.model_copy(update={"database_url": console_database_url(config)})
    console = Console(config, user_id=user_id, name=name, group=group, out=sys.stdout)

    def read_line() -> str:
        return input("\n👤 > ")

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_run(console, read_line, config.language))
    return 0

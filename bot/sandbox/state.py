"""BotApiSandbox: one fake Telegram server for one bot, and the hands that play its users.

The Bot API side (:meth:`BotApiSandbox.call`) is what the bot talks to, through
:class:`~bot.sandbox.request.SandboxRequest` or :class:`~bot.sandbox.server.SandboxServer`.
The control side (every other public method) is what tests and the terminal console use to
act as users and to read back what the bot did. Control methods are synchronous and must run
on the event loop thread that serves the bot; only the waits are coroutines.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.api import BotApi, member_json
from bot.sandbox.chats import ChatRecord
from bot.sandbox.errors import SandboxError, not_found, unauthorized
from bot.sandbox.flood import FloodLimits, SandboxStats
from bot.sandbox.markup import utf16_len
from bot.sandbox.messages import MessageStore, SentMessage, StoredMessage, keyboard_of
from bot.sandbox.params import UploadedFile
from bot.sandbox.updates import ChangeNotifier
from bot.sandbox.world import CallbackAnswer, Webhook, World

# The `from` of messages an anonymous group admin sends (Telegram's own account for them).
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


class BotApiSandbox:
    def __init__(
        self,
        *,
        token: str = "123456:SANDBOX-TOKEN",
        bot_id: int = 123456,
        bot_username: str = "studybot_sandbox_bot",
        flood_limits: FloodLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
        privacy_mode: bool = True,
        wall_clock: Callable[[], float] = time.time,
        first_message_id: int = 1,
    ) -> None:
        """``clock`` drives flood limits and poll closing, so tests can fake time.

        ``wall_clock`` (Unix seconds) dates messages and updates, as Telegram's ``date``
        fields; a test with a frozen clock passes it so the bot sees the same time there.

        ``privacy_mode`` is Telegram's default for bots: in groups the bot gets only
        commands, replies to its own messages and service messages, unless it is an admin.

        ``first_message_id`` is where message ids start in every chat: a sandbox that serves
        a database kept from an earlier one starts past that one's ids, as Telegram never
        gives an id twice in a chat (the bot edits the messages whose ids it stored).
        """
        self.token = token
        self._bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "StudyBot Sandbox",
            "username": bot_username,
        }
        self._settings = (clock, flood_limits, privacy_mode, wall_clock)
        self._first_message_id = first_message_id
        self._notifier = ChangeNotifier()
        self.reset()

    def reset(self) -> None:
        """Forget every user, chat, message and update; keep token and settings."""
        clock, flood_limits, privacy_mode, wall_clock = self._settings
        self._w = World(
            bot_user=self._bot_user,
            notifier=self._notifier,
            clock=clock,
            flood_limits=flood_limits,
            privacy_mode=privacy_mode,
            wall_clock=wall_clock,
            messages=MessageStore(self._first_message_id),
        )
        self._api = BotApi(self._w)
        self._notifier.notify()

    # --- Bot API side ------------------------------------------------------------------

    async def call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Run a Bot API method (name case-insensitive); returns (HTTP status, JSON body).

        Parameter values may be decoded JSON values, form strings, or
        :class:`~bot.sandbox.params.UploadedFile` parts.
        """
        return await self._api.call(method, params)

    async def call_with_token(
        self, token: str, method: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """What ``/bot<token>/<method>`` answers: 401 for a token other than the bot's."""
        if token != self.token:
            return 401, unauthorized().body()
        return await self.call(method, params)

    def download(self, token: str, file_path: str) -> tuple[int, bytes]:
        """What ``/file/bot<token>/<file_path>`` answers: the bytes, or a JSON error body."""
        if token != self.token:
            return 401, json.dumps(unauthorized().body()).encode()
        stored = self._w.files.by_path(file_path)
        if stored is None:
            return 404, json.dumps(not_found().body()).encode()
        return 200, stored.content

    # --- playing users -----------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> dict[str, Any]:
        """Register a user, or replace a known user's profile when ``first_name`` is given.

        Returns the User object. Other control methods register unknown users on the fly.
        """
        return dict(self._w.directory.user(user_id, first_name, username, language_code))

    def private_chat(self, user_id: int) -> dict[str, Any]:
        """Open the user's chat with the bot, as if the user had pressed Start; returns Chat."""
        return self._w.directory.private_chat(user_id).as_json()

    def group_chat(
        self,
        chat_id: int,
        title: str,
        *,
        supergroup: bool = False,
        members: dict[int, str] | None = None,
    ) -> dict[str, Any]:
        """Create a group; ``members`` maps user ids (the bot's too) to getChatMember statuses:
        creator, administrator, member, restricted, left or kicked."""
        return self._w.directory.group_chat(chat_id, title, supergroup, members).as_json()

    def send_message(
        self, user_id: int, text: str, *, chat_id: int | None = None, reply_to: int | None = None
    ) -> dict[str, Any]:
        """The user writes ``text`` (in their private chat, or in group ``chat_id``).

        A leading /command gets its bot_command entity. Returns the Message; in a group under
        privacy mode it is stored but only reaches the bot if Telegram would deliver it.
        """
        content: dict[str, Any] = {"text": text}
        command = _command_entity(text)
        if command:
            content["entities"] = [command]
        return self._user_post(user_id, chat_id, content, "text", reply_to)

    def send_anonymously(self, chat_id: int, text: str) -> dict[str, Any]:
        """A group admin who remains anonymous writes ``text`` in group ``chat_id``: Telegram
        sends it as the group (``sender_chat``), from the placeholder user GroupAnonymousBot."""
        chat = self._w.directory.chats.get(chat_id)
        if chat is None or not chat.is_group:
            raise SandboxError(f"chat {chat_id} is not a group; call group_chat() first")
        content: dict[str, Any] = {"sender_chat": chat.as_json(), "text": text}
        command = _command_entity(text)
        if command:
            content["entities"] = [command]
        stored = self._w.post(chat, dict(GROUP_ANONYMOUS_BOT), content, kind="text", by_bot=False)
        if self._bot_sees(chat, stored.json, None):
            self._w.updates.push("message", stored.json)
        return copy.deepcopy(stored.json)

    def edit_message(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """The user edits a text message of theirs: the bot gets an edited_message update."""
        chat = self._visible_chat(user_id, chat_id)
        stored = self._w.messages.get(chat.id, message_id)
        if stored is None or stored.by_bot or stored.json.get("from", {}).get("id") != user_id:
            raise SandboxError(f"user {user_id} wrote no message {message_id} in chat {chat.id}")
        stored.json["text"] = text
        stored.json["edit_date"] = int(self._w.wall_clock())
        command = _command_entity(text)
        stored.json.pop("entities", None)
        if command:
            stored.json["entities"] = [command]
        self._w.notifier.notify()
        if self._bot_sees(chat, stored.json, None):
            self._w.updates.push("edited_message", copy.deepcopy(stored.json))
        return copy.deepcopy(stored.json)

    def send_sticker(
        self, user_id: int, emoji: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """The user sends a sticker (in their private chat, or in group ``chat_id``)."""
        serial = self._w.serial()
        sticker = {
            "file_id": f"sticker-{serial}",
            "file_unique_id": f"s{serial}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_post(user_id, chat_id, {"sticker": sticker}, "sticker", None)

    def send_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        chat_id: int | None = None,
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        """The user sends a file; the bot can getFile and download it."""
        stored = self._w.files.add(UploadedFile(file_name, content, mime_type), "documents")
        message: dict[str, Any] = {"document": stored.document_json()}
        if caption:
            message["caption"] = caption
        return self._user_post(user_id, chat_id, message, "document", None, file_id=stored.file_id)

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, *, chat_id: int | None = None
    ) -> str:
        """The user presses the inline button carrying ``callback_data``; returns the query id.

        Checks the message as it is now, so a button removed by an edit cannot be pressed;
        use :meth:`inject_callback` for stale or forged data.
        """
        chat = self._visible_chat(user_id, chat_id)
        stored = self._w.messages.get(chat.id, message_id)
        if stored is None:
            raise SandboxError(f"message {message_id} does not exist in chat {chat.id}")
        targets = [target for row in keyboard_of(stored.json) for _, target in row]
        if callback_data not in targets:
            raise SandboxError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"its buttons lead to {targets}"
            )
        return self.inject_callback(user_id, message_id, callback_data, chat_id=chat_id)

    def inject_callback(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> str:
        """A callback query with any data, even for a deleted message; returns its id."""
        chat = self._visible_chat(user_id, chat_id)
        stored = self._w.messages.get(chat.id, message_id)
        # A message that is gone arrives as an InaccessibleMessage, marked by date 0.
        message = (
            stored.json
            if stored is not None
            else {"chat": chat.as_json(), "message_id": message_id, "date": 0}
        )
        query_id = str(4_000_000_000_000_000 + self._w.serial())
        self._w.open_callbacks.add(query_id)
        self._w.updates.push(
            "callback_query",
            {
                "id": query_id,
                "from": self._w.directory.known_user(user_id),
                "message": message,
                "chat_instance": str(abs(chat.id) * 7919 + self._bot_user["id"]),
                "data": data,
            },
        )
        return query_id

    def answer_poll(self, user_id: int, poll_id: str, option_ids: list[int]) -> None:
        """The user votes (an empty list retracts the vote).

        The bot gets a PollAnswer for non-anonymous polls, and the new Poll state.
        """
        self._w.close_due_polls()
        record = self._w.polls.get(poll_id)
        if record is None:
            raise SandboxError(f"no poll {poll_id!r} was sent by the bot")
        if record.chat_id > 0 and record.chat_id != user_id:
            raise SandboxError(f"user {user_id} cannot see a poll in {record.chat_id}'s chat")
        self._visible_chat(user_id, record.chat_id)
        user = self._w.directory.known_user(user_id)
        record.vote(user_id, option_ids)
        if not record.json["is_anonymous"]:
            persistent = [record.json["options"][i]["persistent_id"] for i in option_ids]
            self._w.updates.push(
                "poll_answer",
                {
                    "poll_id": poll_id,
                    "user": user,
                    "option_ids": list(option_ids),
                    "option_persistent_ids": persistent,
                },
            )
        self._w.updates.push("poll", record.json)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends then fail with 403, and the bot is told."""
        self._set_blocked(user_id, True)

    def unblock(self, user_id: int) -> None:
        self._set_blocked(user_id, False)

    def migrate_group(self, chat_id: int) -> int:
        """Upgrade a basic group to a supergroup; returns the new -100… id.

        As Telegram does, the bot gets the service messages in the old chat
        (migrate_to_chat_id) and in the new one (migrate_from_chat_id), and my_chat_member
        for the new chat, where it is what it was in the old one (a member, an admin). Telegram
        sets no order among them: a test that cares takes the updates and reorders them."""
        new = self._w.directory.migrate(chat_id)
        old = self._w.directory.chats[chat_id]
        self._service_message(old, {"migrate_to_chat_id": new.id})
        self._service_message(new, {"migrate_from_chat_id": old.id})
        bot_id = self._bot_user["id"]
        status = self._w.directory.member_status(new, bot_id)
        new.members[bot_id] = "left"  # the bot joins the new chat as it appears
        self._change_bot_member(new, status, new.restricted_bot_may_send, None)
        return new.id

    # --- updates -----------------------------------------------------------------------

    def pending_updates(self) -> list[dict[str, Any]]:
        """Copies of the updates not yet confirmed or taken."""
        return self._w.updates.pending()

    def take_updates(self) -> list[dict[str, Any]]:
        """Pop every pending update, for harnesses feeding ``Application.process_update``.

        getUpdates serves the same queue: use one or the other.
        """
        return self._w.updates.take()

    # --- reading back ------------------------------------------------------------------

    def sent(self, chat_id: int | None = None) -> list[SentMessage]:
        """What the bot sent (to ``chat_id``, or anywhere), oldest first, as it is now.

        Deleted messages are left out; ``calls`` still shows the deleteMessage.
        """
        self._w.close_due_polls()
        return [self._view(stored) for stored in self._w.messages.sent_by_bot(chat_id)]

    def last(self, chat_id: int | None = None) -> SentMessage | None:
        self._w.close_due_polls()
        stored = self._w.messages.last_sent_by_bot(chat_id)
        return None if stored is None else self._view(stored)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Any message still in a chat (the bot's or a user's), as Telegram holds it."""
        stored = self._w.messages.get(chat_id, message_id)
        return None if stored is None else copy.deepcopy(stored.json)

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """(callback_query_id, text, show_alert) for each answerCallbackQuery, in order."""
        return list(self._w.callback_answers)

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every Bot API call as (method, params), in order; the method is canonically cased."""
        return list(self._w.calls)

    def commands(self, language_code: str = "", scope: str = "default") -> list[tuple[str, str]]:
        """The (command, description) list setMyCommands set for this scope and language."""
        listed = self._w.commands.get((scope, language_code), [])
        return [(entry["command"], entry["description"]) for entry in listed]

    @property
    def webhook(self) -> Webhook:
        return self._w.webhook

    @property
    def stats(self) -> SandboxStats:
        return self._w.stats

    # --- waiting -----------------------------------------------------------------------

    # A timeout argument rather than asyncio.timeout at the call site keeps test code short.
    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until ``predicate()`` holds, re-checking on every state change.

        Raises TimeoutError if it still does not hold after ``timeout`` seconds.
        """
        try:
            async with asyncio.timeout(timeout):
                await self._notifier.wait_until(predicate)
        except TimeoutError:
            raise TimeoutError(f"condition not met within {timeout} s") from None

    async def wait_sent(
        self,
        count: int = 1,
        *,
        chat_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages (to ``chat_id``) in all."""
        await self.wait_for(lambda: len(self._w.messages.sent_by_bot(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # --- internals ---------------------------------------------------------------------

    def _view(self, stored: StoredMessage) -> SentMessage:
        message = stored.json
        stored_file = self._w.files.by_id(stored.file_id) if stored.file_id else None
        poll = self._w.polls[stored.poll_id].snapshot() if stored.poll_id else None
        return SentMessage(
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            kind=stored.kind,
            text=stored.source_text,
            parse_mode=stored.parse_mode,
            keyboard=keyboard_of(message),
            poll=poll,
            file_name=stored_file.file_name if stored_file else None,
            file_content=stored_file.content if stored_file else None,
            edited="edit_date" in message,
            message=copy.deepcopy(message),
        )

    def _visible_chat(self, user_id: int, chat_id: int | None) -> ChatRecord:
        """The chat a user acts in: their private chat, or a group they are a member of."""
        directory = self._w.directory
        directory.user(user_id)  # registers unknown users with default names
        if chat_id is None or chat_id == user_id:
            return directory.private_chat(user_id)
        chat = directory.chats.get(chat_id)
        if chat is None:
            raise SandboxError(f"chat {chat_id} does not exist; call group_chat() first")
        if chat.migrated_to is not None:
            raise SandboxError(f"group {chat_id} was upgraded to {chat.migrated_to}")
        status = chat.members.setdefault(user_id, "member")
        if status in ("left", "kicked"):
            raise SandboxError(f"user {user_id} is not a member of chat {chat_id} ({status})")
        return chat

    def _user_post(
        self,
        user_id: int,
        chat_id: int | None,
        content: dict[str, Any],
        kind: str,
        reply_to: int | None,
        **extra: Any,
    ) -> dict[str, Any]:
        chat = self._visible_chat(user_id, chat_id)
        if chat.blocked:
            self.unblock(user_id)  # writing to a blocked bot means pressing "Restart" first
        replied = None
        if reply_to is not None:
            replied = self._w.messages.get(chat.id, reply_to)
            if replied is None:
                raise SandboxError(f"message {reply_to} does not exist in chat {chat.id}")
            reply = copy.deepcopy(replied.json)
            reply.pop("reply_to_message", None)
            content = content | {"reply_to_message": reply}
        user = self._w.directory.users[user_id]
        stored = self._w.post(chat, user, content, kind=kind, by_bot=False, **extra)
        if self._bot_sees(chat, stored.json, replied):
            self._w.updates.push("message", stored.json)
        return copy.deepcopy(stored.json)

    def _bot_sees(
        self, chat: ChatRecord, message: dict[str, Any], replied: StoredMessage | None
    ) -> bool:
        if not chat.is_group or not self._w.privacy_mode:
            return True
        if chat.members.get(self._bot_user["id"]) in ("administrator", "creator"):
            return True
        if replied is not None and replied.by_bot:
            return True
        command = (message.get("entities") or [{}])[0]
        if command.get("type") != "bot_command":
            return False
        _, _, addressee = message["text"][: command["length"]].partition("@")
        return addressee in ("", self._bot_user["username"])

    def set_bot_status(self, chat_id: int, status: str, by_user: int) -> None:
        """A member of group ``chat_id`` adds the bot (member, administrator) or removes it
        (left, kicked): the bot gets my_chat_member, as from Telegram."""
        chat = self._group(chat_id)
        self._change_bot_member(chat, status, chat.restricted_bot_may_send, by_user)

    def restrict_bot(self, chat_id: int, *, can_send_messages: bool, by_user: int) -> None:
        """An admin of supergroup ``chat_id`` restricts the bot (status "restricted"), taking
        or leaving its right to send messages: sends then fail as Telegram's do (400 "not
        enough rights to send text messages to the chat"), and the bot gets my_chat_member.
        ``set_bot_status(chat_id, "member", …)`` lifts the restriction."""
        chat = self._group(chat_id)
        if chat.type != "supergroup":
            # Telegram restricts single members in supergroups only.
            raise SandboxError(f"chat {chat_id} is a basic group: only supergroups restrict")
        self._change_bot_member(chat, "restricted", can_send_messages, by_user)

    def set_members_may_send(self, chat_id: int, allowed: bool) -> None:
        """The admins of group ``chat_id`` switch its members' permission to send messages:
        a bot that is not an admin is refused as Telegram refuses it, and, as from Telegram,
        gets no update (its own membership did not change)."""
        self._group(chat_id).members_may_send = allowed

    def _group(self, chat_id: int) -> ChatRecord:
        chat = self._w.directory.chats.get(chat_id)
        if chat is None or not chat.is_group:
            raise SandboxError(f"group {chat_id} does not exist; call group_chat() first")
        return chat

    def _change_bot_member(
        self, chat: ChatRecord, status: str, may_send: bool, by_user: int | None
    ) -> None:
        """The bot's status in group ``chat`` changes (by ``by_user``, or by the group's
        creator: an upgrade): my_chat_member with the old and new ChatMember."""
        bot = dict(self._bot_user)
        old = member_json(
            bot,
            self._w.directory.member_status(chat, bot["id"]),
            can_send_messages=chat.restricted_bot_may_send,
        )
        chat.members[bot["id"]] = status
        chat.restricted_bot_may_send = may_send
        self._w.updates.push(
            "my_chat_member",
            {
                "chat": chat.as_json(),
                "from": self._actor(chat, by_user),
                "date": int(self._w.wall_clock()),
                "old_chat_member": old,
                "new_chat_member": member_json(bot, status, can_send_messages=may_send),
            },
        )

    def _set_blocked(self, user_id: int, blocked: bool) -> None:
        chat = self._w.directory.private_chat(user_id)
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        bot = dict(self._bot_user)
        statuses = ("member", "kicked") if blocked else ("kicked", "member")
        old, new = (member_json(bot, status) for status in statuses)
        self._w.updates.push(
            "my_chat_member",
            {
                "chat": chat.as_json(),
                "from": self._w.directory.known_user(user_id),
                "date": int(self._w.wall_clock()),
                "old_chat_member": old,
                "new_chat_member": new,
            },
        )

    def _actor(self, chat: ChatRecord, user_id: int | None) -> dict[str, Any]:
        """Who changed something in the group: ``user_id``, else its creator, else an
        anonymous admin (Telegram's placeholder account for one)."""
        if user_id is None:
            user_id = next((uid for uid, st in chat.members.items() if st == "creator"), None)
        if user_id is None:
            return dict(GROUP_ANONYMOUS_BOT)
        return self._w.directory.known_user(user_id)

    def _service_message(self, chat: ChatRecord, content: dict[str, Any]) -> None:
        creator = next((uid for uid, st in chat.members.items() if st == "creator"), None)
        sender = self._w.directory.users.get(creator) if creator is not None else None
        stored = self._w.post(chat, sender, content, kind="service", by_bot=False)
        self._w.updates.push("message", stored.json)


_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")


def _command_entity(text: str) -> dict[str, Any] | None:
    """The bot_command entity Telegram marks on a message starting with /command[@bot]."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    return {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}

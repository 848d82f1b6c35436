"""Who exists in the sandbox: users, chats, memberships, blocks and group migrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import SandboxError, bad_request, forbidden

MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})

_ADMINS = ("creator", "administrator")

# Supergroup and channel ids live below this, as "-100" followed by ten digits.
_SUPERGROUP_BASE = -1_000_000_000_000


@dataclass
class ChatRecord:
    id: int
    type: str  # "private", "group" or "supergroup"
    title: str | None = None
    user: dict[str, Any] | None = None  # the other party of a private chat
    members: dict[int, str] = field(default_factory=dict)
    blocked: bool = False  # private chats: the user blocked the bot
    migrated_to: int | None = None
    # A bot whose status is "restricted": whether its admins left it the right to send
    # messages (Telegram's can_send_messages, which the other can_send_* follow here).
    restricted_bot_may_send: bool = False
    # The group's own permission "send messages" for its members (admins may always post).
    members_may_send: bool = True

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def as_json(self) -> dict[str, Any]:
        """The Chat object embedded in messages."""
        if self.user is not None:
            names = ("first_name", "last_name", "username")
            return {"id": self.id, "type": self.type} | {
                key: self.user[key] for key in names if key in self.user
            }
        return {"id": self.id, "type": self.type, "title": self.title}


class Directory:
    """Users and chats, and the Bot API errors that come from who may talk to whom."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, ChatRecord] = {}

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> dict[str, Any]:
        if user_id <= 0:
            raise SandboxError(f"user ids are positive, got {user_id}")
        known = self.users.get(user_id)
        if known is not None and first_name is None:
            return known
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"User{user_id}",
        }
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        if user_id in self.chats:
            self.chats[user_id].user = user
        return user

    def known_user(self, user_id: int) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise SandboxError(f"user {user_id} is not registered; call user() first")
        return user

    def private_chat(self, user_id: int) -> ChatRecord:
        """The user's chat with the bot, opened as if the user had pressed Start."""
        chat = self.chats.get(user_id)
        if chat is None:
            chat = ChatRecord(id=user_id, type="private", user=self.user(user_id))
            self.chats[user_id] = chat
        return chat

    def group_chat(
        self, chat_id: int, title: str, supergroup: bool, members: dict[int, str] | None
    ) -> ChatRecord:
        if chat_id >= 0:
            raise SandboxError(f"group chat ids are negative, got {chat_id}")
        for user_id, status in (members or {}).items():
            if status not in MEMBER_STATUSES:
                raise SandboxError(f"unknown member status {status!r} for {user_id}")
            if user_id != self.bot_user["id"]:
                self.user(user_id)
        chat = ChatRecord(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            members=dict(members or {}),
        )
        self.chats[chat_id] = chat
        return chat

    def migrate(self, chat_id: int) -> ChatRecord:
        """Upgrade a basic group; the old id then answers with migrate_to_chat_id."""
        old = self.chats.get(chat_id)
        if old is None or old.type != "group" or old.migrated_to is not None:
            raise SandboxError(f"chat {chat_id} is not a basic group that can be upgraded")
        new_id = _SUPERGROUP_BASE - abs(chat_id)
        while new_id in self.chats:
            new_id -= 1
        new = ChatRecord(new_id, "supergroup", title=old.title, members=dict(old.members))
        self.chats[new_id] = new
        old.migrated_to = new_id
        return new

    def resolve(self, chat_id: int | str) -> ChatRecord:
        """The chat a Bot API call names, or Telegram's 400 for chats the bot cannot see."""
        if isinstance(chat_id, str):
            raise bad_request("chat not found")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        return chat

    def writable(self, chat_id: int | str, content: str = "text messages") -> ChatRecord:
        """The chat the bot is about to post `content` in (text messages, photos, …), or the
        400/403 Telegram answers instead."""
        if isinstance(chat_id, int) and chat_id in self.users and chat_id not in self.chats:
            raise forbidden("bot can't initiate conversation with a user")
        chat = self.resolve(chat_id)
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        bot_status = chat.members.get(self.bot_user["id"], "member")
        if chat.is_group and bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        if chat.is_group and bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")
        muted = bot_status == "restricted" and not chat.restricted_bot_may_send
        if chat.is_group and not chat.members_may_send and bot_status not in _ADMINS:
            muted = True
        if muted:
            raise bad_request(f"not enough rights to send {content} to the chat")
        return chat

    def member_status(self, chat: ChatRecord, user_id: int) -> str:
        if chat.type == "private":
            return "member" if user_id in (chat.id, self.bot_user["id"]) else "left"
        default = "member" if user_id == self.bot_user["id"] else "left"
        return chat.members.get(user_id, default)

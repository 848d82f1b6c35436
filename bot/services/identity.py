"""Who is talking: plain values the Telegram layer builds from an update."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from bot.services.errors import PermissionDenied


class Role(IntEnum):
    """Ordered so that `role >= Role.ORGANISER` reads as 'at least an organiser'."""

    MEMBER = 1
    ORGANISER = 2
    ADMIN = 3


@dataclass(frozen=True, slots=True)
class Caller:
    """The sender of an update, as Telegram describes them."""

    user_id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    # Whether the update came from the member's private chat with the bot: only that shows
    # the bot can write to them (a vote or a command in a group chat does not).
    in_private_chat: bool = True


@dataclass(frozen=True, slots=True)
class Actor:
    """A registered member with what the services need to decide and to answer."""

    member_id: int
    first_name: str
    locale: str
    role: Role
    # Registered moments ago, by this update or one just before (a member whose first
    # message was /quiz, not /start): /start greets them as new, not as one come back.
    new: bool = False

    def require(self, role: Role) -> None:
        if self.role < role:
            raise PermissionDenied(role.name.lower())

"""Turning service results into Telegram messages: text from the catalogs, HTML escaped."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterator
from typing import Any

from telegram import CallbackQuery, Message, Poll, Update
from telegram.error import BadRequest

from bot.content.importers import SUFFIXES as IMPORT_SUFFIXES
from bot.domain.contests import poll_explanation
from bot.domain.questions import Question, QuestionType
from bot.locales import Translator
from bot.services.errors import UserFacingError
from bot.services.identity import Role
from bot.tgbot.commands import commands_for


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def private_chat_link(bot_username: str) -> str:
    """@bot as a link that opens the member's private chat with the bot."""
    return f'<a href="https://t.me/{bot_username}">@{bot_username}</a>'


class Html(str):
    """Text that is HTML already (a message rendered from the catalogs): not escaped again."""

    __slots__ = ()


def option_labels(t: Translator, question: Question) -> tuple[str, ...]:
    """A choice question's options as the reader sees them. A true/false question's two are
    the reader's words (正确/错误, True/False), in JUDGE_OPTIONS order; the bank's own
    options are shown as written."""
    if question.type is QuestionType.JUDGE:
        return (t("quiz-judge-true"), t("quiz-judge-false"))
    return question.options


def quiz_poll_arguments(
    t: Translator, question: Question, text: str, open_period: int | None
) -> dict[str, Any]:
    """sendPoll's arguments for `question` as a quiz poll asking `text`, its options in
    `t`'s language: non-anonymous, else Telegram does not tell the bot the answers; Telegram
    closes it after `open_period` seconds (None: never by itself). Parse modes are switched
    off: the bot's default is HTML, and a question or option with "<" or "&" in it is plain
    text, not markup."""
    return {
        "question": text,
        "options": list(option_labels(t, question)),
        "is_anonymous": False,
        "type": Poll.QUIZ,
        "allows_multiple_answers": question.type is QuestionType.MULTIPLE,
        "correct_option_ids": sorted(question.correct),
        "explanation": poll_explanation(question),
        "explanation_parse_mode": None,
        "question_parse_mode": None,
        "open_period": open_period,
    }


# What a refusal quotes of a value: a member who pasted a whole article after a command is
# shown its beginning, and the refusal stays far below Telegram's 4096 characters.
QUOTED_MAX = 200


def clip(text: str, limit: int = QUOTED_MAX) -> str:
    """`text`, or its first `limit` characters and "…" when it is longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def refusal_text(t: Translator, refusal: UserFacingError) -> str:
    """A refusal in the person's language; its values (often what they typed) clipped and
    escaped."""
    args = {
        key: escape(clip(value))
        if isinstance(value, str) and not isinstance(value, Html)
        else value
        for key, value in refusal.args_map.items()
    }
    return t(refusal.message_id, **args)


def help_text(t: Translator, role: Role) -> str:
    lines = [t("help-header")]
    lines += [f"/{spec.name} — {t(spec.help_id)}" for spec in commands_for(role)]
    if role >= Role.ADMIN:
        # Not a command, so no menu entry would tell admins about it.
        lines += ["", t("help-upload-bank", suffixes=IMPORT_SUFFIXES)]
    return "\n".join(lines)


async def take_buttons_off(query: CallbackQuery) -> None:
    """The tapped message's buttons have done their work. Already gone (a second tap, a
    replayed update, the message deleted): nothing to do, and no request Telegram refuses."""
    message = query.message
    if isinstance(message, Message) and message.reply_markup is None:
        return
    with contextlib.suppress(BadRequest):  # gone meanwhile
        await query.edit_message_reply_markup(None)


async def reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Answer in the chat the update came from; callback queries have no message to reply to."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(text, do_quote=False, **kwargs)


# What one message's lines may add up to: below Telegram's 4096 characters with room to spare.
MESSAGE_CHARS = 3800


def chunked(parts: list[str], limit: int = MESSAGE_CHARS) -> Iterator[list[str]]:
    """`parts` in order, grouped so that each group joined by a one-character separator
    (a newline, "、") stays within `limit` characters; a longer part is a group alone."""
    chunk: list[str] = []
    size = 0
    for part in parts:
        if chunk and size + len(part) + 1 > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(part)
        size += len(part) + 1
    if chunk:
        yield chunk


async def reply_long(update: Update, lines: list[str]) -> None:
    """Lines in as few messages as Telegram's 4096-character limit allows."""
    for chunk in chunked(lines):
        await reply(update, "\n".join(chunk))

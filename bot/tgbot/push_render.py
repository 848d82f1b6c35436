"""How a push looks: title, text, links as buttons, 已学习 and quiz buttons."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.schedules import fill_placeholders
from bot.locales import Translator
from bot.services.dispatch import Addressee
from bot.tgbot.render import escape

ACK_PREFIX = "ack:"
QUIZ_PREFIX = "pq:"
ACK_PATTERN = r"^ack:\d+$"
QUIZ_INVITE_PATTERN = r"^pq:"


def push_text(t: Translator, payload: dict[str, Any], addressee: Addressee | None = None) -> str:
    """The push's text; its placeholders ({姓名}, {党龄}) filled in for `addressee`, or left
    as written when there is none (an organiser's preview)."""
    title = escape(str(payload.get("title", "")))
    # A series item's place (3/12) goes after its title, outside the nudge's 《》.
    place = t("push-series-place", place=payload["series"]) if payload.get("series") else ""
    body = str(payload.get("text", ""))  # Telegram HTML, validated when the schedule loaded
    if payload.get("kind") == "nudge":
        text = t("push-nudge", title=title, place=place)
    else:
        heading = f"<b>{title}{place}</b>"
        text = f"{heading}\n\n{body}" if body else heading
    if addressee is None:
        return text
    return fill_placeholders(text, escape(addressee.name), addressee.party_years)


def push_keyboard(
    t: Translator, payload: dict[str, Any], fire_id: int, *, acknowledged: bool = False
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(str(title), url=str(url))] for title, url in payload.get("links", [])
    ]
    points = payload.get("ack_points")
    if points is not None:
        ack_fire = int(payload.get("ack_fire_id", fire_id))
        label = t("push-ack-done") if acknowledged else t("push-ack-button", points=int(points))
        rows.append([InlineKeyboardButton(label, callback_data=f"{ACK_PREFIX}{ack_fire}")])
    bank = payload.get("quiz_bank")
    if bank:
        rows.append(
            [
                InlineKeyboardButton(
                    t("push-quiz-button"),
                    callback_data=f"{QUIZ_PREFIX}{bank}:{payload.get('quiz_questions') or ''}",
                )
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None

"""An admin sends a question bank file in a private chat: the summary, then 确认 / 取消."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.content.importers.report import summary_lines
from bot.locales import Translator
from bot.services.bank_import import UploadPreview, bank_imports
from bot.services.errors import UserFacingError
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import escape, refusal_text, reply

# bu:<action>:<upload id>; ok adds everything, sk adds the questions without errors.
PREFIX = "bu:"
PATTERN = r"^bu:(ok|sk|no):"
MAX_LISTED = 15  # problems listed in the chat; the summary says how many more there are
MAX_TEXT = 4000  # a Telegram message holds 4096 characters


def summary_text(t: Translator, preview: UploadPreview) -> str:
    result = preview.result
    lines = [escape(line) for line in summary_lines(result, t.locale, limit=MAX_LISTED)]
    if preview.replaces is not None and preview.upload_id is not None:
        old = preview.replaces
        lines.append(t("upload-replace", id=old.id, title=escape(old.title), total=len(old)))
    if preview.upload_id is None:
        lines.append(t("upload-hint-fix"))
    elif not preview.complete:
        lines.append(t("upload-hint-skip", count=len(result.bad_lines)))
    else:
        lines.append(t("upload-hint-confirm"))
    if preview.id_from_name and preview.upload_id is not None:
        lines.append(t("upload-hint-caption"))
    text = "\n".join(lines)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def summary_keyboard(t: Translator, preview: UploadPreview) -> InlineKeyboardMarkup | None:
    upload_id = preview.upload_id
    if upload_id is None:
        return None
    if preview.complete:
        add = InlineKeyboardButton(
            t("upload-button-confirm"), callback_data=f"{PREFIX}ok:{upload_id}"
        )
    else:
        label = t("upload-button-skip", count=preview.good)
        add = InlineKeyboardButton(label, callback_data=f"{PREFIX}sk:{upload_id}")
    cancel = InlineKeyboardButton(
        t("upload-button-cancel"), callback_data=f"{PREFIX}no:{upload_id}"
    )
    return InlineKeyboardMarkup([[add, cancel]])


async def on_document(update: Update, context: StudyContext) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    imports = bank_imports(context.services)
    imports.admit(actor, document.file_size)
    telegram_file = await document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    preview = await imports.preview(actor, document.file_name or "upload", data, message.caption)
    t = Translator(actor.locale)
    await reply(update, summary_text(t, preview), reply_markup=summary_keyboard(t, preview))


async def on_button(update: Update, context: StudyContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    action, _, upload_id = query.data.removeprefix(PREFIX).partition(":")
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
    imports = bank_imports(context.services)
    t = Translator(actor.locale)
    try:
        if action == "no":
            await imports.cancel(actor, upload_id)
            text = t("upload-cancelled")
        else:
            added = await imports.confirm(actor, upload_id, skip_bad=action == "sk")
            bank = added.bank
            text = t(
                "upload-replaced" if added.replaced else "upload-added",
                id=bank.id,
                title=escape(bank.title),
                total=len(bank),
                path=escape(added.path),
            )
    except UserFacingError as refusal:
        # Said as a message, not an alert: an alert holds 200 characters, and a failed
        # bank names its problems.
        text = refusal_text(t, refusal)
    await query.answer()
    with contextlib.suppress(BadRequest):  # already gone: a second tap, a replayed update
        await query.edit_message_reply_markup(None)  # the buttons have done their work
    await reply(update, text)

"""An admin sends a question bank file in a private chat: the summary, then 确认 / 取消."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.content.importers.report import more_line, problem_lines, summary_head
from bot.locales import Translator
from bot.services.bank_import import UploadPreview, bank_imports
from bot.services.errors import UserFacingError
from bot.tgbot.context import StudyContext, caller_from
from bot.tgbot.render import escape, refusal_text, reply, take_buttons_off

# bu:<action>:<upload id>; ok adds everything, sk adds the questions without errors.
PREFIX = "bu:"
PATTERN = r"^bu:(ok|sk|no):"
MAX_LISTED = 15  # problems listed in the chat; the summary says how many more there are
MAX_TEXT = 4000  # a Telegram message holds 4096 characters
MAX_LINE = 500  # one problem quoting a long answer or option must leave room for the others


def summary_text(t: Translator, preview: UploadPreview) -> str:
    result = preview.result
    hints = []
    if preview.replaces is not None and preview.upload_id is not None:
        old = preview.replaces
        hints.append(t("upload-replace", id=old.id, title=escape(old.title), total=len(old)))
    if preview.upload_id is None:
        hints.append(t("upload-hint-fix"))
    elif not preview.complete:
        hints.append(t("upload-hint-skip", count=len(result.bad_lines)))
    else:
        hints.append(t("upload-hint-confirm"))
    if preview.id_from_name and preview.upload_id is not None:
        hints.append(t("upload-hint-caption"))
    head = [escape(line) for line in summary_head(result, t.locale)]
    problems = _fitting_problems(
        t.locale, problem_lines(result, t.locale), MAX_TEXT - len("\n".join(head + hints))
    )
    return "\n".join(head + problems + hints)


def _fitting_problems(locale: str, lines: list[str], room: int) -> list[str]:
    """As many problem lines, escaped, as fit in `room` characters with the line saying how
    many more there are. Lines are left out whole, and a very long one is shortened before
    escaping: a cut in the escaped text can split an entity such as &amp; or a tag, which
    Telegram refuses, and the hints after the problems must stay (they say what 确认 does)."""
    room -= len(escape(more_line(len(lines), locale))) + 1  # with its newline
    shown: list[str] = []
    used = 0
    for line in lines[:MAX_LISTED]:
        if len(line) > MAX_LINE:
            line = line[: MAX_LINE - 1] + "…"
        html = escape(line)
        if used + len(html) + 1 > room:
            break
        shown.append(html)
        used += len(html) + 1
    if len(shown) < len(lines):
        shown.append(escape(more_line(len(lines) - len(shown), locale)))
    return shown


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
    await take_buttons_off(query)
    await reply(update, text)

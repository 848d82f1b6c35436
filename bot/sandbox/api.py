"""The Bot API methods, answering with Telegram's JSON shapes and errors."""

from __future__ import annotations

import copy
import inspect
import re
from collections.abc import Callable
from typing import Any

from bot.sandbox.chats import ChatRecord
from bot.sandbox.errors import ApiError, bad_request, conflict, not_found
from bot.sandbox.files import MAX_DOWNLOAD, StoredFile
from bot.sandbox.markup import parse_html
from bot.sandbox.messages import StoredMessage, check_reply_markup, inline_markup
from bot.sandbox.params import Params
from bot.sandbox.polls import PollRecord, build_poll
from bot.sandbox.world import CallbackAnswer, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class BotApi:
    """Executes Bot API calls against a :class:`World`."""

    def __init__(self, world: World) -> None:
        self._w = world
        handlers: list[Callable[[Params], Any]] = [
            self.getMe,
            self.getUpdates,
            self.sendMessage,
            self.editMessageText,
            self.editMessageReplyMarkup,
            self.deleteMessage,
            self.answerCallbackQuery,
            self.sendPoll,
            self.stopPoll,
            self.sendDocument,
            self.sendPhoto,
            self.setMyCommands,
            self.getMyCommands,
            self.deleteMyCommands,
            self.setWebhook,
            self.deleteWebhook,
            self.getWebhookInfo,
            self.getChatMember,
            self.getChat,
            self.sendChatAction,
            self.getFile,
            self.logOut,
            self.close,
        ]
        self._handlers = {handler.__name__.lower(): handler for handler in handlers}

    async def call(self, method: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        handler = self._handlers.get(method.lower())
        name = handler.__name__ if handler else method
        self._w.calls.append((name, dict(raw)))
        self._w.notifier.notify()  # lets tests wait for the bot to make a call
        try:
            if handler is None:
                raise not_found()
            self._w.close_due_polls()
            result = handler(Params(raw))
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            self._w.stats.record(name, error.status)
            return error.status, error.body()
        self._w.stats.record(name, 200)
        return 200, {"ok": True, "result": result}

    # --- bot and updates -------------------------------------------------------------

    def getMe(self, p: Params) -> dict[str, Any]:
        return self._w.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": not self._w.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def getUpdates(self, p: Params) -> list[dict[str, Any]]:
        if self._w.webhook.url:
            raise conflict(
                "can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        limit = min(max(p.opt_integer("limit") or 100, 1), 100)
        timeout = max(p.opt_integer("timeout") or 0, 0)
        self._w.updates.set_allowed(p.structured("allowed_updates"))
        return await self._w.updates.get(p.opt_integer("offset"), limit, timeout)

    # --- sending ---------------------------------------------------------------------

    def sendMessage(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.writable(p.chat_id())
        source = p.opt_string("text") or ""
        parse_mode = p.opt_string("parse_mode")
        text, entities = _formatted(source, parse_mode, p.structured("entities"))
        _check_text(text)
        content = {"text": text} | _entities("entities", entities)
        stored = self._send(chat, p, content, "text", source_text=source, parse_mode=parse_mode)
        return copy.deepcopy(stored.json)

    def sendPoll(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.writable(p.chat_id(), "polls")
        poll_id = str(5_000_000_000_000_000 + self._w.serial())
        poll, closes_at = build_poll(poll_id, p, self._w.clock(), int(self._w.wall_clock()))
        # The message shares the poll dict, so votes show in the stored message as well.
        stored = self._send(chat, p, {"poll": poll}, "poll", poll_id=poll_id)
        self._w.add_poll(PollRecord(poll, chat.id, closes_at))
        return copy.deepcopy(stored.json)

    def sendDocument(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.writable(p.chat_id(), "documents")
        stored_file = self._w.files.resolve(p.file("document"), "documents")
        return self._send_file(chat, p, stored_file, {"document": stored_file.document_json()})

    def sendPhoto(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.writable(p.chat_id(), "photos")
        stored_file = self._w.files.resolve(p.file("photo"), "photos")
        return self._send_file(chat, p, stored_file, {"photo": stored_file.photo_json()})

    def _send_file(
        self, chat: ChatRecord, p: Params, stored_file: StoredFile, content: dict[str, Any]
    ) -> dict[str, Any]:
        source = p.opt_string("caption")
        parse_mode = p.opt_string("parse_mode")
        if source:
            caption, entities = _formatted(source, parse_mode, p.structured("caption_entities"))
            if len(caption) > MAX_CAPTION:
                raise bad_request("message caption is too long")
            content = content | {"caption": caption} | _entities("caption_entities", entities)
        kind = "document" if "document" in content else "photo"
        stored = self._send(
            chat,
            p,
            content,
            kind,
            source_text=source,
            parse_mode=parse_mode,
            file_id=stored_file.file_id,
        )
        return copy.deepcopy(stored.json)

    def _send(
        self, chat: ChatRecord, p: Params, content: dict[str, Any], kind: str, **extra: Any
    ) -> StoredMessage:
        """Post the bot's message: the checks every send method shares, then the flood gate."""
        markup = inline_markup(check_reply_markup(p.structured("reply_markup")))
        reply = self._replied(chat, p)
        if self._w.flood is not None:
            self._w.flood.check_send(chat.id, chat.is_group)
        if reply is not None:
            content = content | {"reply_to_message": reply}
        if markup is not None:
            content = content | {"reply_markup": markup}
        bot = _sender(self._w.bot_user)
        return self._w.post(chat, bot, content, kind=kind, by_bot=True, **extra)

    def _replied(self, chat: ChatRecord, p: Params) -> dict[str, Any] | None:
        options = p.structured("reply_parameters") or {}
        message_id = options.get("message_id") or p.opt_integer("reply_to_message_id")
        if not message_id:
            return None
        stored = self._w.messages.get(chat.id, int(message_id))
        if stored is not None:
            replied = copy.deepcopy(stored.json)
            replied.pop("reply_to_message", None)  # Telegram does not nest replies further
            return replied
        if options.get("allow_sending_without_reply") or p.flag("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    # --- changing sent messages --------------------------------------------------------

    def editMessageText(self, p: Params) -> dict[str, Any]:
        stored = self._editable(p)
        if stored.kind != "text":
            raise bad_request("there is no text in the message to edit")
        source = p.opt_string("text") or ""
        parse_mode = p.opt_string("parse_mode")
        text, entities = _formatted(source, parse_mode, p.structured("entities"))
        _check_text(text)
        markup = inline_markup(check_reply_markup(p.structured("reply_markup")))
        message = stored.json
        if (text, entities, markup) == (
            message["text"],
            message.get("entities", []),
            message.get("reply_markup"),
        ):
            raise bad_request(_NOT_MODIFIED)
        self._count_edit()
        message["text"] = text
        _replace(message, "entities", entities or None)
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        _replace(message, "reply_markup", markup)
        stored.source_text, stored.parse_mode = source, parse_mode
        return self._edited(stored)

    def editMessageReplyMarkup(self, p: Params) -> dict[str, Any]:
        stored = self._editable(p)
        markup = inline_markup(check_reply_markup(p.structured("reply_markup")))
        if markup == stored.json.get("reply_markup"):
            raise bad_request(_NOT_MODIFIED)
        self._count_edit()
        _replace(stored.json, "reply_markup", markup)
        return self._edited(stored)

    def _editable(self, p: Params) -> StoredMessage:
        if p.has("inline_message_id"):
            raise bad_request("message to edit not found")  # the sandbox has no inline mode
        chat = self._w.directory.writable(p.chat_id())
        stored = self._w.messages.get(chat.id, p.integer("message_id"))
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.by_bot:
            raise bad_request("message can't be edited")
        return stored

    def _count_edit(self) -> None:
        if self._w.flood is not None:
            self._w.flood.check_edit()

    def _edited(self, stored: StoredMessage) -> dict[str, Any]:
        stored.json["edit_date"] = int(self._w.wall_clock())
        self._w.notifier.notify()
        return copy.deepcopy(stored.json)

    def deleteMessage(self, p: Params) -> bool:
        chat = self._w.directory.resolve(p.chat_id())
        stored = self._w.messages.get(chat.id, p.integer("message_id"))
        if stored is None:
            raise bad_request("message to delete not found")
        stored.deleted = True
        self._w.notifier.notify()
        return True

    def stopPoll(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.writable(p.chat_id())
        stored = self._w.messages.get(chat.id, p.integer("message_id"))
        if stored is None or stored.poll_id is None:
            raise bad_request("message with poll to stop not found")
        if not stored.by_bot:
            raise bad_request("poll can't be stopped")
        record = self._w.polls[stored.poll_id]
        if record.json["is_closed"]:
            raise bad_request("poll has already been closed")
        markup = inline_markup(check_reply_markup(p.structured("reply_markup")))
        self._count_edit()
        record.json["is_closed"] = True
        _replace(stored.json, "reply_markup", markup)
        self._w.updates.push("poll", record.json)
        return record.snapshot()

    def answerCallbackQuery(self, p: Params) -> bool:
        query_id = p.string("callback_query_id")
        if query_id not in self._w.open_callbacks:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._w.open_callbacks.discard(query_id)
        answer = CallbackAnswer(query_id, p.opt_string("text"), p.flag("show_alert"))
        self._w.callback_answers.append(answer)
        self._w.notifier.notify()
        return True

    def sendChatAction(self, p: Params) -> bool:
        self._w.directory.writable(p.chat_id())
        if p.opt_string("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # --- bot settings ------------------------------------------------------------------

    def setMyCommands(self, p: Params) -> bool:
        commands = p.structured("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100 BotCommand objects")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.match(command.get("command", "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("command description must be 1-256 characters")
        listed = [{"command": c["command"], "description": c["description"]} for c in commands]
        self._w.commands[self._commands_key(p)] = listed
        self._w.notifier.notify()
        return True

    def getMyCommands(self, p: Params) -> list[dict[str, str]]:
        return copy.deepcopy(self._w.commands.get(self._commands_key(p), []))

    def deleteMyCommands(self, p: Params) -> bool:
        self._w.commands.pop(self._commands_key(p), None)
        return True

    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        scope = p.structured("scope") or {}
        return str(scope.get("type", "default")), p.opt_string("language_code") or ""

    def setWebhook(self, p: Params) -> bool:
        url = p.opt_string("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.opt_string("secret_token")
        if secret is not None and not _SECRET.match(secret):
            raise bad_request("secret token contains unallowed characters")
        if p.flag("drop_pending_updates"):
            self._w.updates.drop_all()
        allowed = p.structured("allowed_updates")
        self._w.updates.set_allowed(allowed)
        webhook = self._w.webhook
        webhook.url, webhook.secret_token, webhook.allowed_updates = url, secret, allowed
        webhook.max_connections = p.opt_integer("max_connections") or 40
        return True

    def deleteWebhook(self, p: Params) -> bool:
        if p.flag("drop_pending_updates"):
            self._w.updates.drop_all()
        self._w.webhook.url, self._w.webhook.secret_token = "", None
        return True

    def getWebhookInfo(self, p: Params) -> dict[str, Any]:
        webhook = self._w.webhook
        info: dict[str, Any] = {
            "url": webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._w.updates),
        }
        if webhook.url:
            info["max_connections"] = webhook.max_connections
            if webhook.allowed_updates:
                info["allowed_updates"] = webhook.allowed_updates
        return info

    def logOut(self, p: Params) -> bool:
        return True

    def close(self, p: Params) -> bool:
        return True

    # --- chats and files ---------------------------------------------------------------

    def getChat(self, p: Params) -> dict[str, Any]:
        chat = self._w.directory.resolve(p.chat_id())
        return chat.as_json() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def getChatMember(self, p: Params) -> dict[str, Any]:
        directory = self._w.directory
        chat = directory.resolve(p.chat_id())
        user_id = p.integer("user_id")
        user = directory.bot_user if user_id == directory.bot_user["id"] else None
        user = user or directory.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        may_send = user_id == directory.bot_user["id"] and chat.restricted_bot_may_send
        return member_json(
            _sender(user), directory.member_status(chat, user_id), can_send_messages=may_send
        )

    def getFile(self, p: Params) -> dict[str, Any]:
        stored = self._w.files.by_id(p.string("file_id"))
        if len(stored.content) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return stored.file_json()


def member_json(
    user: dict[str, Any], status: str, *, can_send_messages: bool = False
) -> dict[str, Any]:
    """A ChatMember object with the fields PTB requires for each status; a restricted one
    may send messages (of every kind) or nothing."""
    member: dict[str, Any] = {"user": user, "status": status}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member |= {"can_be_edited": False, "is_anonymous": False} | dict.fromkeys(
            (
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "can_pin_messages",
            ),
            True,
        )
    elif status == "restricted":
        member |= {"until_date": 0, "is_member": True}
        member |= dict.fromkeys(
            (
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
                "can_edit_tag",
            ),
            False,
        )
        member |= dict.fromkeys(_SEND_RIGHTS, can_send_messages)
    elif status == "kicked":
        member["until_date"] = 0
    return member


# A restricted member's rights to post, each kind of message its own.
_SEND_RIGHTS = (
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_react_to_messages",
)


def _sender(user: dict[str, Any]) -> dict[str, Any]:
    """The User object as embedded in messages (getMe's capability flags left out)."""
    keys = ("id", "is_bot", "first_name", "last_name", "username", "language_code")
    return {key: user[key] for key in keys if key in user}


def _formatted(
    source: str, parse_mode: str | None, entities: Any
) -> tuple[str, list[dict[str, Any]]]:
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(source)
    if mode in ("markdown", "markdownv2"):
        return source, []  # accepted but not parsed: the bot formats in HTML
    if mode:
        raise bad_request("unsupported parse_mode")
    return source, list(entities or [])


def _check_text(text: str) -> None:
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")


def _entities(key: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    return {key: entities} if entities else {}


def _replace(message: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value

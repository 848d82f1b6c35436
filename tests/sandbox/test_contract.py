"""Each Bot API method, called through a real PTB Bot and parsed into PTB's own objects."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, Conflict, EndPointNotFound, InvalidToken
from telegram.warnings import PTBDeprecationWarning

from bot.sandbox import BotApiSandbox, SandboxRequest, buttons

USER = 42


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


async def test_get_me(bot: Bot, sandbox: BotApiSandbox) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.id == 123456
    assert me.username == "studybot_sandbox_bot"
    assert me.can_read_all_group_messages is False
    assert sandbox.calls[0][0] == "getMe"


async def test_get_updates_parses_message_callback_and_poll_answer(
    bot: Bot, sandbox: BotApiSandbox
) -> None:
    sandbox.user(USER, "Li", username="li_lei")
    sandbox.send_message(USER, "/start@studybot_sandbox_bot payload")
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard([("A", "ans:1")]))
    sandbox.press_button(USER, sent.message_id, "ans:1")
    poll = await bot.send_poll(USER, "Q", ["x", "y"], is_anonymous=False)
    assert poll.poll is not None
    sandbox.answer_poll(USER, poll.poll.id, [1])

    updates = await bot.get_updates(timeout=0)

    message = updates[0].message
    assert message is not None and message.from_user is not None
    assert message.text == "/start@studybot_sandbox_bot payload"
    assert message.from_user.username == "li_lei"
    assert message.entities == (
        MessageEntity(MessageEntity.BOT_COMMAND, 0, len("/start@studybot_sandbox_bot")),
    )
    query = updates[1].callback_query
    assert query is not None and query.message is not None
    assert query.data == "ans:1"
    assert query.from_user.id == USER
    assert query.message.message_id == sent.message_id
    answer = updates[2].poll_answer
    assert answer is not None and answer.user is not None
    assert answer.option_ids == (1,)
    assert answer.option_persistent_ids == ("1",)
    assert answer.user.id == USER
    new_state = updates[3].poll
    assert new_state is not None
    assert new_state.options[1].voter_count == 1
    assert new_state.total_voter_count == 1


async def test_get_updates_offset_confirms_older_updates(bot: Bot, sandbox: BotApiSandbox) -> None:
    for text in ("one", "two", "three"):
        sandbox.send_message(USER, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert len(sandbox.pending_updates()) == 1  # confirmed only by the next offset
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == ()
    assert sandbox.pending_updates() == []


async def test_allowed_updates_filter_what_the_bot_gets(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard([("A", "a")]))
    sandbox.press_button(USER, sent.message_id, "a")
    sandbox.send_message(USER, "hello")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates if u.message] == ["hello"]
    assert all(u.callback_query is None for u in updates)


async def test_send_message_html_keyboard_and_reply(bot: Bot, sandbox: BotApiSandbox) -> None:
    question = sandbox.send_message(USER, "what is 1 &lt; 2?")
    message = await bot.send_message(
        USER,
        "<b>Question</b> 1 &lt; 2 <i>?</i>",
        parse_mode="HTML",
        reply_markup=keyboard([("Yes", "y"), ("No", "n")], [("Site", "s")]),
        reply_parameters=ReplyParameters(question["message_id"]),
    )
    assert message.text == "Question 1 < 2 ?"
    assert message.entities == (
        MessageEntity(MessageEntity.BOLD, 0, 8),
        MessageEntity(MessageEntity.ITALIC, 15, 1),
    )
    assert message.from_user is not None and message.from_user.id == bot.id
    assert message.chat.id == USER and message.chat.type == "private"
    assert message.reply_to_message is not None
    assert message.reply_to_message.text == "what is 1 &lt; 2?"
    assert message.reply_markup == keyboard([("Yes", "y"), ("No", "n")], [("Site", "s")])
    assert isinstance(message.date, dtm.datetime)

    sent = sandbox.last(USER)
    assert sent is not None
    assert sent.text == "<b>Question</b> 1 &lt; 2 <i>?</i>"
    assert sent.plain_text == "Question 1 < 2 ?"
    assert sent.parse_mode == "HTML"
    assert buttons(sent) == [("Yes", "y"), ("No", "n"), ("Site", "s")]


async def test_reply_to_missing_message(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(USER, "x", reply_to_message_id=99)
    ok = await bot.send_message(
        USER, "x", reply_parameters=ReplyParameters(99, allow_sending_without_reply=True)
    )
    assert ok.reply_to_message is None


async def test_edit_message_text_and_markup(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    sent = await bot.send_message(USER, "Q1", reply_markup=keyboard([("A", "a")]))

    edited = await bot.edit_message_text(
        "Q1 <b>answered</b>", USER, sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, Message)
    assert edited.text == "Q1 answered"
    assert edited.edit_date is not None
    assert edited.reply_markup is None  # no reply_markup in the edit removes the keyboard
    view = sandbox.last(USER)
    assert view is not None and view.edited and view.keyboard == ()

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Q1 <b>answered</b>", USER, sent.message_id, parse_mode="HTML")

    marked = await bot.edit_message_reply_markup(
        USER, sent.message_id, reply_markup=keyboard([("B", "b")])
    )
    assert isinstance(marked, Message)
    assert marked.reply_markup == keyboard([("B", "b")])
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(
            USER, sent.message_id, reply_markup=keyboard([("B", "b")])
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 999)


async def test_edit_refuses_user_messages_and_non_text(bot: Bot, sandbox: BotApiSandbox) -> None:
    user_message = sandbox.send_message(USER, "mine")
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", USER, user_message["message_id"])
    poll = await bot.send_poll(USER, "Q", ["a", "b"])
    with pytest.raises(BadRequest, match=r"(?i)there is no text in the message to edit"):
        await bot.edit_message_text("x", USER, poll.message_id)


async def test_delete_message(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    sent = await bot.send_message(USER, "bye")
    assert await bot.delete_message(USER, sent.message_id) is True
    assert sandbox.sent(USER) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)


async def test_answer_callback_query(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard([("A", "a")]))
    query_id = sandbox.press_button(USER, sent.message_id, "a")
    assert await bot.answer_callback_query(query_id, "Right!", show_alert=True) is True
    assert sandbox.callback_answers == [(query_id, "Right!", True)]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)  # a query is answered once
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("123")


async def test_send_quiz_poll(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    with pytest.warns(PTBDeprecationWarning):
        message = await bot.send_poll(
            USER,
            "2 + 2 = ?",
            ["3", "4", "5"],
            type="quiz",
            correct_option_id=1,
            is_anonymous=False,
            open_period=30,
            explanation="Arithmetic",
        )
    poll = message.poll
    assert poll is not None
    assert poll.type == "quiz"
    assert poll.question == "2 + 2 = ?"
    assert [option.text for option in poll.options] == ["3", "4", "5"]
    assert [option.persistent_id for option in poll.options] == ["0", "1", "2"]
    assert poll.correct_option_ids == (1,)
    with pytest.warns(PTBDeprecationWarning):
        assert poll.correct_option_id == 1
    assert poll.is_anonymous is False
    assert poll.allows_revoting is False
    assert poll.explanation == "Arithmetic"
    assert poll.close_date is not None
    assert poll.to_dict()["open_period"] == 30
    view = sandbox.last(USER)
    assert view is not None and view.kind == "poll" and view.poll is not None
    assert view.poll["correct_option_ids"] == [1]


async def test_send_poll_with_several_correct_options(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    message = await bot.send_poll(
        USER,
        "Which are even?",
        ["1", "2", "3", "4"],
        type="quiz",
        allows_multiple_answers=True,
        correct_option_ids=[1, 3],
        close_date=dtm.datetime.now(dtm.UTC) + dtm.timedelta(minutes=5),
    )
    assert message.poll is not None
    assert message.poll.correct_option_ids == (1, 3)
    assert message.poll.allows_multiple_answers


@pytest.mark.parametrize(
    ("question", "options", "extra", "error"),
    [
        ("", ["a", "b"], {}, "poll question must be non-empty"),
        ("q" * 301, ["a", "b"], {}, "poll question length must not exceed 300"),
        ("q", ["a"], {}, "poll must have at least 2 option"),
        ("q", [str(i) for i in range(13)], {}, "poll can't have more than 12 options"),
        ("q", ["a", "b" * 101], {}, "poll options length must not exceed 100"),
        ("q", ["a", "b"], {"type": "quiz"}, "quiz poll must have a correct option"),
        ("q", ["a", "b"], {"type": "quiz", "correct_option_ids": [2]}, "wrong correct option"),
        ("q", ["a", "b"], {"open_period": 2}, "wrong open period"),
    ],
)
async def test_send_poll_validation(
    bot: Bot,
    sandbox: BotApiSandbox,
    question: str,
    options: list[str],
    extra: dict[str, object],
    error: str,
) -> None:
    sandbox.private_chat(USER)
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_poll(USER, question, options, **extra)  # type: ignore[arg-type]


async def test_stop_poll(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    message = await bot.send_poll(USER, "Q", ["a", "b"], is_anonymous=False)
    assert message.poll is not None
    sandbox.answer_poll(USER, message.poll.id, [0])
    stopped = await bot.stop_poll(USER, message.message_id)
    assert stopped.is_closed
    assert stopped.options[0].voter_count == 1
    with pytest.raises(BadRequest, match=r"(?i)poll has already been closed"):
        await bot.stop_poll(USER, message.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message with poll to stop not found"):
        await bot.stop_poll(USER, 999)
    view = sandbox.last(USER)
    assert view is not None and view.poll is not None and view.poll["is_closed"]


async def test_send_document_and_photo_then_download(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    message = await bot.send_document(
        USER,
        b"id,points\n1,10\n",
        filename="ranking.csv",
        caption="<b>Ranking</b>",
        parse_mode="HTML",
    )
    document = message.document
    assert document is not None
    assert document.file_name == "ranking.csv"
    assert document.file_size == 15
    assert document.mime_type == "text/csv"
    assert document.file_unique_id
    assert message.caption == "Ranking"
    assert message.caption_entities == (MessageEntity(MessageEntity.BOLD, 0, 7),)

    again = await bot.send_document(USER, document.file_id)  # resend by file_id
    assert again.document is not None and again.document.file_id == document.file_id

    photo = await bot.send_photo(USER, b"\x89PNG fake", filename="chart.png")
    assert photo.photo and photo.photo[-1].width > 0

    file = await bot.get_file(document.file_id)
    assert file.file_path is not None and file.file_path.endswith(".csv")
    assert bytes(await file.download_as_bytearray()) == b"id,points\n1,10\n"

    kinds = [(sent.kind, sent.file_name) for sent in sandbox.sent(USER)]
    assert kinds == [
        ("document", "ranking.csv"),
        ("document", "ranking.csv"),
        ("photo", "chart.png"),
    ]
    assert sandbox.sent(USER)[0].file_content == b"id,points\n1,10\n"
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(USER, "no-such-file-id")


async def test_user_document_can_be_downloaded(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.send_document(USER, "bank.yaml", b"questions: []\n", caption="new bank")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.caption == "new bank"
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"questions: []\n"


async def test_my_commands(bot: Bot, sandbox: BotApiSandbox) -> None:
    commands = [BotCommand("start", "开始"), BotCommand("quiz", "答题")]
    assert await bot.set_my_commands(commands) is True
    assert await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    assert await bot.get_my_commands() == tuple(commands)
    assert sandbox.commands() == [("start", "开始"), ("quiz", "答题")]
    assert sandbox.commands("en") == [("start", "Start")]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Bad-Command", "x")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


async def test_webhook(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.send_message(USER, "queued")
    assert await bot.set_webhook("https://bot.example.org/hook", secret_token="s3cr3t_-")
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.org/hook"
    assert info.pending_update_count == 1
    assert sandbox.webhook.secret_token == "s3cr3t_-"
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    with pytest.raises(BadRequest, match=r"(?i)HTTPS URL must be provided"):
        await bot.set_webhook("http://bot.example.org/hook")
    with pytest.raises(BadRequest, match=r"(?i)secret token contains unallowed characters"):
        await bot.set_webhook("https://bot.example.org/hook", secret_token="no spaces")
    assert await bot.delete_webhook(drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0


async def test_get_chat_member_and_chat(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(
        -100, "Branch 1", members={1: "creator", 2: "administrator", 3: "member", 4: "left"}
    )
    assert isinstance(await bot.get_chat_member(-100, 1), ChatMemberOwner)
    assert isinstance(await bot.get_chat_member(-100, 2), ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(-100, 3), ChatMemberMember)
    assert isinstance(await bot.get_chat_member(-100, 4), ChatMemberLeft)
    sandbox.user(5)
    assert isinstance(await bot.get_chat_member(-100, 5), ChatMemberLeft)
    assert (await bot.get_chat_member(-100, bot.id)).status == "member"
    with pytest.raises(BadRequest, match=r"(?i)user not found"):
        await bot.get_chat_member(-100, 777)
    chat = await bot.get_chat(-100)
    assert chat.title == "Branch 1" and chat.type == "group"
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.get_chat(-555)


async def test_send_chat_action_log_out_and_close(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    assert await bot.send_chat_action(USER, ChatAction.TYPING)
    with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")
    assert await bot.log_out()
    assert await bot.close()


async def test_unknown_method_and_wrong_token(bot: Bot, sandbox: BotApiSandbox) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendHologram", {"chat_id": USER})
    status, body = await sandbox.call("SENDHOLOGRAM", {})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await sandbox.call("GETME", {})  # method names ignore case
    assert status == 200 and body["result"]["id"] == bot.id
    intruder = Bot("999:WRONG", request=SandboxRequest(sandbox))
    with pytest.raises(InvalidToken):
        await intruder.get_me()


async def test_form_encoded_values_are_decoded(sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    status, body = await sandbox.call(
        "sendMessage", {"chat_id": str(USER), "text": "123", "reply_markup": markup}
    )
    assert status == 200
    assert body["result"]["text"] == "123"
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    status, body = await sandbox.call(
        "sendMessage", {"chat_id": USER, "text": "x", "reply_markup": "{oops"}
    )
    assert status == 400 and "can't parse" in body["description"]


async def test_poll_ids_do_not_repeat_in_a_new_sandbox(bot: Bot, sandbox: BotApiSandbox) -> None:
    """The console keeps its database between sessions, each with a new sandbox."""
    other = BotApiSandbox()
    for each in (sandbox, other):
        each.private_chat(USER)
    async with Bot(other.token, request=SandboxRequest(other)) as other_bot:
        theirs = await other_bot.send_poll(USER, "Q", ["a", "b"])
    ours = await bot.send_poll(USER, "Q", ["a", "b"])
    assert ours.poll is not None and theirs.poll is not None
    assert ours.poll.id != theirs.poll.id

"""The control side: playing users, reading back, waiting, and a real PTB Application."""

from __future__ import annotations

import asyncio

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiSandbox, SandboxError, SandboxRequest
from tests.sandbox.conftest import FakeClock

USER = 42


def kinds(updates: list[dict[str, object]]) -> list[str]:
    return [next(key for key in update if key != "update_id") for update in updates]


def one_button(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])


async def test_stale_buttons_cannot_be_pressed_but_can_be_forged(
    bot: Bot, sandbox: BotApiSandbox
) -> None:
    sandbox.private_chat(USER)
    sent = await bot.send_message(USER, "Q", reply_markup=one_button("q1:a"))
    await bot.edit_message_text("Q (closed)", USER, sent.message_id)
    with pytest.raises(SandboxError, match="no button with callback_data 'q1:a'"):
        sandbox.press_button(USER, sent.message_id, "q1:a")

    sandbox.inject_callback(USER, sent.message_id, "q1:a")
    await bot.delete_message(USER, sent.message_id)
    sandbox.inject_callback(USER, sent.message_id, "forged")
    stale, gone = (Update.de_json(u, bot).callback_query for u in sandbox.take_updates())
    assert stale is not None and gone is not None
    assert isinstance(stale.message, Message)
    assert stale.message.text == "Q (closed)"  # the message as it is now
    assert gone.message is not None and not gone.message.is_accessible
    assert gone.data == "forged"


async def test_votes_and_retractions(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(-20, "Contest", members={1: "member", 2: "member"})
    message = await bot.send_poll(
        -20, "Pick", ["a", "b", "c"], is_anonymous=False, allows_multiple_answers=True
    )
    assert message.poll is not None
    poll_id = message.poll.id
    sandbox.answer_poll(1, poll_id, [0, 2])
    sandbox.answer_poll(2, poll_id, [2])
    sandbox.answer_poll(2, poll_id, [])
    view = sandbox.last(-20)
    assert view is not None and view.poll is not None
    assert [o["voter_count"] for o in view.poll["options"]] == [1, 0, 1]
    assert view.poll["total_voter_count"] == 1
    answers = [
        u["poll_answer"]["option_ids"] for u in sandbox.take_updates() if "poll_answer" in u
    ]
    assert answers == [[0, 2], [2], []]
    with pytest.raises(SandboxError, match=r"options 0\.\.2"):
        sandbox.answer_poll(1, poll_id, [3])
    with pytest.raises(SandboxError, match="no poll"):
        sandbox.answer_poll(1, "nope", [0])


async def test_quiz_votes_are_final_and_anonymous_votes_send_no_answer(
    bot: Bot, sandbox: BotApiSandbox
) -> None:
    sandbox.private_chat(USER)
    quiz = await bot.send_poll(USER, "Q", ["a", "b"], type="quiz", correct_option_ids=[0])
    assert quiz.poll is not None
    with pytest.raises(SandboxError, match="allows only one answer"):
        sandbox.answer_poll(USER, quiz.poll.id, [0, 1])
    with pytest.raises(SandboxError, match="cannot see"):
        sandbox.answer_poll(USER + 1, quiz.poll.id, [0])
    sandbox.answer_poll(USER, quiz.poll.id, [1])
    with pytest.raises(SandboxError, match="does not allow changing a vote"):
        sandbox.answer_poll(USER, quiz.poll.id, [0])
    assert kinds(sandbox.take_updates()) == ["poll"]  # anonymous by default


async def test_polls_close_when_their_time_is_up(
    bot: Bot, sandbox: BotApiSandbox, clock: FakeClock
) -> None:
    sandbox.private_chat(USER)
    message = await bot.send_poll(USER, "Q", ["a", "b"], is_anonymous=False, open_period=10)
    assert message.poll is not None
    clock.advance(10)
    with pytest.raises(SandboxError, match="is closed"):
        sandbox.answer_poll(USER, message.poll.id, [0])
    (update,) = sandbox.take_updates()
    assert update["poll"]["is_closed"] is True


async def test_polls_close_in_the_order_their_time_is_up_and_a_stopped_one_only_once(
    bot: Bot, sandbox: BotApiSandbox, clock: FakeClock
) -> None:
    sandbox.private_chat(USER)

    async def poll(question: str, seconds: int) -> None:
        await bot.send_poll(USER, question, ["a", "b"], is_anonymous=False, open_period=seconds)

    def closed_now() -> list[str]:
        sandbox.sent(USER)  # reading the chat closes what is due, as a client would see it
        return [u["poll"]["question"] for u in sandbox.take_updates()]

    await poll("later", 30)
    await poll("stopped", 5)
    await poll("sooner", 10)
    await bot.stop_poll(USER, 2)
    assert closed_now() == ["stopped"]  # Telegram tells the bot of its polls' every state
    clock.advance(5)  # when the stopped one would have closed: no second update
    assert closed_now() == []
    clock.advance(5)
    assert closed_now() == ["sooner"]
    clock.advance(20)
    assert closed_now() == ["later"]
    clock.advance(60)
    assert closed_now() == []


async def test_group_privacy_mode(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.group_chat(-30, "Study group", members={1: "member"})
    question = await bot.send_message(-30, "Fill in: the capital is ___")
    chatter = sandbox.send_message(1, "just chatting", chat_id=-30)
    sandbox.send_message(1, "/rank@other_bot", chat_id=-30)
    sandbox.send_message(1, "/rank", chat_id=-30)
    sandbox.send_message(1, "/rank@studybot_sandbox_bot", chat_id=-30)
    sandbox.send_message(1, "Beijing", chat_id=-30, reply_to=question.message_id)
    texts = [u["message"]["text"] for u in sandbox.take_updates()]
    assert texts == ["/rank", "/rank@studybot_sandbox_bot", "Beijing"]
    stored = sandbox.message(-30, chatter["message_id"])  # in the chat, just not delivered
    assert stored is not None and stored["text"] == "just chatting"

    sandbox.group_chat(-31, "Bot is admin", members={bot.id: "administrator"})
    sandbox.send_message(1, "just chatting", chat_id=-31)
    assert len(sandbox.take_updates()) == 1
    open_sandbox = BotApiSandbox(privacy_mode=False)
    open_sandbox.group_chat(-30, "Study group")
    open_sandbox.send_message(1, "just chatting", chat_id=-30)
    assert len(open_sandbox.take_updates()) == 1


async def test_pending_and_take_share_one_queue(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.send_message(USER, "a")
    sandbox.send_message(USER, "b")
    assert [u["message"]["text"] for u in sandbox.pending_updates()] == ["a", "b"]
    assert len(sandbox.take_updates()) == 2
    assert sandbox.pending_updates() == []
    assert await bot.get_updates() == ()


async def test_wait_sent_wakes_on_send_and_times_out(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)

    async def reply_later() -> None:
        await asyncio.sleep(0)
        await bot.send_message(USER, "first")
        await bot.send_message(USER, "second")

    task = asyncio.create_task(reply_later())
    sent = await sandbox.wait_sent(2, chat_id=USER, timeout=2)
    await task
    assert [message.text for message in sent] == ["first", "second"]
    with pytest.raises(TimeoutError):
        await sandbox.wait_sent(3, chat_id=USER, timeout=0.05)
    with pytest.raises(TimeoutError):
        await sandbox.wait_for(lambda: bool(sandbox.callback_answers), timeout=0.05)


async def test_reset_forgets_everything(bot: Bot, sandbox: BotApiSandbox) -> None:
    sandbox.private_chat(USER)
    await bot.send_message(USER, "x")
    sandbox.reset()
    assert sandbox.sent() == [] and sandbox.calls == [] and sandbox.pending_updates() == []
    assert sandbox.stats.sends_ok == 0
    await bot.get_me()  # the same bot object keeps working


def build_app(sandbox: BotApiSandbox) -> Application:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_message(
            update.effective_chat.id, "Welcome! Ready?", reply_markup=one_button("ready")
        )

    async def ready(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Let's go")
        await query.edit_message_text("Question 1: 1 + 1 = ?")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(f"You said {update.message.text}")

    app = (
        ApplicationBuilder()
        .token(sandbox.token)
        .request(SandboxRequest(sandbox))
        .get_updates_request(SandboxRequest(sandbox))
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(ready, pattern="^ready$"))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


async def test_application_polls_the_sandbox(sandbox: BotApiSandbox) -> None:
    app = build_app(sandbox)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await app.start()
        try:
            sandbox.send_message(USER, "/start")
            (welcome,) = await sandbox.wait_sent(1, chat_id=USER)
            sandbox.press_button(USER, welcome.message_id, "ready")
            await sandbox.wait_for(lambda: bool(sandbox.callback_answers))
            await sandbox.wait_for(lambda: sandbox.sent(USER)[0].edited)
        finally:
            await app.updater.stop()
            await app.stop()
    assert sandbox.callback_answers[0].text == "Let's go"
    assert sandbox.sent(USER)[0].text == "Question 1: 1 + 1 = ?"
    assert sandbox.sent(USER)[0].keyboard == ()


async def test_harness_feeds_taken_updates_to_process_update(sandbox: BotApiSandbox) -> None:
    app = build_app(sandbox)
    async with app:
        sandbox.send_message(USER, "hello")
        for data in sandbox.take_updates():
            await app.process_update(Update.de_json(data, app.bot))
    last = sandbox.last(USER)
    assert last is not None and last.text == "You said hello"

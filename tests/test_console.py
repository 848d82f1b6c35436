"""The terminal console in group mode, in process: what a person types and what it does."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from bot.console import Console
from tests.harness import ADMIN_ID, make_config
from tests.tgbot.pushkit import write_schedules
from tests.tgbot.quizkit import MIXED_BANK, single_bank, write_banks

GROUP = -100123


async def test_group_mode_votes_in_a_contest_poll_by_option_number(tmp_path: Path) -> None:
    config = make_config(f"sqlite+aiosqlite:///{tmp_path / 'console.db'}")
    out = io.StringIO()
    console = Console(config, user_id=ADMIN_ID, name="组织员", group=GROUP, out=out)
    await console.start()
    try:
        # A contest question as the bot posts it: a non-anonymous quiz poll.
        poll = await console.app.bot.send_poll(
            GROUP,
            "[1/1] 单选题",
            ["甲", "乙", "丙"],
            is_anonymous=False,
            type="quiz",
            correct_option_ids=[1],
            open_period=30,
        )
        console.transcript.flush()
        assert "[2] 乙" in out.getvalue()  # options numbered like buttons
        await console.handle("2")
        shown = console.sandbox.message(GROUP, poll.message_id)
        assert shown is not None
        assert shown["poll"]["options"][1]["voter_count"] == 1
        assert console.app.bot_data.contests.queued == 1  # the bot got the PollAnswer
        await console.handle("3")  # a second vote: refused, not sent as a message
        assert "投票没有被接受" in out.getvalue()
        assert shown["poll"]["total_voter_count"] == 1
        # Once the bot says something else, a number is a message again.
        await console.app.bot.send_message(GROUP, "第 1/1 题结束")
        console.transcript.flush()
        assert console.transcript.vote("2") is None
    finally:
        await console.stop()


async def test_a_quiz_poll_answered_in_the_console_shows_what_telegram_would(
    tmp_path: Path,
) -> None:
    """With quiz.polls the bot sends no verdict: Telegram's app shows it in the poll. The
    console, where an organiser tries a bank, says it instead."""
    config = make_config(f"sqlite+aiosqlite:///{tmp_path / 'console.db'}", quiz={"polls": True})
    out = io.StringIO()
    console = Console(config, user_id=ADMIN_ID, name="组织员", group=None, out=out)
    await console.start()
    try:
        poll = await console.app.bot.send_poll(
            ADMIN_ID,
            "单选题",
            ["甲", "乙", "丙"],
            is_anonymous=False,
            type="quiz",
            correct_option_ids=[1],
            explanation="解析：乙是对的",
        )
        console.transcript.flush()
        await console.handle("1")
        shown = out.getvalue()
        assert "（Telegram 显示：❌ 回答错误，正确答案：[2] 乙）" in shown
        assert "💡 解析：乙是对的" in shown
        assert poll.poll is not None
    finally:
        await console.stop()


def polls_console(tmp_path: Path, bank: dict[str, Any], out: io.StringIO) -> Console:
    """A console on a private chat, with `bank` alone and questions as quiz polls."""
    config = make_config(
        f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
        quizzes_dir=str(write_banks(tmp_path / "quizzes", bank)),
        schedules_dir=str(write_schedules(tmp_path / "schedules")),
        quiz={"polls": True},
    )
    return Console(config, user_id=ADMIN_ID, name="组织员", group=None, out=out)


async def test_a_quiz_poll_the_bot_closes_is_shown_closed_with_the_answer(
    tmp_path: Path,
) -> None:
    """/stop, a typed answer or the time running out: the bot closes the question's poll.
    Telegram's app then shows it closed with the right option marked; the console says so,
    once, and a number typed afterwards is no vote in it."""
    out = io.StringIO()
    console = polls_console(tmp_path, single_bank(1), out)
    await console.start()
    try:
        await console.handle("/quiz")
        assert "[2] 对的" in out.getvalue()
        assert "投票已结束" not in out.getvalue()
        await console.handle("/stop")
        shown = out.getvalue()
        assert shown.count("（Telegram 显示：投票已结束，正确答案：[2] 对的）") == 1
        assert shown.index("投票已结束") < shown.index("每日答题结束")
        console.transcript.flush()
        assert out.getvalue() == shown
        assert console.transcript.vote("2") is None
    finally:
        await console.stop()


async def test_a_true_false_poll_answered_by_typing_in_english(tmp_path: Path) -> None:
    out = io.StringIO()
    judge_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][2]]}  # answer 对
    console = polls_console(tmp_path, judge_only, out)
    await console.start()
    try:
        await console.handle("/lang en")
        await console.handle("/quiz")
        assert "   [1] True\n   [2] False" in out.getvalue()
        await console.handle("f")
        shown = out.getvalue()
        closed = shown.index("(Telegram shows: the poll is closed; the right answer: [1] True)")
        assert closed < shown.index("Wrong. Your answer: False; the correct answer: True")
    finally:
        await console.stop()


async def test_a_quiz_poll_still_takes_a_vote_after_something_typed_by_mistake(
    tmp_path: Path,
) -> None:
    """A member types a word instead of tapping; the bot points to the poll. The poll is
    still open in Telegram's app, so the option number typed next is a vote."""
    out = io.StringIO()
    console = polls_console(tmp_path, single_bank(2), out)
    await console.start()
    try:
        await console.handle("/quiz")
        await console.handle("好的")
        assert "请在上面的投票中点选答案" in out.getvalue()
        await console.handle("2")
        assert "（Telegram 显示：✅ 回答正确）" in out.getvalue()
        assert "第 2/2 题" in out.getvalue()  # the vote answered; the next question came
    finally:
        await console.stop()


async def test_a_quiz_left_open_goes_on_with_its_buttons_in_the_next_console_session(
    tmp_path: Path,
) -> None:
    """The console keeps its database between sessions, as the bot does; a quiz left open
    is shown again, with buttons to answer it, when /quiz is sent in the next session."""
    config = make_config(
        f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
        quizzes_dir=str(write_banks(tmp_path / "quizzes", single_bank(3, time_limit=0))),
        schedules_dir=str(write_schedules(tmp_path / "schedules")),
    )
    for typed in (["/quiz", "2"], ["/quiz"]):  # the second question left open
        out = io.StringIO()
        console = Console(config, user_id=ADMIN_ID, name="组织员", group=None, out=out)
        await console.start()
        try:
            for line in typed:
                await console.handle(line)
        finally:
            await console.stop()
    shown = out.getvalue()
    assert "你有一次答题还没完成" in shown
    assert "   [2] B" in shown
    assert console.transcript.button("2") is not None


async def test_a_buttons_answer_shows_as_telegram_shows_it(tmp_path: Path) -> None:
    """A button's short answer (回答正确) or alert pops up over the chat in Telegram's app;
    the console said nothing of it, so a refused or acknowledged tap seemed ignored."""
    out = io.StringIO()
    config = make_config(
        f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
        quizzes_dir=str(write_banks(tmp_path / "quizzes", single_bank(2))),
        schedules_dir=str(write_schedules(tmp_path / "schedules")),
    )
    console = Console(config, user_id=ADMIN_ID, name="组织员", group=None, out=out)
    await console.start()
    try:
        await console.handle("/quiz")
        await console.handle("2")  # B, the right answer
        assert "（Telegram 提示：回答正确" in out.getvalue()
    finally:
        await console.stop()


async def test_the_members_of_earlier_sessions_can_be_written_to(tmp_path: Path) -> None:
    """One console database, several people played in turn (--user-id): the bot's timers
    and pushes for the others write to them, which the sandbox refused as chat not found."""
    config = make_config(f"sqlite+aiosqlite:///{tmp_path / 'console.db'}")
    first = Console(config, user_id=ADMIN_ID + 1, name="张三", group=None, out=io.StringIO())
    await first.start()
    await first.handle("/start")
    await first.stop()
    second = Console(config, user_id=ADMIN_ID, name="组织员", group=None, out=io.StringIO())
    await second.start()
    try:
        await second.app.bot.send_message(ADMIN_ID + 1, "第 2 题超时")  # a timer's message
        assert second.sandbox.sent(ADMIN_ID + 1)[-1].text == "第 2 题超时"
    finally:
        await second.stop()


async def test_a_closed_poll_with_several_right_options_lists_them_in_the_readers_way(
    tmp_path: Path,
) -> None:
    """A contest's multiple-answer poll closes: the right options are listed as the reader's
    language lists things (、 in Chinese, a comma in English)."""
    for language, expected in (
        ("zh", "正确答案：[1] 甲、[3] 丙）"),
        ("en", "the right answer: [1] 甲, [3] 丙)"),
    ):
        config = make_config(
            f"sqlite+aiosqlite:///{tmp_path / f'{language}.db'}", language=language
        )
        out = io.StringIO()
        console = Console(config, user_id=ADMIN_ID, name="Organiser", group=GROUP, out=out)
        await console.start()
        try:
            poll = await console.app.bot.send_poll(
                GROUP,
                "[1/1] 多选题",
                ["甲", "乙", "丙"],
                is_anonymous=False,
                type="quiz",
                allows_multiple_answers=True,
                correct_option_ids=[0, 2],
                open_period=30,
            )
            await console.app.bot.stop_poll(GROUP, poll.message_id)
            console.transcript.flush()
            assert expected in out.getvalue(), out.getvalue()
        finally:
            await console.stop()


async def test_group_mode_shows_what_the_bot_says_in_the_private_chat(tmp_path: Path) -> None:
    """/me sent in a group is answered in the sender's private chat: the group mode showed
    nothing at all, as if the bot had not heard."""
    config = make_config(f"sqlite+aiosqlite:///{tmp_path / 'console.db'}")
    out = io.StringIO()
    console = Console(config, user_id=ADMIN_ID, name="组织员", group=GROUP, out=out)
    await console.start()
    try:
        await console.handle("/me")
        assert "🤖 （私聊）👤 组织员" in out.getvalue()
        await console.handle("/quiz")
        assert "🤖 （私聊）答题只在与我的私聊中进行" in out.getvalue()
    finally:
        await console.stop()

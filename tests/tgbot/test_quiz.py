"""Quiz play in private chat, end to end through the in-process sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from telegram.error import NetworkError

import bot.tgbot.handlers.quiz as quiz_handlers
from bot.sandbox.state import BotApiSandbox
from bot.storage.models import Member, QuizAnswer, ScoreEvent
from bot.tgbot.leadership import SWEEP_GRACE
from tests.harness import ADMIN_ID, BotHarness, FrozenClock, buttons
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import (
    MIXED_BANK,
    answer,
    question_message,
    single_bank,
    write_banks,
)

MEMBER = 2001
JUDGE_ONLY = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][2]]}  # 判断题一, answer 对


async def points(harness: BotHarness, member: int = MEMBER, source: str | None = None) -> int:
    async with harness.services.unit() as unit:
        query = select(func.coalesce(func.sum(ScoreEvent.points), 0)).where(
            ScoreEvent.member_id == member
        )
        if source:
            query = query.where(ScoreEvent.source == source)
        return int(await unit.session.scalar(query) or 0)


async def play_through(
    harness: BotHarness, first: list[Any], *, correctly: bool = True
) -> list[Any]:
    sent = first
    while True:
        question = question_message(sent)
        sent = await answer(harness, MEMBER, question, correctly=correctly)
        if any("结束" in (m.text or "") for m in sent):
            return sent


async def test_daily_quiz_all_types_scores_each_correct_answer(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    sent = await harness.say(MEMBER, "/quiz")
    first = question_message(sent)
    assert "每日答题" in (first.text or "") and "第 1/4 题" in (first.text or "")
    end = await play_through(harness, sent)
    summary = end[-1].text or ""
    assert "答对 4 / 4 题" in summary and "获得积分：4" in summary
    assert await points(harness) == 4
    # Every answered question shows the verdict and the explanation.
    verdicts = [m.text or "" for m in harness.sandbox.sent(MEMBER) if "回答正确" in (m.text or "")]
    assert len(verdicts) == 4 and all("解析" in v for v in verdicts)


async def test_second_daily_quiz_the_same_day_is_practice(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    await play_through(harness, await harness.say(MEMBER, "/quiz"))
    sent = await harness.say(MEMBER, "/quiz")
    assert "练习" in (sent[0].text or "")
    # Every question says so too: the heading is what a member sees at each step.
    assert question_message(sent).plain_text.startswith("每日答题（练习）")
    end = await play_through(harness, sent)
    assert "不计积分" in (end[-1].text or "")
    assert await points(harness) == 4
    harness.clock.advance(days=1)
    await play_through(harness, await harness.say(MEMBER, "/quiz"))
    assert await points(harness) == 8


async def test_an_unfinished_daily_quiz_is_not_given_up_by_starting_another(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(6))
    sent = await harness.say(MEMBER, "/quiz")
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    for command in ("/challenge", "/practice"):
        [refusal] = await harness.say(MEMBER, command)
        assert "每日答题还没有答完（已答 1/5 题）" in (refusal.text or "")
    # The daily quiz goes on where it was and still scores.
    end = await play_through(harness, sent)
    assert "答对 5 / 5 题" in (end[-1].text or "")
    assert await points(harness) == 5
    # Once ended with /stop (or finished), another quiz starts as usual.
    await harness.say(MEMBER, "/quiz")  # today's second run: practice, given up freely
    sent = await harness.say(MEMBER, "/challenge")
    assert "挑战答题" in (question_message(sent).text or "")


async def test_yesterdays_open_daily_quiz_gives_way_to_todays(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(6, time_limit=0))  # no limit: it stays open
    sent = await harness.say(MEMBER, "/quiz")
    await answer(harness, MEMBER, question_message(sent), correctly=True)
    harness.clock.advance(days=1)
    sent = await harness.say(MEMBER, "/quiz")
    first = question_message(sent)
    assert "第 1/5 题" in (first.text or "")  # today's, not yesterday's second question
    assert not any("还没完成" in (m.text or "") for m in sent)
    end = await play_through(harness, sent)
    assert "获得积分：5" in (end[-1].text or "")
    assert await points(harness) == 6  # yesterday's one answer and today's five


async def test_daily_points_are_capped_per_day(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(12), quiz={"daily_questions": 8})
    end = await play_through(harness, await harness.say(MEMBER, "/quiz"))
    assert "答对 8 / 8 题" in (end[-1].text or "")
    assert await points(harness) == 5


async def test_challenge_runs_until_first_mistake_and_scores_by_streak(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(30))
    sent = await harness.say(MEMBER, "/challenge")
    for _ in range(6):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    sent = await answer(harness, MEMBER, question_message(sent), correctly=False)
    summary = sent[-1].text or ""
    assert "挑战答题结束" in summary and "连续答对 6 题" in summary and "获得积分：3" in summary
    assert await points(harness, source="challenge") == 3
    # A second challenge reaching 10 is capped by the 6 a day rule: 3 more, not 6.
    sent = await harness.say(MEMBER, "/challenge")
    for _ in range(10):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    sent = await answer(harness, MEMBER, question_message(sent), correctly=False)
    assert "最好成绩 10 题" in (sent[-1].text or "")
    assert await points(harness, source="challenge") == 6


async def test_practice_by_tag_gives_no_points(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK, single_bank(3))
    sent = await harness.say(MEMBER, "/practice 测试")
    assert "专项练习" in (question_message(sent).text or "")
    for _ in range(4):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "不计积分" in (sent[-1].text or "")
    assert await points(harness) == 0
    [unknown] = await harness.say(MEMBER, "/practice 不存在的标签")
    assert "没有找到“不存在的标签”" in (unknown.text or "")


async def test_a_switched_off_bank_is_said_to_be_off_not_missing(
    make_harness: HarnessFactory,
) -> None:
    """/banks lists a bank with enabled: false as [未启用]; asked for by name (/practice, the
    quiz button of a push), it is said to be off, not "not found"."""
    harness = await make_harness({**MIXED_BANK, "enabled": False}, single_bank(3))
    [listing] = await harness.say(MEMBER, "/banks")
    assert "测试题库（mixed）" in (listing.text or "")
    [refusal] = await harness.say(MEMBER, "/practice mixed")
    assert refusal.plain_text == "题库“mixed”未启用，现在不能答题。发送 /banks 查看可以答的题库。"


async def test_banks_lists_counts_by_type(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    [listing] = await harness.say(MEMBER, "/banks")
    text = listing.text or ""
    assert "测试题库（mixed）：共 4 题" in text and "多选题 1" in text and "填空题 1" in text
    # What /practice takes besides a bank: the tags, shown so a member can find them.
    assert "标签：测试" in text


async def test_banks_in_english_uses_english_punctuation(make_harness: HarnessFactory) -> None:
    harness = await make_harness(MIXED_BANK)
    await harness.say(MEMBER, "/lang en")
    [listing] = await harness.say(MEMBER, "/banks")
    text = listing.text or ""
    assert "4 questions (single choice 1, multiple choice 1, true or false 1," in text
    assert "，" not in text


async def test_stale_and_repeated_taps_never_score_twice(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(5))
    sent = await harness.say(MEMBER, "/quiz")
    first = question_message(sent)
    correct = dict(buttons(first))["B"]
    await harness.press(MEMBER, first, "B")
    # The same tap again (a replay) and a tap on the old question's other button.
    again = await harness.press_data(MEMBER, first, correct)
    assert again == []
    assert harness.sandbox.callback_answers[-1].text == "这道题已经作答或已过期。"
    await harness.press_data(
        MEMBER, first, dict(buttons(first)).get("A", correct.replace(":1", ":0"))
    )
    await harness.press_data(MEMBER, first, "qc:999:0:1")
    await harness.press_data(MEMBER, first, "nonsense")
    assert await points(harness) == 1
    async with harness.services.unit() as unit:
        answers = await unit.session.scalar(select(func.count()).select_from(QuizAnswer))
    assert answers == 1


@pytest.mark.parametrize(
    ("data", "told"),
    [
        (f"qc:{10**30}:0:1", "这道题已经作答或已过期。"),
        (f"qs:1:{10**30}:0", "这道题已经作答或已过期。"),
        (f"qr:{2**63}:0:0", "这道题已经作答或已过期。"),
        ("qc:１:０:１", "这道题已经作答或已过期。"),
        (f"ack:{10**30}", "这条消息的按钮不计分（可能是预览）。"),
        ("ack:１２", "这条消息的按钮不计分（可能是预览）。"),
    ],
)
async def test_a_button_with_a_number_no_id_can_hold_is_stale_not_an_error(
    make_harness: HarnessFactory, data: str, told: str
) -> None:
    """Forged callback data (or data from a future version) with a number past what the
    database stores: the member is told the button is stale, not that the bot failed."""
    harness = await make_harness(single_bank(5))
    first = question_message(await harness.say(MEMBER, "/quiz"))
    assert await harness.press_data(MEMBER, first, data) == []
    assert harness.sandbox.callback_answers[-1].text == told
    assert await points(harness) == 0


async def test_someone_else_cannot_answer_my_question(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(5))
    first = question_message(await harness.say(MEMBER, "/quiz"))
    data = dict(buttons(first))["B"]
    await harness.say(MEMBER + 1, "/start")
    harness.sandbox.inject_callback(MEMBER + 1, first.message_id, data, chat_id=MEMBER + 1)
    await harness.deliver()
    assert await points(harness, MEMBER + 1) == 0
    assert await points(harness) == 0


async def test_unanswered_question_times_out_and_the_quiz_moves_on(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(5, time_limit=20))
    first = question_message(await harness.say(MEMBER, "/quiz"))
    assert "限时 20 秒" in (first.text or "")
    harness.clock.advance(seconds=10)
    assert await harness.fire_due_jobs() == 0
    harness.clock.advance(seconds=11)
    before = len(harness.sandbox.sent(MEMBER))
    assert await harness.fire_due_jobs() == 1
    timed_out = harness.sandbox_message(first)
    assert "超时未作答" in (timed_out.text or "") and not list(buttons(timed_out))
    second = harness.sandbox.sent(MEMBER)[before:]
    assert "第 2/5 题" in (question_message(second).text or "")
    # A late tap on the timed-out question does nothing.
    await harness.press_data(MEMBER, first, "qc:1:0:1")
    assert await points(harness) == 0


async def test_a_challenge_question_has_the_configured_challenge_time_limit(
    make_harness: HarnessFactory,
) -> None:
    """quiz.challenge_time_limit paces every challenge question; the bank's 30 s stays the
    daily quiz's."""
    harness = await make_harness(single_bank(5, time_limit=30), quiz={"challenge_time_limit": 15})
    first = question_message(await harness.say(MEMBER, "/challenge"))
    assert "限时 15 秒" in (first.text or "")
    harness.clock.advance(seconds=16)
    assert await harness.fire_due_jobs() == 1
    assert "超时未作答" in (harness.sandbox_message(first).text or "")
    daily = question_message(await harness.say(MEMBER, "/quiz"))
    assert "限时 30 秒" in (daily.text or "")


async def test_sending_quiz_again_does_not_restart_the_time_limit(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(5, time_limit=30))
    await harness.say(MEMBER, "/quiz")
    harness.clock.advance(seconds=25)
    sent = await harness.say(MEMBER, "/quiz")  # the same question again, 5 seconds left
    assert "继续当前题目" in (sent[0].text or "")
    harness.clock.advance(seconds=6)
    await harness.fire_due_jobs()
    texts = [m.text or "" for m in harness.sandbox.sent(MEMBER)]
    assert any("超时未作答" in text for text in texts)
    assert "第 2/5 题" in texts[-1]


async def test_a_resent_question_leaves_one_copy_to_answer_and_shows_the_time_left(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(5, time_limit=30))
    first = question_message(await harness.say(MEMBER, "/quiz"))
    harness.clock.advance(seconds=12)
    again = question_message(await harness.say(MEMBER, "/quiz"))
    assert again.message_id != first.message_id
    # The earlier copy can no longer be answered; the new one says what is really left.
    assert list(buttons(harness.sandbox_message(first))) == []
    assert "还剩 18 秒" in again.plain_text and "限时 30 秒" not in again.plain_text
    await harness.press(MEMBER, again, "B")
    assert "回答正确" in harness.sandbox_message(again).plain_text
    assert await points(harness) == 1


async def test_a_question_that_never_went_out_still_times_out(
    make_harness: HarnessFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await make_harness(single_bank(5, time_limit=20))
    first = question_message(await harness.say(MEMBER, "/quiz"))

    async def telegram_down(*_: object) -> None:
        raise NetworkError("connection reset")

    # The answer is recorded, then sending the next question fails (or the process dies).
    with monkeypatch.context() as patch:
        patch.setattr(quiz_handlers, "send_question", telegram_down)
        await harness.press(MEMBER, first, "B")
    assert "第 2/5 题" not in (harness.sandbox.last(MEMBER).text or "")  # type: ignore[union-attr]
    # Its time limit was stored with the answer: the leader's sweep moves the quiz on.
    harness.clock.advance(seconds=20 + SWEEP_GRACE.total_seconds() + 1)
    await harness.app.bot_data.leadership.tick()
    texts = [m.text or "" for m in harness.sandbox.sent(MEMBER)]
    assert any("超时未作答" in text for text in texts)
    assert "第 3/5 题" in texts[-1]


async def pending(harness: BotHarness) -> int:
    """Question deadlines still stored (each one times a question out some day)."""
    async with harness.services.unit() as unit:
        return len(await unit.quiz.pending_deadlines())


async def reachable(harness: BotHarness, member: int = MEMBER) -> bool:
    async with harness.services.unit() as unit:
        found = await unit.session.get(Member, member)
        assert found is not None
        return found.is_reachable


async def test_a_member_who_blocks_the_bot_mid_quiz_leaves_it_and_is_left_out_of_pushes(
    make_harness: HarnessFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram tells the bot (my_chat_member): the quiz ends there, quietly, rather than
    timing out question after question to a chat that takes no message, and pushes skip the
    member until they come back."""
    harness = await make_harness(single_bank(5, time_limit=20))
    await harness.say(MEMBER, "/quiz")
    harness.sandbox.block(MEMBER)
    await harness.deliver()
    assert await pending(harness) == 0
    assert not await reachable(harness)
    harness.clock.advance(seconds=60)
    await harness.fire_due_jobs()
    await harness.app.bot_data.leadership.tick()
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
    # Back: writing to the bot unblocks it; they are reachable and can play again.
    sent = await harness.say(MEMBER, "/quiz")
    assert await reachable(harness)
    assert "第 1/5 题" in (question_message(sent).text or "")


async def test_a_question_timing_out_for_a_member_who_blocked_the_bot_ends_their_quiz(
    make_harness: HarnessFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """The block was not heard of (the update lost, or the bot down long): the first
    message refused ends the quiz the same way, with one line in the log."""
    harness = await make_harness(single_bank(5, time_limit=20))
    await harness.say(MEMBER, "/quiz")
    harness.sandbox.block(MEMBER)
    harness.sandbox.take_updates()  # the my_chat_member update never arrives
    harness.clock.advance(seconds=21)
    assert await harness.fire_due_jobs() == 1
    assert await pending(harness) == 0
    assert not await reachable(harness)
    harness.clock.advance(seconds=60)
    await harness.app.bot_data.leadership.tick()
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text


async def test_quiz_survives_a_restart_with_its_deadline(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness(single_bank(5, time_limit=60))
    sent = await harness.say(MEMBER, "/quiz")
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    second = question_message(sent)
    await harness.stop()

    restarted = await make_harness(single_bank(5, time_limit=60))
    # The pending deadline was re-armed from the database.
    names = [job.name for job in restarted.app.job_queue.jobs()]  # type: ignore[union-attr]
    assert any(name and name.startswith("quiz-deadline-") for name in names)
    sent = await restarted.press(MEMBER, second, "B")
    assert "第 3/5 题" in (question_message(sent).text or "")
    assert await points(restarted) == 2


async def test_overdue_deadline_after_restart_counts_as_timeout(
    make_harness: HarnessFactory, clock: FrozenClock
) -> None:
    harness = await make_harness(single_bank(5, time_limit=30))
    first = question_message(await harness.say(MEMBER, "/quiz"))
    await harness.stop()
    clock.advance(minutes=5)
    restarted = await make_harness(single_bank(5, time_limit=30))
    assert await restarted.fire_due_jobs() == 1
    assert "超时未作答" in (restarted.sandbox_message(first).text or "")


async def test_full_width_fill_answer_is_accepted(make_harness: HarnessFactory) -> None:
    fill_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][3]]}
    harness = await make_harness(fill_only)
    await harness.say(MEMBER, "/quiz")
    sent = await harness.say(MEMBER, " ８００。")
    assert any("回答正确" in (m.text or "") for m in harness.sandbox.sent(MEMBER))
    assert "获得积分：1" in (sent[-1].text or "")


async def test_a_very_long_typed_answer_gets_its_verdict_and_the_quiz_goes_on(
    make_harness: HarnessFactory,
) -> None:
    fill = MIXED_BANK["questions"][3]  # 填空题一, answer 800
    harness = await make_harness({**MIXED_BANK, "questions": [fill, {**fill, "id": "f2"}]})
    question = question_message(await harness.say(MEMBER, "/practice mixed"))
    sent = await harness.say(MEMBER, "我觉得答案应该是八百元。" * 340)  # 4,080 characters
    verdict = harness.sandbox_message(question).text or ""
    assert "回答错误。你的答案：我觉得答案应该是八百元。" in verdict and "…" in verdict
    assert "正确答案：800 / 八百" in verdict
    assert "第 2/2 题" in (question_message(sent).text or "")


async def test_multiple_choice_needs_a_selection_before_submit(
    make_harness: HarnessFactory,
) -> None:
    multiple_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][1]]}
    harness = await make_harness(multiple_only)
    question = question_message(await harness.say(MEMBER, "/quiz"))
    await harness.press(MEMBER, question, "✅ 提交")
    assert "请先选择至少一个选项" in (harness.sandbox.callback_answers[-1].text or "")
    await harness.press(MEMBER, question, "☐ A")
    assert "☑ A" in [label for label, _ in buttons(harness.sandbox_message(question))]
    await harness.press(MEMBER, harness.sandbox_message(question), "☐ C")
    sent = await harness.press(MEMBER, harness.sandbox_message(question), "✅ 提交")
    assert "获得积分：1" in (sent[-1].text or "")


async def test_typed_letter_answers_a_choice_question(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(2))
    await harness.say(MEMBER, "/quiz")
    [hint] = await harness.say(MEMBER, "随便说点什么")
    assert "回复选项字母" in (hint.text or "")
    await harness.say(MEMBER, "ｂ")
    assert await points(harness) == 1


async def test_typed_true_or_false_answers_a_judge_question(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(JUDGE_ONLY)
    question = question_message(await harness.say(MEMBER, "/quiz"))
    # A true/false question shows no letters, so "reply with the letters" is no help.
    [hint] = await harness.say(MEMBER, "不知道")
    assert "对" in (hint.text or "") and "字母" not in (hint.text or "")
    await harness.say(MEMBER, "对")
    verdict = harness.sandbox_message(question).text or ""
    assert "回答正确！你的答案：正确" in verdict
    assert await points(harness) == 1


async def english_judge_question(make_harness: HarnessFactory) -> tuple[BotHarness, Any]:
    """A member who switched to English, and the true/false question of their daily quiz."""
    harness = await make_harness(JUDGE_ONLY)
    await harness.say(MEMBER, "/lang en")
    await harness.say(MEMBER, "/quiz")
    question = harness.sandbox.last(MEMBER)
    assert question is not None and "判断题一" in (question.text or "")
    return harness, question


async def test_an_english_member_answers_true_or_false_in_english(
    make_harness: HarnessFactory,
) -> None:
    harness, question = await english_judge_question(make_harness)
    assert [label for label, _ in buttons(question)] == ["True", "False"]
    await harness.press(MEMBER, question, "False")
    verdict = harness.sandbox_message(question).text or ""
    assert "❌ Wrong. Your answer: False; the correct answer: True" in verdict
    async with harness.services.unit() as unit:
        given = await unit.session.scalar(select(QuizAnswer.given))
    assert given == "B"  # what is stored does not depend on the member's language


@pytest.mark.parametrize("typed", ["对", "正确", "true", "T", "ｔ"])
async def test_an_english_member_may_type_true_in_either_language(
    make_harness: HarnessFactory, typed: str
) -> None:
    harness, question = await english_judge_question(make_harness)
    await harness.say(MEMBER, typed)
    verdict = harness.sandbox_message(question).text or ""
    assert "✅ Correct! Your answer: True" in verdict
    assert await points(harness) == 1


@pytest.mark.parametrize(("typed", "right"), [("F", False), ("t", True), ("错误", False)])
async def test_a_chinese_member_may_type_t_or_f(
    make_harness: HarnessFactory, typed: str, right: bool
) -> None:
    harness = await make_harness(JUDGE_ONLY)
    question = question_message(await harness.say(MEMBER, "/quiz"))
    assert [label for label, _ in buttons(question)] == ["正确", "错误"]
    await harness.say(MEMBER, typed)
    verdict = harness.sandbox_message(question).text or ""
    expected = "回答正确！你的答案：正确" if right else "你的答案：错误，正确答案：正确"
    assert expected in verdict
    assert await points(harness) == int(right)


async def test_retry_wrong_questions_after_the_end(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(3))
    sent = await harness.say(MEMBER, "/quiz")
    sent = await answer(harness, MEMBER, question_message(sent), correctly=False)
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    sent = await answer(harness, MEMBER, question_message(sent), correctly=False)
    summary = sent[-1]
    sent = await harness.press(MEMBER, summary, "🔁 重做错题")
    retry = question_message(sent)
    assert "错题重做" in (retry.text or "") and "第 1/2 题" in (retry.text or "")


async def test_a_second_tap_on_retry_goes_on_with_the_retry_in_progress(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(3))
    sent = await harness.say(MEMBER, "/quiz")
    for correctly in (False, True, False):
        sent = await answer(harness, MEMBER, question_message(sent), correctly=correctly)
    summary = sent[-1]
    retry_data = dict(buttons(summary))["🔁 重做错题"]
    sent = await harness.press(MEMBER, summary, "🔁 重做错题")
    assert list(buttons(harness.sandbox_message(summary))) == []  # the button has done its work
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert "第 2/2 题" in question_message(sent).plain_text
    # The same button again (a double tap, a stale client): the retry goes on where it is.
    again = await harness.press_data(MEMBER, summary, retry_data)
    assert harness.sandbox.callback_answers[-1].text == "错题重做正在进行，继续当前题目。"
    assert "错题重做" in question_message(again).plain_text
    assert "第 2/2 题" in question_message(again).plain_text
    end = await answer(harness, MEMBER, question_message(again), correctly=True)
    assert "答对 2 / 2 题" in end[-1].plain_text


async def test_stop_ends_the_quiz_with_a_summary(make_harness: HarnessFactory) -> None:
    harness = await make_harness(single_bank(5))
    question = question_message(await harness.say(MEMBER, "/quiz"))
    [summary] = await harness.say(MEMBER, "/stop")
    assert "每日答题结束" in (summary.text or "")
    # The question left open loses its buttons: they could only answer "expired" now.
    assert harness.sandbox_message(question).keyboard == ()
    [nothing] = await harness.say(MEMBER, "/stop")
    assert "没有进行中的答题" in (nothing.text or "")


async def test_quiz_command_in_a_group_points_to_private_chat(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(single_bank(5))
    harness.sandbox.group_chat(-5001, "学习小组", members={MEMBER: "member"})
    [hint] = await harness.say(MEMBER, "/quiz", chat_id=-5001)
    assert "私聊" in (hint.text or "")
    # One tap opens the private chat (no start code: that would be read as a join code).
    username = harness.app.bot.username
    assert f'<a href="https://t.me/{username}">@{username}</a>' in (hint.text or "")


async def test_long_explanations_go_in_their_own_message(make_harness: HarnessFactory) -> None:
    bank = single_bank(1)
    bank["questions"][0]["explanation"] = "很长的解析。" * 50
    harness = await make_harness(bank)
    sent = await harness.say(MEMBER, "/quiz")
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert any((m.text or "").startswith("📖 解析：很长的解析") for m in sent)


async def test_an_explanation_of_thousands_of_characters_is_shown_in_full(
    make_harness: HarnessFactory,
) -> None:
    explanation = "依据工作要点第三部分的详细说明。" * 180  # 2,880 characters: only a warning
    bank = single_bank(2)
    for question in bank["questions"]:
        question["explanation"] = explanation
    harness = await make_harness(bank)
    sent = await harness.say(MEMBER, "/practice many")
    sent = await answer(harness, MEMBER, question_message(sent), correctly=True)
    assert any(m.text == f"📖 解析：{explanation}" for m in sent)
    assert "第 2/2 题" in (question_message(sent).text or "")


async def test_broken_bank_is_skipped_and_admins_are_told(
    make_harness: HarnessFactory, sandbox: BotApiSandbox
) -> None:
    sandbox.user(ADMIN_ID, "管理员")
    sandbox.private_chat(ADMIN_ID)
    broken = single_bank(2, bank_id="broken")
    broken["questions"][0]["answer"] = "E"
    harness = await make_harness(single_bank(3), broken)
    [notice] = harness.sandbox.sent(ADMIN_ID)
    assert "broken.yaml" in (notice.text or "")
    [listing] = await harness.say(MEMBER, "/banks")
    assert "many" in (listing.text or "") and "broken" not in (listing.text or "")


async def test_a_command_typed_with_a_full_width_slash_gets_a_pointer(
    harness: BotHarness,
) -> None:
    [hint] = await harness.say(MEMBER, "／quiz")
    assert "请发送 /quiz" in (hint.plain_text or "")
    [bare] = await harness.say(MEMBER, "／")
    assert "请发送 /help" in (bare.plain_text or "")


@pytest.mark.parametrize(
    "typed", ["／<b>", "／a&b", "／学习", "／" + "x" * 4000], ids=["tag", "amp", "word", "long"]
)
async def test_a_full_width_slash_before_no_command_points_to_help(
    harness: BotHarness, typed: str
) -> None:
    """Text after the slash that names no command was quoted back as HTML: "／<b>" got
    "出了点问题" (Telegram refused the markup), a long one no answer at all."""
    [hint] = await harness.say(MEMBER, typed)
    assert "请发送 /help（" in (hint.plain_text or "")


async def test_a_tap_on_a_question_removed_from_its_bank_is_no_answer_to_the_next(
    make_harness: HarnessFactory, tmp_path: Path
) -> None:
    bank = single_bank(2)
    harness = await make_harness(bank)
    first = question_message(await harness.say(MEMBER, "/practice many"))
    shown = next(q for q in bank["questions"] if q["question"] in (first.text or ""))
    kept = [q for q in bank["questions"] if q is not shown]
    write_banks(tmp_path / "quizzes", {**bank, "questions": kept})
    harness.services.load_content()
    sent = await harness.press(MEMBER, first, "B")
    assert not harness.sandbox_message(first).keyboard
    assert "题库里删除或修改" in (sent[0].text or "")
    second = question_message(sent)
    assert "第 2/2 题" in (second.text or "") and second.keyboard  # asked, not answered

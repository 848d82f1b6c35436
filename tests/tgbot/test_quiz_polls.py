"""Questions as Telegram's own quiz polls (config quiz.polls): single-choice and true/false
questions go out as non-anonymous quiz polls; the others stay buttons and typed replies."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bot.sandbox.messages import SentMessage
from bot.storage.models import ScoreEvent
from bot.tgbot.handlers.quiz import POLL_VOTE_GRACE
from tests.harness import BotHarness
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import MIXED_BANK, answer, single_bank, write_banks

MEMBER = 2001
LONG_EXPLANATION = "依据《2020年机关党的建设工作要点》二.4。" + "解析" * 120


async def points(harness: BotHarness) -> int:
    async with harness.services.unit() as unit:
        total = await unit.session.scalar(
            select(func.coalesce(func.sum(ScoreEvent.points), 0)).where(
                ScoreEvent.member_id == MEMBER
            )
        )
    return int(total or 0)


async def polls_harness(
    make_harness: HarnessFactory, bank: dict[str, Any], *, questions: int | None = None
) -> BotHarness:
    """A bot with `quiz.polls` on, and `questions` in the daily quiz when given."""
    quiz: dict[str, Any] = {"polls": True}
    if questions is not None:
        quiz["daily_questions"] = questions
    return await make_harness(bank, quiz=quiz)


async def daily_quiz(harness: BotHarness) -> SentMessage:
    """The member sends /quiz; its first question."""
    await harness.say(MEMBER, "/quiz")
    return newest(harness)


def newest(harness: BotHarness) -> SentMessage:
    message = harness.sandbox.last(MEMBER)
    assert message is not None
    return message


async def vote(harness: BotHarness, poll: SentMessage, option: int) -> list[SentMessage]:
    """The member chooses `option` in the quiz poll; the messages the bot sent after."""
    assert poll.poll is not None
    before = {m.message_id for m in harness.sandbox.sent(MEMBER)}
    harness.sandbox.answer_poll(MEMBER, poll.poll["id"], [option])
    await harness.deliver()
    return [m for m in harness.sandbox.sent(MEMBER) if m.message_id not in before]


def current(harness: BotHarness, message: SentMessage) -> dict[str, Any]:
    poll = harness.sandbox_message(message).poll
    assert poll is not None
    return poll


async def test_single_and_true_false_questions_are_quiz_polls_that_score(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, MIXED_BANK)
    await harness.say(MEMBER, "/quiz")
    question, polls = newest(harness), {}
    for number in range(1, 5):
        if question.poll is None:  # multiple-choice and fill-in: buttons and text, as before
            assert question.kind == "text" and f"第 {number}/4 题" in (question.text or "")
            sent = await answer(harness, MEMBER, question, correctly=True)
        else:
            poll = question.poll
            polls[poll["question"].rsplit("\n", 1)[-1]] = poll
            assert poll["question"].startswith(f"每日答题 · 第 {number}/4 题 · ")
            assert poll["type"] == "quiz" and not poll["is_anonymous"]
            assert poll.get("open_period") == 30  # the bank's limit, counted down by Telegram
            # The verdict and the explanation show in the poll: the next question follows.
            [*_, sent_last] = await vote(harness, question, poll["correct_option_ids"][0])
            sent = [sent_last]
        question = sent[-1]
    assert set(polls) == {"单选题一", "判断题一"}
    single, judge = polls["单选题一"], polls["判断题一"]
    assert [o["text"] for o in single["options"]] == ["甲", "乙", "丙"]
    assert single["correct_option_ids"] == [1] and single["explanation"] == "解析一"
    assert [o["text"] for o in judge["options"]] == ["正确", "错误"]
    assert judge["correct_option_ids"] == [0] and judge["explanation"] == "解析三"
    summary = question.text or ""
    assert "答对 4 / 4 题" in summary and "获得积分：4" in summary
    assert await points(harness) == 4


async def test_a_wrong_choice_in_a_poll_counts_wrong_and_a_replay_scores_nothing(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(3), questions=3)
    first = await daily_quiz(harness)
    assert first.poll is not None
    harness.sandbox.answer_poll(MEMBER, first.poll["id"], [1])
    updates = harness.sandbox.take_updates()
    [data] = [u for u in updates if "poll_answer" in u]
    for _ in range(2):  # Telegram may deliver an update twice: the second changes nothing
        await harness.app.process_update(Update.de_json(data, harness.app.bot))
    polls = [m for m in harness.sandbox.sent(MEMBER) if m.poll is not None]
    assert len(polls) == 2
    assert await points(harness) == 1
    [third] = await vote(harness, polls[-1], 0)  # wrong
    end = await vote(harness, third, 1)
    assert "答对 2 / 3 题" in (end[-1].text or "")
    assert "重做错题" in str(end[-1].keyboard)
    assert await points(harness) == 2


async def test_a_poll_question_out_of_time_is_closed_and_the_answer_said(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    first = await daily_quiz(harness)
    harness.clock.now += timedelta(seconds=31)
    assert await harness.fire_due_jobs() == 0  # a vote cast in the last moment may be on its way
    harness.clock.now += POLL_VOTE_GRACE
    assert await harness.fire_due_jobs() == 1
    assert current(harness, first)["is_closed"]
    texts = [m.plain_text or "" for m in harness.sandbox.sent(MEMBER)]
    assert any("超时未作答，正确答案：B" in text for text in texts), texts
    assert newest(harness).poll is not None  # the next question
    assert newest(harness).message_id != first.message_id


async def test_a_vote_cast_in_the_last_moment_counts_though_it_arrives_after_the_limit(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    first = await daily_quiz(harness)
    assert first.poll is not None
    harness.clock.now += timedelta(seconds=29.5)
    harness.sandbox.answer_poll(MEMBER, first.poll["id"], [1])  # right, half a second to spare
    harness.clock.now += timedelta(seconds=1.5)  # the update reaches the bot after the limit
    await harness.fire_due_jobs()
    await harness.deliver()
    texts = [m.plain_text or "" for m in harness.sandbox.sent(MEMBER)]
    assert not any("超时未作答" in text for text in texts), texts
    assert await points(harness) == 1
    second = newest(harness)
    assert second.poll is not None and second.message_id != first.message_id


async def test_an_english_members_true_false_poll_reads_true_and_false(
    make_harness: HarnessFactory,
) -> None:
    judge_only = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][2]]}  # answer 对
    harness = await polls_harness(make_harness, judge_only)
    await harness.say(MEMBER, "/lang en")
    poll = await daily_quiz(harness)
    assert poll.poll is not None
    assert [o["text"] for o in poll.poll["options"]] == ["True", "False"]
    harness.clock.now += timedelta(seconds=31) + POLL_VOTE_GRACE
    assert await harness.fire_due_jobs() == 1
    texts = [m.plain_text or "" for m in harness.sandbox.sent(MEMBER)]
    assert any("⏰ Time is up. The correct answer: True" in text for text in texts), texts


async def test_a_typed_letter_answers_a_poll_question_and_closes_the_poll(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    first = await daily_quiz(harness)
    replies = await harness.say(MEMBER, "B")
    assert current(harness, first)["is_closed"]
    assert "回答正确" in (replies[0].plain_text or "")
    assert replies[-1].poll is not None
    assert await points(harness) == 1


async def test_stop_closes_the_open_poll_and_quiz_again_replaces_it(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(3), questions=3)
    first = await daily_quiz(harness)
    harness.clock.now += timedelta(seconds=10)
    await harness.say(MEMBER, "/quiz")  # sent again: the same question, its time running on
    again = newest(harness)
    assert again.poll is not None and again.poll.get("open_period") == 20
    assert all(m.message_id != first.message_id for m in harness.sandbox.sent(MEMBER))
    await vote(harness, again, 1)
    assert await points(harness) == 1
    open_poll = newest(harness)
    [summary] = await harness.say(MEMBER, "/stop")
    assert current(harness, open_poll)["is_closed"]
    assert "答对 1 / 1 题" in (summary.text or "")


async def test_an_explanation_too_long_for_a_poll_follows_the_answer(
    make_harness: HarnessFactory,
) -> None:
    bank = single_bank(2)
    bank["questions"][0]["explanation"] = LONG_EXPLANATION
    harness = await polls_harness(make_harness, bank, questions=2)
    first = await daily_quiz(harness)
    assert first.poll is not None
    long_one = first.poll["question"].endswith("第0道单选题")
    assert ("explanation" not in first.poll) == long_one
    sent = await vote(harness, first, 1)
    explained = [m for m in sent if LONG_EXPLANATION in (m.plain_text or "")]
    assert len(explained) == (1 if long_one else 0)
    assert sent[-1].poll is not None


async def test_a_poll_question_is_answered_after_a_restart(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    first = await daily_quiz(harness)
    await harness.stop()
    restarted = await polls_harness(make_harness, single_bank(2), questions=2)
    sent = await vote(restarted, first, 1)
    assert sent and sent[-1].poll is not None
    assert await points(restarted) == 1


async def test_a_poll_telegram_refuses_goes_out_with_buttons(
    make_harness: HarnessFactory, monkeypatch: Any
) -> None:
    """Whatever Telegram objects to in a poll, the member still gets the question."""
    from telegram.error import BadRequest

    harness = await polls_harness(make_harness, single_bank(2), questions=2)

    async def refuse(*_: Any, **__: Any) -> None:
        raise BadRequest("Poll can't be sent here")

    monkeypatch.setattr(type(harness.app.bot), "send_poll", refuse)
    first = await daily_quiz(harness)
    assert first.poll is None and [label for label, _ in first.keyboard[0]] == ["A", "B", "C"]
    replies = await harness.press(MEMBER, first, "B")
    assert "回答正确" in (harness.sandbox_message(first).plain_text or "")
    assert replies[-1].keyboard  # the next question, with buttons too
    assert await points(harness) == 1


async def test_a_time_limit_telegram_cannot_count_down_is_written_in_the_poll(
    make_harness: HarnessFactory,
) -> None:
    """A poll counts down 5 to 600 seconds: a longer limit, or a resent question with less
    than 5 seconds left, is said in the question, as with buttons, or the member never
    learns there is one until it runs out."""
    harness = await polls_harness(make_harness, single_bank(2, time_limit=900), questions=2)
    first = await daily_quiz(harness)
    assert first.poll is not None and "open_period" not in first.poll
    assert first.poll["question"].endswith("\n⏱ 限时 900 秒")
    await vote(harness, first, 1)
    harness.clock.now += timedelta(seconds=897)
    await harness.say(MEMBER, "/quiz")  # sent again with 3 seconds left
    again = newest(harness)
    assert again.poll is not None and "open_period" not in again.poll
    assert again.poll["question"].endswith("\n⏱ 还剩 3 秒")


async def test_a_poll_counted_down_by_telegram_does_not_repeat_the_limit(
    make_harness: HarnessFactory,
) -> None:
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    await harness.say(MEMBER, "/practice")
    practice = newest(harness)  # no time limit in a practice
    assert practice.poll is not None and "⏱" not in practice.poll["question"]
    await harness.say(MEMBER, "/stop")
    await harness.say(MEMBER, "/quiz")
    timed = newest(harness)
    assert timed.poll is not None and timed.poll.get("open_period") == 30
    assert "⏱" not in timed.poll["question"]


async def test_a_vote_cast_in_time_while_the_bot_was_down_counts_after_the_restart(
    make_harness: HarnessFactory,
) -> None:
    """The poll closed itself at the limit, so a vote in it was in time; the bot, back after
    the deadline, must hear it before timing the question out."""
    harness = await polls_harness(make_harness, single_bank(2), questions=2)
    first = await daily_quiz(harness)
    assert first.poll is not None
    await harness.stop()
    harness.clock.now += timedelta(seconds=10)
    harness.sandbox.answer_poll(MEMBER, first.poll["id"], [1])  # right, 20 seconds to spare
    harness.clock.now += timedelta(minutes=5)
    restarted = await polls_harness(make_harness, single_bank(2), questions=2)
    await restarted.fire_due_jobs()  # the scheduler starts before the first updates arrive
    await restarted.deliver()
    texts = [m.plain_text or "" for m in restarted.sandbox.sent(MEMBER)]
    assert not any("超时未作答" in text for text in texts), texts
    assert await points(restarted) == 1
    second = newest(restarted)
    assert second.poll is not None and second.message_id != first.message_id
    restarted.clock.now += timedelta(seconds=31) + POLL_VOTE_GRACE
    assert await restarted.fire_due_jobs() >= 1  # the second question's limit still holds
    assert any("超时未作答" in (m.plain_text or "") for m in restarted.sandbox.sent(MEMBER))


async def test_a_quiz_replaced_by_another_closes_its_open_poll(
    make_harness: HarnessFactory,
) -> None:
    """A vote in the poll of a quiz that has given way would be ignored: Telegram would show
    the member a verdict for an answer that counts nowhere. The poll closes instead."""
    harness = await polls_harness(make_harness, single_bank(3), questions=3)
    await harness.say(MEMBER, "/practice")
    practice = newest(harness)
    await harness.say(MEMBER, "/challenge")
    assert current(harness, practice)["is_closed"]
    challenge = newest(harness)
    assert challenge.poll is not None and challenge.message_id != practice.message_id
    await harness.say(MEMBER, "/practice many")  # a practice of a bank replaces it in turn
    assert current(harness, challenge)["is_closed"]


async def test_a_vote_for_a_question_removed_from_its_bank_is_no_answer_to_the_next(
    make_harness: HarnessFactory, tmp_path: Path
) -> None:
    """The member voted in the question they saw; the next question, never shown, must not
    take that vote as its answer. The vote counts for nothing, and the quiz goes on."""
    bank = single_bank(3)
    harness = await polls_harness(make_harness, bank)
    await harness.say(MEMBER, "/practice many")
    first = newest(harness)
    assert first.poll is not None
    shown = first.poll["question"].rsplit("\n", 1)[-1]
    kept = [q for q in bank["questions"] if q["question"] != shown]
    write_banks(tmp_path / "quizzes", {**bank, "questions": kept})
    harness.services.load_content()
    sent = await vote(harness, first, 1)
    assert "题库里删除或修改" in (sent[0].plain_text or "")
    assert sent[-1].poll is not None and "第 2/3 题" in sent[-1].poll["question"]
    await vote(harness, sent[-1], 1)
    end = await vote(harness, newest(harness), 1)
    assert "答对 2 / 2 题" in (end[-1].text or "")


async def test_a_vote_in_a_poll_whose_question_changed_is_not_judged_by_the_new_version(
    make_harness: HarnessFactory, tmp_path: Path
) -> None:
    """Telegram judged the vote by the poll as sent (✅); the bank's new version has another
    answer. The bot does not count it wrong: it asks the question again as it now is."""
    bank = single_bank(1)
    harness = await polls_harness(make_harness, bank, questions=1)
    first = await daily_quiz(harness)
    edited = {**bank["questions"][0], "options": ["对的", "错的", "也错"], "answer": "A"}
    write_banks(tmp_path / "quizzes", {**bank, "questions": [edited]})
    harness.services.load_content()
    sent = await vote(harness, first, 1)  # 对的 in the poll as sent: right
    assert "题库里删除或修改" in (sent[0].plain_text or "")
    again = sent[-1]
    assert again.poll is not None and again.poll["options"][0]["text"] == "对的"
    assert again.poll.get("open_period") == 30  # a question asked afresh: its full time
    end = await vote(harness, again, 0)
    assert "答对 1 / 1 题" in (end[-1].text or "")
    assert await points(harness) == 1


async def test_a_typed_answer_or_a_timeout_for_a_removed_question_is_no_answer_to_the_next(
    make_harness: HarnessFactory, tmp_path: Path
) -> None:
    bank = single_bank(3)
    harness = await polls_harness(make_harness, bank, questions=3)
    first = await daily_quiz(harness)
    assert first.poll is not None
    shown = first.poll["question"].rsplit("\n", 1)[-1]
    kept = [q for q in bank["questions"] if q["question"] != shown]
    write_banks(tmp_path / "quizzes", {**bank, "questions": kept})
    harness.services.load_content()
    replies = await harness.say(MEMBER, "B")
    assert current(harness, first)["is_closed"]
    assert "题库里删除或修改" in (replies[0].plain_text or "")
    second = replies[-1]
    assert second.poll is not None and "第 2/3 题" in second.poll["question"]
    shown = second.poll["question"].rsplit("\n", 1)[-1]
    kept = [q for q in kept if q["question"] != shown]
    write_banks(tmp_path / "quizzes", {**bank, "questions": kept})
    harness.services.load_content()
    harness.clock.now += timedelta(seconds=31) + POLL_VOTE_GRACE
    assert await harness.fire_due_jobs() >= 1
    third = newest(harness)  # the last question, sent with its full time: not timed out
    assert third.poll is not None and "第 3/3 题" in third.poll["question"]
    texts = [m.plain_text or "" for m in harness.sandbox.sent(MEMBER)]
    assert not any("超时未作答" in text for text in texts), texts
    end = await vote(harness, third, 1)
    assert "答对 1 / 1 题" in (end[-1].text or "")


async def test_text_that_is_no_answer_to_a_poll_points_to_the_poll_not_to_buttons(
    make_harness: HarnessFactory,
) -> None:
    """A poll has no buttons and shows no letters: the hint says where to answer."""
    harness = await polls_harness(make_harness, single_bank(3))
    await daily_quiz(harness)
    [hint] = await harness.say(MEMBER, "不知道")
    assert hint.text == (
        "请在上面的投票中点选答案，也可以回复选项字母（从上到下依次为 A、B、C……）。"
    )

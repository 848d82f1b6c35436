"""The slips members make while answering: edited messages, ticks and crosses, the option's
text typed instead of its letter, and what the bot says back."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import QuizAnswer
from tests.harness import BotHarness
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import MIXED_BANK, question_message

MEMBER = 3001
EDIT_NOT_READ = "消息修改后不会重新处理：答案以第一次发送的为准，命令请重新发送。"


async def answers_recorded(harness: BotHarness) -> list[tuple[int, bool]]:
    async with harness.services.unit() as unit:
        rows = await unit.session.execute(
            select(QuizAnswer.position, QuizAnswer.correct).order_by(QuizAnswer.position)
        )
        return [(position, correct) for position, correct in rows]


async def test_editing_a_typed_answer_does_not_answer_the_next_question(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    await harness.say(MEMBER, "/quiz")
    typed = harness.sandbox.send_message(MEMBER, "A")
    await harness.deliver()
    before = await answers_recorded(harness)

    sent = await harness.edit(MEMBER, typed["message_id"], "B")

    assert await answers_recorded(harness) == before
    assert [m.text for m in sent] == [EDIT_NOT_READ]


async def test_editing_a_message_into_a_command_does_not_run_it(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    await harness.say(MEMBER, "/start")
    typed = harness.sandbox.send_message(MEMBER, "/stats")
    await harness.deliver()

    sent = await harness.edit(MEMBER, typed["message_id"], "/me")

    assert [m.text for m in sent] == [EDIT_NOT_READ]


JUDGE_ONLY = {**MIXED_BANK, "questions": [MIXED_BANK["questions"][2]]}  # 判断题一, answer 对


async def verdict_after_typing(harness: BotHarness, command: str, typed: str) -> str:
    """Start a quiz, type `typed` to its first question; the question's text as it is then
    (the verdict is added to it)."""
    question = question_message(await harness.say(MEMBER, command))
    await harness.say(MEMBER, typed)
    return harness.sandbox_message(question).text or ""


async def test_a_tick_or_a_cross_answers_a_true_false_question(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(JUDGE_ONLY)
    right = await verdict_after_typing(harness, "/quiz", "√")
    assert "✅ 回答正确！你的答案：正确" in right
    wrong = await verdict_after_typing(harness, "/practice", "×")
    assert "❌ 回答错误。你的答案：错误，正确答案：正确" in wrong


async def test_a_sticker_or_photo_gets_a_word_back_and_the_question_stays_open(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    question_message(await harness.say(MEMBER, "/quiz"))
    count = len(harness.sandbox.sent(MEMBER))
    harness.sandbox.send_sticker(MEMBER, "👍")
    await harness.deliver()
    [said] = harness.sandbox.sent(MEMBER)[count:]
    assert (
        said.plain_text
        == "机器人看不懂贴纸、图片、语音这类消息。答题请点按钮或回复文字；发送 /help 查看命令。"
    )
    assert await answers_recorded(harness) == []  # the question is still to be answered

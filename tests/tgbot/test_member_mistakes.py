"""The slips members make while answering: edited messages, ticks and crosses, the option's
text typed instead of its letter, and what the bot says back."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import QuizAnswer
from tests.harness import BotHarness
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import MIXED_BANK

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

"""The one error handler: a refusal quotes what the person typed, whatever it holds."""

from __future__ import annotations

from tests.tgbot.conftest import HarnessFactory

MEMBER = 2001


async def test_a_refusal_quotes_typed_angle_brackets(make_harness: HarnessFactory) -> None:
    harness = await make_harness()
    # Members copy usage lines literally: "/practice <题库或标签>".
    [refusal] = await harness.say(MEMBER, "/practice <题库或标签>")
    assert refusal.plain_text == "没有找到“<题库或标签>”对应的题库或标签。发送 /banks 查看题库。"

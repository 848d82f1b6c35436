"""What the admins are told of outside their own updates (a broken content file at start-up,
a removed member who came back) reaches each admin in the language they chose."""

from __future__ import annotations

from typing import Any

from tests.harness import ADMIN_ID
from tests.tgbot.conftest import HarnessFactory
from tests.tgbot.quizkit import MIXED_BANK

OTHER_ADMIN = ADMIN_ID + 1
BROKEN_BANK: dict[str, Any] = {"id": "broken", "questions": []}


async def test_a_broken_bank_at_start_up_is_reported_in_each_admins_language(
    make_harness: HarnessFactory,
) -> None:
    first = await make_harness(MIXED_BANK, admins=[ADMIN_ID, OTHER_ADMIN])
    await first.say(ADMIN_ID, "/lang en")
    await first.say(OTHER_ADMIN, "/start")
    await first.stop()
    english_before = len(first.sandbox.sent(ADMIN_ID))
    chinese_before = len(first.sandbox.sent(OTHER_ADMIN))

    again = await make_harness(MIXED_BANK, BROKEN_BANK, admins=[ADMIN_ID, OTHER_ADMIN])

    [english] = again.sandbox.sent(ADMIN_ID)[english_before:]
    assert "These question bank or schedule files have errors" in (english.text or "")
    assert "broken.yaml" in (english.text or "")
    assert "题库" not in (english.text or "")  # the problems too, not only the heading
    [chinese] = again.sandbox.sent(OTHER_ADMIN)[chinese_before:]
    assert "以下题库或推送计划文件有错误" in (chinese.text or "")


async def test_a_member_who_came_back_is_reported_in_the_admins_language(
    make_harness: HarnessFactory,
) -> None:
    harness = await make_harness(MIXED_BANK)
    await harness.say(ADMIN_ID, "/lang en")
    [created] = await harness.say(ADMIN_ID, "/newgroup 第三小组")
    code = (created.plain_text or "").split("/join ")[1].split()[0]
    await harness.say(3, f"/join {code}", name="王五")
    await harness.say(ADMIN_ID, "/removemember 3")
    before = len(harness.sandbox.sent(ADMIN_ID))

    [welcome] = await harness.say(3, f"/join {code}")

    assert "已重新加入学习计划" in (welcome.plain_text or "")  # the member reads Chinese
    [notice] = harness.sandbox.sent(ADMIN_ID)[before:]
    assert "who had been removed from the programme, came back" in (notice.plain_text or "")

"""A question bank with a typo must not silence the pushes that offer its quiz: the monthly
materials go out on time without the quiz button, and the admins hear which bank file and
line to fix and which pushes went out without their quiz."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bot.tgbot.admin_notices import report_content_problems
from tests.harness import ADMIN_ID, REPO, FrozenClock, buttons
from tests.tgbot.conftest import PushHarnessFactory
from tests.tgbot.pushkit import at

MATERIALS: dict[str, Any] = {
    "id": "monthly-materials",
    "title": "每月政治理论学习材料",
    "trigger": "每月1日 09:00",
    "audience": "all",
    "content": {
        "text": "本月学习材料如下。",
        "acknowledge": {"points": 1},
        "quiz": {"bank": "theory-study", "questions": 5},
    },
}


def quizzes_with_a_typo(tmp_path: Path) -> Path:
    """The sample banks, one wrong answer letter on line 17 of theory-study.yaml."""
    folder = tmp_path / "quizzes"
    shutil.copytree(REPO / "quizzes", folder)
    bank = folder / "theory-study.yaml"
    lines = bank.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[16].strip() == "answer: B"
    lines[16] = lines[16].replace("answer: B", "answer: Z")
    bank.write_text("".join(lines), encoding="utf-8")
    return folder


async def test_the_push_goes_out_without_its_quiz_and_the_admins_are_told_once(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    at(clock, "2027-03-01T08:00:00+08:00")
    harness = await make_push_harness(MATERIALS, quizzes=quizzes_with_a_typo(tmp_path))
    await harness.members(range(1, 3))
    harness.sandbox.private_chat(ADMIN_ID)
    await harness.pushes.scan_all()

    # At start-up: the broken bank with its line, and the push that will lack its quiz.
    await report_content_problems(harness.app.bot, harness.services)
    [startup] = harness.sandbox.sent(ADMIN_ID)
    assert "quizzes/theory-study.yaml:17" in (startup.text or "")
    assert "monthly-materials" in (startup.text or "") and "不带答题按钮" in (startup.text or "")

    at(clock, "2027-03-01T09:00:10+08:00")
    [result] = await harness.pushes.scan_all()
    assert (result.status, result.recipients) == ("sending", 2)
    assert await harness.pushes.dispatcher.run_once() == 2
    [push] = harness.sandbox.sent(1)
    assert "本月学习材料如下" in (push.text or "")
    assert [label for label, _ in buttons(push)] == ["✅ 已学习（+1 积分）"]

    [notice] = harness.sandbox.sent(ADMIN_ID)[1:]
    text = notice.text or ""
    assert "monthly-materials" in text and "2027-03-01 09:00" in text
    assert "theory-study" in text and "quizzes/theory-study.yaml:17" in text
    # Told once: a later scan of the same fire says nothing more.
    await harness.pushes.scan_all()
    assert len(harness.sandbox.sent(ADMIN_ID)) == 2

    # /reload still names the pushes going without their quiz until the file is fixed.
    [reloaded] = await harness.say(ADMIN_ID, "/reload")
    assert "monthly-materials" in (reloaded.text or "") and "不带答题按钮" in (reloaded.text or "")

    # /pushnow sends it the same way, and says so.
    before = len(harness.sandbox.sent(ADMIN_ID))
    await harness.say(ADMIN_ID, "/pushnow monthly-materials")
    told = [m.text or "" for m in harness.sandbox.sent(ADMIN_ID)[before:]]
    assert [text for text in told if "已照常发出，但没有答题按钮" in text]


async def test_a_push_whose_bank_loads_keeps_its_quiz_button_and_tells_nobody(
    make_push_harness: PushHarnessFactory, clock: FrozenClock
) -> None:
    at(clock, "2027-03-01T08:00:00+08:00")
    harness = await make_push_harness(MATERIALS)
    await harness.members(range(1, 2))
    harness.sandbox.private_chat(ADMIN_ID)
    await harness.pushes.scan_all()
    at(clock, "2027-03-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [push] = harness.sandbox.sent(1)
    assert len(list(buttons(push))) == 2
    assert harness.sandbox.sent(ADMIN_ID) == []


async def test_a_contest_push_from_a_broken_bank_still_sends_its_invitation(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    contest_push: dict[str, Any] = {
        "id": "weekly-contest",
        "title": "每周答题挑战赛",
        "trigger": "daily at 09:00",
        "audience": {"chats": [-5001]},
        "content": {
            "text": "本周的答题挑战赛马上开始，请大家准备！",
            "contest": {"bank": "theory-study", "questions": 2, "seconds": 30},
        },
    }
    at(clock, "2027-03-01T08:59:00+08:00")
    harness = await make_push_harness(contest_push, quizzes=quizzes_with_a_typo(tmp_path))
    harness.sandbox.group_chat(-5001, "青年理论学习小组")
    harness.sandbox.private_chat(ADMIN_ID)
    await harness.pushes.scan_all()
    at(clock, "2027-03-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    # The invitation alone: no contest announced, no refusal in the group.
    [invitation] = harness.sandbox.sent(-5001)
    assert "答题挑战赛马上开始" in (invitation.text or "")
    [notice] = harness.sandbox.sent(ADMIN_ID)
    assert "weekly-contest" in (notice.text or "") and "挑战赛没有开始" in (notice.text or "")


async def test_the_quiz_button_of_an_earlier_push_says_the_bank_is_being_fixed(
    make_push_harness: PushHarnessFactory, clock: FrozenClock, tmp_path: Path
) -> None:
    """The push went out with its button; the bank broke at a later /reload. The member who
    presses it used to be told no bank theory-study exists (send /banks), which contradicts
    the button the bot itself gave."""
    quizzes = tmp_path / "quizzes"
    shutil.copytree(REPO / "quizzes", quizzes)
    at(clock, "2027-03-01T08:00:00+08:00")
    harness = await make_push_harness(MATERIALS, quizzes=quizzes, flood=None)
    await harness.members(range(1, 2))
    await harness.pushes.scan_all()
    at(clock, "2027-03-01T09:00:10+08:00")
    await harness.pushes.scan_all()
    await harness.pushes.dispatcher.run_once()
    [push] = harness.sandbox.sent(1)
    shutil.rmtree(quizzes)
    quizzes_with_a_typo(tmp_path)
    await harness.say(ADMIN_ID, "/reload")

    replies = await harness.press(1, push, "📝 开始答题")
    said = " ".join(m.text or "" for m in replies) + (
        harness.sandbox.callback_answers[-1].text or ""
    )
    assert "theory-study" in said and "暂时不能答题" in said
    assert "没有找到" not in said

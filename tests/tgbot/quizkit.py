"""Small question banks written for a test, and a player that knows their answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.sandbox.messages import SentMessage
from tests.harness import BotHarness, buttons

MIXED_BANK: dict[str, Any] = {
    "id": "mixed",
    "title": "测试题库",
    "tags": ["测试"],
    "defaults": {"time_limit": 30},
    "questions": [
        {
            "id": "s1",
            "type": "single",
            "question": "单选题一",
            "options": ["甲", "乙", "丙"],
            "answer": "B",
            "explanation": "解析一",
        },
        {
            "id": "m1",
            "type": "multiple",
            "question": "多选题一",
            "options": ["甲", "乙", "丙", "丁"],
            "answer": ["A", "C"],
            "explanation": "解析二",
        },
        {
            "id": "j1",
            "type": "judge",
            "question": "判断题一",
            "answer": "对",
            "explanation": "解析三",
        },
        {
            "id": "f1",
            "type": "fill",
            "question": "填空题一：____元",
            "answer": ["800", "八百"],
            "explanation": "解析四",
        },
    ],
}


def single_bank(count: int, bank_id: str = "many", time_limit: int = 30) -> dict[str, Any]:
    """`count` single-choice questions whose answer is always B."""
    return {
        "id": bank_id,
        "title": "单选题库",
        "tags": ["单选"],
        "defaults": {"time_limit": time_limit},
        "questions": [
            {
                "id": f"q{i:03d}",
                "type": "single",
                "question": f"第{i}道单选题",
                "options": ["错的", "对的", "也错"],
                "answer": "B",
                "explanation": f"第{i}题的解析",
            }
            for i in range(count)
        ],
    }


def write_banks(folder: Path, *banks: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for bank in banks:
        (folder / f"{bank['id']}.yaml").write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


def question_message(sent: list[SentMessage]) -> SentMessage:
    """The last question the bot sent (the message that says 第 N 题)."""
    for message in reversed(sent):
        if "题" in (message.text or "") and ("·" in (message.text or "")):
            return message
    raise AssertionError(f"no question among {[m.text for m in sent]}")


async def answer(
    harness: BotHarness, user_id: int, question: SentMessage, *, correctly: bool
) -> list[SentMessage]:
    """Answer the question in `question` the way a member would: tap, toggle or type."""
    text = question.text or ""
    labels = [label for label, _ in buttons(question)]
    if "填空题一" in text:
        return await harness.say(user_id, "８００" if correctly else "900")
    if "多选题一" in text:
        picks = ["☐ A", "☐ C"] if correctly else ["☐ B"]
        for label in picks:
            await harness.press(user_id, question, label)
        return await harness.press(user_id, question, "✅ 提交")
    if "判断题一" in text:
        return await harness.press(user_id, question, "正确" if correctly else "错误")
    assert labels[:3] == ["A", "B", "C"], labels
    return await harness.press(user_id, question, "B" if correctly else "A")

"""How a group contest looks: the announcement, the quiz polls, each question's answer and
explanation, and the standings. Group messages are in the organisation's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain.contests import (
    COUNTDOWN,
    POINTS_PER_CORRECT,
    STANDINGS_TOP,
    ContestStatus,
    poll_question,
)
from bot.domain.questions import LETTERS, Question, QuestionType
from bot.locales import Translator
from bot.services.contests import Ask, Closed, Opened, Result
from bot.tgbot.render import escape, option_labels, private_chat_link, quiz_poll_arguments

MEDALS = ("🥇", "🥈", "🥉")


def seconds_text(value: timedelta) -> str:
    return f"{value.total_seconds():.1f}"


def announce_text(t: Translator, opened: Opened) -> str:
    source = (
        t("contest-source", source=escape(opened.source))
        if opened.source
        else t("contest-source-all")
    )
    lines = [
        t("contest-announce-title"),
        t(
            "contest-announce-plan",
            questions=opened.questions,
            seconds=opened.seconds,
            source=source,
        ),
    ]
    if opened.questions < opened.requested:
        # Else the organiser who asked for 10 wonders why the plan says 3.
        lines.append(
            t("contest-fewer-questions", requested=opened.requested, available=opened.questions)
        )
    if opened.group:
        lines.append(t("contest-announce-group", group=escape(opened.group)))
    lines += [
        t("contest-announce-rules", points=POINTS_PER_CORRECT),
        t("contest-countdown", seconds=int(COUNTDOWN.total_seconds())),
    ]
    return "\n".join(lines)


def poll_arguments(t: Translator, ask: Ask) -> dict[str, Any]:
    """sendPoll's arguments: a quiz poll in the group's chat that Telegram closes by itself."""
    text = poll_question(ask.number, ask.total, ask.question.text)
    return {"chat_id": ask.chat_id, **quiz_poll_arguments(t, ask.question, text, ask.seconds)}


def answer_label(t: Translator, question: Question | None, correct: tuple[int, ...]) -> str:
    """ "B. 5期", "A. 甲；C. 丙", or "正确" (True) for a true/false question. The poll shows
    no letters, so each letter comes with its option's text."""
    if question is None:
        return t("list-separator").join(LETTERS[i] for i in correct)
    options = option_labels(t, question)
    if question.type is QuestionType.JUDGE:
        return t("list-separator").join(escape(options[i]) for i in correct)
    named = (f"{LETTERS[i]}. {escape(options[i])}" for i in correct)
    return t("clause-separator").join(named)


def closed_text(t: Translator, closed: Closed) -> str:
    lines = [
        t(
            "contest-closed",
            number=closed.number,
            total=closed.total,
            answer=answer_label(t, closed.question, closed.correct),
        ),
        t("contest-closed-stats", right=closed.right, answered=closed.answered),
    ]
    explanation = closed.question.explanation.strip() if closed.question else ""
    if explanation:
        lines.append(t("contest-explanation", text=escape(explanation)))
    return "\n".join(lines)


def standings_text(t: Translator, result: Result, bot_username: str) -> str:
    stopped = result.status is ContestStatus.STOPPED
    lines = [t("contest-stopped-title" if stopped else "contest-standings-title")]
    lines.append(t("contest-standings-summary", asked=result.asked, people=len(result.placings)))
    if not result.placings:
        lines.append(t("contest-standings-none"))
    for placing in result.placings[:STANDINGS_TOP]:
        # A medal for a podium place that scored: none for answering everything wrong.
        medal = placing.points > 0 and placing.rank <= len(MEDALS)
        mark = MEDALS[placing.rank - 1] if medal else f"{placing.rank}."
        group = t("contest-in-group", group=escape(placing.group)) if placing.group else ""
        lines.append(
            t(
                "contest-standings-line",
                mark=mark,
                name=escape(placing.name),
                group=group,
                points=placing.points,
                correct=placing.correct,
                time=seconds_text(placing.total_time),
            )
        )
    others = len(result.placings) - STANDINGS_TOP
    if others > 0:
        lines.append(t("contest-standings-more", count=others))
    if result.credit is not None:
        lines.append(
            t(
                "contest-group-credit",
                group=escape(result.credit.name),
                members=result.credit.members,
                points=result.credit.points,
            )
        )
    if result.placings:
        # /me in the private chat: two hundred of them in the group would flood it.
        lines.append(t("contest-standings-footer", link=private_chat_link(bot_username)))
    return "\n".join(lines)

"""How quiz questions, results and summaries look in a chat."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.contests import POLL_OPEN_PERIOD, POLL_QUESTION_CHARS
from bot.domain.questions import LETTERS, Question, QuestionType
from bot.domain.quiz import QuizMode
from bot.locales import Translator
from bot.services.quiz import AnswerResult, QuestionView, QuizSummary
from bot.tgbot.callbacks import QuizCallback
from bot.tgbot.render import escape, option_labels, quiz_poll_arguments

# Explanations longer than this go in a message of their own (DESIGN: Telegram poll limit).
EXPLANATION_INLINE_LIMIT = 200
POLL_TYPES = (QuestionType.SINGLE, QuestionType.JUDGE)
# A typed answer is echoed with the verdict only this far: a member may type up to Telegram's
# 4,096 characters, and the verdict must still fit in one message with the question.
ECHO_LIMIT = 200
BUTTONS_PER_ROW = 4


def question_text(t: Translator, view: QuestionView) -> str:
    question = view.question
    lines = [_heading(t, view, html=True), "", escape(question.text)]
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        lines.append("")
        lines += [f"{LETTERS[i]}. {escape(opt)}" for i, opt in enumerate(question.options)]
    if question.type is QuestionType.FILL:
        lines += ["", t("quiz-fill-hint")]
    if question.type is QuestionType.MULTIPLE:
        lines += ["", t("quiz-multiple-hint")]
    time_line = _time_line(t, view)
    if time_line is not None:
        lines.append(time_line)
    return "\n".join(lines)


def _seconds(view: QuestionView) -> int | None:
    """The seconds the member has for the question as it goes out; None: no time limit."""
    if not view.time_limit:
        return None
    return view.seconds_left if view.seconds_left is not None else view.time_limit


def _time_line(t: Translator, view: QuestionView) -> str | None:
    seconds = _seconds(view)
    if seconds is None:
        return None
    if seconds < view.time_limit:
        return t("quiz-time-left", seconds=seconds)
    return t("quiz-time-limit", seconds=view.time_limit)


def _heading(t: Translator, view: QuestionView, *, html: bool) -> str:
    if view.total is not None:
        counter = t("quiz-counter-of", number=view.number, total=view.total)
    else:
        counter = t("quiz-counter", number=view.number)
    mode = t("quiz-mode-" + view.mode.value)
    if view.mode is QuizMode.DAILY and not view.scored:
        mode = t("quiz-mode-daily-practice")  # today's was scored: this round scores nothing
    if html:
        mode = f"<b>{mode}</b>"
    return f"{mode} · {counter} · {t('qtype-' + view.question.type.value)}"


def quiz_poll(t: Translator, view: QuestionView) -> dict[str, Any] | None:
    """sendPoll's arguments for the question as Telegram's own quiz poll; None when it is not
    a single-choice or true/false question. The banks' checks keep question and options
    within a poll's limits; the heading goes where it would not fit."""
    question = view.question
    if question.type not in POLL_TYPES or len(question.correct) != 1:
        return None
    seconds = _seconds(view)
    open_period = seconds if seconds in POLL_OPEN_PERIOD else None
    # A limit Telegram cannot count down is said in the question, as with buttons.
    time_line = _time_line(t, view) if open_period is None else None
    text = _poll_text(_heading(t, view, html=False), question.text, time_line)
    # Telegram closes it on time by itself; the bot's own deadline moves the quiz on.
    return quiz_poll_arguments(t, question, text, open_period)


def _poll_text(heading: str, text: str, time_line: str | None) -> str:
    """Heading, question and time line, leaving out first the heading, then the time line,
    where they would not fit in a poll's question."""
    tail = "" if time_line is None else f"\n{time_line}"
    for candidate in (f"{heading}\n\n{text}{tail}", f"{text}{tail}"):
        if len(candidate) <= POLL_QUESTION_CHARS:
            return candidate
    return text


def question_keyboard(t: Translator, view: QuestionView) -> InlineKeyboardMarkup | None:
    question = view.question
    if question.type is QuestionType.FILL:
        return None

    def button(i: int) -> InlineKeyboardButton:
        if question.type is QuestionType.JUDGE:
            label = option_labels(t, question)[i]
        elif question.type is QuestionType.MULTIPLE:
            label = ("☑ " if i in view.selection else "☐ ") + LETTERS[i]
        else:
            label = LETTERS[i]
        data = QuizCallback("choose", view.session_id, view.position, i).encode()
        return InlineKeyboardButton(label, callback_data=data)

    buttons = [button(i) for i in range(len(question.options))]
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    if question.type is QuestionType.MULTIPLE:
        submit = QuizCallback("submit", view.session_id, view.position).encode()
        rows.append([InlineKeyboardButton(t("quiz-submit"), callback_data=submit)])
    return InlineKeyboardMarkup(rows)


def _answer_label(t: Translator, result: AnswerResult) -> str:
    question = result.question
    if question.type is QuestionType.FILL:
        text = result.text or ""
        return escape(text if len(text) <= ECHO_LIMIT else text[: ECHO_LIMIT - 1] + "…")
    return _choice_label(t, question, result.chosen)


def _correct_label(t: Translator, result: AnswerResult) -> str:
    question = result.question
    if question.type is QuestionType.FILL:
        return escape(" / ".join(question.accepted))
    return _choice_label(t, question, question.correct)


def _choice_label(t: Translator, question: Question, chosen: frozenset[int]) -> str:
    """ "AC" for choices; a true/false question, which shows no letters, by its option."""
    if question.type is QuestionType.JUDGE:
        return "".join(option_labels(t, question)[i] for i in sorted(chosen))
    return "".join(LETTERS[i] for i in sorted(chosen))


def result_text(t: Translator, question_html: str, result: AnswerResult) -> tuple[str, str | None]:
    """The answered question with its verdict, and the explanation if it needs its own message."""
    verdict, separate = verdict_text(t, result)
    return f"{question_html}\n\n{verdict}", separate


def verdict_text(t: Translator, result: AnswerResult) -> tuple[str, str | None]:
    """Right or wrong, the answer, the points, and the explanation (or, when it is long,
    the explanation as a message of its own)."""
    if result.timed_out:
        verdict = t("quiz-timed-out", answer=_correct_label(t, result))
    elif result.correct:
        verdict = t("quiz-correct", given=_answer_label(t, result))
    else:
        verdict = t("quiz-wrong", given=_answer_label(t, result), answer=_correct_label(t, result))
    if result.points:
        verdict += " " + t("quiz-points-earned", points=result.points)
    explanation = result.question.explanation
    lines = [verdict]
    separate = None
    if explanation and len(explanation) <= EXPLANATION_INLINE_LIMIT:
        lines.append(t("quiz-explanation", text=escape(explanation)))
    elif explanation:
        separate = t("quiz-explanation", text=escape(explanation))
    return "\n".join(lines), separate


def summary_text(t: Translator, summary: QuizSummary) -> str:
    seconds = int(summary.duration.total_seconds())
    lines = [
        t("quiz-summary-title", mode=t("quiz-mode-" + summary.mode.value)),
        t("quiz-summary-score", correct=summary.correct, answered=summary.answered),
        t("quiz-summary-time", minutes=seconds // 60, seconds=seconds % 60),
    ]
    if summary.best_streak is not None:
        lines.append(t("quiz-summary-streak", streak=summary.streak, best=summary.best_streak))
    if summary.scored:
        lines.append(t("quiz-summary-points", points=summary.points))
    else:
        lines.append(t("quiz-summary-practice"))
    return "\n".join(lines)


def summary_keyboard(t: Translator, summary: QuizSummary) -> InlineKeyboardMarkup | None:
    if not summary.has_wrong:
        return None
    data = QuizCallback("retry", summary.session_id).encode()
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("quiz-retry-wrong"), callback_data=data)]]
    )

"""Quiz commands, answer buttons, typed answers and question deadlines (private chats)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from datetime import datetime, timedelta

from telegram import Bot, ChatMemberUpdated, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden
from telegram.ext import JobQueue

from bot.domain.contests import poll_explanation
from bot.domain.quiz import QuizMode
from bot.locales import Translator
from bot.services.quiz import (
    AnswerResult,
    Deadline,
    OpenQuestion,
    QuestionView,
    QuizSummary,
    StaleAnswer,
    StartResult,
    Toggled,
    Withdrawn,
)
from bot.services.unit import Services
from bot.tgbot.callbacks import callback_number, decode_quiz_callback
from bot.tgbot.commands import COMMAND_NAMES
from bot.tgbot.context import StudyContext, caller_from, in_private_chat
from bot.tgbot.private_chat import answer_personally, member_left_the_chat
from bot.tgbot.push_render import QUIZ_PREFIX
from bot.tgbot.quiz_render import (
    question_keyboard,
    question_text,
    quiz_poll,
    result_text,
    summary_keyboard,
    summary_text,
    verdict_text,
)
from bot.tgbot.render import escape, reply, take_buttons_off

log = logging.getLogger(__name__)

FULL_WIDTH_SLASH = "／"
# A quiz poll's question times out this long after its limit (after a restart, after it is
# re-armed): Telegram closed the poll at the limit itself, so a vote that reaches the bot
# meanwhile was cast in time (in the last moment, or while the bot was down, the updates
# that came meanwhile still to be fetched) and must not find its question timed out. A
# button question's times out at its limit: a tap after it may have come too late.
POLL_VOTE_GRACE = timedelta(seconds=5)
# PTB runs one handler per group for each update: every poll feature has a group of its own
# (group contests: bot.tgbot.handlers.contests.POLL_ANSWER_GROUP).
POLL_ANSWER_GROUP = 11


# ---- sending ---------------------------------------------------------------------------


async def send_question(
    bot: Bot,
    services: Services,
    jobs: JobQueue | None,
    chat_id: int,
    locale: str,
    view: QuestionView,
    *,
    resent: bool = False,
    earlier: int | None = None,
) -> None:
    """Send a question, then record its message id and arm its time limit (which, for a
    question `resent` to a member going on with a quiz, runs on from the first sending).

    `earlier` is the message the question went out in before: its buttons are taken off,
    so that only the new copy, where the verdict will land, can be answered.
    """
    t = Translator(locale)
    message = await _send_as_poll(bot, chat_id, t, view) if services.config.quiz.polls else None
    keyboard = None if message is not None else question_keyboard(t, view)
    if message is None:
        message = await bot.send_message(chat_id, question_text(t, view), reply_markup=keyboard)
    poll_id = message.poll.id if message.poll is not None else None
    async with services.unit() as unit:
        deadline = await unit.quiz.bind_message(
            view, message.message_id, resent=resent, poll_id=poll_id
        )
    if deadline is not None and jobs is not None:
        arm_deadline(jobs, deadline)
    if earlier is None:
        return
    with contextlib.suppress(BadRequest):  # the member deleted it: nothing to take off
        if poll_id is not None:
            # A poll cannot lose its options, and stopping it would show the answer.
            await bot.delete_message(chat_id, earlier)
        elif keyboard is not None:
            await bot.edit_message_reply_markup(chat_id, earlier, reply_markup=None)


async def _send_as_poll(
    bot: Bot, chat_id: int, t: Translator, view: QuestionView
) -> Message | None:
    """The question as a quiz poll; None when it is no poll's kind, or Telegram refuses the
    poll (then it goes out with buttons, and the member can answer all the same)."""
    poll = quiz_poll(t, view)
    if poll is None:
        return None
    try:
        return await bot.send_poll(chat_id, **poll)
    except BadRequest as refusal:
        log.warning(
            "question %s as a poll refused (%s): sent with buttons", view.question.key, refusal
        )
        return None


async def send_started(
    context: StudyContext, chat_id: int, locale: str, started: StartResult
) -> None:
    """A quiz just started or resumed: its question (a resumed one replaces its earlier
    copy), or its summary when the pool had nothing to ask. A quiz it replaced loses its
    open question."""
    if started.given_way is not None:
        await close_open_question(context.bot, started.given_way)
    if started.view is not None:
        await send_question(
            context.bot,
            context.services,
            context.job_queue,
            chat_id,
            locale,
            started.view,
            resent=started.resumed,
            earlier=started.earlier_message_id,
        )
    elif started.summary is not None:
        await send_summary(context.bot, chat_id, locale, started.summary)


async def send_summary(bot: Bot, chat_id: int, locale: str, summary: QuizSummary) -> None:
    t = Translator(locale)
    await bot.send_message(
        chat_id, summary_text(t, summary), reply_markup=summary_keyboard(t, summary)
    )


async def show_result(
    bot: Bot,
    services: Services,
    jobs: JobQueue | None,
    locale: str,
    result: AnswerResult | Withdrawn,
    *,
    in_poll: bool = False,
) -> None:
    """Mark the answered question with its verdict, then go on or close the quiz.
    `in_poll`: answered in the question's quiz poll, which shows the verdict itself."""
    t = Translator(locale)
    if isinstance(result, Withdrawn):
        if result.open_question is not None:
            await close_open_question(bot, result.open_question)
        await bot.send_message(result.chat_id, t("quiz-withdrawn"))
    elif result.poll:
        await _close_poll(bot, t, result, in_poll=in_poll)
    else:
        await _mark_verdict(bot, t, result)
    if result.next is not None:
        await send_question(bot, services, jobs, result.chat_id, locale, result.next)
    elif result.summary is not None:
        await send_summary(bot, result.chat_id, locale, result.summary)


async def _close_poll(bot: Bot, t: Translator, result: AnswerResult, *, in_poll: bool) -> None:
    """A quiz poll shows the member the right answer and the explanation when they choose in
    it; only an explanation too long for the poll follows. Answered otherwise (typed, or out of
    time), the poll is closed and the verdict said."""
    if in_poll:
        explanation = result.question.explanation
        if explanation and poll_explanation(result.question) is None:
            await bot.send_message(result.chat_id, t("quiz-explanation", text=escape(explanation)))
        return
    if result.message_id is not None:
        await close_open_question(bot, OpenQuestion(result.chat_id, result.message_id, poll=True))
    verdict, separate = verdict_text(t, result)
    await bot.send_message(result.chat_id, verdict)
    if separate:
        await bot.send_message(result.chat_id, separate)


async def _mark_verdict(bot: Bot, t: Translator, result: AnswerResult) -> None:
    text, separate = result_text(t, question_text(t, result.answered), result)
    if result.message_id is not None:
        try:
            await bot.edit_message_text(text, chat_id=result.chat_id, message_id=result.message_id)
        except BadRequest:
            # The question message is gone (deleted by the member): say it afresh.
            await bot.send_message(result.chat_id, text)
    else:
        await bot.send_message(result.chat_id, text)
    if separate:
        await bot.send_message(result.chat_id, separate)


# ---- deadlines -------------------------------------------------------------------------


def _job_name(deadline: Deadline) -> str:
    return f"quiz-deadline-{deadline.session_id}-{deadline.position}"


def arm_deadline(jobs: JobQueue, deadline: Deadline, not_before: datetime | None = None) -> None:
    """Time the question out at its deadline, or at `not_before` when that is later (a
    deadline re-armed after it passed); a quiz poll's POLL_VOTE_GRACE later."""
    at = deadline.at if not_before is None else max(deadline.at, not_before)
    if deadline.closes_itself:
        at += POLL_VOTE_GRACE
    jobs.run_once(
        _deadline_job,
        when=at,
        data=dataclasses.replace(deadline, at=at),
        name=_job_name(deadline),
        job_kwargs={"misfire_grace_time": None},
    )


async def rearm_deadlines(services: Services, jobs: JobQueue, now: datetime) -> int:
    """After a restart: every stored deadline gets its job again; overdue ones fire now, or
    a quiz poll's in a moment."""
    async with services.unit() as unit:
        deadlines = await unit.quiz.pending_deadlines()
    for deadline in deadlines:
        arm_deadline(jobs, deadline, not_before=now)
    return len(deadlines)


async def expire_question(
    bot: Bot, services: Services, jobs: JobQueue | None, deadline: Deadline
) -> bool:
    """Count an unanswered question as wrong and move on; False if it was answered in time."""
    async with services.unit() as unit:
        result = await unit.quiz.expire(deadline.session_id, deadline.position)
        if result is None:
            return False
        locale = await unit.members.locale_of(result.member_id)
    try:
        await show_result(bot, services, jobs, locale, result)
    except Forbidden:
        # Blocked, and the bot did not hear of it (`private_chat_changed`): heard now.
        log.info("member %s blocked the bot mid-quiz: the quiz ends", result.member_id)
        await member_left_the_chat(services, result.member_id)
    return True


async def private_chat_changed(change: ChatMemberUpdated, context: StudyContext) -> None:
    """Telegram says a member blocked the bot in their private chat, or came back."""
    member_id = change.from_user.id
    if change.new_chat_member.status == ChatMemberStatus.BANNED:
        await member_left_the_chat(context.services, member_id)
        return
    async with context.services.unit() as unit:
        await unit.members.set_reachable(member_id, True)


async def _deadline_job(context: StudyContext) -> None:
    job = context.job
    if job is None or not isinstance(job.data, Deadline):
        return
    await expire_question(context.bot, context.services, context.job_queue, job.data)


# ---- handlers --------------------------------------------------------------------------


async def _start(update: Update, context: StudyContext, mode: QuizMode) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    filter_text = " ".join(context.args).strip() if context.args else None
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        started = await unit.quiz.start(actor, chat.id, mode, filter_text or None)
    t = Translator(actor.locale)
    if started.resumed:
        await reply(update, t("quiz-resumed"))
    elif mode is QuizMode.DAILY and started.view is not None and not started.view.scored:
        await reply(update, t("quiz-daily-practice"))
    await send_started(context, chat.id, actor.locale, started)


async def daily_quiz(update: Update, context: StudyContext) -> None:
    await _start(update, context, QuizMode.DAILY)


async def challenge(update: Update, context: StudyContext) -> None:
    await _start(update, context, QuizMode.CHALLENGE)


async def practice(update: Update, context: StudyContext) -> None:
    await _start(update, context, QuizMode.PRACTICE)


async def stop(update: Update, context: StudyContext) -> None:
    chat = update.effective_chat
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        summary, open_question = await unit.quiz.stop(actor)
    if chat is None:
        return
    if open_question is not None:
        await close_open_question(context.bot, open_question)
    await send_summary(context.bot, chat.id, actor.locale, summary)


async def close_open_question(bot: Bot, question: OpenQuestion) -> None:
    """A question left unanswered by a quiz that ended: its buttons go, its poll closes."""
    with contextlib.suppress(BadRequest):  # the member deleted it, or it has none
        if question.poll:
            await bot.stop_poll(question.chat_id, question.message_id)
        else:
            await bot.edit_message_reply_markup(
                question.chat_id, question.message_id, reply_markup=None
            )


async def banks(update: Update, context: StudyContext) -> None:
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        infos = unit.quiz.banks()
    t = Translator(actor.locale)
    if not infos:
        await answer_personally(update, context, t("banks-none"))
        return
    lines = [t("banks-header")]
    for info in infos:
        counts = t("banks-type-separator").join(
            t("banks-type-count", type=t("qtype-" + kind.value), count=n)
            for kind, n in info.counts.items()
            if n
        )
        state = "" if info.enabled else " " + t("banks-disabled")
        lines.append(
            t("banks-line", id=info.id, title=escape(info.title), total=info.total, counts=counts)
            + state
        )
        if info.tags:
            tags = t("list-separator").join(escape(tag) for tag in info.tags)
            lines.append(t("banks-tags", tags=tags))
    lines.append(t("banks-footer"))
    await answer_personally(update, context, "\n".join(lines))


async def on_button(update: Update, context: StudyContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    data = decode_quiz_callback(query.data or "")
    if data is None:
        raise StaleAnswer()
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        if data.action == "retry":
            started = await unit.quiz.retry(actor, chat.id, data.session_id)
        elif data.action == "submit":
            outcome: AnswerResult | Toggled | Withdrawn = await unit.quiz.submit(
                actor, data.session_id, data.position
            )
        else:
            outcome = await unit.quiz.choose(actor, data.session_id, data.position, data.option)
    t = Translator(actor.locale)
    if data.action == "retry":
        await query.answer(t("quiz-retry-resumed") if started.resumed else None)
        await take_buttons_off(query)
        await send_started(context, chat.id, actor.locale, started)
    elif isinstance(outcome, Toggled):
        await query.answer()
        await query.edit_message_reply_markup(question_keyboard(t, outcome.view))
    else:
        if isinstance(outcome, Withdrawn):
            await query.answer()
        else:
            await query.answer(t("quiz-toast-right" if outcome.correct else "quiz-toast-wrong"))
        await show_result(context.bot, context.services, context.job_queue, actor.locale, outcome)


async def on_poll_answer(update: Update, context: StudyContext) -> None:
    """A choice in a question's quiz poll (config quiz.polls). Answers to any other poll (a
    group contest's) are not a quiz's: they are left to their own handler."""
    answer = update.poll_answer
    if answer is None or answer.user is None:
        return
    async with context.services.unit() as unit:
        session = await unit.quiz.poll_question(answer.poll_id)
        if session is None:
            return
        actor = await unit.members.identify(caller_from(update))
        try:
            result = await unit.quiz.answer_poll(actor, session, answer.option_ids)
        except StaleAnswer:
            return  # a replayed update: it was answered; there is no button to tell
    await show_result(
        context.bot, context.services, context.job_queue, actor.locale, result, in_poll=True
    )


async def on_quiz_invite(update: Update, context: StudyContext) -> None:
    """The quiz button on a push: practise the bank it names, in the member's private chat."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    bank, _, count = query.data.removeprefix(QUIZ_PREFIX).partition(":")
    user = update.effective_user
    if user is None:
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        started = await unit.quiz.start(
            actor, user.id, QuizMode.PRACTICE, bank, limit=callback_number(count)
        )
    t = Translator(actor.locale)
    try:
        await send_started(context, user.id, actor.locale, started)
    except Forbidden:
        # Pressed in a group chat by a member who never opened the private chat: a bot
        # cannot write first. The quiz just started would wait there for nobody.
        await member_left_the_chat(context.services, user.id)
        await query.answer(t("quiz-open-private-first"), show_alert=True)
        return
    # From a group chat, the questions went elsewhere: say where.
    in_group = query.message is not None and not in_private_chat(update)
    await query.answer(t("quiz-sent-to-private") if in_group else None)


async def on_text(update: Update, context: StudyContext) -> None:
    """Typed text in a private chat: an answer if a quiz is waiting, else a pointer to /help."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or message.text is None:
        return
    if message.text.startswith(FULL_WIDTH_SLASH):
        # A Chinese keyboard in full-width mode types ／quiz, which Telegram does not take
        # for a command; it is not an answer either. Text after it that names no command
        # (a typo, "／<b>") gets /help: it is not quoted back.
        async with context.services.unit() as unit:
            actor = await unit.members.identify(caller_from(update))
        words = message.text.removeprefix(FULL_WIDTH_SLASH).split()
        named = words[0].casefold() if words else ""
        command = "/" + (named if named in COMMAND_NAMES else "help")
        await reply(update, Translator(actor.locale)("command-full-width", command=command))
        return
    async with context.services.unit() as unit:
        actor = await unit.members.identify(caller_from(update))
        result = await unit.quiz.answer_text(actor, chat.id, message.text)
    if result is None:
        await reply(update, Translator(actor.locale)("text-not-understood"))
        return
    await show_result(context.bot, context.services, context.job_queue, actor.locale, result)

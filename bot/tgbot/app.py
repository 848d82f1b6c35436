"""Building the PTB Application: resources, handlers in one place, lifecycle hooks."""

from __future__ import annotations

import asyncio

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    PollAnswerHandler,
    filters,
)
from telegram.request import BaseRequest

import bot.tgbot.handlers.bank_upload as bank_upload
import bot.tgbot.handlers.contests as contests
import bot.tgbot.handlers.groups as study_groups
import bot.tgbot.handlers.rankings as rankings
from bot.config import Config
from bot.domain.pacing import Limits
from bot.locales import SUPPORTED_LOCALES, Translator
from bot.services.clock import Clock, utc_now
from bot.services.identity import Role
from bot.services.rendering import Renderer
from bot.services.unit import Services
from bot.storage import migrate
from bot.storage.db import create_engine, create_reading_engine, session_factory
from bot.tgbot.admin_notices import report_content_problems
from bot.tgbot.callbacks import QUIZ_CALLBACK_PATTERN
from bot.tgbot.commands import commands_for
from bot.tgbot.context import BotData, StudyApplication, StudyContext
from bot.tgbot.errors import on_error
from bot.tgbot.handlers import awards, members, newpush, party_days, pushes, quiz, roles
from bot.tgbot.leadership import Leadership
from bot.tgbot.muted_chats import RefusedPushNotice
from bot.tgbot.private_chat import GroupNotices
from bot.tgbot.push_engine import PushEngine, Timing
from bot.tgbot.push_render import ACK_PATTERN, QUIZ_INVITE_PATTERN
from bot.tgbot.push_sender import TelegramSender
from bot.tgbot.rate_limiter import BudgetRateLimiter
from bot.tgbot.update_order import PerSenderUpdateProcessor


def register_handlers(app: StudyApplication) -> None:
    """Every handler, in the order PTB tries them; the catch-all for commands comes last."""
    app.add_handler(CommandHandler("start", members.start))
    app.add_handler(CommandHandler("help", members.help_command))
    app.add_handler(CommandHandler("lang", members.lang))
    app.add_handler(CommandHandler("grant", roles.grant))
    app.add_handler(CommandHandler("revoke", roles.revoke))
    app.add_handler(CommandHandler("join", study_groups.join))
    app.add_handler(CommandHandler("leave", study_groups.leave))
    app.add_handler(CommandHandler("newgroup", study_groups.newgroup))
    app.add_handler(CommandHandler("renamegroup", study_groups.renamegroup))
    app.add_handler(CommandHandler("delgroup", study_groups.delgroup))
    app.add_handler(CommandHandler("newcode", study_groups.newcode))
    app.add_handler(CommandHandler("grouplist", study_groups.grouplist))
    app.add_handler(CommandHandler("move", study_groups.move))
    app.add_handler(CommandHandler("removemember", study_groups.removemember))
    app.add_handler(CommandHandler("linkgroup", study_groups.linkgroup))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, study_groups.on_chat_migrated))
    app.add_handler(CommandHandler("me", rankings.me))
    app.add_handler(CommandHandler("rank", rankings.rank))
    app.add_handler(CommandHandler("top", rankings.top))
    app.add_handler(CommandHandler("groups", rankings.groups))
    app.add_handler(CommandHandler("standouts", rankings.standouts))
    app.add_handler(CommandHandler("export", rankings.export))
    app.add_handler(CommandHandler("chart", rankings.chart))
    app.add_handler(CommandHandler("award", awards.award))
    app.add_handler(CommandHandler("unaward", awards.unaward))
    app.add_handler(CommandHandler("partyday", party_days.partyday))
    app.add_handler(CommandHandler("partydays", party_days.partydays))
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("quiz", quiz.daily_quiz, filters=private))
    app.add_handler(CommandHandler("challenge", quiz.challenge, filters=private))
    app.add_handler(CommandHandler("practice", quiz.practice, filters=private))
    app.add_handler(CommandHandler("stop", quiz.stop, filters=private))
    app.add_handler(CommandHandler("banks", quiz.banks))
    app.add_handler(CallbackQueryHandler(quiz.on_button, pattern=QUIZ_CALLBACK_PATTERN))
    app.add_handler(CallbackQueryHandler(quiz.on_quiz_invite, pattern=QUIZ_INVITE_PATTERN))
    # Questions as quiz polls; in a group of its own, like the contests' poll answers.
    app.add_handler(PollAnswerHandler(quiz.on_poll_answer), group=quiz.POLL_ANSWER_GROUP)
    app.add_handler(ChatMemberHandler(members.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, quiz.on_text))
    app.add_handler(CommandHandler("newpush", newpush.new_push))
    app.add_handler(CommandHandler("cancel", newpush.cancel))
    app.add_handler(CallbackQueryHandler(newpush.on_button, pattern=newpush.PATTERN))
    # Before anything else: an edited message is never handled again.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, members.edited_message), group=-2)
    app.add_handler(
        MessageHandler(filters.SenderChat.ALL & filters.COMMAND, members.anonymous_sender),
        group=-2,
    )
    # Group -1 sees private messages first: a /newpush draft waiting for content takes them;
    # in a group chat, the replies to the bot (a draft started there).
    app.add_handler(
        MessageHandler(
            (private | (filters.ChatType.GROUPS & filters.REPLY))
            & ~filters.COMMAND
            & (filters.TEXT | filters.PHOTO | filters.Document.ALL),
            newpush.on_message,
        ),
        group=-1,
    )
    app.add_handler(CommandHandler("schedules", pushes.schedules))
    app.add_handler(CommandHandler("preview", pushes.preview))
    app.add_handler(CommandHandler("pushnow", pushes.push_now))
    app.add_handler(CommandHandler("pause", pushes.pause))
    app.add_handler(CommandHandler("resume", pushes.resume))
    app.add_handler(CommandHandler("pushstats", pushes.push_stats))
    app.add_handler(CommandHandler("nudge", pushes.nudge))
    app.add_handler(CommandHandler("reload", pushes.reload))
    app.add_handler(CallbackQueryHandler(pushes.on_ack, pattern=ACK_PATTERN))
    # An admin's question bank file in a private chat, and its 确认/取消 buttons.
    app.add_handler(MessageHandler(private & filters.Document.ALL, bank_upload.on_document))
    app.add_handler(CallbackQueryHandler(bank_upload.on_button, pattern=bank_upload.PATTERN))
    # Group contests. Poll answers get a handler group of their own: a poll answer handler
    # in group 0 (private quizzes as polls) still sees the answers that are not a contest's.
    app.add_handler(CommandHandler("contest", contests.start_contest))
    app.add_handler(CommandHandler("stopcontest", contests.stop_contest))
    app.add_handler(PollAnswerHandler(contests.on_poll_answer), group=contests.POLL_ANSWER_GROUP)
    # Quiz commands in a group chat get pointed to the private chat.
    app.add_handler(
        CommandHandler(["quiz", "challenge", "practice", "stop"], members.private_only)
    )
    app.add_handler(MessageHandler(filters.COMMAND, members.unknown_command))
    # Stickers, photos, voice and the like in a private chat (a /newpush draft took its own).
    app.add_handler(
        MessageHandler(
            private & ~filters.TEXT & ~filters.Document.ALL & ~filters.StatusUpdate.ALL,
            members.media_not_understood,
        )
    )
    # Buttons from older versions of the bot or forged data.
    app.add_handler(CallbackQueryHandler(members.unknown_button))
    app.add_error_handler(on_error)


async def publish_commands(app: StudyApplication, default_locale: str) -> None:
    """The command menu in each language; the default scope shows member commands."""
    specs = commands_for(Role.MEMBER)
    for locale in (None, *SUPPORTED_LOCALES):
        t = Translator(locale or default_locale)
        await app.bot.set_my_commands(
            [BotCommand(spec.name, t(spec.help_id)) for spec in specs],
            scope=BotCommandScopeDefault(),
            language_code=locale,
        )


def build_application(
    config: Config,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    clock: Clock = utc_now,
    token: str | None = None,
    timing: Timing | None = None,
    renderer: Renderer | None = None,
    migrate_database: bool = True,
) -> StudyApplication:
    """`request`s replace HTTP (the in-process sandbox); `token` overrides the config's;
    `timing` is the clock of the send budget that replies and the dispatcher share, and the
    one replies wait out a RetryAfter on (tests share a fake one with the sandbox);
    `renderer` is a report worker its caller owns and stops (tests share one), else the
    application starts its own when a report needs it and stops it at shutdown.
    `migrate_database`: bring the schema up to date at start-up; `studybot run` has done it
    before anything starts (bot.tgbot.runner.check_database) and passes False."""
    own_renderer = renderer is None
    report_renderer = renderer or Renderer()
    timing = timing or Timing(
        limits=Limits().scaled(config.pushes.limit_scale),
        concurrency=config.pushes.concurrency,
    )
    budget = timing.budget()

    async def post_init(app: StudyApplication) -> None:
        engine = create_engine(config.database_url)
        if migrate_database:
            await migrate.upgrade(engine)
        reading = create_reading_engine(engine)
        services = Services(
            config,
            session_factory(engine),
            clock,
            reading=session_factory(reading),
            renderer=report_renderer,
        )
        services.load_content()
        await services.load_chat_schedules()
        app.bot_data.engine = engine
        app.bot_data.reading_engine = reading
        app.bot_data.services = services
        await rankings.prepare(services)  # running totals built for this timezone
        app.bot_data.contests = contests.ContestRunner(services, app.bot, app.job_queue)
        app.bot_data.group_notices = GroupNotices(timing.monotonic, timing.sleep)
        app.bot_data.pushes = PushEngine(
            services,
            TelegramSender(app.bot, contests=app.bot_data.contests.start_scheduled),
            budget,
            concurrency=timing.concurrency,
            on_muted=RefusedPushNotice(app.bot, services),
        )
        await publish_commands(app, config.language)
        if app.job_queue is not None:
            await app.bot_data.contests.rearm()  # running contests go on after a restart
            # The scheduler, the dispatcher and re-armed question deadlines belong to the
            # process elected to run them (with SQLite, this one, at once).
            app.bot_data.leadership = Leadership(
                services,
                engine,
                app.bot_data.pushes,
                app.bot,
                app.job_queue,
                dispatchers=config.pushes.dispatchers,
            )
            # Contests armed by a process that has gone on are run by the leader.
            app.bot_data.leadership.duties.append(app.bot_data.contests.adopt_orphans)
            await app.bot_data.leadership.start()
        await report_content_problems(app.bot, services)

    async def post_stop(app: StudyApplication) -> None:
        pushes_engine = getattr(app.bot_data, "pushes", None)
        if pushes_engine is not None:
            await pushes_engine.stop()
        contest_runner = getattr(app.bot_data, "contests", None)
        if contest_runner is not None:
            await contest_runner.flush()  # poll answers still queued

    async def post_shutdown(app: StudyApplication) -> None:
        leadership = getattr(app.bot_data, "leadership", None)
        if leadership is not None:
            await leadership.stop()  # another process takes over now, not on a timeout
        for name in ("reading_engine", "engine"):
            engine = getattr(app.bot_data, name, None)
            if engine is not None:
                await engine.dispose()  # twice for the same engine (PostgreSQL) is harmless
        if own_renderer:
            # Waits for a report being rendered: a thread, so the loop is not held meanwhile.
            await asyncio.to_thread(report_renderer.close)

    builder = (
        ApplicationBuilder()
        .token(token or config.token_value or "")
        .base_url(config.bot_api_base_url)
        .base_file_url(config.bot_api_file_url)
        .context_types(ContextTypes(context=StudyContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=config.zone))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .concurrent_updates(PerSenderUpdateProcessor(config.concurrent_updates))
        .rate_limiter(BudgetRateLimiter(budget, sleep=timing.sleep))
    )
    if request is not None:
        builder = builder.request(request)
    elif config.proxy_url:
        builder = builder.proxy(config.proxy_url)
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    elif config.proxy_url:
        builder = builder.get_updates_proxy(config.proxy_url)
    app: StudyApplication = builder.build()
    register_handlers(app)
    return app

"""Building the PTB Application: resources, handlers in one place, lifecycle hooks."""

from __future__ import annotations

from telegram import BotCommand, BotCommandScopeDefault
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Config
from bot.content.banks import load_banks
from bot.locales import SUPPORTED_LOCALES, Translator
from bot.services.clock import Clock, utc_now
from bot.services.identity import Role
from bot.services.unit import Services
from bot.storage import migrate
from bot.storage.db import create_engine, session_factory
from bot.tgbot.admin_notices import report_content_problems
from bot.tgbot.callbacks import QUIZ_CALLBACK_PATTERN
from bot.tgbot.commands import commands_for
from bot.tgbot.context import BotData, StudyApplication, StudyContext
from bot.tgbot.errors import on_error
from bot.tgbot.handlers import members, quiz, roles


def register_handlers(app: StudyApplication) -> None:
    """Every handler, in the order PTB tries them; the catch-all for commands comes last."""
    app.add_handler(CommandHandler("start", members.start))
    app.add_handler(CommandHandler("help", members.help_command))
    app.add_handler(CommandHandler("lang", members.lang))
    app.add_handler(CommandHandler("grant", roles.grant))
    app.add_handler(CommandHandler("revoke", roles.revoke))
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("quiz", quiz.daily_quiz, filters=private))
    app.add_handler(CommandHandler("challenge", quiz.challenge, filters=private))
    app.add_handler(CommandHandler("practice", quiz.practice, filters=private))
    app.add_handler(CommandHandler("stop", quiz.stop, filters=private))
    app.add_handler(CommandHandler("banks", quiz.banks))
    app.add_handler(CallbackQueryHandler(quiz.on_button, pattern=QUIZ_CALLBACK_PATTERN))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, quiz.on_text))
    # Quiz commands in a group chat get pointed to the private chat.
    app.add_handler(
        CommandHandler(["quiz", "challenge", "practice", "stop"], members.private_only)
    )
    app.add_handler(MessageHandler(filters.COMMAND, members.unknown_command))
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
) -> StudyApplication:
    """`request`s replace HTTP (the in-process sandbox); `token` overrides the config's."""

    async def post_init(app: StudyApplication) -> None:
        engine = create_engine(config.database_url)
        await migrate.upgrade(engine)
        catalog = load_banks(config.quizzes_path, base=config.base_dir)
        services = Services(config, session_factory(engine), clock, catalog)
        app.bot_data.engine = engine
        app.bot_data.services = services
        await publish_commands(app, config.language)
        if app.job_queue is not None:
            await quiz.rearm_deadlines(services, app.job_queue, clock())
        await report_content_problems(app.bot, config, catalog)

    async def post_shutdown(app: StudyApplication) -> None:
        engine = getattr(app.bot_data, "engine", None)
        if engine is not None:
            await engine.dispose()

    builder = (
        ApplicationBuilder()
        .token(token or config.token_value or "")
        .base_url(config.bot_api_base_url)
        .base_file_url(config.bot_api_file_url)
        .context_types(ContextTypes(context=StudyContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=config.zone))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request)
    if updates_request is not None:
        builder = builder.get_updates_request(updates_request)
    app: StudyApplication = builder.build()
    register_handlers(app)
    return app

"""`studybot run`: polling by default, webhook for deployments; SIGINT/SIGTERM stop cleanly.

Polling is PTB's own `run_polling`. Webhook mode runs bot.tgbot.webhook's server (a
constant-time secret check) around the same application lifecycle PTB's `run_webhook`
follows: initialize, post_init, start, serve; then stop, post_stop, shutdown, post_shutdown.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from functools import partial
from typing import Any

from sqlalchemy.exc import DBAPIError
from telegram import Bot, Update
from telegram.error import BadRequest, InvalidToken, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.config import Config, WebhookConfig, database_url_notice
from bot.content.check import config_problems
from bot.locales import in_every_language, translate
from bot.services.leader import DatabaseInUse, SqliteFileLock, sqlite_path
from bot.storage import migrate
from bot.storage.db import DatabaseUnreachable, check_reachable, create_engine
from bot.tgbot.app import build_application
from bot.tgbot.context import StudyApplication
from bot.tgbot.retry import network_trouble, retry_after_seconds
from bot.tgbot.webhook import WebhookServer

log = logging.getLogger(__name__)

EXIT_DATABASE_IN_USE = 2
# A webhook URL Telegram refuses is a config mistake like any other: a restart cannot mend it.
EXIT_WEBHOOK_REFUSED = 2
EXIT_TOKEN_REJECTED = 3
EXIT_API_UNREACHABLE = 4
EXIT_API_REFUSED = 5
EXIT_DATABASE_UNREACHABLE = 6
# The database's schema cannot be brought to this release's: a restart cannot mend it.
EXIT_DATABASE_SCHEMA = 7
# The webhook port is taken (by an instance still stopping, say): a restart may find it free.
EXIT_WEBHOOK_PORT = 8
SET_WEBHOOK_ATTEMPTS = 3


def run(config: Config) -> int:
    """Run until stopped; the exit code: 0, or an EXIT_* code when a check before the start
    (the SQLite file, the Bot API, the database) says the bot cannot run."""
    database = sqlite_path(config.database_url)
    lock = SqliteFileLock(database) if database is not None else None
    if lock is not None:
        try:
            lock.acquire()
        except DatabaseInUse as busy:
            print(in_use_message(busy), file=sys.stderr)
            return EXIT_DATABASE_IN_USE
        except OSError as error:  # the folder cannot be made, or the lock file written
            where = {"url": config.database_url, "detail": str(error)}
            print(in_every_language("database-unreachable", where), file=sys.stderr)
            return EXIT_DATABASE_UNREACHABLE
    try:
        refusal = asyncio.run(check_bot_api(config)) or asyncio.run(check_database(config))
        if refusal is not None:
            print(refusal[1], file=sys.stderr)
            return refusal[0]
        app = build_application(config, migrate_database=False)  # check_database did
        log.info(translate(config.language, "bot-started", {"mode": config.mode}))
        notice = database_url_notice(config)
        if notice is not None:
            log.info(translate(config.language, *notice))
        for problem in config_problems(config):
            log.warning(problem.render(partial(translate, config.language)))
        if config.mode == "webhook":
            try:
                asyncio.run(serve_webhook(app, config.webhook))
            except WebhookRefused as refused:
                args = {"url": refused.url, "detail": refused.detail}
                print(in_every_language("deploy-webhook-refused", args), file=sys.stderr)
                return EXIT_WEBHOOK_REFUSED
            except WebhookPortUnavailable as taken:
                args = {"address": taken.address, "detail": taken.detail}
                print(in_every_language("deploy-webhook-port", args), file=sys.stderr)
                return EXIT_WEBHOOK_PORT
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    finally:
        if lock is not None:
            lock.release()
    return 0


def in_use_message(busy: DatabaseInUse) -> str:
    return in_every_language(
        "deploy-sqlite-in-use", {"path": str(busy.path), "pid": busy.pid or "?"}
    )


async def check_bot_api(config: Config) -> tuple[int, str] | None:
    """One getMe before anything starts, so that a rejected token or an unreachable server
    is said in a line (exit code and message) rather than in PTB's tracebacks."""
    token = config.token_value or ""
    request = _PreflightRequest(proxy=config.proxy_url)
    bot = Bot(
        token,
        base_url=config.bot_api_base_url,
        base_file_url=config.bot_api_file_url,
        request=request,
    )
    url = config.bot_api_base_url
    try:
        async with bot:  # initialize() asks getMe
            return None
    except InvalidToken:
        return EXIT_TOKEN_REJECTED, in_every_language("deploy-token-rejected", {"url": url})
    except TelegramError as error:
        args = {
            "url": url,
            "detail": str(error).replace(token, "<token>") if token else str(error),
        }
        if network_trouble(error):
            return EXIT_API_UNREACHABLE, in_every_language("deploy-api-unreachable", args)
        return EXIT_API_REFUSED, in_every_language("deploy-api-refused", args)


async def check_database(config: Config) -> tuple[int, str] | None:
    """One connection before anything starts, then the schema brought up to date: a wrong
    database_url, a database a newer release made, or a migration the database user may
    not run is said in a line."""
    engine = create_engine(config.database_url)
    url = engine.url.render_as_string(hide_password=True)
    try:
        await check_reachable(engine)
        known = migrate.revisions_oldest_first()
        revision = await migrate.current_revision(engine)
        if revision is not None and revision not in known:
            args = {"url": url, "revision": revision, "head": known[-1]}
            return EXIT_DATABASE_SCHEMA, in_every_language("database-newer-than-bot", args)
        try:
            await migrate.upgrade(engine)
        except Exception as error:  # whatever fails in a migration, a restart fails alike
            cause = error.orig if isinstance(error, DBAPIError) else error
            detail = (str(cause).strip() or type(cause).__name__).splitlines()[0]
            args = {"url": url, "detail": detail}
            return EXIT_DATABASE_SCHEMA, in_every_language("database-upgrade-failed", args)
    except DatabaseUnreachable as unreachable:
        args = {"url": unreachable.url, "detail": unreachable.detail}
        return EXIT_DATABASE_UNREACHABLE, in_every_language("database-unreachable", args)
    finally:
        await engine.dispose()
    return None


class _PreflightRequest(HTTPXRequest):
    """PTB logs a traceback for an answer that is not JSON; at start-up it is said in a line."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> Any:
        try:
            return json.loads(payload.decode("utf-8", "replace"))
        except ValueError as error:
            raise TelegramError(f"not JSON: {payload[:60]!r}") from error


class WebhookRefused(Exception):
    """setWebhook answered 400: the URL (its scheme, port or host) is not one it calls."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(url, detail)
        self.url, self.detail = url, detail


class WebhookPortUnavailable(Exception):
    """The webhook server cannot listen on webhook.listen and the port: taken, or an address
    this machine does not have."""

    def __init__(self, address: str, detail: str) -> None:
        super().__init__(address, detail)
        self.address, self.detail = address, detail


def webhook_url(hook: WebhookConfig) -> str:
    return f"{(hook.url or '').rstrip('/')}/{hook.path.strip('/')}"


async def serve_webhook(app: StudyApplication, hook: WebhookConfig) -> None:
    # The config refuses webhook mode without a secret (bot/config.py).
    secret = hook.secret_token.get_secret_value() if hook.secret_token else ""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    server = WebhookServer(app, listen=hook.listen, port=hook.port, path=hook.path, secret=secret)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            await server.start()
        except OSError as error:
            address = f"{hook.listen}:{hook.port}"
            raise WebhookPortUnavailable(address, error.strerror or str(error)) from None
        await _set_webhook(app, webhook_url(hook), secret)
        await stopping.wait()
        log.info("stop signal received, shutting down")
        leadership = getattr(app.bot_data, "leadership", None)
        if leadership is not None:
            leadership.retire()
    finally:
        await server.stop()
        if app.running:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def _set_webhook(app: StudyApplication, url: str, secret: str) -> None:
    """Every process sets the same webhook at start-up; several starting at once may be told
    to wait. The webhook is never deleted at shutdown: the other processes still serve it."""
    for attempt in range(SET_WEBHOOK_ATTEMPTS):
        try:
            await app.bot.set_webhook(
                url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            return
        except RetryAfter as error:
            if attempt + 1 == SET_WEBHOOK_ATTEMPTS:
                raise
            await asyncio.sleep(retry_after_seconds(error))
        except BadRequest as error:
            raise WebhookRefused(url, error.message) from None

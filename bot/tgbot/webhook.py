"""Webhook mode: a small tornado server that hands Telegram's POSTs to the application.

PTB's own webhook server compares the secret header with `!=`, which leaks through timing
how much of a guess was right; this one uses `hmac.compare_digest` and answers 403 to a
missing or wrong secret before reading the body.

An update is answered only once it has been handled: if the process dies mid-way, or the
database cannot be reached (503), Telegram sends it again, possibly to another process behind
the proxy. That makes delivery at least
once, which the bot is built for (every scoring write is keyed, so a replay changes
nothing), and it is also the back-pressure: Telegram keeps at most its `max_connections`
requests open.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from http import HTTPStatus

from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.tgbot.context import StudyApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; a bigger body is not from Telegram.
MAX_BODY_BYTES = 1 << 20
# On SIGTERM, updates being handled get this long to finish before their connections close.
DRAIN_SECONDS = 10.0


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant time in the secret's content (its length is no secret: Telegram's rules)."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


class WebhookServer:
    """Serves POST /<path> on `listen`:`port` (`port` 0 picks a free one, for tests)."""

    def __init__(
        self, app: StudyApplication, *, listen: str, port: int, path: str, secret: str
    ) -> None:
        self._app = app
        self._listen = listen
        self._port = port
        self._path = path.strip("/")
        self._secret = secret
        self._server: HTTPServer | None = None
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._retry_later: set[int] = set()
        app.bot_data.retry_later = self._retry_later

    @property
    def port(self) -> int:
        return self._port

    async def start(self) -> None:
        web = Application(
            [(rf"/{re.escape(self._path)}/?", _UpdateHandler, {"server": self})],
            log_function=_log_request,
        )
        sockets = bind_sockets(self._port, self._listen)
        self._port = sockets[0].getsockname()[1]
        self._server = HTTPServer(web, max_body_size=MAX_BODY_BYTES)
        self._server.add_sockets(sockets)
        log.info("webhook server listening on %s:%d/%s", self._listen, self._port, self._path)

    async def stop(self) -> None:
        """Stop taking requests, let the ones being handled finish, then close."""
        if self._server is None:
            return
        self._server.stop()
        try:
            await asyncio.wait_for(self._idle.wait(), DRAIN_SECONDS)
        except TimeoutError:
            log.warning("%d updates still being handled at shutdown", self._in_flight)
        await self._server.close_all_connections()
        self._server = None

    def authorised(self, given: str | None) -> bool:
        return secret_matches(given, self._secret)

    def parse(self, body: bytes) -> Update:
        """The update in a request body; ValueError when it is none."""
        data = json.loads(body)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update")
        try:
            return Update.de_json(data, self._app.bot)
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed update: {error!r}") from error

    async def handle(self, update: Update) -> bool:
        """Handle one update the way PTB's own update fetcher would (same concurrency);
        False when the database could not serve it, and Telegram should send it again."""
        self._in_flight += 1
        self._idle.clear()
        try:
            await self._app.update_processor.process_update(
                update, self._app.process_update(update)
            )
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()
        if update.update_id in self._retry_later:
            self._retry_later.discard(update.update_id)
            return False
        return True


def _log_request(handler: RequestHandler) -> None:
    # Bodies and headers stay out of the log: they carry members' messages and the secret.
    log.debug("%s %s %s", handler.get_status(), handler.request.method, handler.request.path)


class _UpdateHandler(RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, server: WebhookServer) -> None:
        self._server = server

    async def post(self) -> None:
        if not self._server.authorised(self.request.headers.get(SECRET_HEADER)):
            self._reply(HTTPStatus.FORBIDDEN)
            return
        try:
            update = self._server.parse(self.request.body)
        except ValueError as error:  # json.JSONDecodeError is one too
            log.warning("webhook: refused a body that is no update: %s", str(error)[:200])
            self._reply(HTTPStatus.BAD_REQUEST)
            return
        # PTB's process_update hands a handler's exception to the error handler, so what
        # reaches here is a bug in the bot itself: Telegram gets a 500 and tries again.
        served = await self._server.handle(update)
        # 503: the database was away (bot/tgbot/errors.py); Telegram sends it again later.
        self._reply(HTTPStatus.OK if served else HTTPStatus.SERVICE_UNAVAILABLE)

    def _reply(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.finish()

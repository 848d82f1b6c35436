"""SandboxServer: the sandbox over HTTP on 127.0.0.1, for a bot running in another process."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import re
from collections.abc import Awaitable
from typing import Any, TypeVar

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.control import ControlApi
from bot.sandbox.errors import ApiError, SandboxError, bad_request
from bot.sandbox.params import UploadedFile
from bot.sandbox.state import BotApiSandbox

_LOG = logging.getLogger(__name__)
_TOKEN_IN_PATH = re.compile(r"(/(?:file/)?bot)[^/]+")
LOOPBACK = "127.0.0.1"
T = TypeVar("T")


class SandboxServer:
    """Serves ``/bot<token>/<method>``, ``/file/bot<token>/<path>`` and ``/control/<action>``.

    Binds to 127.0.0.1 only: the sandbox accepts any caller, so it must not be reachable
    from other machines. ``port=0`` picks a free port.
    """

    def __init__(self, sandbox: BotApiSandbox, port: int = 0) -> None:
        self.sandbox = sandbox
        self._port = port
        self._server: HTTPServer | None = None

    async def start(self) -> None:
        app = Application(
            [
                (r"/bot([^/]+)/([A-Za-z]+)/?", _ApiHandler, {"sandbox": self.sandbox}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"sandbox": self.sandbox}),
                (r"/control/(\w+)", _ControlHandler, {"control": ControlApi(self.sandbox)}),
            ],
            log_function=_log_request,
        )
        sockets = bind_sockets(self._port, LOOPBACK)
        self._port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app)
        self._server.add_sockets(sockets)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """The bot's Bot API base URL; PTB appends ``<token>/<method>``."""
        return f"http://{LOOPBACK}:{self._port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://{LOOPBACK}:{self._port}/file/bot"

    @property
    def control_url(self) -> str:
        return f"http://{LOOPBACK}:{self._port}/control"


def _log_request(handler: RequestHandler) -> None:
    # tornado's default access log prints the URL, and with it the bot token.
    path = _TOKEN_IN_PATH.sub(r"\1<token>", handler.request.path)
    _LOG.debug("%s %s %s", handler.get_status(), handler.request.method, path)


class _JsonHandler(RequestHandler):
    """Runs one coroutine per request and cancels it if the client goes away mid-way.

    That matters for long polls: a bot shutting down abandons its getUpdates request.
    """

    _task: asyncio.Future[Any] | None = None

    async def _run(self, work: Awaitable[T]) -> T | None:
        """The work's result, or None if the client went away and the work was abandoned."""
        task = asyncio.ensure_future(work)
        self._task = task
        try:
            await asyncio.wait({task})
        finally:
            task.cancel()  # only has an effect if this handler itself was cancelled
        return None if task.cancelled() else task.result()

    def on_connection_close(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _send_json(self, status: int, body: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class _ApiHandler(_JsonHandler):
    def initialize(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox

    async def get(self, token: str, method: str) -> None:
        try:
            params = self._params()
        except ApiError as error:
            self._send_json(error.status, error.body())
            return
        answer = await self._run(self._sandbox.call_with_token(token, method, params))
        if answer is not None:
            self._send_json(*answer)

    post = get

    def _params(self) -> dict[str, Any]:
        """Query string, then JSON body or form fields and file parts, as Telegram accepts."""
        request = self.request
        params: dict[str, Any] = {
            name: values[-1].decode() for name, values in request.query_arguments.items()
        }
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                raise bad_request("can't parse JSON request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON request body must be an object")
            params.update(body)
        else:
            for name, values in request.body_arguments.items():
                params[name] = values[-1].decode()
            for name, parts in request.files.items():
                part = parts[-1]
                params[name] = UploadedFile(part.filename, part.body, part.content_type or None)
        return params


class _FileHandler(RequestHandler):
    def initialize(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox

    def get(self, token: str, file_path: str) -> None:
        status, content = self._sandbox.download(token, file_path)
        self.set_status(status)
        if status != 200:
            self.set_header("Content-Type", "application/json")
        self.finish(content)


class _ControlHandler(_JsonHandler):
    def initialize(self, control: ControlApi) -> None:
        self._control = control

    async def post(self, action: str) -> None:
        if action not in ControlApi.actions():
            self._send_json(404, {"ok": False, "error": f"unknown action {action!r}"})
            return
        try:
            args = json.loads(self.request.body or b"{}")
            if not isinstance(args, dict):
                raise TypeError("the JSON body must be an object of keyword arguments")
            result = getattr(self._control, action)(**args)
            if inspect.isawaitable(result):
                result = await self._run(result)
                if self._task is not None and self._task.cancelled():
                    return  # the client went away
        except TimeoutError as error:
            self._send_json(408, {"ok": False, "error": str(error)})
        except (SandboxError, TypeError, ValueError, KeyError) as error:
            self._send_json(400, {"ok": False, "error": f"{type(error).__name__}: {error}"})
        else:
            self._send_json(200, {"ok": True, "result": result})

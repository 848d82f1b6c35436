"""SandboxRequest: PTB's transport replaced by direct calls into a sandbox, no sockets."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from telegram.request import BaseRequest, RequestData

from bot.sandbox.errors import not_found
from bot.sandbox.params import UploadedFile
from bot.sandbox.state import BotApiSandbox

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput  # BaseRequest's own annotation

# Only the path matters: whatever base_url the bot is configured with, the host is ignored.
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")
_API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")


class SandboxRequest(BaseRequest):
    """Serves PTB's requests from a :class:`BotApiSandbox` in the same event loop.

    Parameters are handed over the way HTTPXRequest would put them in a form (JSON-encoded
    strings), so the sandbox decodes them exactly as it decodes real HTTP requests.
    """

    def __init__(self, sandbox: BotApiSandbox, read_timeout: float | None = 5.0) -> None:
        self._sandbox = sandbox
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: the sandbox lives in this process."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        path = unquote(urlsplit(url).path)
        file_match = _FILE_PATH.search(path)
        if file_match:
            return self._sandbox.download(file_match["token"], file_match["path"])
        api_match = _API_PATH.search(path)
        if api_match is None:
            return 404, json.dumps(not_found().body()).encode()
        status, body = await self._sandbox.call_with_token(
            api_match["token"], api_match["method"], _parameters(request_data)
        )
        return status, json.dumps(body).encode()


def _parameters(request_data: RequestData | None) -> dict[str, Any]:
    if request_data is None:
        return {}
    params: dict[str, Any] = dict(request_data.json_parameters)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        params[name] = UploadedFile(filename, data, mime_type)
    return params

"""Question banks and schedule files reloaded in one process are reloaded in all of them.

Banks and schedules are files every process reads at start-up. `/reload` and a confirmed
bank upload reload them in the process that handled the update; without this, a member whose
next update lands on another process would still be served the old banks. Each process
LISTENs on one PostgreSQL channel; a process whose content was reloaded NOTIFYs it at its next
tick, and the others reload. With SQLite there is one process and nothing to do.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services.unit import Services

log = logging.getLogger(__name__)

CHANNEL = "studybot_content"


class ContentSync:
    def __init__(
        self, services: Services, engine: AsyncEngine, reloaded: Callable[[], None]
    ) -> None:
        """`reloaded` runs after a reload asked for by another process."""
        self.services = services
        self.engine = engine
        self._reloaded = reloaded
        self._seen = services.content_version
        self._connection: AsyncConnection | None = None
        self._driver: Any = None  # the asyncpg connection under it
        self._backend_pid: int | None = None

    @property
    def enabled(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    async def tick(self) -> None:
        """Listen (again, after a lost connection), and tell the others about a reload here."""
        if not self.enabled:
            return
        if self._driver is None or self._driver.is_closed():
            await self._listen()
        if self.services.content_version != self._seen:
            self._seen = self.services.content_version
            await self._driver.execute("SELECT pg_notify($1, '')", CHANNEL)

    async def stop(self) -> None:
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _listen(self) -> None:
        await self.stop()
        connection = await self.engine.connect()
        # Autocommit: a notification reaches a connection only outside a transaction.
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        if driver is None:
            raise RuntimeError("no driver connection to listen on")
        await driver.add_listener(CHANNEL, self._on_notify)
        self._connection, self._driver = connection, driver
        self._backend_pid = driver.get_server_pid()

    def _on_notify(self, _connection: Any, pid: int, _channel: str, _payload: str) -> None:
        if pid == self._backend_pid:
            return  # our own NOTIFY
        try:
            summary = self.services.load_content()
            self._seen = self.services.content_version
            self._reloaded()
        except Exception:
            log.exception("reloading the content another process reloaded failed")
            return
        log.info(
            "content reloaded by another process: %d banks, %d schedules",
            summary.banks,
            summary.schedules,
        )

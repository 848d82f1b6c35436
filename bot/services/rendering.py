"""Report files (the /export workbook, the /chart PNG) rendered in a worker process.

openpyxl and matplotlib are pure Python that holds the GIL for seconds on a year of data: on
a thread of the bot's own process they would still make every member's answer wait. One
worker process renders them instead, started when the first report asks for it and kept for
the next (its imports and font cache stay warm). It is spawned, not forked: a fork of a
process with running threads (database, asyncio) can inherit a lock held mid-use.

What goes to the worker and back is pickled: plain values (ExportData, GroupBoard, the
Config) and a Translator, which holds only its locale and rebuilds its catalog there.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
# Nice steps the worker takes below the bot, like the long reads' thread
# (bot/storage/reading_sqlite.py): on a busy or one-core machine members' taps come first.
WORKER_NICENESS = 10


def _serve_the_bot_only() -> None:
    """The worker's set-up. Ctrl+C in a terminal reaches the whole process group: the worker
    leaves it to the bot, which stops it after the report under way is sent. (SIGTERM stays:
    the pool uses it to end a worker it can no longer talk to; systemd sends it to the bot
    alone, deploy/studybot@.service.) And it ends with the bot when the bot is killed
    outright, instead of waiting for work forever."""
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bot = multiprocessing.parent_process()
    if bot is not None:
        threading.Thread(target=_end_with, args=(bot,), daemon=True).start()


def _end_with(bot: BaseProcess) -> None:
    bot.join()
    os._exit(0)


class Renderer:
    """The bot's worker process for report files, started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, render: Callable[..., T], *args: Any) -> T:
        """`render(*args)` in the worker process: its exception is raised here; a worker that
        dies while rendering raises BrokenProcessPool here, and the next report gets a new
        one. `render` must be a module-level function (it is pickled by name)."""
        return await asyncio.wrap_future(self._submit(render, *args))

    def _submit(self, render: Callable[..., T], *args: Any) -> Future[T]:
        try:
            return self._worker().submit(render, *args)
        except BrokenProcessPool:
            # The worker died since the last report (or with it): this one has not started.
            self.close(wait=False)
            return self._worker().submit(render, *args)

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_serve_the_bot_only,
            )
        return self._pool

    def close(self, *, wait: bool = True) -> None:
        """Stop the worker, if one was started; `wait`: until a render under way is done."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)
